/// Every file a dataset is published as, under `open-data/`: where it goes and how each reader names it. The
/// build writes, hashes and memoizes them from this table; the open-data page, the DCAT and portal catalogues
/// list them from it, so that a file cannot be written under one name and listed under another.
public enum DatasetFile: CaseIterable, Sendable {
    case csv, workbook, excelCSV, json, csvw, jsonSchema

    /// The data files, made from the rows (`Dataset.files`), in the order the build writes them.
    public static let data: [DatasetFile] = [.json, .csv, .excelCSV, .workbook]
    /// The metadata that describe them (`OpenDataMetadata`), written once the data files' sizes and hashes are known.
    public static let metadata: [DatasetFile] = [.csvw, .jsonSchema]

    /// The path under `open-data/`.
    public func path(_ dataset: String) -> String {
        switch self {
        case .csv: return "\(dataset).csv"
        case .workbook: return "excel/\(dataset).xlsx"
        case .excelCSV: return "excel/\(dataset).csv"
        case .json: return "\(dataset).json"
        case .csvw: return "\(dataset).csv-metadata.json"
        case .jsonSchema: return "schemas/\(dataset).schema.json"
        }
    }

    /// How the open-data page names the format.
    public var pageFormat: String {
        switch self {
        case .csv: return "CSV（UTF-8）"
        case .workbook: return "Excel/WPS（.xlsx）"
        case .excelCSV: return "CSV（Excel/WPS 用，中文表头）"
        case .json: return "JSON"
        case .csvw: return "CSVW 元数据"
        case .jsonSchema: return "JSON Schema"
        }
    }

    /// A data file as a DCAT distribution: its title and IANA media type (nil for the metadata).
    var distribution: (title: String, mediaType: String)? {
        switch self {
        case .csv: return ("CSV", "text/csv")
        case .workbook: return ("Excel（.xlsx）", OpenDataMetadata.xlsxType)
        case .excelCSV: return ("CSV（Excel/WPS 用，中文表头）", "text/csv")
        case .json: return ("JSON", "application/json")
        case .csvw, .jsonSchema: return nil
        }
    }

    /// The key of the file's address in the portal catalogue's 下载地址 (nil for the metadata).
    var portalKey: String? {
        switch self {
        case .csv: return "CSV"
        case .json: return "JSON"
        case .workbook: return "Excel"
        case .excelCSV: return "Excel CSV"
        case .csvw, .jsonSchema: return nil
        }
    }
}

/// The files under `open-data/` that describe or hold all the datasets together.
public enum CatalogueFile: CaseIterable, Sendable {
    case dataPackage, dcat, portal, database

    /// The path under `open-data/`.
    public var path: String {
        switch self {
        case .dataPackage: return "datapackage.json"
        case .dcat: return "catalog.jsonld"
        case .portal: return "catalog.json"
        case .database: return "gongshi.sqlite"
        }
    }

    /// How the open-data page names it.
    public var pageFormat: String {
        switch self {
        case .dataPackage: return "Frictionless Data Package v2"
        case .dcat: return "DCAT（JSON-LD）"
        case .portal: return "数据目录（数据提供方、更新周期、开放属性、发布日期）"
        case .database: return "SQLite（登记库的公开部分）"
        }
    }
}
