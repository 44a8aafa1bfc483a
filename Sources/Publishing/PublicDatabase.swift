import Evaluation
import Foundation
import GRDB
import GRDBSQLite
import Model

/// `open-data/gongshi.sqlite`: the registry's public projection as of the publication's date — public
/// columns only (those `RegistrySchema` declares public), and only the rows the site shows that day —
/// plus the grades as published. One file anyone can open in any SQLite tool.
enum PublicDatabase {
    static let ddl = """
    CREATE TABLE agency (code TEXT PRIMARY KEY, name TEXT NOT NULL, district TEXT NOT NULL, address TEXT NOT NULL,
        legal_nature TEXT NOT NULL, legal_representative TEXT NOT NULL);
    CREATE TABLE agency_service_category (agency_code TEXT NOT NULL REFERENCES agency(code), category INTEGER NOT NULL,
        PRIMARY KEY (agency_code, category));
    CREATE TABLE filing (agency_code TEXT NOT NULL REFERENCES agency(code), number TEXT NOT NULL, filed_on TEXT NOT NULL,
        status TEXT NOT NULL, PRIMARY KEY (agency_code, number));
    CREATE TABLE qualification (certificate_number TEXT PRIMARY KEY, agency_code TEXT NOT NULL REFERENCES agency(code),
        issuer TEXT NOT NULL, issued_on TEXT NOT NULL, valid_until TEXT NOT NULL);
    CREATE TABLE qualification_scope (id INTEGER PRIMARY KEY, certificate_number TEXT NOT NULL REFERENCES qualification(certificate_number),
        element TEXT NOT NULL, item TEXT NOT NULL, method TEXT NOT NULL);
    CREATE TABLE publication_stage (year INTEGER PRIMARY KEY, notice_start TEXT NOT NULL, notice_end TEXT NOT NULL, final_on TEXT NOT NULL);
    CREATE TABLE evaluation (year INTEGER NOT NULL REFERENCES publication_stage(year), agency_code TEXT NOT NULL REFERENCES agency(code),
        basic_quality REAL, business_execution REAL, operation_management REAL, integrity_record REAL, total REAL,
        not_rated_reason TEXT, PRIMARY KEY (year, agency_code));
    CREATE TABLE indicator (year INTEGER NOT NULL REFERENCES publication_stage(year), position INTEGER NOT NULL, field TEXT NOT NULL,
        title TEXT NOT NULL, max REAL NOT NULL, PRIMARY KEY (year, position));
    CREATE TABLE published_grade (year INTEGER NOT NULL REFERENCES publication_stage(year), agency_code TEXT NOT NULL REFERENCES agency(code),
        stage TEXT NOT NULL, rank INTEGER NOT NULL, awarded_grade TEXT NOT NULL, corrected_grade TEXT, grade TEXT NOT NULL,
        PRIMARY KEY (year, agency_code));
    CREATE TABLE serious_dishonesty (id INTEGER PRIMARY KEY, agency_code TEXT NOT NULL REFERENCES agency(code), trigger INTEGER NOT NULL,
        verified_on TEXT NOT NULL, document_number TEXT NOT NULL, authority TEXT NOT NULL, summary TEXT NOT NULL, lifted_on TEXT);
    CREATE TABLE bad_record (id INTEGER PRIMARY KEY, agency_code TEXT NOT NULL REFERENCES agency(code), kind TEXT NOT NULL,
        document_number TEXT NOT NULL, authority TEXT NOT NULL, decided_on TEXT NOT NULL, content TEXT NOT NULL, disclosure_until TEXT NOT NULL);
    CREATE TABLE public_circular (id INTEGER PRIMARY KEY, agency_code TEXT NOT NULL REFERENCES agency(code), issued_on TEXT NOT NULL,
        document_number TEXT NOT NULL, content TEXT NOT NULL);
    """

    /// The projection's tables and columns, for the test that holds them to `RegistrySchema`'s public columns.
    static let registryTables = ["agency", "agency_service_category", "filing", "qualification", "qualification_scope",
                                 "publication_stage", "evaluation", "serious_dishonesty", "bad_record"]

