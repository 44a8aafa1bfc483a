"""The two-person rule on a running `gongshi workbench` with accounts clerk/reviewer/admin (password below), a
[publish] folder TARGET, a signing key in its environment and the clock in CLOCK_FILE (tick of one second).
Usage: workbench_approval.py BASE_URL SITE TARGET CLOCK_FILE GONGSHI. Prints "approval OK" or the first failure.

A rejected request publishes nothing; a request cannot be decided by its author or by a clerk; a rejection needs
a reason, shown as text; an approved request publishes exactly what it showed; a change to the inputs voids an
open request, and `gongshi publish` then refuses (E810); an approved request for a later day is published by the
schedule on that day; a bundle is planned, approved, made and downloaded, and every step is in the trail, whose
page filters and exports."""
import datetime
import os
import re
import subprocess
import sys
import time
import urllib.parse

from workbench_http import check, send, token_of

base, site, target, clock_file, gongshi = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
PASSWORD = "a-long-password-1"


def request(method, path, data=None, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(data).encode()
    return send(base + path, method, data, headers)


class User:
    def __init__(self, name):
        login_page = request("GET", "/login")[2].decode()
        status, headers, _ = request("POST", "/login", {"csrf": token_of(login_page), "name": name, "password": PASSWORD, "next": "/"})
        check(status == 303, f"{name} logs in ({status})")
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.token = token_of(self.get("/publish")[1])

    def get(self, path):
        status, headers, body = request("GET", path, cookie=self.cookie)
        return status, body.decode("utf-8", "replace"), headers, body

    def post(self, path, **fields):
        """The page the action redirects to (its status, text and where it went)."""
        status, headers, _ = request("POST", path, {"csrf": self.token, **fields}, cookie=self.cookie)
        if status != 303:
            return status, "", ""
        location = headers["Location"]
        return (*self.get(location)[:2], location)


def request_id(location):
    m = re.search(r"/request\?id=([0-9]+)", location)
    check(m, f"an action went to a request's page ({location})")
    return m.group(1)


def serving():
    link = os.path.join(target, "current")
    return os.readlink(link) if os.path.islink(link) else None


today = open(clock_file).read().strip()
clerk, reviewer, admin = User("clerk"), User("reviewer"), User("admin")

# The clerk asks; the page shows what would change, and offers the clerk no decision.
status, page, location = clerk.post("/publish/request", asOf=today)
first = request_id(location)
check("E" not in re.findall(r"\[(E[0-9]+)", page) and ("awaiting review" in page or "待审核" in page), f"request #{first} awaits review")
check("/request/approve" not in page and "/request/withdraw" in page, "its author may withdraw it, not decide it")
check("index.html" in page or "added" in page.lower() or "新增" in page, "the request lists the files a publication would add")

# A clerk cannot decide; a rejection needs a reason; the reason is shown as text.
check(clerk.post("/request/approve", id=first)[0] == 403, "a clerk cannot approve")
status, page, _ = reviewer.post("/request/reject", id=first, comment="  ")
check("E811" in page, "a rejection without a reason is refused (E811)")
status, page, _ = reviewer.post("/request/reject", id=first, comment="<b>补上</b> 2026\x07 的通报")
check("rejected" in page or "已退回" in page, "the reviewer rejects it")
check("&lt;b&gt;补上&lt;/b&gt;" in page and "<b>补上" not in page and "\x07" not in page, "the comment is shown as text, control characters gone")
check(serving() is None and not os.path.exists(os.path.join(target, "releases")), "a rejected request publishes nothing")
check(reviewer.post("/request/approve", id=first)[1].count("E811") == 1, "a decided request cannot be decided again")

# A reviewer cannot approve their own request; another can, and it is published as shown.
status, page, location = reviewer.post("/publish/request", asOf=today)
own = request_id(location)
check("/request/approve" not in page, "the author is offered no decision")
check("E811" in reviewer.post("/request/approve", id=own)[1], "a reviewer cannot approve their own request (E811)")
status, page, _ = admin.post("/request/approve", id=own, comment="同意")
check(serving() is not None, f"an approved request is published ({page[:2000]})")
check("done" in page or "已完成" in page, "the request is done and says its release")
release = os.path.basename(serving())
check(release in page, "the request's page names the release published")

# A change to the inputs voids an open request; the command line will not publish unapproved inputs either.
status, page, location = clerk.post("/publish/request", asOf=today)
stale = request_id(location)
config = os.path.join(site, "config.toml")
text = open(config, encoding="utf-8").read()
open(config, "w", encoding="utf-8").write(text.replace('description = "', 'description = "（改）', 1))
status, page, _ = reviewer.post("/request/approve", id=stale)
check("E812" in page and ("void" in page or "已作废" in page), "a request made before the data changed is void (E812)")
check(os.path.basename(serving()) == release, "a void request publishes nothing")
refused = subprocess.run([gongshi, "publish", "--site", site, "--as-of", today], capture_output=True, text=True)
check(refused.returncode == 1 and "E810" in refused.stderr, f"gongshi publish refuses unapproved inputs: {refused.stderr}")
check(os.path.basename(serving()) == release, "and publishes nothing")
# A build that is not the one the reviewer saw (its manifest altered here, as a new gongshi would) is not published.
status, page, location = clerk.post("/publish/request", asOf=today)
altered = request_id(location)
subprocess.run(["sqlite3", os.path.join(site, "accounts.sqlite"), f"UPDATE requests SET result = '{'0' * 64}' WHERE id = {altered}"], check=True)
status, page, _ = reviewer.post("/request/approve", id=altered)
check("E810" in page and ("void" in page or "已作废" in page), f"a build other than the approved one is refused and voids the request ({page[:1500]})")
check(os.path.basename(serving()) == release, "and nothing is published")
refused = subprocess.run([gongshi, "publish", "--site", site, "--as-of", today], capture_output=True, text=True)
check(refused.returncode == 1 and "E810" in refused.stderr, "a voided approval approves nothing")

# Approved for a later day: the schedule publishes it on that day, not before.
tomorrow = (datetime.date.fromisoformat(today) + datetime.timedelta(days=1)).isoformat()
status, page, location = clerk.post("/publish/request", asOf=tomorrow)
later = request_id(location)
status, page, _ = reviewer.post("/request/approve", id=later)
check("approved" in page or "已通过" in page, "a request for tomorrow is approved and waits")
time.sleep(3)
check(os.path.basename(serving()) == release, "nothing is published before its day")
open(clock_file, "w").write(tomorrow + "\n")
# A day later every session has been idle too long: everyone logs in again.
check(clerk.get("/publish")[0] == 303, "a session idle for a day has ended")
clerk, reviewer, admin = User("clerk"), User("reviewer"), User("admin")
deadline = time.time() + 90
while time.time() < deadline and ("done" not in clerk.get(f"/request?id={later}")[1] and "已完成" not in clerk.get(f"/request?id={later}")[1]):
    time.sleep(1)
page = clerk.get(f"/request?id={later}")[1]
check("done" in page or "已完成" in page, "on its day the schedule carries the approved request out")
check(os.path.basename(serving()) != release, "the site now served is tomorrow's build of the changed settings")

# A bundle: planned by one, approved by another, then made and downloaded; each step is in the trail.
status, page, location = clerk.post("/bundles/request", recipient="credit-ningbo", asOf=tomorrow)
bundle = request_id(location)
check("credit-ningbo" in page and ("Records" in page or "记录数" in page), "the plan shows what the bundle carries")
check(clerk.get(f"/bundles/file?id={bundle}")[0] == 404, "nothing is downloadable before approval")
status, page, _ = reviewer.post("/request/approve", id=bundle)
m = re.search(r'href="(/bundles/file\?id=[0-9]+)"', page)
check(m, f"an approved bundle is made and offered ({page[:3000]})")
status, _, headers, body = clerk.get(m.group(1))
check(status == 200 and body[:2] == b"PK" and "attachment" in headers.get("Content-Disposition", ""), "the bundle downloads as a zip")
check("credit-ningbo" in clerk.get("/bundles")[1], "the bundle log lists it")

# The trail: shown to reviewers only, filtered, exported.
check(clerk.get("/audit")[0] == 403, "a clerk does not see the trail")
status, page, _, _ = reviewer.get("/audit?action=request-reject")
check(status == 200 and "&lt;b&gt;补上" in page and "request-approve</td>" not in page, "the trail filters by action and shows texts as text")
status, csv_text, headers, _ = reviewer.get("/audit/export.csv?user=reviewer")
rows = csv_text.splitlines()
check(status == 200 and len(rows) > 2 and all(",reviewer," in r for r in rows[1:]), "the CSV export holds the filtered entries")
for action in ["request-publish", "request-reject", "request-approve", "request-void", "publish-scheduled", "request-bundle", "bundle-make", "bundle-download"]:
    check(action in admin.get("/audit/export.csv")[1], f"the trail records {action}")
status, _, headers, body = admin.get("/audit/export.xlsx?action=publish")
check(status == 200 and body[:2] == b"PK", "the Excel export is a workbook")
print("approval OK")
