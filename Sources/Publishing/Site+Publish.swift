import Foundation
import Messages
import Model
import Rendering

/// `gongshi publish` and the workbench's 发布: build as of a day into the site's output (exactly `build`), then copy
/// it to the configured target (`[publish]`, `Publisher`). One implementation for the command line, the workbench
/// and the daily timer.
extension Site {
    public struct PublishReport: Sendable {
        public var build: BuildReport
        /// Nil when the site has no `[publish]`: it is built only.
        public var target: PublishTarget?
        public var outcome: Publisher.Outcome?
    }

    public func publish(asOf: CivilDate, theme: ThemeSource, signing: MinisignKey? = nil) throws -> PublishReport {
        let report = try build(asOf: asOf, theme: theme, signing: signing)
        guard let target = try layout.loadConfig().publishTarget else { return PublishReport(build: report, target: nil, outcome: nil) }
        do {
            let outcome = try Publisher(target: target).publish(output: layout.output)
            return PublishReport(build: report, target: target, outcome: outcome)
        } catch {
            throw GongshiError(step: .publish, diagnostics: [error.diagnostic])
        }
    }
}
