/// An authored page from content/pages, with the sections its front matter asks for.
public struct AuthoredPage: Codable, Sendable {
    public struct IndicatorSystems: Codable, Sendable {
        var versions: [IndicatorSystemContext]
        var hasVersions: Bool
    }
    public struct GradeConsequences: Codable, Sendable { var grades: [GradeContext] }

    /// Rendered by cmark.
    var body: String
    var indicatorSystems: IndicatorSystems?
    var gradeConsequences: GradeConsequences?
    var reportingChannels: Bool?
}

/// The open-data catalogue: each dataset with its fields and files, the metadata, and how to verify them.
public struct OpenDataPage: Codable, Sendable {
    public struct File: Codable, Sendable {
        var file, href, format, size, sha256: String
    }
    public struct Field: Codable, Sendable {
        var name, title, type, description: String
        var required: Bool
    }
    public struct DatasetEntry: Codable, Sendable {
        var name, title, description: String
        var rows: Int
        var isCurrent: Bool
        var versionNote: String
        var hasVersionNote: Bool
        var files: [File]
        var fields: [Field]
        var primaryKey: String
        var hasPrimaryKey: Bool
    }
    public struct Licence: Codable, Sendable {
        var shortName, url, title: String
    }
    public struct Signing: Codable, Sendable {
        var keyID, publicKey, publicKeyHref: String
    }
    var datasets: [DatasetEntry]
    var licence: Licence
    var packageFiles: [File]
    var signing: Signing?
}

public struct SearchPage: Codable, Sendable {
    var indexScript: String
}

/// Art. 18: checking a monitoring report's number.
public struct VerifyPage: Codable, Sendable {
    var types: String
    var prefixLength: Int
    var domain: String
    var count: Int
    var verifyScript: String
}
