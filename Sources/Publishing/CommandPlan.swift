import Messages
import Model

/// The steps of each command that reads or writes a site, in order — Zola's `Site::build()` as data. The
/// `[4/7]` of every progress line and the steps `build --timings` measures come from here, so that adding a
/// step is one line in one list, and no count is written by hand.
public struct CommandPlan: Sendable {
    public enum Step: Sendable {
        case loadConfig, loadRegistry, check, loadTheme, evaluate, render, switchFiles
        case checkData, openRegistry, writeAgencies
        case evaluateDiff, evaluateBundle, writeBundle, evaluateVersion, writeVersion

        /// The catalogue key of what the step does: the `--timings` JSON names the step by it. Written out, so
        /// that each key of the catalogue is found where it is used.
        public var key: String {
            switch self {
            case .loadConfig: "progress.loadConfig"
            case .loadRegistry: "progress.loadRegistry"
            case .check: "progress.check"
            case .loadTheme: "progress.loadTheme"
            case .evaluate: "progress.evaluate"
            case .render: "progress.render"
            case .switchFiles: "progress.switch"
            case .checkData: "progress.checkData"
            case .openRegistry: "progress.openRegistry"
            case .writeAgencies: "progress.writeAgencies"
            case .evaluateDiff: "progress.evaluateDiff"
            case .evaluateBundle: "progress.evaluateBundle"
            case .writeBundle: "progress.writeBundle"
            case .evaluateVersion: "progress.evaluateVersion"
            case .writeVersion: "progress.writeVersion"
            }
        }
    }

    public let steps: [Step]

    static let build = CommandPlan(steps: [.loadConfig, .loadRegistry, .check, .loadTheme, .evaluate, .render, .switchFiles])
    static let importData = CommandPlan(steps: [.checkData, .openRegistry, .writeAgencies])
    static let diff = CommandPlan(steps: [.loadConfig, .loadRegistry, .check, .evaluateDiff])
    static let bundle = CommandPlan(steps: [.loadConfig, .loadRegistry, .check, .evaluateBundle, .writeBundle])
    static let version = CommandPlan(steps: [.loadConfig, .loadRegistry, .check, .evaluateVersion, .writeVersion])

    /// The progress line of `step`: `[n/count] ` and what it does.
    func message(_ step: Step, _ arguments: [String: MessageArgument] = [:]) -> Message {
        guard let index = steps.firstIndex(of: step) else { preconditionFailure("\(step) is not a step of this plan") }
        return Message("progress.step", ["n": "\(index + 1)", "count": "\(steps.count)", "what": .phrase(step.key, arguments)])
    }
}

extension Message {
    /// The step a progress line announces, by its own key (`progress.render`), for `--timings`.
    public var stepKey: String {
        if key == "progress.step", case .message(let what)? = arguments["what"] { return what.key }
        return key
    }
}
