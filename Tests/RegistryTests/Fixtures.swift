import Foundation

/// The checked-in fixture sites under Tests/Fixtures.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func site(_ name: String) -> String { root + "/" + name }
    static func data(_ name: String) -> String { root + "/" + name + "/data" }
}
