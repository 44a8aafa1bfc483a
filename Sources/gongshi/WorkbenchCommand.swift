import ArgumentParser
import Foundation
import Model
import Publishing
import Workbench

/// `gongshi workbench`: the clerk's web application on this machine (`Workbench` module).
struct WorkbenchCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "workbench", abstract: L("help.workbench.abstract"), discussion: L("help.workbench.discussion"))
    }

    @Option(name: .long, help: ArgumentHelp(L("help.workbench.site"), valueName: "dir"))
    var site: String = "."

    @Option(help: ArgumentHelp(L("help.workbench.bind"), valueName: "address"))
    var bind: String = "127.0.0.1"

    @Option(help: ArgumentHelp(L("help.workbench.port"), valueName: "port"))
    var port: Int = 8080

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(L("help.workbench.allowHost"), valueName: "name"))
    var allowHost: [String] = []

    @Option(name: .customLong("upload-limit"), help: ArgumentHelp(L("help.workbench.uploadLimit"), valueName: "MB"))
    var uploadLimit: Int = 256

    @Option(help: ArgumentHelp(L("help.workbench.theme"), valueName: "dir"))
    var theme: String?

    /// The tests' calendar: a file holding today's date, read at every question (never the real clock's sleep).
    @Option(name: .customLong("clock-file"), help: .hidden)
    var clockFile: String?

    /// How often the schedule looks at the clock, in seconds: the tests' short wait for a day they moved the clock to.
    @Option(name: .customLong("tick-seconds"), help: .hidden)
    var tickSeconds: Int = 60

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(L("serve.portRange", ["port": "\(port)"])) }
        guard (1...4096).contains(uploadLimit) else { throw ValidationError(L("workbench.uploadLimitRange", ["limit": "\(uploadLimit)"])) }
        if let clockFile {
            let text = (try? String(contentsOfFile: clockFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard CivilDate(iso: text) != nil else { throw ValidationError(L("workbench.clockFile", ["file": "\(clockFile)"])) }
        }
    }

    func run() throws {
        var options = WorkbenchOptions(
            site: site, bind: bind, port: port, theme: try locateTheme(theme), language: Speech.language,
            clock: clockFile.map(WorkbenchClock.file) ?? .system, uploadLimit: uploadLimit * 1024 * 1024,
            say: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
        options.tick = .seconds(max(1, tickSeconds))
        options.allowedHosts = allowHost
        do { try WorkbenchServer.run(options) } catch let refusal as WorkbenchServer.Refusal {
            throw GongshiError(step: .workbench, diagnostics: [refusal.diagnostic])
        }
    }
}