    /// Builds the database in memory and returns its bytes (SQLite's serialized image: a database file).
    /// Same inputs, same bytes: rows are inserted in a fixed order, and nothing touches the disk, so a
    /// full disk shows up where the file is written, naming it.
    static func bytes(_ publication: Publication, registry: PublicRegistry) throws -> [UInt8] {
        let queue = try DatabaseQueue()
        return try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            try db.inTransaction {
                try db.execute(sql: ddl)
                try fill(db, publication, registry)
                return .commit
            }
            try db.execute(sql: "VACUUM")
            var size: sqlite3_int64 = 0
            guard let image = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
                throw OutputWriter.Failure(path: "open-data/gongshi.sqlite", "E900.serializeDatabase")
            }
            defer { sqlite3_free(image) }
            return Array(UnsafeBufferPointer(start: image, count: Int(size)))
        }
    }

    static func insert(_ db: Database, _ table: String, _ rows: [[(any DatabaseValueConvertible)?]]) throws {
        guard let width = rows.first?.count else { return }
        let statement = try db.makeStatement(sql: "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))")
        try db.insertRows(statement, rows)
    }

    static func fill(_ db: Database, _ p: Publication, _ r: PublicRegistry) throws {
        let agencies = p.agencies.map(\.agency)
        try insert(db, "agency", agencies.map { [$0.code.value, $0.name, $0.district, $0.address, $0.legalNature, $0.legalRepresentative] })
        try insert(db, "agency_service_category", agencies.flatMap { a in a.serviceCategories.map { [a.code.value, $0.rawValue] } })
        try insert(db, "filing", p.agencies.flatMap(\.filings).map { [$0.agency.value, $0.number, $0.filedOn.iso, $0.status.rawValue] })
        let qualifications = p.agencies.flatMap(\.qualifications)
        try insert(db, "qualification", qualifications.map { q in
            [q.qualification.certificateNumber, q.qualification.agency.value, q.qualification.issuer, q.qualification.issuedOn.iso, q.qualification.validUntil.iso]
        })
        try insert(db, "qualification_scope", qualifications.flatMap(\.scope).enumerated().map { n, s in [n + 1, s.certificateNumber, s.element, s.item, s.method] })
        let years = p.years.sorted { $0.year < $1.year }
        try insert(db, "publication_stage", years.map { [$0.year, $0.stage.noticeStart.iso, $0.stage.noticeEnd.iso, $0.stage.finalOn.iso] })
        let published = Set(years.map(\.year))
        // Art. 9: each year's indicator system, so that a score can be read against its year's maximum.
        try insert(db, "indicator", years.flatMap { y in
            let system = p.indicators.system(for: y.year)
            return (0..<system.maxima.count).map { i -> [(any DatabaseValueConvertible)?] in
                [y.year, i + 1, SiteConfig.indicatorKeys[i], system.titles[i], system.maxima[i].decimalValue]
            }
        })
        // Out-of-scope rows are not published (Art. 8); not-rated ones are, with their reason and without
        // scores: an agency that is not rated has no result but the listing (said on the not-rated page).
        let evaluations = r.evaluations.filter { published.contains($0.year) && $0.inScope }.sorted { ($0.year, $0.agency) < ($1.year, $1.agency) }
        try insert(db, "evaluation", evaluations.map { e in
            let s = e.isNotRated ? nil : e.subScores
            return [e.year, e.agency.value, s?.basicQuality.decimalValue, s?.businessExecution.decimalValue, s?.operationManagement.decimalValue,
                    s?.integrityRecord.decimalValue, e.isNotRated ? nil : e.total?.decimalValue, e.notRatedReason]
        })
        try insert(db, "published_grade", years.flatMap { y in
            y.ratings.map { [y.year, $0.agency.value, y.status.isFinal ? "final" : "notice", $0.rank, $0.awardedGrade.letter,
                             $0.correctedGrade?.letter, $0.currentGrade.letter] }
        })
        let events = p.agencies.flatMap(\.seriousDishonesty).sorted { ($0.verifiedOn, $0.agency, $0.documentNumber) < ($1.verifiedOn, $1.agency, $1.documentNumber) }
        try insert(db, "serious_dishonesty", events.enumerated().map { n, e in
            [n + 1, e.agency.value, e.trigger.rawValue, e.verifiedOn.iso, e.documentNumber, e.authority, e.summary,
             e.liftedOn.flatMap { $0 <= p.asOf ? $0.iso : nil }]
        })
        try insert(db, "bad_record", p.badRecords.enumerated().map { n, b in
            // Art. 14: the last public day, as the site states it (computed from the kind's period when not given).
            [n + 1, b.agency.value, b.kind, b.documentNumber, b.authority, b.decidedOn.iso, b.content, p.disclosureEnd(of: b).lastDay.iso]
        })
        let circulars = p.agencies.flatMap(\.publicCirculars)
        try insert(db, "public_circular", circulars.enumerated().map { n, c in [n + 1, c.agency.value, c.issuedOn.iso, c.documentNumber, c.content] })
    }
}
