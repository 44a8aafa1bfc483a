import ArgumentParser
import Cryptography
import Foundation
import Messages
import Model
import Publishing
import Store
import Workbench

extension AccountStore.Role: ExpressibleByArgument {}

/// `gongshi user`: the workbench's accounts, made by the bureau's IT on the server (the first administrator too).
struct UserCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "user", abstract: L("help.user.abstract"), discussion: L("help.user.discussion"),
                             subcommands: [Add.self, Passwd.self, Disable.self, List.self])
    }

    struct Account: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp(L("help.site"), valueName: "dir"))
        var site: String = "."

        @Flag(name: .customLong("password-stdin"), help: ArgumentHelp(L("help.user.passwordStdin")))
        var passwordStdin = false

        @OptionGroup var language: LanguageOption

        func store() throws -> AccountStore {
            let layout = SiteLayout(root: site)
            try layout.requireSite()
            do { return try AccountStore(path: layout.accounts) } catch {
                throw GongshiError(step: .workbench, at: SourceLocation(file: layout.accounts), "E803", ["reason": SystemReason.of(error)])
            }
        }

        /// The new password: a line of standard input, or typed twice at the terminal without echo.
        func password() throws -> String {
            let password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                guard let first = getpass(L("user.prompt")).map({ String(cString: $0) }),
                      let second = getpass(L("user.again")).map({ String(cString: $0) }) else { throw UserCommand.refuse(L("user.noTerminal")) }
                guard first == second else { throw UserCommand.refuse(L("user.mismatch")) }
                password = first
            }
            guard password.count >= 10 else { throw UserCommand.refuse(L("user.short")) }
            return password
        }
    }

    /// A name shown in the workbench and its trail: printable, no spaces, at most 64 characters.
    static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// Says why, on standard error in the reader's language, and ends with status 1 (not a usage error: no usage text).
    static func refuse(_ text: String) -> ExitCode {
        note(text)
        return ExitCode(1)
    }

    struct Add: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.user.add")) }
        @Argument(help: ArgumentHelp(L("help.user.name"), valueName: "name")) var name: String
        @Option(help: ArgumentHelp(L("help.user.role"), valueName: "clerk|reviewer|admin")) var role: AccountStore.Role
        @OptionGroup var account: Account

        func validate() throws { guard UserCommand.validName(name) else { throw ValidationError(L("user.badName")) } }

        func run() throws {
            let store = try account.store()
            guard let hash = Sodium.passwordHash(try account.password()) else { throw UserCommand.refuse(L("user.hashFailed")) }
            guard try store.add(name, role: role, passwordHash: hash, at: UserCommand.now) else { throw UserCommand.refuse(L("user.exists", ["name": "\(name)"])) }
            print(L("user.added", ["name": "\(name)", "role": .phrase(role.phraseKey)]))
        }
    }

    struct Passwd: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.user.passwd")) }
        @Argument(help: ArgumentHelp(L("help.user.name"), valueName: "name")) var name: String
        @OptionGroup var account: Account

        func run() throws {
            let store = try account.store()
            guard try store.user(name) != nil else { throw UserCommand.refuse(L("user.unknown", ["name": "\(name)"])) }
            guard let hash = Sodium.passwordHash(try account.password()) else { throw UserCommand.refuse(L("user.hashFailed")) }
            _ = try store.setPassword(name, hash: hash)
            print(L("user.passwordSet", ["name": "\(name)"]))
        }
    }

    struct Disable: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.user.disable")) }
        @Argument(help: ArgumentHelp(L("help.user.name"), valueName: "name")) var name: String
        @OptionGroup var account: Account

        func run() throws {
            guard try account.store().disable(name) else { throw UserCommand.refuse(L("user.unknown", ["name": "\(name)"])) }
            print(L("user.disabled", ["name": "\(name)"]))
        }
    }

    struct List: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: L("help.user.list")) }
        @OptionGroup var account: Account

        func run() throws {
            for user in try account.store().users() {
                print(L(user.disabled ? "user.lineDisabled" : "user.line", ["name": "\(user.name)", "role": .phrase(user.role.phraseKey)]))
            }
        }
    }
}
