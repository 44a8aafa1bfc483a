import Model
/// The registry's tables, each column declared public or internal. Migrations create exactly these
/// columns; a test compares this catalog with the database so that none goes undeclared.
public enum RegistrySchema {
    static func int(_ name: String, _ title: String) -> ColumnSpec { ColumnSpec(name: name, visibility: .internal, title: title) }

    /// The entities' tables (declared in `Model/Entities/`); import empties them in reverse, children first.
    static let entityTables: [TableSpec] = [
        Agency.entity.tableSpec, Agency.serviceCategoryTable, Filing.entity.tableSpec, Qualification.entity.tableSpec,
        ScopeItem.entity.tableSpec, KeyPerson.entity.tableSpec, EvaluationRecord.entity.tableSpec, SeriousDishonestyEvent.entity.tableSpec,
        BadRecord.entity.tableSpec, WarningRecord.entity.tableSpec, Objection.entity.tableSpec, PublicationStage.entity.tableSpec,
        CodeException.entity.tableSpec, InfoChange.entity.tableSpec, ReportNumber.entity.tableSpec, Inspector.entity.tableSpec,
        InspectionDraw.entity.tableSpec, InspectionOutcome.entity.tableSpec,
    ]

    /// Every table: the entities', then the import's own record and the bundle log.
    public static let tables: [TableSpec] = entityTables + [
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
        // every build (at ten million numbers, hashing dominated the build). Rows imported before get theirs here.
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
