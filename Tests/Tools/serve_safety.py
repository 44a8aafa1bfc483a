"""Checks that a running `gongshi serve` is safe to show on a network: only the build's own regular files
(never a link or a hidden file), GET and HEAD only, a request head bounded in size and in time, a bounded
number of silent connections (the oldest dropped), and on a loopback address only requests that name it as their host.
Usage: serve_safety.py HOST PORT PREVIEW_OUTPUT [loopback|network]. Exit 1 with a message on the first problem."""
import os, socket, sys, threading, time

host, port, output, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def exchange(raw, read_timeout=15):
    s = socket.create_connection((host, port), timeout=read_timeout)
    try:
        s.sendall(raw)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before it was all sent: the answer is still there to read
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return data


def status(response):
    line = response.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def get(path, host_header="localhost", method="GET"):
    return exchange(f"{method} {path} HTTP/1.1\r\nHost: {host_header}\r\nConnection: close\r\n\r\n".encode())


# The build's pages are served.
ok = get("/")
if status(ok) != 200 or b"<html" not in ok:
    fail(f"home page: {ok[:200]!r}")

# HEAD: the headers of GET, and no body.
head = get("/", method="HEAD")
headers, _, body = head.partition(b"\r\n\r\n")
if status(head) != 200 or body or b"Content-Length:" not in headers:
    fail(f"HEAD sent a body or no length: {head[:300]!r}")

# Only GET and HEAD.
post = exchange(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc")
if status(post) != 405 or b"Allow: GET, HEAD" not in post:
    fail(f"POST: {post[:200]!r}")
# Only a path: no absolute form, no asterisk, no garbage.
for raw in [b"GET http://elsewhere/ HTTP/1.1\r\nHost: localhost\r\n\r\n", b"OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n",
            b"\x00\x01\x02\r\n\r\n", b"GET / SMTP/9\r\n\r\n"]:
    code = status(exchange(raw))
    if code not in (400, 405):
        fail(f"{raw!r} gave {code}")

# A head larger than 16 KB is refused.
big = exchange(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 40000 + b"\r\n\r\n")
if status(big) != 431:
    fail(f"a 40 KB head gave {status(big)}")

# Links and hidden files in the output folder are never served, nor a folder without index.html.
os.symlink("/etc/passwd", os.path.join(output, "leak.txt"))
os.symlink("/etc", os.path.join(output, "leakdir"))
os.makedirs(os.path.join(output, "empty-folder"), exist_ok=True)
for path in ["/leak.txt", "/leakdir/passwd", "/leakdir/", "/.gongshi-output", "/empty-folder/", "/%2e%2e/%2e%2e/etc/passwd",
             "/assets/style.css/", "/..%5c..%5cetc/passwd"]:
    response = get(path)
    if status(response) != 404 or b"root:" in response:
        fail(f"{path} gave {status(response)}")

# A request naming a host that could be rebound by DNS is refused, on loopback and on the network alike: only
# localhost, this machine's IP literals and names given with --allow-host are answered.
for foreign in ["attacker.example:1313", "127.0.0.1.nip.io", f"127.evil.example:{port}", "localhost.evil.example", "0x7f000001",
                f"127.0.0.1:{port}:1", "[::1"]:
    if status(get("/", host_header=foreign)) != 403:
        fail(f"Host {foreign} gave {status(get('/', host_header=foreign))} on {mode}")
for own in [f"127.0.0.1:{port}", "localhost", f"LOCALHOST.:{port}", f"[::1]:{port}", "127.0.0.2"]:
    if status(get("/", host_header=own)) != 200:
        fail(f"Host {own} refused on {mode}")
two = exchange(b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
if status(two) != 400:
    fail(f"two Host headers gave {status(two)}")

# A client that never finishes its head is cut off (408) within the time limit, and does not block others.
slow_result = {}
def slow():
    started = time.time()
    s = socket.create_connection((host, port), timeout=30)
    s.settimeout(0.5)
    s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
    data = b""
    while time.time() - started < 20:
        try:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        except socket.timeout:
            pass
        try:
            s.sendall(b"X: 1\r\n")
        except OSError:
            pass
    slow_result["status"] = status(data)
    slow_result["seconds"] = time.time() - started
    s.close()
thread = threading.Thread(target=slow)
thread.start()
time.sleep(1)
if status(get("/")) != 200:
    fail("a slow client blocked the others")

# More silent connections than the bound of unfinished requests (256): the oldest are closed, the newest kept, and a
# request made meanwhile is answered at once.
idle = []
for _ in range(300):
    try:
        idle.append(socket.create_connection((host, port), timeout=5))
    except OSError:
        break
time.sleep(0.5)
started = time.time()
if status(get("/")) != 200 or time.time() - started > 1:
    fail(f"with {len(idle)} silent connections open the home page took {time.time() - started:.2f} s")
closed = 0
for s in idle:
    s.settimeout(0.05)
    try:
        if s.recv(64) == b"":
            closed += 1
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed += 1
if not 1 <= closed <= len(idle) - 200:
    fail(f"{len(idle)} silent connections: {closed} closed (expected the oldest beyond 256)")
for s in idle:
    s.close()
thread.join()
if slow_result.get("status") != 408 or slow_result["seconds"] > 15:
    fail(f"slow client: {slow_result}")
time.sleep(2.5)
if status(get("/")) != 200:
    fail("no service after the idle connections closed")
print(f"serve safety OK ({closed} of {len(idle)} silent connections closed)")
