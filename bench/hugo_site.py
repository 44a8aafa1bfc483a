#!/usr/bin/env python3
"""Write a Hugo site that builds the same agency pages gongshi builds, from the same registry.

The data comes from the public SQLite database gongshi published (open-data/gongshi.sqlite), so both
generators show the same rows: one content file per agency with the page's fields in JSON front matter,
rendered by layouts equivalent to site-templates/agency.mustache (HTML) and agency.md.mustache (the
Markdown twin), plus the agency list page. Hugo builds only these; gongshi builds them and the rest of the
site and open data, so the comparison favours Hugo.

usage: hugo_site.py GONGSHI_OUTPUT HUGO_SITE
"""
import json
import os
import shutil
import sqlite3
import sys

CATEGORIES = ["市区两级生态环境部门采取政府采购方式委托的监测和运营维护", "排污单位污染源自行监测", "土壤污染状况调查监测",
              "环境影响评价现状监测、建设项目竣工环境保护验收监测", "环境质量自动监测设备和污染源自动监测设备的运营维护",
              "企事业单位排污状况自主调查监测、清洁生产审核监测、环境管理体系认证监测", "国家和本市生态环境部门要求企事业单位开展的其他监测和运营维护"]
NUMERALS = "一二三四五六七"
GRADE_NAMES = {"A": "A级（诚信）", "B": "B级（较诚信）", "C": "C级（基本诚信）", "D": "D级（失信）", "E": "E级（严重失信）"}

CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-CN"
title = "宁波市生态环境监测社会化服务机构信用评价"
disablePathToLower = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[mediaTypes."text/markdown"]
suffixes = ["md"]
[outputFormats.Markdown]
mediaType = "text/markdown"
baseName = "index"
isPlainText = true
[outputs]
page = ["HTML", "Markdown"]
section = ["HTML"]
home = ["HTML"]
"""

BASEOF = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{ .Title }} - {{ site.Title }}</title>
<meta name="description" content="{{ .Title }}">
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/site.js" defer></script>
{{ with .OutputFormats.Get "Markdown" }}<link rel="alternate" type="text/markdown" href="{{ .RelPermalink }}" title="Markdown">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header">
<div class="wrap">
<div class="site-brand">
<p class="site-title"><a href="/index.html">{{ site.Title }}</a></p>
<p class="site-publisher">宁波市生态环境局</p>
</div>
<form class="site-search" role="search" action="/search/index.html" method="get">
<label for="site-search-q" class="site-search-label">搜索</label>
<input id="site-search-q" name="q" type="search" placeholder="机构名称、代码或公告">
<button type="submit">搜索</button>
</form>
</div>
<nav class="site-nav" aria-label="主导航">
<ul class="wrap">
{{ range slice "首页" "机构名录" "评价结果" "严重失信" "不良记录" "监督检查" "报告核验" "开放数据" }}<li><a href="/">{{ . }}</a></li>
{{ end }}</ul>
</nav>
</header>
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p>数据截至 <time datetime="{{ site.Params.asOf }}">{{ site.Params.asOf }}</time>。本站信息依据《宁波市生态环境监测社会化服务机构监督管理办法》公开。</p>
{{ with .OutputFormats.Get "Markdown" }}<p class="twin-link"><a href="{{ .RelPermalink }}">本页的 Markdown 版本</a> · <a href="/open-data/index.html">开放数据下载</a></p>{{ end }}
</div>
</footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}{{ $p := .Params }}
<p class="breadcrumb"><a href="/agencies/index.html">机构名录</a> › {{ $p.name }}</p>
<h1>{{ $p.name }}</h1>
<div class="agency-summary">
<dl class="facts">
<dt>统一社会信用代码</dt><dd><span class="code">{{ $p.code }}</span></dd>
<dt>所在区县</dt><dd>{{ $p.district }}</dd>
<dt>地址</dt><dd>{{ $p.address }}</dd>
<dt>法人性质</dt><dd>{{ $p.legal_nature }}</dd>
<dt>法定代表人</dt><dd>{{ $p.legal_representative }}</dd>
{{ range $p.filings }}<dt>备案</dt><dd>{{ .number }}（{{ .date }}，{{ .status }}）</dd>
{{ end }}</dl>
<div class="current-grade">
<p class="current-grade-label">现行信用风险等级</p>
{{ with $p.current_grade }}<p class="current-grade-value"><span class="grade grade-large grade-{{ lower .letter }}">{{ .letter }}</span> {{ .name }}</p>
{{ else }}<p>暂无正式公布的评定等级。</p>
{{ end }}</div>
</div>
{{ with $p.events }}<section aria-labelledby="events" class="events">
<h2 id="events">严重失信行为（第十二条）</h2>
<p>有下列情形并经核实确认的，直接评定为E级，撤销其当年已获评的等级。</p>
<ul>
{{ range . }}<li>
<p><strong>第十二条第（{{ .trigger }}）项</strong></p>
<p>认定日期 <time datetime="{{ .date }}">{{ .date }}</time>，{{ .authority }} {{ .document }}。{{ .summary }}</p>
{{ with .lifted }}<p>已于 <time datetime="{{ . }}">{{ . }}</time> 解除。</p>{{ end }}
</li>
{{ end }}</ul>
</section>
{{ end }}
<section aria-labelledby="categories">
<h2 id="categories">服务类别（第二条）</h2>
<ul>
{{ range $p.categories }}<li>（{{ .numeral }}）{{ .title }}</li>
{{ end }}</ul>
</section>
<section aria-labelledby="history">
<h2 id="history">历年信用评价</h2>
{{ with $p.history }}<div class="table-wrap" role="region" aria-labelledby="history-caption" tabindex="0">
<table>
<caption id="history-caption">{{ $p.name }}历年评价结果</caption>
<thead>
<tr><th scope="col">年度</th><th scope="col">发布阶段</th><th scope="col">等级</th><th scope="col" class="num">排名</th><th scope="col" class="num">基础质量</th><th scope="col" class="num">业务执行</th><th scope="col" class="num">运行管理</th><th scope="col" class="num">诚信记录</th><th scope="col" class="num">总分</th></tr>
</thead>
<tbody>
{{ range . }}<tr>
<th scope="row"><a href="/grades/{{ .year }}/index.html">{{ .year }}</a></th>
<td>{{ .status }}</td>
{{ if .grade }}<td><span class="grade grade-{{ lower .grade }}">{{ .grade }}</span></td>
<td class="num">{{ .rank }}</td>
{{ range .scores }}<td class="num">{{ . }}</td>{{ end }}
<td class="num">{{ .total }}</td>
{{ else }}<td colspan="7">不予评定等级（第八条）：{{ .reason }}</td>
{{ end }}</tr>
{{ end }}</tbody>
</table>
</div>
{{ else }}<p>暂无已发布的评价结果。</p>
{{ end }}</section>
<section aria-labelledby="qualifications">
<h2 id="qualifications">资质认定（CMA）证书</h2>
{{ range $p.qualifications }}<div class="certificate">
<h3>证书编号 {{ .number }}</h3>
<p>{{ .issuer }}发证，发证日期 {{ .issued }}，有效期至 {{ .valid_until }}。附表共 {{ .scope_count }} 个检测项目。</p>
{{ range .elements }}<details>
<summary>{{ .element }}（{{ len .items }} 项）</summary>
<ul class="scope">
{{ range .items }}<li>{{ .item }}{{ with .method }} <span class="method">{{ . }}</span>{{ end }}</li>
{{ end }}</ul>
</details>
{{ end }}</div>
{{ else }}<p>未登记资质认定证书。</p>
{{ end }}</section>
<section aria-labelledby="bad-records">
<h2 id="bad-records">不良记录</h2>
{{ with $p.bad_records }}<div class="table-wrap" role="region" aria-labelledby="bad-caption" tabindex="0">
<table>
<caption id="bad-caption">公示期内的不良记录</caption>
<thead><tr><th scope="col">决定日期</th><th scope="col">类别</th><th scope="col">决定文书号</th><th scope="col">决定机关</th><th scope="col">内容</th></tr></thead>
<tbody>
{{ range . }}<tr><td>{{ .date }}</td><td>{{ .kind }}</td><td>{{ .document }}</td><td>{{ .authority }}</td><td>{{ .content }}</td></tr>
{{ end }}</tbody>
</table>
</div>
{{ else }}<p>无公示期内的不良记录。</p>
{{ end }}{{ with $p.circulars }}<h3>公开通报（第二十条）</h3>
<ul>
{{ range . }}<li><time datetime="{{ .date }}">{{ .date }}</time> {{ .document }}：{{ .content }}</li>
{{ end }}</ul>
{{ end }}</section>
{{ end }}
"""

