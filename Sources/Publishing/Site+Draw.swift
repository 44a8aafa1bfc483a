import Evaluation
import Messages
import Model

extension Site {
    /// `gongshi draw`: the draw for a year from a seed, as of a date, with the inspectors (internal).
    public func draw(year: Int, seed: String, on date: CivilDate) throws -> (result: DrawResult, inspectors: [(agency: UnifiedSocialCreditCode, inspectors: [Inspector])],
                                                                      names: [UnifiedSocialCreditCode: String], recorded: InspectionDraw?,
                                                                      origins: [String: Origin]) {
        let read = try readAndCheckSources(encoding: nil)
        let (checked, data) = (read.report, read.data)
        guard checked.errors.isEmpty else { throw GongshiError(step: .check, diagnostics: checked.diagnostics) }
        // The stages as the clerk keeps them: a workbook's sheet, or the CSV file.
        let stages = read.origins[CSVFormat.publicationStages.file].map { SourceLocation(file: $0.file, sheet: $0.sheet) }
            ?? SourceLocation(file: "data/" + CSVFormat.publicationStages.file)
        let config = try layout.loadConfig()
        guard data.published.stages.contains(where: { $0.year == year && $0.finalOn <= date }) else {
            throw GongshiError(step: .draw, at: stages,
                               "E199.resultsNotFinal",
                               ["year": "\(year)", "date": "\(date)"])
        }
        let evaluator = config.evaluator
        let index = RegistryIndex(data.published, grading: evaluator.grading)
        let draw = InspectionDraw(origin: Origin(file: "gongshi draw", line: nil), year: year, seed: seed, announcedOn: date, drawnOn: date)
        guard let result = evaluator.inspectionDraw(draw, index: index) else {
            throw GongshiError(step: .draw, at: stages, "E199.drawAfterLapse",
                               index.calendar.lapse(of: year, on: date) ?? [:])
        }
        let names = Dictionary(data.published.agencies.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return (result, InspectionDrawing.assignInspectors(result, pool: data.internalOnly.inspectors), names,
                data.published.inspectionDraws.first { $0.year == year }, read.origins)
    }
}
