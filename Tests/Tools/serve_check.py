"""Checks a running `gongshi serve`: pages with the live-reload script, no way out of the output folder,
a reload event after a page changes, a failure event (and the last good build still served) after a
broken config. Usage: serve_check.py BASE_URL SITE_FOLDER. Exit 1 with a message on the first problem."""
import sys, threading, time, urllib.error, urllib.request

base, site = sys.argv[1].rstrip("/"), sys.argv[2]


def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


status, body = get("/")
if status != 200 or "/__gongshi/live.js" not in body:
    fail(f"home: {status}, live script {'/__gongshi/live.js' in body}")
if get("/agencies/")[0] != 200:
    fail("agencies/ not served")
for path in ["/../config.toml", "/%2e%2e/config.toml", "/..%2fconfig.toml", "/nothing-here/"]:
    if get(path)[0] != 404:
        fail(f"{path} was not 404")

events = []
def listen():
    with urllib.request.urlopen(base + "/__gongshi/events", timeout=60) as r:
        for raw in r:
            events.append(raw.decode("utf-8", "replace").strip())
threading.Thread(target=listen, daemon=True).start()
time.sleep(1)

def wait_for(prefix, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if any(e.startswith(prefix) for e in events):
            return True
        time.sleep(0.2)
    return False

page = site + "/pages/about.md"
text = open(page, encoding="utf-8").read()
open(page, "w", encoding="utf-8").write(text.replace('title = "关于"', 'title = "关于（已修改）"'))
if not wait_for("event: reload"):
    fail(f"no reload event after a page changed: {events}")
if "关于（已修改）" not in get("/about/")[1]:
    fail("the changed page was not rebuilt")

events.clear()
config = site + "/config.toml"
open(config, "a", encoding="utf-8").write("\nnot toml at all\n")
if not wait_for("event: failed"):
    fail(f"no failed event after a broken config: {events}")
# The banner's heading comes with the errors, in the preview's language (the page's script adds no words of its own).
if not any("data: gongshi build failed; the page shows the last good build" in e for e in events):
    fail(f"the failed event does not open with its heading: {events}")
status, body = get("/about/")
if status != 200 or "关于（已修改）" not in body:
    fail("the last good build is not served after a failure")
print("serve OK")
