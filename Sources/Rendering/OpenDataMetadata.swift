import Evaluation
import Model

/// Size and SHA-256 of a written file, as the output writer measured it.
public struct FileFacts: Sendable {
    public var bytes: Int
    public var sha256: String

    public init(bytes: Int, sha256: String) {
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// The machine-readable descriptions of the open data, each written from the same `Dataset` fields
/// as the files themselves: Frictionless Data Package v2, CSVW, JSON Schema, DCAT (JSON-LD) and the
/// catalogue fields of the bureau's data portal.
public struct OpenDataMetadata {
    public let datasets: [Dataset]
    public let site: SiteInfo
    public let asOf: CivilDate
    /// Path under `open-data/` → facts, for every data file already written.
    public let facts: [String: FileFacts]

    public init(datasets: [Dataset], site: SiteInfo, asOf: CivilDate, facts: [String: FileFacts]) {
        self.datasets = datasets; self.site = site; self.asOf = asOf; self.facts = facts
    }

    var base: String { site.baseURL + "open-data/" }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    // MARK: Frictionless

    static func tableSchemaType(_ t: Dataset.FieldType) -> String {
        switch t {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .date: return "date"
        case .boolean: return "boolean"
        }
    }

    /// `datapackage.json`: one resource per CSV, with types, `required`, keys, and grades as ordered categories.
    public var dataPackage: JSONValue {
        .object([
            ("$schema", .string("https://datapackage.org/profiles/2.0/datapackage.json")),
            ("name", .string("ningbo-monitoring-agency-credit")),
            ("title", .string(site.title)),
            ("description", .string("宁波市生态环境监测社会化服务机构信用评价结果、机构、资质、不良记录和变更记录的开放数据。")),
            ("version", .string(asOf.iso)),
            ("created", .string("\(asOf.iso)T00:00:00+08:00")),
            ("homepage", .string(site.baseURL)),
            ("contributors", .array([.object([("title", .string(site.publisher)), ("roles", Self.strings(["publisher"]))])])),
            ("licenses", .array([.object([("name", .string(site.licence.id)), ("path", .string(site.licence.url)),
                                          ("title", .string(site.licence.title))])])),
            ("resources", .array(datasets.map(resource))),
        ])
    }

    func resource(_ d: Dataset) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(d.name)),
            ("type", .string("table")),
            ("path", .string(DatasetFile.csv.path(d.name))),
            ("title", .string(d.title)),
            ("description", .string(d.description + d.versionNote)),
            ("format", .string("csv")),
            ("mediatype", .string("text/csv")),
            ("encoding", .string("utf-8")),
        ]
        if let f = facts[DatasetFile.csv.path(d.name)] {
            members.append(("bytes", .integer(f.bytes)))
            members.append(("hash", .string("sha256:\(f.sha256)")))
        }
        members.append(("dialect", .object([("delimiter", .string(",")), ("lineTerminator", .string("\r\n")), ("header", .bool(true))])))
        var schema: [(String, JSONValue)] = [("fields", .array(d.fields.map(field)))]
        if !d.primaryKey.isEmpty { schema.append(("primaryKey", Self.strings(d.primaryKey))) }
        if !d.foreignKeys.isEmpty {
            schema.append(("foreignKeys", .array(d.foreignKeys.map { key in
                .object([("fields", Self.strings(key.fields)),
                         ("reference", .object([("resource", .string(key.resource)), ("fields", Self.strings(key.reference))]))])
            })))
        }
        schema.append(("missingValues", Self.strings([""])))
        members.append(("schema", .object(schema)))
        return .object(members)
    }

    func field(_ f: Dataset.Field) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(f.name)), ("title", .string(f.title)), ("type", .string(Self.tableSchemaType(f.type)))]
        if !f.description.isEmpty { members.append(("description", .string(f.description))) }
        if f.type == .number { members.append(("decimalChar", .string("."))) }
        if let categories = f.categories {
            members.append(("categories", Self.strings(categories)))
            // Grades run from the lowest risk to the highest (Art. 11); other categories have no order.
            members.append(("categoriesOrdered", .bool(categories == OpenDatasets.gradeLetters)))
        }
        var constraints: [(String, JSONValue)] = []
        if f.required { constraints.append(("required", .bool(true))) }
        if let pattern = f.pattern { constraints.append(("pattern", .string(pattern))) }
        if let categories = f.categories { constraints.append(("enum", Self.strings(categories))) }
        if !constraints.isEmpty { members.append(("constraints", .object(constraints))) }
        return .object(members)
    }

    // MARK: CSVW

    static func csvwType(_ t: Dataset.FieldType) -> String {
        switch t {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "decimal"
        case .date: return "date"
        case .boolean: return "boolean"
        }
    }

    /// `NAME.csv-metadata.json`, found by CSVW processors next to `NAME.csv`.
    public func csvw(_ d: Dataset) -> JSONValue {
        var schema: [(String, JSONValue)] = [("columns", .array(d.fields.map { f in
            var c: [(String, JSONValue)] = [("name", .string(f.name)), ("titles", .string(f.name)), ("dc:title", .string(f.title))]
            if !f.description.isEmpty { c.append(("dc:description", .string(f.description))) }
            if let categories = f.categories {
                c.append(("datatype", .object([("base", .string("string")), ("format", .string(categories.joined(separator: "|")))])))
            } else if let pattern = f.pattern {
                // CSVW matches a string format against the whole value: the anchors are implied.
                c.append(("datatype", .object([("base", .string("string")), ("format", .string(String(pattern.dropFirst().dropLast())))])))
            } else {
                c.append(("datatype", .string(Self.csvwType(f.type))))
            }
            c.append(("required", .bool(f.required)))
            return .object(c)
        }))]
        if !d.primaryKey.isEmpty { schema.append(("primaryKey", Self.strings(d.primaryKey))) }
        return .object([
            ("@context", .array([.string("http://www.w3.org/ns/csvw"), .object([("@language", .string("zh"))])])),
            ("url", .string(DatasetFile.csv.path(d.name))),
            ("dc:title", .string(d.title)),
            ("dc:description", .string(d.description + d.versionNote)),
            ("dc:publisher", .string(site.publisher)),
            ("dc:license", .object([("@id", .string(site.licence.url))])),
            ("dialect", .object([("encoding", .string("utf-8")), ("lineTerminators", Self.strings(["\r\n"])), ("header", .bool(true))])),
            ("tableSchema", .object(schema)),
        ])
    }

    // MARK: JSON Schema

    /// `schemas/NAME.schema.json` (draft 2020-12) for `NAME.json`: an array of objects with these fields.
    public func jsonSchema(_ d: Dataset) -> JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(base + DatasetFile.jsonSchema.path(d.name))),
            ("title", .string(d.title)),
            ("description", .string(d.description)),
            ("type", .string("array")),
            ("items", .object([
                ("type", .string("object")),
                ("properties", .object(d.fields.map { f in (f.name, property(f)) })),
                ("required", Self.strings(d.fields.map(\.name))),
                ("additionalProperties", .bool(false)),
            ])),
        ])
    }

    /// Every key is always present; a value that may be missing is `null`.
    func property(_ f: Dataset.Field) -> JSONValue {
        var members: [(String, JSONValue)] = [("title", .string(f.title))]
        if !f.description.isEmpty { members.append(("description", .string(f.description))) }
        let base: String
        switch f.type {
        case .string, .date: base = "string"
        case .integer: base = "integer"
        case .number: base = "number"
        case .boolean: base = "boolean"
        }
        members.append(("type", f.required ? .string(base) : Self.strings([base, "null"])))
        if f.type == .date { members.append(("format", .string("date"))) }
        if f.type == .string && f.required { members.append(("minLength", .integer(1))) }
        if let pattern = f.pattern { members.append(("pattern", .string(pattern))) }
        if let categories = f.categories {
            members.append(("enum", .array(categories.map { .string($0) } + (f.required ? [] : [.null]))))
        }
        return .object(members)
    }

    // MARK: DCAT

    /// A dataset series' IRI and a dataset's: distinct, so that no node is both (DCAT 3 keeps them apart).
    func seriesIRI(_ year: Int) -> String { base + CatalogueFile.dcat.path + "#series-grades-\(year)" }
    func datasetIRI(_ name: String) -> String { base + CatalogueFile.dcat.path + "#dataset-\(name)" }

    /// `catalog.jsonld`: a DCAT catalogue, one dataset series per grading year holding its versions that are
    /// files (`dcat:inSeries`, the current `dcat:prev` the published one, the series `dcat:last` the current one).
    public var dcat: JSONValue {
        let years = Set(datasets.compactMap(\.seriesYear)).sorted(by: >)
        let series: [JSONValue] = years.map { year in
            var members: [(String, JSONValue)] = [
                ("@id", .string(seriesIRI(year))),
                ("@type", .string("dcat:DatasetSeries")),
                ("dct:title", Self.zh("\(year)年度信用评价结果")),
                ("dct:description", Self.zh("\(year)年度社会监测机构信用评价结果：公示版本，以及正式公布的版本和现行版本；其间各版本的变化见后续版本文件。")),
                ("dct:publisher", .object([("@id", .string(site.baseURL + "#publisher"))])),
                ("dct:temporal", .object([("@type", .string("dct:PeriodOfTime")),
                                          ("dcat:startDate", Self.date(CivilDate(year: year, month: 1, day: 1)!)),
                                          ("dcat:endDate", Self.date(CivilDate(year: year, month: 12, day: 31)!))])),
                ("dct:license", licenceNode),
            ]
            if let current = datasets.first(where: { $0.seriesYear == year && $0.isCurrent && $0.versionNumber != nil }) {
                members.append(("dcat:last", .object([("@id", .string(datasetIRI(current.name)))])))
            }
            return .object(members)
        }
        let items: [JSONValue] = datasets.map { d in
            var members: [(String, JSONValue)] = [
                ("@id", .string(datasetIRI(d.name))),
                ("@type", .string("dcat:Dataset")),
                ("dct:identifier", .string(d.name)),
                ("dct:title", Self.zh(d.title)),
                ("dct:description", Self.zh(d.description + d.versionNote)),
                ("dct:publisher", .object([("@id", .string(site.baseURL + "#publisher"))])),
                ("dct:language", .object([("@id", .string("http://publications.europa.eu/resource/authority/language/ZHO"))])),
                ("dct:accrualPeriodicity", .object([("@id", .string(d.updateCycle == "每年" ? "http://purl.org/cld/freq/annual" : "http://purl.org/cld/freq/continuous"))])),
                ("dct:modified", Self.date(asOf)),
            ]
            if let issued = d.issued { members.append(("dct:issued", Self.date(issued))) }
            members.append(("dct:license", licenceNode))
            if let year = d.seriesYear, d.versionNumber != nil {
                members.append(("dcat:inSeries", .object([("@id", .string(seriesIRI(year)))])))
                // The versions between the first and the current are not files of their own (OpenDatasets.grades).
                if let n = d.versionNumber, n > 1, let previous = datasets.filter({ $0.seriesYear == year && ($0.versionNumber ?? n) < n })
                    .max(by: { $0.versionNumber! < $1.versionNumber! }) {
                    members.append(("dcat:prev", .object([("@id", .string(datasetIRI(previous.name)))])))
                }
            }
            members.append(("dcat:distribution", .array(distributions(d))))
            return .object(members)
        }
        return .object([
            ("@context", .object([
                ("dcat", .string("http://www.w3.org/ns/dcat#")), ("dct", .string("http://purl.org/dc/terms/")),
                ("foaf", .string("http://xmlns.com/foaf/0.1/")), ("spdx", .string("http://spdx.org/rdf/terms#")),
                ("xsd", .string("http://www.w3.org/2001/XMLSchema#")),
            ])),
            ("@id", .string(base + CatalogueFile.dcat.path)),
            ("@type", .string("dcat:Catalog")),
            ("dct:title", Self.zh(site.title + "开放数据")),
            ("dct:description", Self.zh(site.description)),
            ("dct:publisher", .object([("@id", .string(site.baseURL + "#publisher")), ("@type", .string("foaf:Agent")), ("foaf:name", Self.zh(site.publisher))])),
            ("dct:modified", Self.date(asOf)),
            ("dct:license", licenceNode),
            ("foaf:homepage", .object([("@id", .string(site.baseURL))])),
            ("dcat:dataset", .array(series + items)),
        ])
    }

    func distributions(_ d: Dataset) -> [JSONValue] {
        DatasetFile.allCases.compactMap { kind in
            let file = kind.path(d.name)
            guard let (title, type) = kind.distribution, let f = facts[file] else { return nil }
            return .object([
                ("@type", .string("dcat:Distribution")),
                ("dct:title", Self.zh(title)),
                ("dcat:downloadURL", .object([("@id", .string(base + file))])),
                ("dct:license", licenceNode),
                ("dcat:mediaType", .object([("@id", .string("https://www.iana.org/assignments/media-types/" + type))])),
                ("dcat:byteSize", .object([("@value", .string(String(f.bytes))), ("@type", .string("xsd:nonNegativeInteger"))])),
                ("spdx:checksum", .object([("@type", .string("spdx:Checksum")),
                                           ("spdx:algorithm", .object([("@id", .string("spdx:checksumAlgorithm_sha256"))])),
                                           ("spdx:checksumValue", .string(f.sha256))])),
            ])
        }
    }

    public static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    /// The licence as DCAT and CSVW name it: its address, typed as a licence document.
    var licenceNode: JSONValue { .object([("@id", .string(site.licence.url)), ("@type", .string("dct:LicenseDocument"))]) }

    static func zh(_ text: String) -> JSONValue { .object([("@value", .string(text)), ("@language", .string("zh"))]) }
    static func date(_ d: CivilDate) -> JSONValue { .object([("@value", .string(d.iso)), ("@type", .string("xsd:date"))]) }

    // MARK: The bureau's portal

    /// `catalog.json`: the catalogue fields the bureau's data portal expects, one entry per dataset.
    public var portalCatalog: JSONValue {
        .array(datasets.map { d in
            .object([
                ("数据目录名称", .string(d.title)),
                ("数据摘要", .string(d.description + d.versionNote)),
                ("数据提供方", .string(site.publisher)),
                ("更新周期", .string(d.updateCycle)),
                ("开放属性", .string("无条件开放")),
                ("发布日期", .string((d.issued ?? asOf).iso)),
                ("数据更新日期", .string(asOf.iso)),
                ("数据格式", Self.strings(["CSV", "JSON", "XLSX"])),
                ("许可协议", .string(site.licence.statement)),
                ("数据量", .integer(d.rowCount)),
                ("现行版本", .bool(d.isCurrent)),
                ("数据项", .array(d.fields.map { f in .object([("字段", .string(f.name)), ("名称", .string(f.title)), ("类型", .string(f.type.rawValue))]) })),
                ("下载地址", .object([DatasetFile.csv, .json, .workbook, .excelCSV].map { ($0.portalKey!, .string(base + $0.path(d.name))) })),
            ])
        })
    }
}
