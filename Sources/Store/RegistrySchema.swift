import Model
/// Whether a column may ever leave the registry. Declared once, here, for every column.
public enum Visibility: String, Sendable {
    case `public`
    case `internal`
    /// Never output, but read with public rows so that messages can point at the line a row came from.
    case provenance
}

public struct ColumnSpec: Sendable {
    public var name: String
    public var visibility: Visibility
    /// The Chinese title shown in documentation and metadata.
    public var title: String
}

public struct TableSpec: Sendable {
    public var name: String
    public var title: String
    public var columns: [ColumnSpec]
    /// A condition rows must meet to be public (Art. 20: only public circulars), or nil for all rows.
    public var publicRows: String?
    /// Whether `gongshi import` replaces the table's rows (false for the bundle log, which only grows).
    public var isImported = true

    public var publicColumns: [String] { columns.filter { $0.visibility == .public }.map(\.name) }

    /// The only SELECT the publication path uses: public columns (and provenance) of public rows.
    public var publicSelect: String {
        let names = columns.filter { $0.visibility != .internal }.map(\.name)
        return "SELECT \(names.joined(separator: ", ")) FROM \(name)" + (publicRows.map { " WHERE \($0)" } ?? "")
    }
}

/// The registry's tables, each column declared public or internal. Migrations create exactly these
/// columns; a test compares this catalog with the database so that none goes undeclared.
public enum RegistrySchema {
    static func pub(_ name: String, _ title: String) -> ColumnSpec { ColumnSpec(name: name, visibility: .public, title: title) }
    static func int(_ name: String, _ title: String) -> ColumnSpec { ColumnSpec(name: name, visibility: .internal, title: title) }
    static let sourceLine = ColumnSpec(name: "source_line", visibility: .provenance, title: "导入时的行号")

