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

    /// With accounts, only approved inputs publish (`requireApproval`); `approved`, the manifest a reviewer saw, must
    /// be what this build makes, or nothing is copied.
    public func publish(asOf: CivilDate, theme: ThemeSource, signing: MinisignKey? = nil, approved: String? = nil) throws -> PublishReport {
        let target = try layout.loadConfig().publishTarget
        // A local place to publish inside the site or the output (or holding either) would be read or replaced by
        // the build it publishes: refused before anything is built.
        if case .folder(let folder)? = target?.place {
            let place = SiteLayout.resolved(folder), root = SiteLayout.resolved(layout.root), output = SiteLayout.resolved(layout.output)
            if SiteLayout.isInside(place, root) || SiteLayout.isInside(root, place) || SiteLayout.isInside(place, output) || SiteLayout.isInside(output, place) {
                throw GongshiError(step: .checkOutput, at: SourceLocation(file: folder), "E806.overlaps", ["root": "\(layout.root)", "output": "\(layout.output)"])
            }
        }
        try requireApproval(theme: theme)
        let report = try build(asOf: asOf, theme: theme, signing: signing)
        if let approved, Self.manifestDigest(output: layout.output) != approved {
            throw GongshiError(step: .publish, at: SourceLocation(file: layout.output), "E810.differs")
        }
        guard let target else { return PublishReport(build: report, target: nil, outcome: nil) }
        do {
            let outcome = try Publisher(target: target).publish(output: layout.output)
            return PublishReport(build: report, target: target, outcome: outcome)
        } catch {
            throw GongshiError(step: .publish, diagnostics: [error.diagnostic])
        }
    }
}
