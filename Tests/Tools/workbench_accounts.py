"""Every route of a running `gongshi workbench` with accounts, asked without a session, with each role's session and
with a stale form token: only the roles that may use a route get through. Then the login's limits, the cookie's
flags, logout and ending a session. Usage: workbench_accounts.py BASE_URL; the site has the accounts
clerk/reviewer/admin with the password PASSWORD below. Prints "accounts OK" or the first failure."""
import re
import sys
import urllib.parse

from workbench_http import check, send, token_of

base = sys.argv[1].rstrip("/")
PASSWORD = "a-long-password-1"

# (method, path, roles allowed; None: anyone, no session needed). WorkbenchTests holds this list equal to the
# routes the workbench registers.
ROUTES = [
    ("GET", "/", {"clerk", "reviewer", "admin"}),
    ("GET", "/data", {"clerk", "reviewer", "admin"}),
    ("GET", "/data/sheet", {"clerk", "reviewer", "admin"}),
    ("GET", "/data/file", {"clerk", "reviewer", "admin"}),
    ("GET", "/download/template.xlsx", {"clerk", "reviewer", "admin"}),
    ("GET", "/workbench.css", None),
    ("POST", "/data/upload", {"clerk", "admin"}),
    ("POST", "/data/accept", {"clerk", "admin"}),
    ("POST", "/data/discard", {"clerk", "admin"}),
    ("POST", "/data/restore", {"clerk", "admin"}),
    ("GET", "/preview", {"clerk", "reviewer", "admin"}),
    ("POST", "/preview", {"clerk", "reviewer", "admin"}),
    ("GET", "/publish", {"clerk", "reviewer", "admin"}),
    ("POST", "/publish", set()),
    ("GET", "/publish/package", {"clerk", "reviewer", "admin"}),
    ("POST", "/publish/request", {"clerk", "reviewer", "admin"}),
    ("GET", "/request", {"clerk", "reviewer", "admin"}),
    ("GET", "/request/file", {"clerk", "reviewer", "admin"}),
    ("POST", "/request/approve", {"reviewer", "admin"}),
    ("POST", "/request/reject", {"reviewer", "admin"}),
    ("POST", "/request/withdraw", {"clerk", "reviewer", "admin"}),
    ("POST", "/request/retry", {"reviewer", "admin"}),
    ("GET", "/bundles", {"clerk", "reviewer", "admin"}),
    ("POST", "/bundles/request", {"clerk", "reviewer", "admin"}),
    ("GET", "/bundles/file", {"clerk", "reviewer", "admin"}),
    ("GET", "/bundles/log.csv", {"clerk", "reviewer", "admin"}),
    ("GET", "/audit", {"reviewer", "admin"}),
    ("GET", "/audit/export.csv", {"reviewer", "admin"}),
    ("GET", "/audit/export.xlsx", {"reviewer", "admin"}),
    ("GET", "/settings", {"clerk", "reviewer", "admin"}),
    ("POST", "/settings", {"admin"}),
    ("GET", "/login", None),
    ("POST", "/login", None),
    ("POST", "/logout", {"clerk", "reviewer", "admin"}),
    ("GET", "/account", {"clerk", "reviewer", "admin"}),
    ("POST", "/account/end", {"clerk", "reviewer", "admin"}),
]


def request(method, path, data=None, headers=None, cookie=None):
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = cookie
    if data is not None and "Content-Type" not in h:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    status, answer, body = send(base + path, method, data, h)
    return status, answer, body.decode("utf-8", "replace")


login_token = token_of(request("GET", "/login")[2])


def login(name, password=PASSWORD, address_headers=None):
    form = urllib.parse.urlencode({"csrf": login_token, "name": name, "password": password, "next": "/"}).encode()
    return request("POST", "/login", data=form, headers=address_headers)


