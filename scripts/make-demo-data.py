#!/usr/bin/env python3
"""Writes the demo site's data files (content/data/*.csv): a realistic but fictional Ningbo registry.

Deterministic (fixed seed): running it again gives the same bytes. Every unified social credit code
carries a valid GB 32100-2015 check character and every identity number a valid GB 11643 check
character; names, people, numbers and events are invented. Some files are written the way Excel
and WPS save them (BOM, CRLF, GB18030) so the demo exercises the importer as a clerk's files would.
"""
import csv
import io
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "content", "data")
rng = random.Random(20260301)

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(body17):
    s = sum(USCC.index(c) * w for c, w in zip(body17, USCC_W))
    c = 31 - s % 31
    return USCC[0 if c == 31 else c]


def org_code():
    """GB 11714 organisation code: 8 characters and a check character."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    while True:
        body = "".join(rng.choice("0123456789") for _ in range(2)) + "".join(rng.choice(chars) for _ in range(6))
        vals = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
        s = sum(v * w for v, w in zip(vals, [3, 7, 9, 10, 5, 8, 4, 2]))
        c = 11 - s % 11
        check = "X" if c == 10 else "0" if c == 11 else str(c)
        return body + check


DISTRICTS = {
    "海曙区": "330203", "江北区": "330205", "北仑区": "330206", "镇海区": "330211", "鄞州区": "330212",
    "奉化区": "330213", "余姚市": "330281", "慈溪市": "330282", "宁海县": "330226", "象山县": "330225",
}
DISTRICT_WEIGHTS = [14, 9, 12, 10, 22, 6, 9, 10, 4, 4]
ROADS = {
    "海曙区": ["望春路", "集士港路", "高桥东路", "古林大道"], "江北区": ["庄桥路", "洪塘中路", "长兴路", "慈城大道"],
    "北仑区": ["新碶大道", "明州路", "小港纬三路", "大碶东路"], "镇海区": ["骆驼大道", "庄市大道", "蛟川路", "九龙湖北路"],
    "鄞州区": ["启明南路", "学士路", "首南西路", "云龙大道", "姜山中路"], "奉化区": ["岳林东路", "大成东路", "江口南路"],
    "余姚市": ["阳明西路", "兴业路", "舜科路"], "慈溪市": ["新城大道", "观海卫镇工业路", "周巷兴业大道"],
    "宁海县": ["科技园区科园北路", "跃龙路"], "象山县": ["丹峰东路", "石浦新港路"],
}
CORES = ["绿源", "中测", "华谱", "蓝湾", "清澜", "天衡", "东澄", "四方", "甬澈", "三和", "科诺", "正信", "恒测", "瑞谱",
         "环诚", "博测", "鑫检", "海澄", "同泰", "联谱", "谱源", "明澈", "碧沄", "澄宇", "禾测", "德检", "惠测", "康谱",
         "信诺", "汇清", "锦测", "嘉谱", "润检", "朗澈", "泓测", "宁测", "甬源", "弘谱", "青澜", "安测", "衡准", "中澜",
         "致远", "精测", "卓谱", "汉澄", "泽源", "凯测", "云谱", "沁源"]
SUFFIXES = ["检测技术有限公司", "环境检测有限公司", "环境科技有限公司", "环保技术有限公司", "检测科技有限公司",
            "环境监测有限公司", "生态环境科技有限公司", "检测有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲晶辉鹏建林斌宇浩凯颖俊帆婷雪琳欣然晨昊佳怡宁睿哲瑶"
ELEMENTS = {
    "水和废水": [("pH值", "HJ 1147-2020"), ("化学需氧量", "HJ 828-2017"), ("氨氮", "HJ 535-2009"), ("总磷", "GB/T 11893-1989"),
              ("总氮", "HJ 636-2012"), ("五日生化需氧量", "HJ 505-2009"), ("悬浮物", "GB/T 11901-1989"), ("石油类", "HJ 637-2018"),
              ("六价铬", "GB/T 7467-1987"), ("粪大肠菌群", "HJ 347.2-2018")],
    "环境空气和废气": [("二氧化硫", "HJ 57-2017"), ("氮氧化物", "HJ 693-2014"), ("颗粒物", "HJ 836-2017"), ("非甲烷总烃", "HJ 38-2017"),
                  ("臭气浓度", "HJ 1262-2022"), ("挥发性有机物", "HJ 734-2014"), ("一氧化碳", "HJ 973-2018")],
    "土壤和沉积物": [("pH值", "HJ 962-2018"), ("铅", "GB/T 17141-1997"), ("镉", "GB/T 17141-1997"), ("汞", "HJ 680-2013"),
                 ("砷", "HJ 680-2013"), ("石油烃（C10-C40）", "HJ 1021-2019"), ("多环芳烃", "HJ 805-2016")],
    "噪声": [("工业企业厂界环境噪声", "GB 12348-2008"), ("社会生活环境噪声", "GB 22337-2008"), ("声环境质量", "GB 3096-2008")],
    "海水": [("溶解氧", "GB 17378.4-2007"), ("活性磷酸盐", "GB 17378.4-2007"), ("无机氮", "GB 17378.4-2007")],
    "固体废物": [("浸出毒性（重金属）", "HJ/T 299-2007"), ("含水率", "HJ 1222-2021")],
}
NATURES = ["企业法人"] * 20 + ["事业单位法人"]


def person_name():
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def id_number(district_code):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    year = rng.randint(1965, 1995)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = f"{district_code}{year}{month:02d}{day:02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def phone():
    return rng.choice(["0574-8", "0574-6", "0574-2"]) + "".join(rng.choice("0123456789") for _ in range(7))


def mobile():
    return rng.choice(["138", "139", "150", "158", "187"]) + "".join(rng.choice("0123456789") for _ in range(8))


def write(name, header, rows, encoding="utf-8", bom=False, crlf=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    names = set()
    agencies = []
    while len(agencies) < 168:
        district = rng.choices(list(DISTRICTS), DISTRICT_WEIGHTS)[0]
        nature = rng.choice(NATURES)
        if nature == "事业单位法人":
            name = f"宁波市{rng.choice(['甬澄', '明湖', '清源', '东湖'])}环境监测服务中心"
            prefix = "12"
        else:
            name = rng.choice(["宁波", "宁波", "宁波", "浙江"]) + rng.choice(CORES) + rng.choice(SUFFIXES)
            prefix = "91"
        if name in names:
            continue
        names.add(name)
        body = prefix + DISTRICTS[district] + org_code()
        code = body + uscc_check(body)
        cats = sorted(rng.sample(range(1, 8), rng.choice([1, 2, 2, 3, 3, 4, 5])))
        address = f"宁波市{district}{rng.choice(ROADS[district])}{rng.randint(1, 999)}号"
        if rng.random() < 0.3:
            address += f"{rng.randint(1, 12)}幢{rng.randint(1, 6)}楼"
        agencies.append({
            "code": code, "name": name, "district": district, "address": address, "nature": nature,
            "rep": person_name(), "cats": cats, "contact": person_name(), "phone": rng.choice([phone(), mobile()]),
            "filed": f"20{rng.randint(19, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        })
    # One legacy registration: a real code whose check character fails, accepted through the published exception list.
    legacy = agencies[97]
    wrong = USCC[(USCC.index(legacy["code"][17]) + 7) % 31]
    legacy["code"] = legacy["code"][:17] + wrong
    write("code-exceptions.csv", ["统一社会信用代码", "说明", "确认日期"],
          [[legacy["code"], "2015年统一代码改革前换发的营业执照所载代码，校验位有误，经登记机关书面确认为该机构的真实代码（演示）", "2024-06-12"]])
    numeral = "一二三四五六七"
    write("agencies.csv", ["统一社会信用代码", "机构名称", "所在区县", "地址", "法人性质", "法定代表人", "服务类别", "联系人", "联系电话"],
          [[a["code"], a["name"], a["district"], a["address"], a["nature"], a["rep"],
            "、".join(numeral[c - 1] for c in a["cats"]), a["contact"], a["phone"]] for a in agencies],
          bom=True, crlf=True)

    write("filings.csv", ["统一社会信用代码", "备案编号", "备案日期", "备案状态"],
          [[a["code"], f"甬环监备〔{a['filed'][:4]}〕{i + 1:03d}号", a["filed"], "有效"] for i, a in enumerate(agencies)])

    quals, scope = [], []
    for i, a in enumerate(agencies):
        for k in range(2 if rng.random() < 0.12 else 1):
            year = rng.randint(2019, 2024)
            number = f"{year % 100:02d}11{rng.randint(12, 14):02d}{rng.randint(100000, 999999)}"
            issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            until = f"{year + 6}-{issued[5:7]}-{int(issued[8:]) - 1 if int(issued[8:]) > 1 else 28:02d}"
            quals.append([number, a["code"], "浙江省市场监督管理局", issued, until])
            for element in sorted(rng.sample(list(ELEMENTS), rng.randint(2, 5))):
                for item, method in rng.sample(ELEMENTS[element], rng.randint(2, len(ELEMENTS[element]))):
                    scope.append([number, element, item, method])
    write("qualifications.csv", ["证书编号", "统一社会信用代码", "发证机关", "发证日期", "有效期至"], quals)
    write("qualification-scope.csv", ["证书编号", "环境要素", "检测项目", "方法标准"], scope)

    people = []
    for a in agencies:
        roles = ["最高管理者", "技术负责人"] + ["授权签字人"] * rng.randint(1, 3)
        for role in roles:
            people.append([a["code"], role, person_name(), id_number(DISTRICTS[a["district"]]), mobile()])
    write("key-personnel.csv", ["统一社会信用代码", "岗位", "姓名", "身份证号码", "联系电话"], people)

    # Three evaluation years. Some agencies out of scope (no business in Ningbo that year), a few not rated.
    evaluations = []
    not_rated_reasons = [
        "备案登记表所填关键岗位人员与实际严重不符，经责令整改拒不整改",
        "上传监管系统的监测报告信息存在重大遗漏，经责令整改拒不整改",
        "资质范围变更信息严重失实，经责令整改拒不整改",
    ]
    for year in (2023, 2024, 2025):
        pool = agencies[: 140 + (year - 2023) * 14]
        for a in pool:
            r = rng.random()
            if r < 0.05:
                evaluations.append([year, a["code"], "否", "", "", "", "", "", "", ""])
                continue
            if r < 0.065:
                evaluations.append([year, a["code"], "是", "", "", "", "", "", "", rng.choice(not_rated_reasons)])
                continue
            q = rng.gauss(0.78, 0.09)
            def part(maximum):
                v = max(0.0, min(maximum, round(maximum * min(1.0, max(0.3, q + rng.gauss(0, 0.05))) * 2) / 2))
                return v
            # Art. 9: the bureau updated the indicator system for 2025 (config.toml [indicators.2025]).
            s = [part(m) for m in ((20, 35, 20, 25) if year == 2025 else (20, 40, 20, 20))]
            fmt = lambda v: (f"{v:.1f}".rstrip("0").rstrip("."))
            evaluations.append([year, a["code"], "是"] + [fmt(v) for v in s] + [fmt(sum(s)), "", ""])
    write("evaluations.csv", ["年度", "统一社会信用代码", "是否纳入评价", "基本素质", "业务执行", "经营管理", "诚信记录", "总分", "评定等级", "不予评定原因"],
          evaluations, encoding="gb18030", crlf=True)

    write("publication-stages.csv", ["年度", "公示开始日期", "公示截止日期", "公布日期"], [
        [2023, "2024-03-04", "2024-03-15", "2024-04-08"],
        [2024, "2025-03-03", "2025-03-14", "2025-04-07"],
        [2025, "2026-03-02", "2026-03-13", "2026-04-07"],
    ])

    rated = {y: [e for e in evaluations if e[0] == y and e[2] == "是" and e[3]] for y in (2023, 2024, 2025)}
    # The first E agency was rated in 2024 and 2025: its June 2025 event revokes the 2024 grade then in force.
    rated_2024 = {e[1] for e in rated[2024]}
    e_agencies = rng.sample([e for e in rated[2025] if e[1] in rated_2024], 3)
    write("serious-dishonesty.csv", ["统一社会信用代码", "情形", "认定日期", "认定文号", "认定机关", "事实摘要", "解除日期"], [
        [e_agencies[0][1], "四", "2025-06-18", "甬环罚〔2025〕37号", "宁波市生态环境局",
         "在某排污单位自行监测中篡改废气监测原始记录、出具虚假监测报告，被处以罚款并没收违法所得。", ""],
        [e_agencies[1][1], "二", "2026-05-11", "浙财采监〔2026〕9号", "浙江省财政厅",
         "因提供虚假材料谋取中标，被列入政府采购严重违法失信行为记录名单，禁止参加政府采购活动一年。", ""],
        [e_agencies[2][1], "六", "2024-09-02", "甬环罚〔2024〕58号", "宁波市生态环境局",
         "违反自动监测设备运营维护规定受到行政处罚，逾期不履行处罚决定。", "2025-09-02"],
    ])

    objections = []
    by_code = {a["code"]: a for a in agencies}
    # Art. 13: objections within the notice period; one upheld each year (a low-ranked D corrected to C),
    # one filed after the deadline and refused, one filed late by post and accepted.
    plans = {
        2024: [("2025-03-05", "维持", ""), ("2025-03-07", "更正", "C"), ("2025-03-11", "维持", ""), ("2025-03-18", "不予受理", "")],
        2025: [("2026-03-04", "维持", ""), ("2026-03-05", "更正", "C"), ("2026-03-10", "维持", ""), ("2026-03-12", "维持", ""),
               ("2026-03-16", "不予受理", ""), ("2026-03-16", "维持", "late")],
    }
    for year, plan in plans.items():
        ranked = sorted(rated[year], key=lambda e: -float(e[7]))
        decided = "2025-03-28" if year == 2024 else "2026-03-27"
        for filed, decision, extra in plan:
            if decision == "更正":
                e = ranked[-3]
            else:
                e = ranked[rng.randrange(len(ranked) - 5)]
            objector = by_code[e[1]]["name"] if rng.random() < 0.6 else person_name()
            objections.append([year, e[1], objector, mobile(), filed, decision, extra if decision == "更正" else "", decided,
                               "是" if extra == "late" else ""])
    write("objections.csv", ["年度", "统一社会信用代码", "异议人", "联系方式", "提出日期", "复核结果", "更正后等级", "复核日期", "逾期受理"], objections)

    kinds = ["行政处罚"] * 6 + ["经营异常名录", "失信被执行人"]
    contents = [
        "未按照规定的监测技术规范开展废水采样，被责令改正并处罚款。",
        "监测报告未加盖检验检测专用章，被责令改正并处罚款。",
        "超出资质认定范围出具监测数据，被处以罚款。",
        "未按规定保存原始记录，被责令改正并处罚款。",
        "自动监测设备运维记录不完整，被责令改正。",
        "未按规定公示年度报告，被列入经营异常名录。",
    ]
    penalty_details = [
        ("未按技术规范采样", "《生态环境监测机构评价办法》及《中华人民共和国水污染防治法》第八十二条", "2"),
        ("监测报告不规范", "《检验检测机构监督管理办法》第二十五条", "0.5"),
        ("超范围出具数据", "《检验检测机构资质认定管理办法》第四十三条", "3"),
        ("原始记录保存不全", "《检验检测机构监督管理办法》第二十六条", "1"),
        ("运维记录不完整", "《污染源自动监控设施运行管理办法》第十八条", ""),
        ("未按规定公示", "《企业信息公示暂行条例》第十七条", ""),
    ]
    records = []
    for k in range(32):
        a = rng.choice(agencies)
        y = rng.choice([2022, 2023, 2024, 2025, 2026])
        date = f"{y}-{rng.randint(1, 12 if y < 2026 else 10):02d}-{rng.randint(1, 28):02d}"
        kind = rng.choice(kinds)
        authority = "宁波市生态环境局" if kind == "行政处罚" else "宁波市市场监督管理局"
        doc = f"甬环罚〔{y}〕{rng.randint(1, 99)}号" if kind == "行政处罚" else f"甬市监〔{y}〕{rng.randint(100, 999)}号"
        repaired = ""
        if y <= 2024 and rng.random() < 0.35:
            repaired = f"{y + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        until = f"{y + 1}-{date[5:]}" if kind == "经营异常名录" else ""
        content = rng.choice(contents)
        # The 双公示 penalty fields for the sharing bundles (Art. 14), from the content, without touching the
        # random stream (the rest of the demo stays as it was). A court decides 失信被执行人, not the bureau.
        details = [""] * 12
        if kind == "行政处罚":
            violation, basis, fine = penalty_details[contents.index(content)]
            details[:6] = [violation, content, basis, "罚款" if fine else "警告", f"罚款人民币{fine}万元" if fine else "责令改正", fine]
            if k % 3 == 0:
                details[1] = ""  # the full facts not recorded: the bundle falls back to the public summary
        if kind == "失信被执行人":
            authority = "宁波市中级人民法院"
            doc = f"（{y}）浙02执{doc[doc.index('〕') + 1:-1]}号"
        records.append([a["code"], kind, doc, authority, date, content, until, repaired] + details)
    write("bad-records.csv", ["统一社会信用代码", "类别", "决定文书号", "决定机关", "决定日期", "内容", "公示截止日期", "信用修复日期",
                              "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "没收金额（万元）",
                              "暂扣或吊销证照", "处罚有效期", "决定机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码"], records)

    warnings = []
    for k in range(14):
        a = rng.choice(agencies)
        form = rng.choice(["书面告知", "书面告知", "约见谈话", "公开通报"])
        y = rng.choice([2024, 2025, 2026])
        doc = f"甬环监通〔{y}〕{rng.randint(1, 30)}号" if form == "公开通报" else ""
        content = {"书面告知": "监测报告原始记录不完整（内部）", "约见谈话": "质量控制措施执行不到位（内部）",
                   "公开通报": "在监督检查中发现监测过程不规范、原始记录缺失，予以公开通报。"}[form]
        warnings.append([a["code"], form, f"{y}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}", doc, content])
    write("warnings.csv", ["统一社会信用代码", "警示形式", "日期", "文号", "内容"], warnings)
    supervision(agencies, rated)


# Art. 18: the verification code printed on each report, as a supervision system issues it: 16 random
# letters and digits (without I, O, 0, 1, which are read for one another), from a generator of their own so
# that the rest of the demo stays as it was.
code_rng = random.Random(20261201)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def verification_code():
    return "".join(code_rng.choice(CODE_ALPHABET) for _ in range(16))


def former_name(name):
    """Art. 7: the name an agency had before a change of name (a pure function of the name, so that no random
    draw of the demo moves): the region written out, the brand, another line of business."""
    region = {"宁波": "宁波市", "浙江": "浙江省"}.get(name[:2], name[:2])
    return region + name[2:4] + ("环保技术有限公司" if "检测" in name else "环境监测有限公司")


def supervision(agencies, rated):
    """Art. 7, 17–19: filing changes, report numbers, the inspector pool, a draw and inspection outcomes."""
    changes = []
    for a in rng.sample(agencies, 40):
        changed = f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        y, m, d = map(int, changed.split("-"))
        delay = rng.choice([5, 12, 20, 25, 28, 45, 70, None])  # days; over a month is late, None not yet filed
        filed = ""
        if delay is not None:
            import datetime
            filed = (datetime.date(y, m, d) + datetime.timedelta(days=delay)).isoformat()
        field = rng.choice(["名称", "地址", "法人性质", "关键岗位人员", "资质范围"])
        changes.append([a["code"], field, changed, filed, former_name(a["name"]) if field == "名称" else ""])
    write("info-changes.csv", ["统一社会信用代码", "变更事项", "变更日期", "办理日期", "变更前名称"], changes)

    numbers = []
    types = ["监测报告", "监测报告", "监测报告", "运维报告", "土壤调查报告"]
    for i, a in enumerate(agencies):
        prefix = f"NB{i + 1:03d}"
        counters = {}
        for k in range(rng.randint(5, 40)):
            year = rng.choice([2024, 2025])
            kind = rng.choice(types)
            letter = {"监测报告": "JC", "运维报告": "YW", "土壤调查报告": "TR"}[kind]
            counters[(year, letter)] = counters.get((year, letter), 0) + 1
            number = f"{prefix}-{letter}{year}-{counters[(year, letter)]:04d}"
            numbers.append([number, verification_code(), a["code"], f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", kind])
    write("report-numbers.csv", ["报告编号", "验证码", "统一社会信用代码", "出具日期", "报告类型"], numbers)

    inspectors = [[f"33020{rng.randint(10000, 99999)}", person_name(), rng.choice(["宁波市生态环境局", "宁波市生态环境局鄞州分局", "宁波市生态环境局北仑分局", "宁波市生态环境局余姚分局"])]
                  for _ in range(16)]
    write("inspectors.csv", ["执法证号", "姓名", "单位"], inspectors)
    write("inspection-draws.csv", ["年度", "随机种子", "种子公布日期", "抽取日期"],
          [[2024, "2025年4月15日宁波市生态环境局公告的随机种子：7391-2846-0517（演示）", "2025-04-15", "2025-04-20"]])
    outcomes = []
    for e in rng.sample(rated[2024], 12):
        result = rng.choice(["未发现问题", "未发现问题", "未发现问题", "责令整改"])
        circular = f"甬环监通〔2025〕{rng.randint(3, 29)}号" if result == "责令整改" and rng.random() < 0.5 else ""
        outcomes.append([2024, e[1], f"2025-{rng.randint(5, 11):02d}-{rng.randint(1, 28):02d}", result, circular])
    write("inspections.csv", ["年度", "统一社会信用代码", "检查日期", "检查结果", "通报文号"], outcomes)


if __name__ == "__main__":
    main()
