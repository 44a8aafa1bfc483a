import Cryptography
import Foundation
import Hummingbird
import Messages
import Model
import NIOCore
import Publishing
import Store

/// The request's context: where it came from (for the login limits and the sessions list).
struct WorkbenchContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's address as text (`127.0.0.1`), or `?`.
    var address: String { remoteAddress?.ipAddress ?? "?" }
}

/// Who is asking: the logged-in user and their session, for the handlers of one request (set by the guard).
struct Visitor: Sendable {
    var user: AccountStore.User
    var session: AccountStore.Session
}

enum WorkbenchVisit {
    @TaskLocal static var visitor: Visitor?
}

/// Accounts in use: when `accounts.sqlite` holds an enabled user at start, every page but the login asks for a
/// session, and each route for a role. Without accounts the workbench serves its one local user as before.
struct WorkbenchAccounts: Sendable {
    let store: AccountStore
    /// Keys each session's form token (HMAC of the session's id): new at each start, like the local token.
    let formKey = Sodium.randomBytes(32)
    /// Compared against when the name is unknown, so that a wrong name costs the same time as a wrong password.
    let decoy = Sodium.passwordHash(Sodium.randomBytes(16).hex) ?? ""

    static let cookie = "gongshi_session"
    /// Seconds of inactivity after which a session ends.
    static let idle: Int64 = 30 * 60

    func formToken(_ session: AccountStore.Session) -> String {
        HMACSHA256.authenticationCode(key: formKey, message: Array(session.id.utf8)).hex
    }

    /// What each route asks of the visitor: nil for the pages anyone may open (the login), else the roles allowed.
    static func roles(_ method: HTTPRequest.Method, _ path: String) -> Set<AccountStore.Role>? {
        switch (method, path) {
        case (.get, "/login"), (.post, "/login"), (.get, "/workbench.css"): return nil
        case (.post, "/data/upload"), (.post, "/data/accept"), (.post, "/data/discard"), (.post, "/data/restore"): return [.clerk, .admin]
        // No one publishes alone: a request, and a second person's approval.
        case (.post, "/publish"): return []
        case (.post, "/request/approve"), (.post, "/request/reject"), (.post, "/request/retry"): return [.reviewer, .admin]
        case (.get, "/audit"), (.get, "/audit/export.csv"), (.get, "/audit/export.xlsx"): return [.reviewer, .admin]
        case (.post, "/settings"): return [.admin]
        default: return Set(AccountStore.Role.allCases)
        }
    }

    /// The delay a run of failures earns: none for the first `free`, then 2, 4, 8 … seconds, at most a quarter hour.
    /// An address (an office behind one NAT) is allowed more than an account before it waits.
    static func delay(afterFailures count: Int, free: Int) -> Int64 {
        count < free ? 0 : Int64(min(900, 1 << min(count - free + 1, 10)))
    }

    /// When a login for `name` from `address` may be tried again, if not now.
    func blockedUntil(name: String, address: String, now: Int64) -> Int64? {
        let waits = [("user:" + name, 3), ("address:" + address, 10)].compactMap { key, free -> Int64? in
            guard let (count, last) = try? store.failures(key) else { return nil }
            let until = last + Self.delay(afterFailures: count, free: free)
            return until > now ? until : nil
        }
        return waits.max()
    }
}

extension Workbench {
    var now: Int64 { options.clock.seconds() }

    /// The form token the visitor's forms carry: per session with accounts, per process without.
    var formToken: String {
        if let accounts, let visitor = WorkbenchVisit.visitor { return accounts.formToken(visitor.session) }
        return guardian.token
    }

    func loginPage(_ request: Request, problem: Diagnostic? = nil, name: String = "", next given: String? = nil) throws -> Response {
        let title = t("workbench.login.title")
        var chrome = chrome(request, title: title, current: "/login")
        chrome.nav = []
        if let problem {
            chrome.problems.append(Said(problem, language))
            chrome.hasProblems = true
        }
        let next = (given ?? request.uri.queryParameters["next"].map(String.init)).flatMap(Self.localPath) ?? "/"
        let context = LoginPage(chrome: chrome, heading: title, nameLabel: t("workbench.login.name"), passwordLabel: t("workbench.login.password"),
                                submit: t("workbench.login.submit"), hint: t("workbench.login.hint"), name: name, next: next)
        return try page("login", context, status: problem == nil ? .ok : .unauthorized)
    }

