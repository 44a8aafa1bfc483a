import ArgumentParser
import Foundation
import Publishing
import Registry

@main
struct Gongshi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongshi",
        abstract: "公示 — publishes the credit evaluation of Ningbo's third-party environmental monitoring agencies.",
        discussion: """
        A site folder holds config.toml, data/ (.xlsx workbooks or .csv files), pages/*.md and optionally
        templates/ and static/. A new one:  gongshi init DIR
        Typical use:  gongshi check   then   gongshi import   then   gongshi build --as-of 2026-12-31
        The data files' format, every column and every error code:  gongshi help data-format
        A change notice:  gongshi diff --as-of 2026-04-07 --to 2026-06-30

        Exit status: 0 ok, 1 errors in the inputs (each printed as file:line: column: message. Fix: …), 2 usage.
        """,
        version: "0.1.0",
        subcommands: [Init.self, Check.self, Import.self, Build.self, Serve.self, Diff.self, Draw.self, BundleCommand.self, VerifyBundle.self, Keygen.self, Synth.self]
    )

    static func main() {
        // A file-size limit or a full disk must end in a clear error naming the file, not a silent kill.
        signal(SIGXFSZ, SIG_IGN)
        // `gongshi help data-format`: the reference ships inside the binary (no repository on the bureau's machine).
        if Array(CommandLine.arguments.dropFirst()) == ["help", "data-format"] {
            FileHandle.standardOutput.write(Data(PackageResources.data_format_md))
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as GongshiError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder (with config.toml, data/, pages/).", valueName: "dir"))
    var site: String = "."

    @Option(name: .long, help: ArgumentHelp("The registry file (default: SITE/registry.sqlite).", valueName: "file"))
    var registry: String?

    @Flag(name: .shortAndLong, help: "Print errors only, no progress.")
    var quiet = false

    func layout(output: String? = nil) -> SiteLayout { SiteLayout(root: site, registry: registry, output: output) }

    func site(output: String? = nil) -> Site {
        let quiet = self.quiet
        return Site(layout: layout(output: output)) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["utf-8", "gb18030"] }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

func printDiagnostics(_ diagnostics: [Diagnostic]) {
    for d in diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
}
