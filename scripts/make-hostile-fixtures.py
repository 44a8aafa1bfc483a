#!/usr/bin/env python3
"""Writes Tests/Fixtures/hostile/: bad and hostile data files, each with its expected outcome in
expected.tsv: the file, the data file(s) it replaces in a copy of Tests/Fixtures/small-site
(`target` or `target,other.csv=fixture.csv`), and either `ok` or every diagnostic gongshi check must
report, as `CODE@file:line:column` (0 for none), no more and no fewer. Worked out by hand."""
import os

HERE = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "hostile")
SMALL = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "small-site", "data")
os.makedirs(HERE, exist_ok=True)

AGENCY_HEADER = "统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别,联系人,联系电话\n"
GOOD = open(os.path.join(SMALL, "agencies.csv"), encoding="utf-8-sig").read().replace("\r\n", "\n")
GOOD_ROWS = GOOD.split("\n", 1)[1]
EVAL = open(os.path.join(SMALL, "evaluations.csv"), encoding="gb18030").read().replace("\r\n", "\n")

cases = []


def case(name, target, data, expected, encoding="utf-8", also=""):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode(encoding))
    # Diagnostics are written CODE@line:column and refer to the target unless they name a file.
    full = " ".join(e if e == "ok" or "@" in e and e.split("@")[1].count(":") == 2 else e.replace("@", "@" + target + ":", 1)
                    for e in expected.split())
    cases.append((name, target + ("," + also if also else ""), full))


# Encodings
case("agencies-gbk.csv", "agencies.csv", GOOD, "ok", encoding="gb18030")
case("agencies-utf16.csv", "agencies.csv", b"\xff\xfe" + GOOD.encode("utf-16-le"), "E002@0:0")
case("agencies-utf16-no-bom.csv", "agencies.csv", GOOD.encode("utf-16-le"), "E010@1:0")
mixed = GOOD.encode("utf-8") + "91330226MA2H0B0L9F,宁海测试检测有限公司,宁海县,宁海县测试路10号,企业法人,冯癸,一,,\n".encode("gb18030")
case("agencies-mixed-encodings.csv", "agencies.csv", mixed, "E002@11:0")
case("agencies-bom-inside.csv", "agencies.csv", b"\xef\xbb\xbf" + GOOD.encode() + b"\xef\xbb\xbf" + GOOD.encode(), "E002@11:0")
case("agencies-nul.csv", "agencies.csv", GOOD.encode().replace("宁波丙测".encode(), b"\x00\x00"), "E010@4:0")
# Structure
lines = EVAL.rstrip("\n").split("\n")
case("evaluations-truncated.csv", "evaluations.csv", "\n".join(lines[:-1]) + "\n" + lines[-1][:30], "E007@17:0")
case("agencies-unbalanced-quote.csv", "agencies.csv", AGENCY_HEADER + GOOD_ROWS.replace("宁波乙测", "\"宁波乙测", 1), "E003@3:2")
case("agencies-missing-column.csv", "agencies.csv", GOOD.replace(",法定代表人", "", 1), "E004@1:0")
case("agencies-repeated-column.csv", "agencies.csv", GOOD.replace(",联系电话\n", ",联系电话,机构名称\n", 1).replace(",0574-99990001\n", ",0574-99990001,x\n"),
     "E006@1:10")
case("agencies-unknown-column.csv", "agencies.csv", GOOD.replace(",联系电话\n", ",联系电话,备注\n", 1), "E005@1:10")
case("agencies-extra-field.csv", "agencies.csv", GOOD.replace("李乙,二,,", "李乙,二,,,多余"), "E007@3:0")
case("agencies-empty.csv", "agencies.csv", b"", "E009@0:0")
case("agencies-huge-field.csv", "agencies.csv", GOOD.replace("宁波甲测检测技术有限公司", "x" * 1_048_576, 1), "E012@2:2")
# Codes
# A mistyped code is reported once, in agencies.csv; references elsewhere to the code as meant are not.
case("agencies-fullwidth-digit.csv", "agencies.csv", GOOD.replace("91330203MA2H0A2C18", "９1330203MA2H0A2C18"), "E101@3:1")
case("agencies-fullwidth-space.csv", "agencies.csv", GOOD.replace("91330203MA2H0A2C18", "91330203\u3000MA2H0A2C18"), "E101@3:1")
case("agencies-lowercase-code.csv", "agencies.csv", GOOD.replace("91330203MA2H0A2C18", "91330203ma2h0a2c18"), "E101@3:1")
# A wrong check character: the real code's rows elsewhere (evaluations line 17) have no agency.
case("agencies-wrong-check.csv", "agencies.csv", GOOD.replace("12330200MB0A0B1C7R", "12330200MB0A0B1C7A"), "E104@10:1 E111@evaluations.csv:17:2")
# A legacy code that fails the check is accepted only when listed in code-exceptions.csv.
LEGACY = GOOD.replace("12330200MB0A0B1C7R", "12330200MB0A0B1C7A")
LEGACY_EVAL = EVAL.replace("12330200MB0A0B1C7R", "12330200MB0A0B1C7A")
case("agencies-legacy-code.csv", "agencies.csv", LEGACY, "E104@10:1 E104@evaluations.csv:17:2", also="evaluations.csv=evaluations-legacy-code.csv")
case("evaluations-legacy-code.csv", "evaluations.csv", LEGACY_EVAL, "E104@agencies.csv:10:1 E104@17:2", also="agencies.csv=agencies-legacy-code.csv")
case("code-exceptions-legacy.csv", "code-exceptions.csv",
     "统一社会信用代码,说明,确认日期\n12330200MB0A0B1C7A,改革前换发的证照所载代码，经登记机关确认,2024-06-12\n", "ok",
     also="agencies.csv=agencies-legacy-code.csv,evaluations.csv=evaluations-legacy-code.csv")
