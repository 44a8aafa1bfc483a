import Foundation
import Hummingbird
import Logging
import Messages
import Model
import NIOCore
import Publishing
import Rendering
import Store

/// `gongshi workbench`: the clerk's web application, served by gongshi on Hummingbird 2. Each page is a use case
/// of `Site` (the same code as the command line) or of the `DataDesk` over it; this file only routes requests,
/// guards them (`WorkbenchGuard`) and turns outcomes into pages and redirects.
public struct WorkbenchOptions: Sendable {
    public var site: String
    public var bind: String
    public var port: Int
    public var theme: ThemeSource
    public var language: Language
    public var clock: WorkbenchClock
    /// The largest upload accepted, in bytes: the readers' own bounds apply to what is inside.
    public var uploadLimit: Int
    /// Host names the workbench answers to besides localhost and its addresses (`--allow-host`).
    public var allowedHosts: [String] = []
    /// How often the schedule looks at the clock.
    public var tick: Duration = .seconds(60)
    /// Lines for the terminal that started it: the address, then nothing unless something fails.
    public var say: @Sendable (String) -> Void

    public init(site: String, bind: String, port: Int, theme: ThemeSource, language: Language, clock: WorkbenchClock,
                uploadLimit: Int, say: @escaping @Sendable (String) -> Void) {
        self.site = site; self.bind = bind; self.port = port; self.theme = theme; self.language = language
        self.clock = clock; self.uploadLimit = uploadLimit; self.say = say
    }
}

public enum WorkbenchServer {
    public struct Refusal: Error {
        public var diagnostic: Diagnostic
    }

    /// Serves until the process is stopped. Refuses an address other than loopback: this version has one local
    /// user and no accounts.
    public static func run(_ options: WorkbenchOptions) throws {
        let layout = SiteLayout(root: options.site)
        do { try layout.requireSite() } catch let error as GongshiError { throw Refusal(diagnostic: error.diagnostics[0]) }
        // With accounts, every page asks for a login: the workbench may then listen on the network.
        var accounts: WorkbenchAccounts?
        if AccountStore.hasAccounts(at: layout.accounts) {
            do { accounts = WorkbenchAccounts(store: try AccountStore(path: layout.accounts)) } catch {
                throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: layout.accounts), "E803", ["reason": SystemReason.of(error)]))
            }
        }
        guard let address = HostPolicy.bytes(of: options.bind) else {
            throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: "--bind"), "E905.address", ["reason": "\(options.bind)"]))
        }
        let loopback = address.count == 4 ? address[0] == 127 : address == HostPolicy.bytes(of: "::1")
        guard loopback || accounts != nil else {
            throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: "--bind"), "E804", ["bind": "\(options.bind)"]))
        }
        let templates: Theme
        do { templates = try WorkbenchTemplates.load() } catch let failure as Theme.Failure {
            throw Refusal(diagnostic: failure.diagnostic)
        }
        let desk = DataDesk(layout: layout, clock: options.clock)
        // An acceptance a stopped workbench left half done is finished before anything is shown.
        do {
            try FileManager.default.createDirectory(atPath: desk.state, withIntermediateDirectories: true)
            try desk.finishAcceptance()
        } catch {
            throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: desk.state), "E803", ["reason": SystemReason.of(error)]))
        }
        // The preview's own server, on loopback and a free port: the site's pages at the site's own path.
        let basePath = (try? layout.loadConfig().site.basePath) ?? "/"
        let previewServer = PreviewServer(root: desk.state + "/preview/public", prefix: basePath)
        do { try previewServer.start(address: "127.0.0.1", port: 0) } catch let failure as OutputWriter.Failure {
            throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: failure.path), failure.text))
        }
        let workbench = Workbench(options: options, layout: layout, desk: desk, templates: templates,
                                  guardian: WorkbenchGuard(bind: options.bind, allowed: options.allowedHosts), previewServer: previewServer, basePath: basePath,
                                  accounts: accounts)
        let router = Router(context: WorkbenchContext.self)
        workbench.routes(router)
        var logger = Logger(label: "gongshi-workbench")
        logger.logLevel = .critical
        let say = options.say
        let language = options.language
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.bind, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                let host = options.bind.contains(":") ? "[\(options.bind)]" : options.bind
                say(MessageCatalogue.text("workbench.serving", language, ["url": "http://\(host):\(port)/"]))
            },
            logger: logger)
        let finished = Finished()
        Task { await workbench.runSchedule(tick: options.tick) }
        Task {
            do { try await app.runService() } catch { finished.failure = error }
            finished.semaphore.signal()
        }
        finished.semaphore.wait()
        if let failure = finished.failure {
            throw Refusal(diagnostic: Diagnostic(at: SourceLocation(file: "--port"), "E905.port", ["reason": SystemReason.of(failure)]))
        }
    }

    private final class Finished: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        var failure: (any Error)?
    }
}
