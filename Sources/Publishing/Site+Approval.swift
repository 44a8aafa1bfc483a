import Cryptography
import Foundation
import Messages
import Model
import Rendering
import Store

/// 二人审核: with accounts, nothing is published that a second person did not approve. A publication request is
/// bound to the site's inputs when it was made; the schedule and `gongshi publish` publish only inputs some approved
/// request was made from (the calendar's own changes to approved data need no new request: Art. 19 asks who decided
/// what, and the law decides what a day shows).
extension Site {
    /// The fingerprint of what a publication is made from, whatever the day and wherever it is built: the registry,
    /// the settings, the pages, notices and static files, the templates and the theme.
    public func approvalInputs(theme: ThemeSource) -> String {
        var lines = ["gongshi approval inputs 1",
                     "registry \(BuildStamp.registryHash(layout.registry) ?? "none")",
                     "config \(BuildStamp.fileHash(layout.config) ?? "none")"]
        lines += BuildStamp.folderLines([("pages", layout.pages), ("notices", layout.notices), ("static", layout.staticFiles)])
        lines += BuildStamp.templateLines(layout: layout, theme: theme)
        return Digest.sha256(Array(lines.joined(separator: "\n").utf8)).hex
    }

    /// Whether publishing needs a second person's approval: when the site has accounts.
    public var requiresApproval: Bool { AccountStore.hasAccounts(at: layout.accounts) }

    /// Refuses, before anything is built, inputs no approved request was made from.
    func requireApproval(theme: ThemeSource) throws {
        guard requiresApproval else { return }
        let inputs = approvalInputs(theme: theme)
        let approved: Bool
        do { approved = try AccountStore(path: layout.accounts).approves(inputs: inputs, kind: .publish) } catch {
            throw GongshiError(step: .publish, at: SourceLocation(file: layout.accounts), "E803", ["reason": SystemReason.of(error)])
        }
        if !approved { throw GongshiError(step: .publish, at: SourceLocation(file: layout.registry), "E810.notApproved") }
    }

    /// The SHA-256 of a build's manifest (`SHA256SUMS`): what a publication request shows the reviewer, and what the
    /// build that carries it out must make again.
    public static func manifestDigest(output: String) -> String? {
        FileManager.default.contents(atPath: output + "/" + OutputTree.manifestName).map { Digest.sha256([UInt8]($0)).hex }
    }
}