    public static let tables: [TableSpec] = [
        TableSpec(name: "agency", title: "社会监测机构", columns: [
            pub("code", "统一社会信用代码"), pub("name", "机构名称"), pub("district", "所在区县"), pub("address", "地址"),
            pub("legal_nature", "法人性质"), pub("legal_representative", "法定代表人"),
            int("contact_person", "联系人"), int("contact_phone", "联系电话"), sourceLine,
        ]),
        TableSpec(name: "agency_service_category", title: "服务类别", columns: [
            pub("agency_code", "统一社会信用代码"), pub("category", "服务类别（第二条，1–7 即一至七）"),
        ]),
        TableSpec(name: "filing", title: "备案", columns: [
            pub("agency_code", "统一社会信用代码"), pub("number", "备案编号"), pub("filed_on", "备案日期"),
            pub("status", "备案状态"), sourceLine,
        ]),
        TableSpec(name: "qualification", title: "资质认定证书", columns: [
            pub("certificate_number", "证书编号"), pub("agency_code", "统一社会信用代码"), pub("issuer", "发证机关"),
            pub("issued_on", "发证日期"), pub("valid_until", "有效期至"), sourceLine,
        ]),
        TableSpec(name: "qualification_scope", title: "资质认定范围", columns: [
            pub("id", "序号"), pub("certificate_number", "证书编号"), pub("element", "环境要素"),
            pub("item", "检测项目"), pub("method", "方法标准"), sourceLine,
        ]),
        TableSpec(name: "key_person", title: "关键岗位人员", columns: [
            int("id", "序号"), int("agency_code", "统一社会信用代码"), int("role", "岗位"), int("name", "姓名"),
            int("id_number", "身份证号码"), int("phone", "联系电话"), sourceLine,
        ]),
        TableSpec(name: "evaluation", title: "信用评价", columns: [
            pub("year", "年度"), pub("agency_code", "统一社会信用代码"), pub("in_scope", "是否纳入评价"),
            pub("basic_quality", "基本素质"), pub("business_execution", "业务执行"),
            pub("operation_management", "经营管理"), pub("integrity_record", "诚信记录"), pub("total", "总分"),
            pub("given_grade", "评定等级"), pub("not_rated_reason", "不予评定原因"), sourceLine,
        ]),
        TableSpec(name: "serious_dishonesty", title: "严重失信行为", columns: [
            pub("id", "序号"), pub("agency_code", "统一社会信用代码"), pub("trigger", "情形（第十二条，1–7 即一至七）"),
            pub("verified_on", "认定日期"), pub("document_number", "认定文号"), pub("authority", "认定机关"),
            pub("summary", "事实摘要"), pub("lifted_on", "解除日期"), sourceLine,
        ]),
        TableSpec(name: "bad_record", title: "不良记录", columns: [
            pub("id", "序号"), pub("agency_code", "统一社会信用代码"), pub("kind", "类别"),
            pub("document_number", "决定文书号"), pub("authority", "决定机关"), pub("decided_on", "决定日期"),
            pub("content", "内容"), pub("disclosure_until", "公示截止日期"), pub("repaired_on", "信用修复日期"), sourceLine,
            pub("violation_type", "违法行为类型"), pub("facts", "违法事实"), pub("basis", "处罚依据"), pub("penalty_kind", "处罚类别"),
            pub("penalty_content", "处罚内容"), pub("fine", "罚款金额（万元）"), pub("confiscation", "没收金额（万元）"),
            pub("license", "暂扣或吊销证照"), pub("valid_until", "处罚有效期"), pub("authority_code", "决定机关统一社会信用代码"),
            pub("source", "数据来源单位"), pub("source_code", "数据来源单位统一社会信用代码"),
        ]),
        TableSpec(name: "warning", title: "警示", columns: [
            pub("id", "序号"), pub("agency_code", "统一社会信用代码"), pub("form", "警示形式"), pub("issued_on", "日期"),
            pub("document_number", "文号"), pub("content", "内容"), sourceLine,
        ], publicRows: "form = '公开通报'"),
        TableSpec(name: "objection", title: "异议", columns: [
            pub("id", "序号"), pub("year", "年度"), pub("agency_code", "统一社会信用代码"),
            int("objector", "异议人"), int("objector_contact", "异议人联系方式"), pub("filed_on", "提出日期"),
            pub("decision", "复核结果"), pub("corrected_grade", "更正后等级"), pub("decided_on", "复核日期"), sourceLine,
            pub("accepted_late", "逾期受理"),
        ]),
        TableSpec(name: "publication_stage", title: "公示公布", columns: [
            pub("year", "年度"), pub("notice_start", "公示开始日期"), pub("notice_end", "公示截止日期"),
            pub("final_on", "公布日期"), sourceLine,
        ]),
        TableSpec(name: "code_exception", title: "统一社会信用代码例外清单", columns: [
            pub("code", "统一社会信用代码"), pub("explanation", "说明"), pub("confirmed_on", "确认日期"), sourceLine,
        ]),
        // Art. 7: changes are internal, except a filed change of name: its former name and date are public.
        TableSpec(name: "info_change", title: "信息变更", columns: [
            int("id", "序号"), pub("agency_code", "统一社会信用代码"), int("field", "变更事项"), pub("changed_on", "变更日期"),
            int("filed_on", "办理日期"), sourceLine, pub("former_name", "变更前名称（曾用名）"),
        ], publicRows: "field = '名称' AND filed_on IS NOT NULL AND former_name IS NOT NULL AND former_name <> ''"),
        TableSpec(name: "report_number", title: "监测报告编号", columns: [
            // Art. 18: the number itself is internal; only the SHA-256 of its normalized form is published.
            int("number", "报告编号"), pub("agency_code", "统一社会信用代码"),
            pub("issued_on", "出具日期"), pub("report_type", "报告类型"), sourceLine, pub("digest", "报告编号与验证码规范化后的 SHA-256"),
            int("verification_code", "验证码"),
        ]),
        TableSpec(name: "inspector", title: "执法检查人员", columns: [
            int("badge", "执法证号"), int("name", "姓名"), int("unit", "单位"), sourceLine,
        ]),
        TableSpec(name: "inspection_draw", title: "双随机抽查", columns: [
            pub("year", "年度"), pub("seed", "随机种子"), pub("announced_on", "种子公布日期"), pub("drawn_on", "抽取日期"), sourceLine,
        ]),
        TableSpec(name: "inspection", title: "检查结果", columns: [
            pub("id", "序号"), pub("year", "年度"), pub("agency_code", "统一社会信用代码"), pub("inspected_on", "检查日期"),
            pub("result", "检查结果"), pub("circular", "通报文号"), sourceLine,
        ]),
        TableSpec(name: "import_source", title: "导入来源", columns: [
            int("file", "数据文件"), int("sha256", "文件 SHA-256"), int("bytes", "字节数"),
        ]),
        TableSpec(name: "import_origin", title: "导入位置", columns: [
            int("data_file", "数据文件"), int("file", "读取的文件"), int("sheet", "工作表"),
        ]),
        TableSpec(name: "bundle", title: "共享数据包", columns: [
            int("recipient", "接收单位"), int("sequence", "序号"), int("kind", "全量或增量"), int("as_of", "数据日期"),
            int("previous_as_of", "上一包数据日期"), int("file_name", "文件名"), int("sha256", "文件 SHA-256"),
        ], isImported: false),
        TableSpec(name: "bundle_record", title: "共享数据包记录", columns: [
            int("recipient", "接收单位"), int("sequence", "序号"), int("dataset", "数据表"), int("record_key", "记录键"),
            int("digest", "记录摘要"), int("row_json", "记录内容"),
        ], isImported: false),
    ]

