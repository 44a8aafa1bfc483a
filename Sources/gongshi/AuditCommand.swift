import ArgumentParser
import Cryptography
import Foundation
import Messages
import Model
import Publishing
import Store

/// `gongshi audit`: the workbench's trail (Art. 19), checked link by link, or listed as CSV.
struct AuditCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "audit", abstract: L("help.audit.abstract"), discussion: L("help.audit.discussion"),
                             subcommands: [Verify.self, Export.self])
    }

    struct Trail: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp(L("help.site"), valueName: "dir"))
        var site: String = "."

        @OptionGroup var language: LanguageOption

        func store() throws -> AccountStore {
            let layout = SiteLayout(root: site)
            try layout.requireSite()
            guard FileManager.default.fileExists(atPath: layout.accounts) else { throw UserCommand.refuse(L("audit.none", ["file": "\(layout.accounts)"])) }
            return try AccountStore(path: layout.accounts)
        }
    }

    static func sha256(_ text: String) -> String { Digest.sha256(Array(text.utf8)).hex }

    struct Verify: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.audit.verify")) }
        @OptionGroup var trail: Trail

        func run() throws {
            let (broken, count, head) = try trail.store().verifyAudit(hash: AuditCommand.sha256)
            if let broken { throw UserCommand.refuse(L("audit.broken", ["seq": "\(broken)", "count": "\(count)"])) }
            print(L("audit.intact", ["count": "\(count)", "head": "\(head)"]))
        }
    }

    struct Export: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.audit.export")) }
        @OptionGroup var trail: Trail

        func run() throws {
            // RFC 4180, with a byte-order mark so that Excel and WPS read the Chinese as UTF-8.
            var out = "\u{FEFF}seq,at,user,address,action,detail,input_sha256,output_sha256,previous,hash\r\n"
            for e in try trail.store().auditEntries() {
                out += [String(e.seq), String(e.at), e.user, e.address, e.action, e.detail, e.input, e.output, e.previous, e.hash]
                    .map(AuditCommand.field).joined(separator: ",") + "\r\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    /// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is kept from being read as a formula.
    static func field(_ text: String) -> String {
        var t = text
        if let first = t.first, "=+-@".contains(first) { t = "'" + t }
        return t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }
}
