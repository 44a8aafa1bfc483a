import Messages
import Model

/// Why a command stopped: the step it was in, and every problem found there, each with where and why.
public struct GongshiError: Error, CustomStringConvertible {
    /// Where a command can stop: the steps of its plan (`CommandPlan`) and the finer ones within them.
    public enum Step: Sendable {
        case loadConfig, loadRegistry, check, checkRegistry, checkOutput, loadTheme,
        render, copyThemeFiles, copyStaticFiles, lockRegistry, lockOutput, prepareOutput,
        write, writeRegistry, readBuiltSite, readBundleLog, loadSecretKey, bundle,
        writeBundle, verifyBundle, draw, report, version, writeVersion,
        initSite, serve, workbench, publish

        /// The catalogue key of the step's name, written out so that each key is found where it is used.
        public var key: String {
            switch self {
            case .loadConfig: "step.loadConfig"
            case .loadRegistry: "step.loadRegistry"
            case .check: "step.check"
            case .checkRegistry: "step.checkRegistry"
            case .checkOutput: "step.checkOutput"
            case .loadTheme: "step.loadTheme"
            case .render: "step.render"
            case .copyThemeFiles: "step.copyThemeFiles"
            case .copyStaticFiles: "step.copyStaticFiles"
            case .lockRegistry: "step.lockRegistry"
            case .lockOutput: "step.lockOutput"
            case .prepareOutput: "step.prepareOutput"
            case .write: "step.write"
            case .writeRegistry: "step.writeRegistry"
            case .readBuiltSite: "step.readBuiltSite"
            case .readBundleLog: "step.readBundleLog"
            case .loadSecretKey: "step.loadSecretKey"
            case .bundle: "step.bundle"
            case .writeBundle: "step.writeBundle"
            case .verifyBundle: "step.verifyBundle"
            case .draw: "step.draw"
            case .report: "step.report"
            case .version: "step.version"
            case .writeVersion: "step.writeVersion"
            case .initSite: "step.init"
            case .serve: "step.serve"
            case .workbench: "step.workbench"
            case .publish: "step.publish"
            }
        }
    }

    public var step: Step
    public var diagnostics: [Diagnostic]

    public init(step: Step, diagnostics: [Diagnostic]) {
        self.step = step
        self.diagnostics = diagnostics.sorted()
    }

    public init(step: Step, at location: SourceLocation, _ text: Message) {
        self.init(step: step, diagnostics: [Diagnostic(at: location, text)])
    }

    public init(step: Step, at location: SourceLocation, _ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.init(step: step, at: location, Message(key, arguments))
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    public var description: String { description(in: .en) }

    public func description(in language: Language) -> String {
        // A publish stops after its build has written the output: only the copy to the target was not made.
        let stopped = MessageCatalogue.text(step == .publish ? "stopped.publish" : "stopped", language,
                                            ["step": .phrase(step.key), "count": "\(errorCount)"])
        return (diagnostics.map { $0.description(in: language) } + [stopped]).joined(separator: "\n")
    }
}
