import Foundation
import PackagePlugin

/// Builds the default theme (`site-templates/`) into the binary, so that a copied `gongshi` runs alone.
/// The build reruns this whenever a theme file is added, changed or removed.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = context.package.directoryURL.appending(path: "site-templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var files: [URL] = [theme]
        if let walk = FileManager.default.enumerator(at: theme, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walk { files.append(url) }
        }
        return [.buildCommand(displayName: "Embedding the default theme",
                              executable: try context.tool(named: "gongshi-embed").url,
                              arguments: ["theme", theme.path, output.path],
                              inputFiles: files, outputFiles: [output])]
    }
}