    /// Only a path of the workbench itself (`/data`), never another site, is a place to go after logging in.
    static func localPath(_ text: String) -> String? {
        text.hasPrefix("/") && !text.hasPrefix("//") && !text.contains("\\") && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } ? text : nil
    }

    func login(_ request: Request, _ context: WorkbenchContext) async throws -> Response {
        guard let accounts else { return redirect("/") }
        guard let form = try await formFields(request, token: guardian.token) else { return forbidden() }
        let name = form["name"] ?? "", password = form["password"] ?? ""
        let address = WorkbenchAudit.address
        let time = now
        if let until = accounts.blockedUntil(name: name, address: address, now: time) {
            audit("login-refused", name, by: "anonymous")
            return try loginPage(request, problem: Diagnostic(at: SourceLocation(file: "/login"), "E809", ["seconds": "\(until - time)"]), name: name,
                                 next: form["next"])
        }
        let user = try? accounts.store.user(name)
        let matches = Sodium.passwordMatches(password, hash: user?.passwordHash ?? accounts.decoy)
        guard let user, matches, !user.disabled else {
            audit("login-failed", name, by: "anonymous")
            try? accounts.store.recordFailure("user:" + name, at: time)
            try? accounts.store.recordFailure("address:" + address, at: time)
            return try loginPage(request, problem: Diagnostic(at: SourceLocation(file: "/login"), "E808"), name: name, next: form["next"])
        }
        try? accounts.store.clearFailures("user:" + name)
        try? accounts.store.clearFailures("address:" + address)
        let token = Sodium.randomBytes(32).hex
        try accounts.store.openSession(id: Sodium.randomBytes(16).hex, tokenHash: Digest.sha256(Array(token.utf8)).hex,
                                       user: user.name, address: address, at: time)
        audit("login", by: user.name)
        var response = redirect(form["next"].flatMap(Self.localPath) ?? "/", notice: t("workbench.said.loggedIn", ["name": "\(user.name)"]))
        response.headers[.setCookie] = Self.sessionCookie(token, secure: Self.isSecure(request, context))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        guard try await formFields(request) != nil else { return forbidden() }
        if let accounts, let visitor = WorkbenchVisit.visitor {
            try? accounts.store.endSession(id: visitor.session.id, of: visitor.user.name)
            audit("logout")
        }
        var response = redirect("/login")
        response.headers[.setCookie] = "\(WorkbenchAccounts.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        return response
    }

    /// HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure behind TLS.
    static func sessionCookie(_ token: String, secure: Bool) -> String {
        "\(WorkbenchAccounts.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// A request that reached the browser over TLS: said by the proxy in front (nginx), which is on this machine.
    static func isSecure(_ request: Request, _ context: WorkbenchContext) -> Bool {
        guard let address = context.remoteAddress?.ipAddress,
              let bytes = HostPolicy.bytes(of: address), bytes.count == 4 ? bytes[0] == 127 : bytes == HostPolicy.bytes(of: "::1") else { return false }
        return request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    func accountPage(_ request: Request) throws -> Response {
        let title = t("workbench.account.title")
        let chrome = chrome(request, title: title, current: "/account")
        guard let accounts, let visitor = WorkbenchVisit.visitor else { return redirect("/") }
        let sessions = ((try? accounts.store.sessions(of: visitor.user.name)) ?? []).map { s in
            AccountPage.SessionLine(id: s.id, started: options.clock.describe(s.created), lastSeen: options.clock.describe(s.lastSeen),
                                    address: s.address, endLabel: t("workbench.account.end"), isThis: s.id == visitor.session.id)
        }
        let context = AccountPage(chrome: chrome, heading: title,
                                  who: t("workbench.account.who", ["name": "\(visitor.user.name)", "role": .phrase(visitor.user.role.phraseKey)]),
                                  sessionsHeading: t("workbench.account.sessions"), thisOne: t("workbench.account.thisOne"),
                                  started: t("workbench.account.started"), lastSeen: t("workbench.account.lastSeen"), address: t("workbench.account.address"),
                                  sessions: sessions)
        return try page("account", context)
    }

    func endSession(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        if let accounts, let visitor = WorkbenchVisit.visitor, let id = form["session"] {
            try? accounts.store.endSession(id: id, of: visitor.user.name)
            audit("session-end", id)
        }
        return redirect("/account", notice: t("workbench.said.sessionEnded"))
    }
}

extension AccountStore.Role {
    /// The catalogue key of the role's name (录入员, 审核人, 管理员), written out so that each key is found where it is used.
    public var phraseKey: String {
        switch self {
        case .clerk: "workbench.role.clerk"
        case .reviewer: "workbench.role.reviewer"
        case .admin: "workbench.role.admin"
        }
    }
}
