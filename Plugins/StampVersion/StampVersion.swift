import Foundation
import PackagePlugin

/// Writes the version (file `VERSION`), the commit and its date into the binary for `gongshi --version`.
/// Only facts of the source: the same commit gives the same text, whenever and wherever it is built.
/// Reruns when `VERSION` or the checked-out commit changes (`.git/HEAD` and the branch it names).
@main
struct StampVersion: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildFacts.swift")
        var inputs = [root.appending(path: "VERSION")]
        let git = root.appending(path: ".git")
        let head = git.appending(path: "HEAD")
        if let text = try? String(contentsOf: head, encoding: .utf8) {
            inputs.append(head)
            let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("ref: ") {
                let ref = git.appending(path: String(line.dropFirst(5)))
                if FileManager.default.fileExists(atPath: ref.path) { inputs.append(ref) }
            }
            let packed = git.appending(path: "packed-refs")
            if FileManager.default.fileExists(atPath: packed.path) { inputs.append(packed) }
        }
        return [.buildCommand(displayName: "Stamping the version",
                              executable: try context.tool(named: "gongshi-embed").url,
                              arguments: ["version", root.path, output.path],
                              // A source tarball has no .git: its builder gives the facts (Debian's SOURCE_DATE_EPOCH).
                              environment: ProcessInfo.processInfo.environment.filter { ["GONGSHI_COMMIT", "SOURCE_DATE_EPOCH"].contains($0.key) },
                              inputFiles: inputs, outputFiles: [output])]
    }
}
