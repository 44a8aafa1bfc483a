"""What the workbench checkers share: requests that do not follow redirects, a failed check, a page's form token."""
import re
import sys
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def send(url, method, data=None, headers=None):
    """(status, headers, body bytes) of one request; an HTTP error status is an answer, not an exception."""
    req = urllib.request.Request(url, data=data, headers=dict(headers or {}), method=method)
    try:
        with opener.open(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def check(condition, what):
    if not condition:
        print("FAILED:", what)
        sys.exit(1)


def token_of(page):
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    return m.group(1) if m else None
