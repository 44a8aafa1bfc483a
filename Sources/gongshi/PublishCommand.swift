import ArgumentParser
import Foundation
import Messages
import Model
import Publishing

/// `gongshi publish`: build as of a day, then copy to `[publish]`'s target so that it serves the new release in
/// full or the old one (`Site.publish`, the workbench's 发布 and the daily timer's command).
struct PublishCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "publish", abstract: L("help.publish.abstract"), discussion: L("help.publish.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @OptionGroup var inputs: BuildInputs

    func run() throws {
        let date = inputs.asOf ?? Build.today()
        let site = options.site(output: inputs.output)
        let key = try SigningKeys.load(file: inputs.secretKey, siteRoot: site.layout.root)
        let report = try site.publish(asOf: date, theme: try locateTheme(inputs.theme), signing: key)
        printDiagnostics(report.build.warnings)
        guard !options.quiet else { return }
        let change: MessageArgument = switch report.build.outcome {
        case .unchanged: .phrase("build.unchanged")
        case let .replaced(written, _, removed): .phrase("build.replaced", ["written": "\(written)", "removed": "\(removed)"])
        }
        print(L("publish.built", ["pages": "\(report.build.pages)", "files": "\(report.build.files)", "date": "\(date)", "change": change]))
        switch (report.target, report.outcome) {
        case let (target?, .published(release, previous)?):
            print(L("publish.published", ["target": "\(target.display)", "release": "\(release)",
                                          "previous": previous.map { .phrase("publish.previous", ["release": "\($0)"]) } ?? .phrase("publish.first")]))
        case let (target?, .unchanged(release)?):
            print(L("publish.unchanged", ["target": "\(target.display)", "release": "\(release)"]))
        default:
            print(L("publish.noTarget", ["output": "\(report.build.output)"]))
        }
        print(report.build.nextChange.map { L("publish.nextChange", ["date": "\($0.date)", "reasons": "\($0.reasons.joined(separator: "；"))"]) }
              ?? L("build.noNextChange"))
    }
}
