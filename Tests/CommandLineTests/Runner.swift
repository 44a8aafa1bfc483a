import Foundation

/// Runs the real `gongshi` binary built by `swift build` on real files.
enum Gongshi {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let binary = ProcessInfo.processInfo.environment["GONGSHI_BIN"] ?? repository + "/.build/debug/gongshi"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs gongshi, or with `viaShell` the command line given (its first element the program).
    @discardableResult
    static func run(_ arguments: [String], viaShell: Bool = false, environment: [String: String] = ["LANG": "en_US.UTF-8"]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: viaShell ? arguments[0] : binary)
        process.arguments = viaShell ? Array(arguments.dropFirst()) : arguments
        // English unless a test says otherwise: the language the tests assert in (Chinese is the default).
        process.environment = ["GONGSHI_THEME": repository + "/site-templates", "PATH": "/usr/bin:/bin"].merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return finish(process, out, err)
    }

    /// Starts a gongshi that serves (`serve`, `workbench`) and waits until it has said `marker`, at most a minute:
    /// the process (the caller kills it) and what it said.
    static func launch(_ arguments: [String], environment: [String: String], until marker: String) throws -> (process: Process, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var log = ""
        let deadline = Date().addingTimeInterval(60)
        while !log.contains(marker), Date() < deadline {
            log += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        return (process, log)
    }

    /// Reads both pipes to their end at once — one after the other would block for ever once the unread one
    /// fills (64 KB of errors) — then waits for the process.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Result {
        nonisolated(unsafe) var stderr = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh copy of a fixture site in a temporary folder (import writes the registry into the site).
    static func copyOfSite(_ source: String) throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-site-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }

    static func fixture(_ name: String) -> String { repository + "/Tests/Fixtures/" + name }

    /// Relative path → bytes of every file under `root`.
    static func tree(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[relative] = FileManager.default.contents(atPath: root + "/" + relative) }
        }
        return files
    }
}