SINGLE_MD = """{{ $p := .Params }}# {{ $p.name }}

- 统一社会信用代码：{{ $p.code }}
- 所在区县：{{ $p.district }}
- 地址：{{ $p.address }}
- 法人性质：{{ $p.legal_nature }}
- 法定代表人：{{ $p.legal_representative }}
- 现行信用风险等级：{{ with $p.current_grade }}{{ .name }}{{ else }}暂无正式公布的评定等级{{ end }}
- 服务类别：{{ range $p.categories }}（{{ .numeral }}）{{ .title }}；{{ end }}
{{ with $p.events }}
## 严重失信行为（第十二条）

| 情形 | 认定日期 | 认定机关 | 文号 | 事实摘要 | 解除日期 |
|---|---|---|---|---|---|
{{ range . }}| 第（{{ .trigger }}）项 | {{ .date }} | {{ .authority }} | {{ .document }} | {{ .summary }} | {{ .lifted }} |
{{ end }}{{ end }}
## 历年信用评价

{{ with $p.history }}| 年度 | 发布阶段 | 等级 | 排名 | 基础质量 | 业务执行 | 运行管理 | 诚信记录 | 总分 |
|---|---|---|---:|---:|---:|---:|---:|---:|
{{ range . }}{{ if .grade }}| {{ .year }} | {{ .status }} | {{ .grade }} | {{ .rank }} | {{ range .scores }}{{ . }} | {{ end }}{{ .total }} |
{{ else }}| {{ .year }} | {{ .status }} | 不予评定 | | | | | | 第八条：{{ .reason }} |
{{ end }}{{ end }}{{ else }}暂无已发布的评价结果。
{{ end }}
## 资质认定（CMA）证书

{{ range $p.qualifications }}- 证书编号 {{ .number }}，{{ .issuer }}发证，{{ .issued }} 至 {{ .valid_until }}，检测项目 {{ .scope_count }} 项{{ range .elements }}；{{ .element }} {{ len .items }} 项{{ end }}
{{ else }}未登记资质认定证书。
{{ end }}
## 不良记录

{{ with $p.bad_records }}| 决定日期 | 类别 | 决定文书号 | 决定机关 | 内容 |
|---|---|---|---|---|
{{ range . }}| {{ .date }} | {{ .kind }} | {{ .document }} | {{ .authority }} | {{ .content }} |
{{ end }}{{ else }}无公示期内的不良记录。
{{ end }}
数据截至 {{ site.Params.asOf }}。
"""

LIST = """{{ define "main" }}
<h1>社会监测机构名录</h1>
<p>在本市开展生态环境监测社会化服务并已向市生态环境局备案的社会监测机构，共 {{ len .Pages }} 家，按机构名称拼音排序。</p>
<div class="table-wrap" role="region" aria-labelledby="agencies-caption" tabindex="0">
<table id="agencies">
<caption id="agencies-caption">社会监测机构名录（{{ len .Pages }} 家）</caption>
<thead>
<tr><th scope="col">机构名称</th><th scope="col">统一社会信用代码</th><th scope="col">所在区县</th><th scope="col">服务类别</th><th scope="col">现行等级</th></tr>
</thead>
<tbody>
{{ range .Pages.ByWeight }}{{ $p := .Params }}<tr data-grade="{{ with $p.current_grade }}{{ .letter }}{{ end }}" data-district="{{ $p.district }}">
<th scope="row"><a href="{{ .RelPermalink }}">{{ $p.name }}</a></th>
<td class="code">{{ $p.code }}</td>
<td>{{ $p.district }}</td>
<td>{{ range $p.categories }}{{ .numeral }}{{ end }}</td>
<td>{{ with $p.current_grade }}<span class="grade grade-{{ lower .letter }}">{{ .letter }}</span>{{ else }}—{{ end }}</td>
</tr>
{{ end }}</tbody>
</table>
</div>
{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1>
<p><a href="/agencies/index.html">机构名录</a></p>
{{ end }}
"""


def number(value):
    """Scores as gongshi prints them: 18.5, 19 (no trailing .0)."""
    return ("%g" % value) if value is not None else ""