def form(path, token):
    """A body the route reads, carrying `token`: (data, headers)."""
    if path == "/data/upload":
        body = (f'--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
                '--x\r\nContent-Disposition: form-data; name="files"; filename="notes.txt"\r\n\r\nx\r\n--x--\r\n').encode()
        return body, {"Content-Type": "multipart/form-data; boundary=x"}
    if path == "/account/end":
        return urllib.parse.urlencode({"csrf": token, "session": "0" * 32}).encode(), None
    return b"csrf=" + token.encode(), None


sessions = {}
for role in ["clerk", "reviewer", "admin"]:
    status, headers, _ = login(role)
    check(status == 303, f"{role} logs in ({status})")
    cookie = headers.get("Set-Cookie", "")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie, f"the session cookie is HttpOnly and SameSite=Strict: {cookie}")
    value = cookie.split(";")[0]
    page = request("GET", "/data", cookie=value)[2]
    sessions[role] = (value, token_of(page))
    check(sessions[role][1] and sessions[role][1] != login_token, f"{role}'s forms carry a token of the session")

for method, path, allowed in ROUTES:
    if path in ("/logout", "/login"):
        continue
    # No session: a page goes to the login, an action is refused.
    data = b"csrf=" + login_token.encode() if method == "POST" else None
    status, headers, _ = request(method, path, data=data)
    if allowed is None:
        check(status != 403 and status != 303, f"{method} {path} needs no session ({status})")
    elif method == "GET":
        check(status == 303 and headers.get("Location", "").startswith("/login"), f"{method} {path} without a session goes to the login ({status})")
    else:
        check(status == 403, f"{method} {path} without a session is refused ({status})")
    for role, (cookie, token) in sessions.items():
        if method == "GET":
            status, _, _ = request(method, path, cookie=cookie)
            check((status != 403) == (allowed is None or role in allowed), f"GET {path} as {role}: {status}")
            continue
        # A stale token (another session's) is refused whatever the role.
        other = next(t for r, (c, t) in sessions.items() if r != role)
        status, _, _ = request(method, path, *form(path, other), cookie=cookie)
        check(status == 403, f"POST {path} as {role} with another session's token is refused ({status})")
        status, _, body = request(method, path, *form(path, token), cookie=cookie)
        refused = status == 403
        check(refused == (role not in allowed), f"POST {path} as {role}: {status}")

# Logout ends the session: its cookie no longer opens a page.
cookie, token = sessions["reviewer"]
status, _, _ = request("POST", "/logout", data=b"csrf=" + token.encode(), cookie=cookie)
check(status == 303, "logout")
status, headers, _ = request("GET", "/", cookie=cookie)
check(status == 303 and headers.get("Location", "").startswith("/login"), "a logged-out session opens nothing")

# The account page lists the sessions; another one can be ended from it.
first, _ = sessions["clerk"]
status, headers, _ = login("clerk")
second = headers["Set-Cookie"].split(";")[0]
page = request("GET", "/account", cookie=second)[2]
ids = re.findall(r'name="session" value="([0-9a-f]{32})"', page)
check(len(ids) == 1, "the account page offers to end the other session")
status, _, _ = request("POST", "/account/end", data=urllib.parse.urlencode({"csrf": token_of(page), "session": ids[0]}).encode(), cookie=second)
check(status == 303 and request("GET", "/", cookie=first)[0] == 303, "an ended session opens nothing")

# Brute force against one account is slowed: three wrong passwords are told as such, then each try must wait.
for attempt in range(3):
    status, _, page = login("admin", "wrong-password")
    check(status == 401 and "E808" in page, f"a wrong password is E808 ({attempt})")
status, _, page = login("admin", "wrong-password")
check(status == 401 and "E809" in page, "the fourth wrong password in a row must wait (E809)")
status, _, page = login("admin")
check(status == 401 and "E809" in page, "while it waits, even the right password is not tried")
# An unknown name is refused the same way (no way to tell names that exist).
status, _, page = login("nobody-here", "whatever")
check(status == 401 and ("E808" in page or "E809" in page), "an unknown name is refused like a wrong password")
print("accounts OK")