    public static func table(_ name: String) -> TableSpec {
        guard let table = tables.first(where: { $0.name == name }) else { preconditionFailure("no table \(name) in RegistrySchema") }
        return table
    }

    /// Versioned migrations, applied in order; never edit one that has shipped, add the next.
    public static let migrations: [(id: String, sql: String)] = [
        ("v1-registry", """
        CREATE TABLE agency (
            code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 18),
            name TEXT NOT NULL, district TEXT NOT NULL, address TEXT NOT NULL,
            legal_nature TEXT NOT NULL, legal_representative TEXT NOT NULL,
            contact_person TEXT, contact_phone TEXT, source_line INTEGER
        );
        CREATE TABLE agency_service_category (
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 7),
            PRIMARY KEY (agency_code, category)
        );
        CREATE TABLE filing (
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            number TEXT NOT NULL, filed_on TEXT NOT NULL, status TEXT NOT NULL, source_line INTEGER,
            PRIMARY KEY (agency_code, number)
        );
        CREATE TABLE qualification (
            certificate_number TEXT PRIMARY KEY NOT NULL,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            issuer TEXT NOT NULL, issued_on TEXT NOT NULL, valid_until TEXT NOT NULL, source_line INTEGER
        );
        CREATE TABLE qualification_scope (
            id INTEGER PRIMARY KEY,
            certificate_number TEXT NOT NULL REFERENCES qualification(certificate_number) ON DELETE CASCADE,
            element TEXT NOT NULL, item TEXT NOT NULL, method TEXT NOT NULL, source_line INTEGER
        );
        CREATE TABLE key_person (
            id INTEGER PRIMARY KEY,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            role TEXT NOT NULL, name TEXT NOT NULL, id_number TEXT NOT NULL, phone TEXT, source_line INTEGER
        );
        CREATE TABLE evaluation (
            year INTEGER NOT NULL,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            in_scope INTEGER NOT NULL CHECK (in_scope IN (0, 1)),
            basic_quality INTEGER, business_execution INTEGER, operation_management INTEGER, integrity_record INTEGER,
            total INTEGER, given_grade TEXT CHECK (given_grade IN ('A', 'B', 'C', 'D', 'E')),
            not_rated_reason TEXT, source_line INTEGER,
            PRIMARY KEY (year, agency_code)
        );
        CREATE TABLE serious_dishonesty (
            id INTEGER PRIMARY KEY,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            trigger INTEGER NOT NULL CHECK (trigger BETWEEN 1 AND 7),
            verified_on TEXT NOT NULL, document_number TEXT NOT NULL, authority TEXT NOT NULL,
            summary TEXT NOT NULL, lifted_on TEXT, source_line INTEGER
        );
        CREATE TABLE bad_record (
            id INTEGER PRIMARY KEY,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            kind TEXT NOT NULL, document_number TEXT NOT NULL, authority TEXT NOT NULL, decided_on TEXT NOT NULL,
            content TEXT NOT NULL, disclosure_until TEXT, repaired_on TEXT, source_line INTEGER
        );
        CREATE TABLE warning (
            id INTEGER PRIMARY KEY,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            form TEXT NOT NULL, issued_on TEXT NOT NULL, document_number TEXT NOT NULL, content TEXT NOT NULL,
            source_line INTEGER
        );
        CREATE TABLE objection (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            objector TEXT NOT NULL, objector_contact TEXT, filed_on TEXT NOT NULL, decision TEXT NOT NULL,
            corrected_grade TEXT CHECK (corrected_grade IN ('A', 'B', 'C', 'D')), decided_on TEXT, source_line INTEGER
        );
        CREATE TABLE publication_stage (
            year INTEGER PRIMARY KEY NOT NULL,
            notice_start TEXT NOT NULL, notice_end TEXT NOT NULL, final_on TEXT NOT NULL, source_line INTEGER
        );
        """),
        // Art. 13: an objection filed outside the notice period is refused unless the bureau accepted it.
        ("v2-objection-accepted-late", """
        ALTER TABLE objection ADD COLUMN accepted_late INTEGER NOT NULL DEFAULT 0 CHECK (accepted_late IN (0, 1));
        """),
        // Art. 14: what was shared with each recipient, so the next bundle can be a delta and the sequence continues.
        ("v3-bundle-log", """
        CREATE TABLE bundle (
            recipient TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('full', 'delta')),
            as_of TEXT NOT NULL, previous_as_of TEXT, file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
            PRIMARY KEY (recipient, sequence)
        );
        CREATE TABLE bundle_record (
            recipient TEXT NOT NULL, sequence INTEGER NOT NULL, dataset TEXT NOT NULL, record_key TEXT NOT NULL,
            digest TEXT NOT NULL, row_json TEXT NOT NULL,
            PRIMARY KEY (recipient, sequence, dataset, record_key),
            FOREIGN KEY (recipient, sequence) REFERENCES bundle(recipient, sequence) ON DELETE CASCADE
        );
        """),
        // Real legacy codes whose check character fails, accepted only when listed (and published).
        ("v4-code-exceptions", """
        CREATE TABLE code_exception (
            code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 18), explanation TEXT NOT NULL, confirmed_on TEXT NOT NULL,
            source_line INTEGER
        );
        """),
        // Art. 7, 17–19: filing deadlines, report numbers, the inspector pool, draws and inspection outcomes.
        ("v5-supervision", """
        CREATE TABLE info_change (
            id INTEGER PRIMARY KEY, agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            field TEXT NOT NULL, changed_on TEXT NOT NULL, filed_on TEXT, source_line INTEGER
        );
        CREATE TABLE report_number (
            number TEXT PRIMARY KEY NOT NULL, agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            issued_on TEXT NOT NULL, report_type TEXT NOT NULL, source_line INTEGER
        );
        CREATE TABLE inspector (badge TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, source_line INTEGER);
        CREATE TABLE inspection_draw (
            year INTEGER PRIMARY KEY NOT NULL, seed TEXT NOT NULL, announced_on TEXT NOT NULL, drawn_on TEXT NOT NULL, source_line INTEGER
        );
        CREATE TABLE inspection (
            id INTEGER PRIMARY KEY, year INTEGER NOT NULL, agency_code TEXT NOT NULL REFERENCES agency(code) ON DELETE CASCADE,
            inspected_on TEXT NOT NULL, result TEXT NOT NULL, circular TEXT NOT NULL, source_line INTEGER
        );
        """),
        // Art. 18: the digest a report number is published as, stored once at import instead of computed at
        // every build (ten million numbers are minutes of hashing). Rows imported before get theirs here.
        ("v6-report-digest", """
        ALTER TABLE report_number ADD COLUMN digest TEXT;
        UPDATE report_number SET digest = gongshi_report_digest(number);
        """),
        // What each import loaded, so that a build can refuse a registry older than data/.
        ("v7-import-source", """
        CREATE TABLE import_source (file TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL);
        """),
        // Art. 18: a report's verification code goes into the published hash. The hashes of numbers alone can
        // be reversed by trying the numbering pattern: they are dropped, and the registry must be imported again.
        ("v8-report-verification-code", """
        ALTER TABLE report_number ADD COLUMN verification_code TEXT;
        UPDATE report_number SET digest = '';
        """),
        // Where each data file's rows were read from (a CSV file, or a workbook's sheet), so that a message
        // about a registry row names the sheet and cell the clerk typed it in.
        ("v9-import-origin", """
        CREATE TABLE import_origin (data_file TEXT PRIMARY KEY NOT NULL, file TEXT NOT NULL, sheet TEXT);
        """),
        // Art. 14: the 双公示 penalty fields of a bad record, and the source of one another authority decided.
        ("v10-bad-record-details", """
        ALTER TABLE bad_record ADD COLUMN violation_type TEXT;
        ALTER TABLE bad_record ADD COLUMN facts TEXT;
        ALTER TABLE bad_record ADD COLUMN basis TEXT;
        ALTER TABLE bad_record ADD COLUMN penalty_kind TEXT;
        ALTER TABLE bad_record ADD COLUMN penalty_content TEXT;
        ALTER TABLE bad_record ADD COLUMN fine TEXT;
        ALTER TABLE bad_record ADD COLUMN confiscation TEXT;
        ALTER TABLE bad_record ADD COLUMN license TEXT;
        ALTER TABLE bad_record ADD COLUMN valid_until TEXT;
        ALTER TABLE bad_record ADD COLUMN authority_code TEXT;
        ALTER TABLE bad_record ADD COLUMN source TEXT;
        ALTER TABLE bad_record ADD COLUMN source_code TEXT;
        """),
        // Art. 7: the name before a change of name, public once the change is filed (former names are searchable).
        ("v11-former-name", """
        ALTER TABLE info_change ADD COLUMN former_name TEXT;
        """),
        // Art. 18: report numbers without a primary key or a reference to agency. The import already refuses
        // a number twice (compared normalized, stricter than the key) and one of an unknown agency; the key's
        // index and the reference's lookups made the registry's copy of ten million numbers much slower.
        ("v12-report-number-rows", """
        CREATE TABLE report_number_v12 (
            number TEXT NOT NULL, agency_code TEXT NOT NULL, issued_on TEXT NOT NULL, report_type TEXT NOT NULL,
            source_line INTEGER, digest TEXT, verification_code TEXT
        );
        INSERT INTO report_number_v12 SELECT number, agency_code, issued_on, report_type, source_line, digest, verification_code
            FROM report_number ORDER BY rowid;
        DROP TABLE report_number;
        ALTER TABLE report_number_v12 RENAME TO report_number;
        """),
        // Art. 18: numbers are compared without their dashes, as the verify page has always said: a genuine
        // number typed without hyphens is found. Each digest is made again from the number and code it holds.
        ("v13-report-number-without-dashes", """
        UPDATE report_number SET digest = gongshi_report_digest_v3(number, verification_code)
            WHERE verification_code IS NOT NULL AND verification_code != '';
        """),
    ]
}
