import Registry

/// Why a command stopped: the step it was in, and every problem found there, each with where and why.
public struct GongshiError: Error, CustomStringConvertible {
    public var step: String
    public var diagnostics: [Diagnostic]

    public init(step: String, diagnostics: [Diagnostic]) {
        self.step = step
        self.diagnostics = diagnostics.sorted()
    }

    public init(step: String, at location: SourceLocation, _ message: String, fix: String, code: String = "E900") {
        self.init(step: step, diagnostics: [Diagnostic(code: code, at: location, message, fix: fix)])
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    public var description: String {
        (diagnostics.map(\.description) + ["gongshi stopped at step '\(step)' with \(errorCount) error(s); nothing was written."]).joined(separator: "\n")
    }
}
