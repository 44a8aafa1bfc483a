import Messages
import Model

/// Why a command stopped: the step it was in, and every problem found there, each with where and why.
public struct GongshiError: Error, CustomStringConvertible {
    /// The step's name, which is also its catalogue key after `step.` (`load config`).
    public var step: String
    public var diagnostics: [Diagnostic]

    public init(step: String, diagnostics: [Diagnostic]) {
        self.step = step
        self.diagnostics = diagnostics.sorted()
    }

    public init(step: String, at location: SourceLocation, _ text: Message) {
        self.init(step: step, diagnostics: [Diagnostic(at: location, text)])
    }

    public init(step: String, at location: SourceLocation, _ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.init(step: step, at: location, Message(key, arguments))
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    public var description: String { description(in: .en) }

    public func description(in language: Language) -> String {
        let stopped = MessageCatalogue.text("stopped", language, ["step": .phrase("step.\(step)"), "count": "\(errorCount)"])
        return (diagnostics.map { $0.description(in: language) } + [stopped]).joined(separator: "\n")
    }
}
