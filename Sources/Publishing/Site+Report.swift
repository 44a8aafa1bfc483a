import Import
import Model

extension Site {
    /// The data files read and checked, for the internal reports (errors stop it, as for import).
    public func report(_ report: SupervisionReport, asOf: CivilDate, encoding: TextEncoding? = nil) throws -> SupervisionReport.Table {
        let (checked, data) = try readAndCheck(encoding: encoding)
        guard checked.errors.isEmpty else { throw GongshiError(step: .check, diagnostics: checked.diagnostics) }
        let authored = SiteContent.load(layout, theme: nil).notices.map { ($0.slug, $0.date) }
        return report.table(data, asOf: asOf, evaluator: try layout.loadConfig().evaluator, authored: authored)
    }
}
