import ArgumentParser
import DefaultTheme
import Foundation
import Import
import Model
import Publishing
import Rendering

@main
struct Gongshi: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "gongshi",
            abstract: L("help.gongshi.abstract"),
            discussion: L("help.gongshi.discussion"),
            version: BuildFacts.description,
            subcommands: [Init.self, Check.self, Import.self, Build.self, PublishCommand.self, Serve.self, WorkbenchCommand.self, UserCommand.self, AuditCommand.self, Diff.self, VersionCommand.self, Draw.self, BundleCommand.self, VerifyBundle.self, Keygen.self, Synth.self, ServeRebuild.self]
        )
    }

    @OptionGroup var language: LanguageOption

    static func main() {
        // A file-size limit or a full disk must end in a clear error naming the file, not a silent kill.
        signal(SIGXFSZ, SIG_IGN)
        let (arguments, problem) = Speech.choose(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
        if let problem {
            note(problem)
            Foundation.exit(2)
        }
        // `gongshi help data-format`: the reference ships inside the binary (no repository on the bureau's machine).
        if arguments == ["help", "data-format"] {
            FileHandle.standardOutput.write(Data(DataFormatReference.text(Speech.language).utf8))
            Foundation.exit(0)
        }
        // `gongshi help templates`: the names each page's templates may use, from the types the theme is checked against.
        if arguments == ["help", "templates"] {
            FileHandle.standardOutput.write(Data(TemplateNames.reference(Speech.language).utf8))
            Foundation.exit(0)
        }
        if let refusal = CommandSuggestion.refusal(arguments) {
            note(refusal)
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as GongshiError {
            note(error.description(in: Speech.language))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            // The parser's own words (headings, usage errors) in the reader's language; a dump for the manual is not help.
            if code == .success {
                guard Speech.language == .zh, HelpWrapping.enabled else { exit(withError: error) }
                print(ParserText.chinese(fullMessage(for: error)))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                note(Speech.language == .zh ? ParserText.chinese(fullMessage(for: error)) : fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command on a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(L("help.site"), valueName: "dir"))
    var site: String?

    @Option(name: .long, help: ArgumentHelp(L("help.registry"), valueName: "file"))
    var registry: String?

    @Flag(name: .shortAndLong, help: ArgumentHelp(L("help.quiet")))
    var quiet = false

    @OptionGroup var language: LanguageOption

    func layout(output: String? = nil, baseURL: String? = nil) -> SiteLayout {
        SiteLayout(root: site ?? ".", registry: registry, output: output, baseURL: baseURL)
    }

    /// `silent`: no progress even without --quiet (`--json`: standard output is the whole answer).
    func site(output: String? = nil, baseURL: String? = nil, silent: Bool = false) -> Site {
        let quiet = self.quiet || silent
        var site = Site(layout: layout(output: output, baseURL: baseURL)) { message in
            if !quiet { note(message.text(Speech.language)) }
        }
        site.pageProgress = TerminalProgress.pages(quiet: quiet)
        return site
    }
}

/// The default theme for `--theme` (nil: the environment, an installed one, else the one built in).
func locateTheme(_ explicit: String?) throws -> ThemeSource {
    try ThemeLocator.locate(explicit: explicit, builtIn: DefaultTheme.files())
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["utf-8", "gb18030"] }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

extension BuildFacts {
    /// `gongshi --version`: facts of the source only (never the clock of the build), so a commit's binary is the same.
    static var description: String {
        let commit = Self.commit.isEmpty ? L("version.unknown") : String(Self.commit.prefix(12))
        return L("version.line", ["version": "\(version)", "commit": "\(commit)", "date": "\(date.isEmpty ? L("version.unknown") : date)"])
    }
}
