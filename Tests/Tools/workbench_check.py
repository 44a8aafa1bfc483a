"""Drives a running `gongshi workbench` as the clerk's browser would, with urllib: the guard, an upload with a
mistake, its grid, the fix, acceptance, versions; a preview; settings refused and saved; a publication to the
configured folder; the schedule's publication when the clock (CLOCK_FILE) reaches the next change.
Usage: workbench_check.py BASE_URL SITE_DIR CLOCK_FILE TARGET_DIR. Prints "workbench OK" when every check holds;
otherwise the first failure."""
import html
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

base, site, clock, target = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def request(path, data=None, headers=None, method=None):
    req = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get(path):
    status, headers, body = request(path)
    return status, body.decode("utf-8")


def multipart(fields, files):
    boundary = "----gongshi" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, filename, data in files:
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def check(condition, what):
    if not condition:
        print("FAILED:", what)
        sys.exit(1)


def follow(status, headers):
    check(status == 303, f"a POST answers 303, not {status}")
    return get(headers["Location"])[1]


status, home = get("/")
check(status == 200 and "公示中" in home and "2025 年度" in home, "the home page says 2025 is under notice")
check("2026-03-10" in home, "the home page names the next calendar change")
token = re.search(r'name="csrf" value="([0-9a-f]{64})"', get("/data")[1]).group(1)

# The guard: a rebound Host, a form without the token, a POST from another origin.
status, _, _ = request("/", headers={"Host": "attacker.example"})
check(status == 421, f"a foreign Host is refused ({status})")
status, _, _ = request("/data/discard", data=b"csrf=wrong")
check(status == 403, "a POST without the right token is refused")
status, _, _ = request("/data/discard", data=f"csrf={token}".encode(), headers={"Origin": "http://attacker.example"})
check(status == 403, "a POST from another origin is refused")
status, headers, _ = request("/")
check("default-src 'none'" in headers.get("Content-Security-Policy", ""), "pages carry a content security policy")

# An upload with a mistake: a 19-character code, and markup typed into a name.
data = os.path.join(site, "data")
agencies = open(os.path.join(data, "agencies.csv"), "rb").read().decode("utf-8-sig").split("\r\n" if "\r\n" in open(os.path.join(data, "agencies.csv"), encoding="utf-8-sig").read() else "\n")
lines = [l for l in agencies]
cells = lines[2].split(",")
cells[0] += "X"
cells[1] = "<b>宁波乙测</b>&amp;"
lines[2] = ",".join(cells)
bad = ("\n".join(lines)).encode("utf-8")
before = sorted(os.listdir(data))
body, headers = multipart([("csrf", token), ("mode", "keep")], [("files", "agencies.csv", bad)])
page = follow(*request("/data/upload", data=body, headers=headers)[:2])
check("E102" in page and "待采用的新数据" in page, "the upload is checked at once and its error shown")
check("采用这份数据" not in page.split("上传数据")[0] or "有错误的数据不能采用" in page, "data with errors cannot be accepted")
check(sorted(os.listdir(data)) == before and open(os.path.join(data, "agencies.csv"), "rb").read() != bad,
      "data/ is untouched by an upload")
status, grid = get("/data/sheet?file=agencies.csv")
check(status == 200 and re.search(r'<td class="error" id="c3-1" aria-describedby="m-c3-1">[0-9A-Z]{18}X</td>', grid),
      "the grid marks the failing cell with its message")
check("&lt;b&gt;宁波乙测&lt;/b&gt;&amp;amp;" in grid and "<b>宁波乙测" not in grid, "a cell's markup is shown as text")
status, _ = get("/data/sheet?file=../config.toml")
check(status == 404, "the grid shows only the candidate's own files")

# A file that is not a data file is refused, and says why.
body, headers = multipart([("csrf", token), ("mode", "all")], [("files", "notes.docx", b"PK")])
page = follow(*request("/data/upload", data=body, headers=headers)[:2])
check("E800" in page, "a .docx upload is refused with E800")
# A file name with markup is named as text wherever it is said.
body, headers = multipart([("csrf", token), ("mode", "keep")], [("files", "<img src=x onerror=alert(1)>.csv", b"a,b\n")])
page = follow(*request("/data/upload", data=body, headers=headers)[:2])
check("&lt;img src=x onerror=alert(1)&gt;.csv" in page and "<img src=x" not in page, "an uploaded file's name with markup is text")
request("/data/discard", data=f"csrf={token}".encode())

# An upload over --upload-limit (1 MB in the test) is refused and not kept.
body, headers = multipart([("csrf", token), ("mode", "all")], [("files", "big.csv", b"x" * (3 << 20))])
try:
    status, headers, _ = request("/data/upload", data=body, headers=headers)
    check(status == 303 and "E801" in get(headers["Location"])[1], "an upload over the limit is refused with E801")
except (ConnectionError, urllib.error.URLError):
    pass  # the workbench may close the connection before the whole body is sent: refused all the same
