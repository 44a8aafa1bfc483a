"""The demo site built by the real gongshi binary, served over HTTP on 127.0.0.1, and headless Chromium
(Debian's chromium and chromedriver, named explicitly; Selenium never downloads anything)."""
import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

os.environ["SE_OFFLINE"] = "true"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("GONGSHI_BIN", os.path.join(REPO, ".build", "debug", "gongshi"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AS_OF = "2026-03-06"  # the demo's date, in the 2025 notice period
ARTIFACTS = os.path.join(REPO, "test-artifacts")


def gongshi(*args):
    env = dict(os.environ, GONGSHI_THEME=os.path.join(REPO, "site-templates"))
    return subprocess.run([BINARY, *args], check=True, capture_output=True, text=True, env=env)


def copy_demo(target):
    for part in ["config.toml", "data", "pages", "notices"]:
        source = os.path.join(REPO, "content", part)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(target, part))


@pytest.fixture(scope="session")
def site():
    """The built demo: (output folder, base URL)."""
    work = tempfile.mkdtemp(prefix="gongshi-browser-")
    os.chmod(work, 0o755)  # linkchecker, run as root, drops to an unprivileged user that must read the site
    copy_demo(work)
    gongshi("import", "--site", work, "--quiet")
    gongshi("keygen", "--output", os.path.join(tempfile.mkdtemp(prefix="gongshi-key-"), "k.key"))
    gongshi("build", "--site", work, "--as-of", AS_OF, "--output", os.path.join(work, "public"), "--quiet")
    output = os.path.join(work, "public")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        """Serves the site at / and, as the real server does, at its base path /xypj/ (the 404 page links from there)."""
        def translate_path(self, path):
            if path.startswith("/xypj/"):
                path = path[len("/xypj"):]
            return super().translate_path(path)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield output, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def make_driver(javascript=True, width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--lang=zh-CN", "--hide-scrollbars"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # Chromium's window starts at least 500 px wide whatever --window-size says; resizing reaches a phone's width.
    driver.set_window_size(width, height)
    return driver


@pytest.fixture(scope="session")
def driver():
    d = make_driver()
    yield d
    d.quit()


@pytest.fixture(scope="session")
def driver_without_javascript():
    d = make_driver(javascript=False)
    yield d
    d.quit()