def main(output, site):
    db = sqlite3.connect(os.path.join(output, "open-data", "gongshi.sqlite"))
    q = lambda sql: db.execute(sql).fetchall()

    def grouped(sql):
        groups = {}
        for row in q(sql):
            groups.setdefault(row[0], []).append(row[1:])
        return groups

    categories = grouped("SELECT agency_code, category FROM agency_service_category ORDER BY agency_code, category")
    filings = grouped("SELECT agency_code, number, filed_on, status FROM filing ORDER BY agency_code, filed_on")
    history = grouped("""SELECT e.agency_code, e.year, g.stage, g.grade AS current_grade, g.rank, e.basic_quality, e.business_execution,
                                e.operation_management, e.integrity_record, e.total, e.not_rated_reason
                         FROM evaluation e LEFT JOIN published_grade g ON g.year = e.year AND g.agency_code = e.agency_code
                         ORDER BY e.agency_code, e.year DESC""")
    scope = grouped("SELECT certificate_number, element, item, method FROM qualification_scope ORDER BY certificate_number, id")
    qualifications = grouped("SELECT agency_code, certificate_number, issuer, issued_on, valid_until FROM qualification ORDER BY agency_code, issued_on")
    bad = grouped("SELECT agency_code, decided_on, kind, document_number, authority, content FROM bad_record ORDER BY agency_code, decided_on DESC")
    events = grouped("SELECT agency_code, trigger, verified_on, authority, document_number, summary, lifted_on FROM serious_dishonesty ORDER BY agency_code, verified_on")
    circulars = grouped("SELECT agency_code, issued_on, document_number, content FROM public_circular ORDER BY agency_code, issued_on")
    # The agency list's order (pinyin, as gongshi sorts it) is the order of the open-data agency list.
    with open(os.path.join(output, "open-data", "agencies.json"), encoding="utf-8") as f:
        listed = json.load(f)
    footer = '数据截至 <time datetime="'
    with open(os.path.join(output, "index.html"), encoding="utf-8") as f:
        home = f.read()
    as_of = home.split(footer, 1)[1].split('"', 1)[0] if footer in home else ""

    shutil.rmtree(site, ignore_errors=True)
    for folder in ["layouts/_default", "layouts/agencies", "content/agencies"]:
        os.makedirs(os.path.join(site, folder))
    files = {"config.toml": CONFIG + '[params]\nasOf = "%s"\n' % as_of, "layouts/_default/baseof.html": BASEOF,
             "layouts/agencies/single.html": SINGLE, "layouts/agencies/single.markdown.md": SINGLE_MD,
             "layouts/agencies/list.html": LIST, "layouts/index.html": HOME,
             "content/agencies/_index.md": '{"title": "社会监测机构名录"}\n'}
    for name, text in files.items():
        with open(os.path.join(site, name), "w", encoding="utf-8") as f:
            f.write(text)

    for weight, row in enumerate(listed, start=1):
        code = row["unified_social_credit_code"]
        years = []
        for year, stage, grade, rank, *rest in history.get(code, []):
            scores, total, reason = rest[:4], rest[4], rest[5]
            years.append({"year": year, "status": "正式公布" if stage == "final" else "公示中", "grade": grade or "", "rank": rank,
                          "scores": [number(s) for s in scores], "total": number(total), "reason": reason or ""})
        certificates = []
        for certificate, issuer, issued, valid_until in qualifications.get(code, []):
            elements = {}
            for element, item, method in scope.get(certificate, []):
                elements.setdefault(element, []).append({"item": item, "method": method})
            certificates.append({"number": certificate, "issuer": issuer, "issued": issued, "valid_until": valid_until,
                                 "scope_count": sum(len(v) for v in elements.values()),
                                 "elements": [{"element": k, "items": v} for k, v in elements.items()]})
        grade = row["current_grade"]
        page = {
            "title": row["agency_name"], "weight": weight, "code": code, "name": row["agency_name"],
            "district": row["district"], "address": row["address"], "legal_nature": row["legal_nature"],
            "legal_representative": row["legal_representative"],
            "categories": [{"numeral": NUMERALS[c - 1], "title": CATEGORIES[c - 1]} for (c,) in categories.get(code, [])],
            "filings": [{"number": n, "date": d, "status": s} for n, d, s in filings.get(code, [])],
            "current_grade": {"letter": grade, "name": GRADE_NAMES[grade]} if grade else None,
            "history": years, "qualifications": certificates,
            "bad_records": [dict(zip(["date", "kind", "document", "authority", "content"], r)) for r in bad.get(code, [])],
            "events": [dict(zip(["trigger", "date", "authority", "document", "summary", "lifted"], r)) for r in events.get(code, [])],
            "circulars": [dict(zip(["date", "document", "content"], r)) for r in circulars.get(code, [])],
        }
        with open(os.path.join(site, "content", "agencies", code + ".md"), "w", encoding="utf-8") as f:
            json.dump(page, f, ensure_ascii=False)
            f.write("\n")
    print("hugo site: %d agency pages in %s" % (len(listed), site))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