check(sorted(os.listdir(data)) == before, "an upload over the limit changes nothing")

# The fix, accepted: data/ replaced and imported, the old files kept as version 1.
fixed = open(os.path.join(data, "agencies.csv"), "rb").read()
body, headers = multipart([("csrf", token), ("mode", "keep")], [("files", "agencies.csv", fixed.replace(b"\xe5\xae\x81\xe6\xb3\xa2\xe4\xb9\x99\xe6\xb5\x8b", "宁波乙测新".encode()))])
page = follow(*request("/data/upload", data=body, headers=headers)[:2])
check("检查通过" in page and 'action="/data/accept"' in page, "the corrected data passes and can be accepted")
page = follow(*request("/data/accept", data=f"csrf={token}".encode())[:2])
check("已采用新数据" in page and "第 1 版" in page, "acceptance says what it did and keeps version 1")
check("宁波乙测新".encode() in open(os.path.join(data, "agencies.csv"), "rb").read(), "data/ now holds the accepted files")
check(os.path.exists(os.path.join(site, ".workbench", "versions", "1", "data", "agencies.csv")), "the replaced files are kept")

# A version comes back as a candidate, checked again; discarding it leaves data/ as it is.
page = follow(*request("/data/restore", data=f"csrf={token}&version=1".encode())[:2])
check("由第 1 版数据恢复而来" in page, "a version is brought back as the candidate")
page = follow(*request("/data/discard", data=f"csrf={token}".encode())[:2])
check("已放弃" in page and "宁波乙测新".encode() in open(os.path.join(data, "agencies.csv"), "rb").read(), "discarding keeps data/")
status, headers, template = request("/download/template.xlsx")
check(status == 200 and template[:2] == b"PK" and "filename*=UTF-8''" in headers.get("Content-Disposition", ""), "the template downloads")
# 预览: the site as of a day in the workbench's own folder, served on the preview's port, and what it would change.
page = follow(*request("/preview", data=f"csrf={token}&asOf=2026-03-06".encode())[:2])
frame = re.search(r'<iframe class="preview" src="(http://127\.0\.0\.1:[0-9]+/[^"]*)"', page)
check(frame and "现在还没有发布过网站" in page, "the preview is shown with what it would change")
with urllib.request.urlopen(frame.group(1), timeout=30) as r:
    check(r.status == 200 and "测试站点" in r.read().decode("utf-8"), "the preview server serves the built site")
check(not os.path.exists(os.path.join(site, "public")), "a preview never writes the site's output")
page = follow(*request("/preview", data=f"csrf={token}&asOf=tomorrow".encode())[:2])
check("E805" in page, "a date that is not a date is refused")

# 设置: a wrong code is refused beside its field and nothing is written; a right change keeps every comment.
config = os.path.join(site, "config.toml")
before = open(config, encoding="utf-8").read()
status, _, body = request("/settings", data=urllib.parse.urlencode({"csrf": token, "publisher_code": "123"}).encode())
check(status == 422 and 'aria-invalid="true"' in body.decode() and open(config, encoding="utf-8").read() == before,
      "a setting check refuses is shown beside its field and not saved")
page = follow(*request("/settings", data=urllib.parse.urlencode({"csrf": token, "contact.phone": "0574-87654321"}).encode())[:2])
after = open(config, encoding="utf-8").read()
check("已保存 1 项设置" in page and 'phone = "0574-87654321"' in after, "a setting is saved into config.toml")
check([l for l in before.splitlines() if l.lstrip().startswith("#")] == [l for l in after.splitlines() if l.lstrip().startswith("#")],
      "config.toml's comments are kept")

# 发布: built as of today and copied to the folder; publishing again copies nothing.
page = follow(*request("/publish", data=f"csrf={token}".encode())[:2])
check("已发布截至 2026-03-06 的网站" in page, "the site is published")
current = os.readlink(os.path.join(target, "current"))
check(current.startswith("releases/") and os.path.exists(os.path.join(target, current, "SHA256SUMS")), "current links to a full release")
page = follow(*request("/publish", data=f"csrf={token}".encode())[:2])
check("没有复制任何文件" in page, "publishing the same content again copies nothing")
status, headers, package = request("/publish/package?name=2025-notice%2Fnotice.docx")
check(status == 200 and package[:2] == b"PK", "the stage's notice document downloads")
status, _, _ = request("/publish/package?name=..%2F..%2Fconfig.toml")
check(status == 404, "only a notice package's files download")

# 定时: when the clock reaches the next change, the workbench publishes again by itself.
open(clock, "w").write("2026-03-10\n")
deadline = time.time() + 120
while time.time() < deadline and os.readlink(os.path.join(target, "current")) == current:
    time.sleep(0.5)
check(os.readlink(os.path.join(target, "current")) != current, "the schedule publishes the day the site changes")
check("定时任务发布了截至 2026-03-10 的网站" in get("/")[1], "the home page lists the schedule's run")
print("workbench OK")
