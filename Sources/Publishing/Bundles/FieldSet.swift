import Messages
import Model

/// Art. 14: a recipient's columns for each dataset it receives, in order, and what gongshi puts in each —
/// a named standard set (`Resources/field-sets.toml`, with its sources) or a recipient's own map.
public struct FieldSet: Sendable {
    public struct Field: Sendable, Hashable {
        public enum Requirement: Sendable, Hashable {
            case optional
            case always
            /// Required of records of this kind only (`行政处罚`).
            case forKind(String)
        }

        public var name: String
        /// A value a dataset offers (`agency.name`), `=TEXT` for a constant, or empty for a column never held.
        public var value: String
        public var required: Requirement

        public init(name: String, value: String, required: Requirement = .optional) {
            self.name = name; self.value = value; self.required = required
        }

        /// The column's text for a row (empty when the row has no such value).
        func text(of row: BundleDataset.Row) -> String {
            if value.hasPrefix("=") { return String(value.dropFirst()) }
            return value.isEmpty ? "" : row.values[value] ?? ""
        }

        func isRequired(of row: BundleDataset.Row) -> Bool {
            switch required {
            case .optional: false
            case .always: true
            case .forKind(let kind): row.kind == kind
            }
        }
    }

    public var name: String
    public var title: String
    public var datasets: [BundleDataset: (title: String, fields: [Field])]

    public func fields(for dataset: BundleDataset) -> [Field] { datasets[dataset]?.fields ?? [] }

    /// The sets that ship with gongshi, by name.
    public static let standard: [String: FieldSet] = shipped.sets

    /// Problems of the shipped file: none, as the tests hold it.
    static var standardProblems: [Diagnostic] { shipped.problems }

    static let shipped: (sets: [String: FieldSet], problems: [Diagnostic]) = {
        let text = String(decoding: PackageResources.field_sets_toml, as: UTF8.self)
        switch TOMLParser.parse(text) {
        case .failure(let e):
            return ([:], [Diagnostic(at: SourceLocation(file: "field-sets.toml", line: e.line, column: e.column), "E402", ["problem": .message(e.message)])])
        case .success(let table):
            var root = ConfigReader(file: "field-sets.toml", table: table)
            var sets: [String: FieldSet] = [:]
            var problems: [Diagnostic] = []
            for entry in root.allEntries() {
                guard var reader = root.section(entry.key) else { continue }
                if let set = read(entry.key, &reader, into: &problems) { sets[entry.key] = set }
            }
            return (sets, problems + root.diagnostics.all)
        }
    }()

    /// A set's `title`, `source` and one table per dataset with its `title` and `fields`.
    static func read(_ name: String, _ reader: inout ConfigReader, into diagnostics: inout [Diagnostic]) -> FieldSet? {
        let title = reader.string("title", default: name) ?? name
        _ = reader.string("source", default: "")
        var datasets: [BundleDataset: (String, [Field])] = [:]
        for dataset in BundleDataset.allCases {
            guard var d = reader.section(dataset.rawValue) else { continue }
            let datasetTitle = d.string("title", default: dataset.rawValue) ?? dataset.rawValue
            datasets[dataset] = (datasetTitle, readFields(dataset, "fields", &d))
            diagnostics += d.diagnostics.all + d.unknownKeys()
        }
        diagnostics += reader.diagnostics.all + reader.unknownKeys()
        return FieldSet(name: name, title: title, datasets: datasets)
    }

    /// `fields = [{ name = "…", value = "…", required = true }, …]`: each value held to what the dataset offers.
    static func readFields(_ dataset: BundleDataset, _ key: String, _ reader: inout ConfigReader) -> [Field] {
        guard let raw = reader.raw(key) else {
            reader.error(key, "E400.required", ["qualified": "\(reader.qualified(key))", "key": "\(key)", "table": "[\(reader.prefix)]"])
            return []
        }
        guard case .array(let items) = raw else {
            reader.error(key, "E400.fieldsNotArray", ["qualified": "\(reader.qualified(key))"])
            return []
        }
        var fields: [Field] = []
        for (i, item) in items.enumerated() {
            guard case .table(let t) = item else {
                reader.error(key, "E400.fieldsNotArray", ["qualified": "\(reader.qualified(key))"])
                continue
            }
            var f = ConfigReader(file: reader.file, table: t, prefix: "\(reader.qualified(key))[\(i + 1)]")
            let name = f.string("name", required: true) ?? ""
            let value = f.string("value", required: true) ?? ""
            var required = Field.Requirement.optional
            switch f.raw("required") {
            case .bool(true)?: required = .always
            case .bool(false)?, nil: break
            case .string(let kind)?: required = .forKind(kind)
            case let other?: f.error("required", "E400.requiredField", ["qualified": "\(f.qualified("required"))", "type": other.typeName])
            }
            if !value.isEmpty, !value.hasPrefix("="), !dataset.values.contains(value) {
                f.error("value", "E400.unknownFieldValue", ["qualified": "\(f.qualified("value"))", "value": "\(value)",
                                                             "dataset": "\(dataset.rawValue)", "known": .list(dataset.values.sorted().map { "\($0)" })])
            }
            reader.diagnostics.append(contentsOf: f.diagnostics.all + f.unknownKeys())
            fields.append(Field(name: name, value: value, required: required))
        }
        let names = fields.map(\.name)
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            reader.error(key, "E400.fieldTwice", ["qualified": "\(reader.qualified(key))", "name": "\(twice)"])
        }
        return fields
    }
}

extension BundleDataset {
    /// Every value the dataset's rows offer to a field set (`Row.values`' keys), and `remark`.
    var values: Set<String> {
        let subject: Set<String> = ["agency.name", "agency.category", "agency.code", "agency.legalRepresentative",
                                    "evaluator.name", "evaluator.code", "source.name", "source.code", "status", "remark"]
        switch self {
        case .grades: return subject.union(["evaluation.kind", "year", "grade", "grade.name", "evaluated.on", "valid.from", "valid.until"])
        case .seriousDishonesty: return subject.union(["trigger", "document", "verified.on", "authority", "authority.code", "summary", "lifted.on"])
        case .notRated: return subject.union(["year", "reason"])
        case .badRecords:
            return subject.union(["kind", "document", "violation.type", "facts", "content", "basis", "penalty.kind", "penalty.content",
                                  "fine", "confiscation", "license", "decided.on", "disclosure.until", "valid.until", "authority", "authority.code"])
        case .qualifications: return subject.union(["certificate", "issuer", "issued.on", "valid.until", "scope"])
        }
    }
}
