import Foundation
import PackagePlugin

/// Builds templates into the binary, so that a copied `gongshi` runs alone: for `DefaultTheme` the site's default
/// theme (`site-templates/`), for any other target its own `Templates/` folder (the workbench's pages).
/// The build reruns this whenever one of those files is added, changed or removed.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = target.name == "DefaultTheme"
            ? context.package.directoryURL.appending(path: "site-templates")
            : target.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var files: [URL] = [theme]
        if let walk = FileManager.default.enumerator(at: theme, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walk { files.append(url) }
        }
        return [.buildCommand(displayName: "Embedding the templates of \(target.name)",
                              executable: try context.tool(named: "gongshi-embed").url,
                              arguments: ["theme", theme.path, output.path],
                              inputFiles: files, outputFiles: [output])]
    }
}