case("code-exceptions-valid-code.csv", "code-exceptions.csv",
     "统一社会信用代码,说明,确认日期\n91330212MA2H0A1B0F,无需例外,2024-06-12\n", "E105@2:1")
case("agencies-duplicate.csv", "agencies.csv", GOOD + GOOD_ROWS.split("\n")[0] + "\n", "E110@11:1")
# References, dates, scores, grades
case("evaluations-unknown-agency.csv", "evaluations.csv", EVAL.replace("91330213MA2H0A9K8C", "91330226MA2H0B0L9F"), "E111@16:2")
case("evaluations-impossible-date-year.csv", "evaluations.csv", EVAL.replace("2024,91330212MA2H0A1B0F", "２０２４,91330212MA2H0A1B0F"), "E160@2:1")
case("publication-stages-impossible-date.csv", "publication-stages.csv",
     "年度,公示开始日期,公示截止日期,公布日期\n2024,2025-03-03,2025-02-30,2025-04-07\n2025,2026-03-02,2026-03-13,2026-04-07\n",
     "E121@2:3 W193@evaluations.csv:2:1")
# Found by make fuzz: a run of digits longer than Int crashed the date parser.
case("publication-stages-overlong-number.csv", "publication-stages.csv",
     "年度,公示开始日期,公示截止日期,公布日期\n2024,2025-03-03" + "1" * 120 + ",2025-03-14,2025-04-07\n2025,2026-03-02,2026-03-13,2026-04-07\n",
     "E120@2:2 W193@evaluations.csv:2:1")
case("evaluations-bad-scores.csv", "evaluations.csv",
     EVAL.replace("2025,91330212MA2H0A1B0F,是,19,38,19,19,95", "2025,91330212MA2H0A1B0F,是,NaN,38,19,19,")
         .replace("2025,91330203MA2H0A2C18,是,18,36,18,18,90", "2025,91330203MA2H0A2C18,是,18,1e9,18,18,")
         .replace("2025,91330206MA2H0A3D2D,是,17,34,17,17,85", "2025,91330206MA2H0A3D2D,是,17,34,-5,17,"),
     "E130@9:4 E130@10:5 E131@11:6")
case("evaluations-bad-grades.csv", "evaluations.csv",
     EVAL.replace("2025,91330212MA2H0A1B0F,是,19,38,19,19,95,,", "2025,91330212MA2H0A1B0F,是,19,38,19,19,95,a,")
         .replace("2025,91330203MA2H0A2C18,是,18,36,18,18,90,,", "2025,91330203MA2H0A2C18,是,18,36,18,18,90,F,")
         .replace("2025,91330206MA2H0A3D2D,是,17,34,17,17,85,,", "2025,91330206MA2H0A3D2D,是,17,34,17,17,85,Ｅ,"),
     "E140@9:9 E140@10:9 E140@11:9")
# Text that must be refused, or rendered inert
case("agencies-rtl-override.csv", "agencies.csv", GOOD.replace("宁波乙测环境检测有限公司", "宁波乙测\u202e司公限有\u202c环境检测有限公司"), "E011@3:2")
case("agencies-zero-width.csv", "agencies.csv", GOOD.replace("宁波乙测", "宁波\u200b乙测"), "E011@3:2")
# Names a spreadsheet, a browser, a template engine or a Markdown renderer might act on: written with proper
# CSV quoting, accepted, and rendered as inert text everywhere (see HostileRenderingTests).
import csv, io
HOSTILE = {
    "宁波甲测检测技术有限公司": "<script>alert('甲')</script>甲测公司",
    "宁波乙测环境检测有限公司": "\"><img src=x onerror=alert(1)>乙测公司",
    "宁波丙测环境科技有限公司": "{{#agency}}{{name}}{{/agency}}丙测公司",
    "宁波丁测环保技术有限公司": "=HYPERLINK(\"http://evil.example\",\"丁测\")",
    "宁波戊测检测科技有限公司": "[戊测](javascript:alert(1)) | **戊** `x` <b>",
}
rows = list(csv.reader(io.StringIO(GOOD)))
for row in rows[1:]:
    row[1] = HOSTILE.get(row[1], row[1])
buffer = io.StringIO()
csv.writer(buffer, lineterminator="\n").writerows(rows)
hostile_names = buffer.getvalue()
case("agencies-hostile-names.csv", "agencies.csv", hostile_names, "ok")

with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8") as f:
    f.write("# file\treplaces in a copy of small-site/data\texpected: ok, or every diagnostic as CODE@line:column\n")
    for name, target, expected in cases:
        f.write(f"{name}\t{target}\t{expected}\n")
print(len(cases), "cases")
