import Cryptography
import Foundation
import Messages
import Store

/// Art. 19 全程留痕: every action of the workbench leaves an entry in the hash-chained trail in `accounts.sqlite` —
/// who (the account, `local` without accounts, `schedule` for the calendar's runs), when, from where, what, and
/// the SHA-256 of what went in and what came out. `gongshi audit verify` checks the chain.
enum WorkbenchAudit {
    @TaskLocal static var address: String = "?"

    static func sha256(_ text: String) -> String { Digest.sha256(Array(text.utf8)).hex }
    static func sha256(_ bytes: [UInt8]) -> String { Digest.sha256(bytes).hex }
}

extension Workbench {
    /// Appends to the trail; a trail that cannot be written is said on the terminal (the action itself is done).
    func audit(_ action: String, _ detail: String = "", input: String = "", output: String = "", by who: String? = nil) {
        let user = who ?? WorkbenchVisit.visitor?.user.name ?? "local"
        do {
            let store = try accounts?.store ?? AccountStore(path: layout.accounts)
            try store.appendAudit(at: now, user: user, address: WorkbenchAudit.address, action: action, detail: detail,
                                  input: input, output: output, hash: WorkbenchAudit.sha256)
        } catch {
            options.say(MessageCatalogue.text("workbench.auditFailed", language, ["reason": "\(error)"]))
        }
    }

    /// The SHA-256 of a folder's files as `name hash` lines: what an upload or an acceptance took in.
    func fingerprint(_ folder: String) -> String {
        let lines = DataDesk.listing(folder).map { name in
            "\(name) \(FileManager.default.contents(atPath: folder + "/" + name).map { WorkbenchAudit.sha256([UInt8]($0)) } ?? "-")"
        }
        return WorkbenchAudit.sha256(lines.joined(separator: "\n"))
    }
}
