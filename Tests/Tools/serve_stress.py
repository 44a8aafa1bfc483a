"""Sends a running `gongshi serve` what an attacker or an unlucky clerk would, all at once, while a probe asks for
the home page every tenth of a second: Host headers a rebinding page would send, 200 silent connections, 100
live-reload streams, a page whose front matter is nested 10,000 deep, and a rebuild that crashes (its process is
killed with SIGSEGV, as a crash would end it). The home page must be answered, with the last good build, within
1 s throughout; the open pages must hear of each failure and of the next good build.
Usage: serve_stress.py HOST PORT SERVE_PID SITE_FOLDER. Exit 1 with a message on the first problem."""
import os, signal, socket, sys, threading, time

host, port, serve_pid, site = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
problems = []


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def request(path, host_header="localhost", timeout=5):
    s = socket.create_connection((host, port), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data


def status(response):
    parts = response.split(b"\r\n", 1)[0].split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


# The probe: the home page every 0.1 s, each answered with 200 within 1 s.
probing = True
slowest = [0.0]
answers = [0]
def probe():
    while probing:
        started = time.time()
        try:
            response = request("/", timeout=3)
            seconds = time.time() - started
            if status(response) != 200 or b"<html" not in response:
                problems.append(f"home page answered {status(response)}")
            answers[0] += 1
        except OSError as error:
            seconds = time.time() - started
            problems.append(f"home page: {error!r}")
        slowest[0] = max(slowest[0], seconds)
        if seconds > 1:
            problems.append(f"home page took {seconds:.2f} s")
        time.sleep(0.1)
prober = threading.Thread(target=probe, daemon=True)
prober.start()

# Host headers of a rebinding page are refused.
for foreign in ["127.0.0.1.nip.io", f"127.evil.example:{port}", "LOCALHOST.evil.example.", "[::1].evil.example", "0177.0.0.1",
                f"localhost:{port}@evil.example", "2130706433"]:
    code = status(request("/", host_header=foreign))
    if code != 403:
        fail(f"Host {foreign} gave {code}")

# 200 silent connections, held for the rest of the run.
silent = [socket.create_connection((host, port), timeout=5) for _ in range(200)]
silent_since = time.time()

# 100 live-reload streams: those within the streams' own bound open, the others are refused at once, and none
# keeps a page from being answered.
streams, refused = [], 0
for _ in range(100):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(b"GET /__gongshi/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    if status(head) == 200:
        streams.append(s)
    elif status(head) == 503:
        refused += 1
        s.close()
    else:
        fail(f"event stream answered {head[:100]!r}")
if not streams or refused + len(streams) != 100:
    fail(f"100 event streams: {len(streams)} open, {refused} refused")

events = {"text": b""}
def listen(s):
    s.settimeout(0.2)
    while probing:
        try:
            chunk = s.recv(4096)
            if not chunk:
                return
            events["text"] += chunk
        except socket.timeout:
            pass
        except OSError:
            return
threading.Thread(target=listen, args=(streams[0],), daemon=True).start()


def wait_for(marker, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if marker in events["text"]:
            return True
        time.sleep(0.1)
    return False


def children():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == serve_pid and fields[0] != "Z":
                found.append(int(entry))
    return found


page = os.path.join(site, "pages", "about.md")
original = open(page, encoding="utf-8").read()

# A page nested 10,000 deep (it once crashed gongshi): the build fails with its error, the pages hear of it.
deep = "+++\ntitle = \"深\"\nx = " + "{a = " * 10000 + "1" + "}" * 10000 + "\n+++\n正文\n"
open(page, "w", encoding="utf-8").write(deep)
if not wait_for(b"event: failed"):
    fail(f"no failed event after a page nested 10,000 deep: {events['text'][-400:]!r}")
if b"E400" not in events["text"]:
    fail(f"the failure does not name E400: {events['text'][-400:]!r}")

# A rebuild that crashes: its process is killed as a crash would kill it; serve goes on.
events["text"] = b""
open(page, "w", encoding="utf-8").write(original.replace("关于", "关于（崩溃前）", 1))
killed = None
deadline = time.time() + 30
while killed is None and time.time() < deadline:
    for child in children():
        try:
            os.kill(child, signal.SIGSEGV)
            killed = child
        except ProcessLookupError:
            pass
    time.sleep(0.002)
if killed is None:
    fail("no rebuild process was seen after a page was saved")
if not wait_for(b"event: failed"):
    fail(f"no failed event after the rebuild crashed: {events['text'][-400:]!r}")
if b"signal 11" not in events["text"]:
    fail(f"the crash is not said: {events['text'][-400:]!r}")
if "关于（崩溃前）" in request("/about/").decode("utf-8", "replace"):
    fail("a page of the crashed build is served")

# Saved again: the next good build is served and announced.
events["text"] = b""
open(page, "w", encoding="utf-8").write(original.replace("关于", "关于（修好）", 1))
if not wait_for(b"event: reload"):
    fail(f"no reload after the page was mended: {events['text'][-400:]!r}")
if "关于（修好）" not in request("/about/").decode("utf-8", "replace"):
    fail("the mended page is not served")

# Probed until the silent connections have all timed out at once (10 s after they opened) and a little after.
while time.time() < silent_since + 12:
    time.sleep(0.2)
probing = False
prober.join()
for s in silent + streams:
    s.close()
if problems:
    fail("; ".join(sorted(set(problems))[:10]))
if answers[0] < 60:
    fail(f"the probe got only {answers[0]} answers")
print(f"serve stress OK ({answers[0]} home pages, slowest {slowest[0]:.3f} s; {len(streams)} streams open, {refused} refused)")
