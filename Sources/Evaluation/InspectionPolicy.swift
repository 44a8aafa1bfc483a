/// Art. 17: on-site inspection by grade. A agencies are exempt; at most 10 % of B and 50 % of C are drawn;
/// every D and E agency is inspected. Set in `[inspection]` of config.toml, within these caps.
public struct InspectionPolicy: Sendable, Equatable {
    /// Per cent of B agencies inspected, 0–10.
    public var bPercent: Int
    /// Per cent of C agencies inspected, 0–50.
    public var cPercent: Int

    /// Art. 19: whether the inspectors drawn for each agency are published (default: internal).
    public var publishInspectors = false

    public init(bPercent: Int, cPercent: Int, publishInspectors: Bool = false) {
        self.bPercent = bPercent
        self.cPercent = cPercent
        self.publishInspectors = publishInspectors
    }

    public static let bCap = 10
    public static let cCap = 50
    /// The measures' caps, used as the default.
    public static let `default` = InspectionPolicy(bPercent: bCap, cPercent: cCap)
}
