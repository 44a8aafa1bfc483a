import Evaluation
import Foundation
import Messages
import Model
import Rendering

/// Art. 13–14: a final list is published once in full; each later version only as the rows it replaced
/// (`grades-YEAR.versions`). This shows any of them again, in full, as it stood on a date.
public struct GradeVersionExport: Sendable {
    public var year: Int
    /// nil while the year is under notice on that date.
    public var number: Int?
    public var rows: Int
    /// The files written, in the order written.
    public var files: [String]
}

extension Site {
    /// `gongshi version --year Y --as-of D`: the year's list in force on D — the rows a build as of D publishes
    /// as `grades-YEAR.current` — written as CSV, JSON and Excel into `folder`.
    public func exportVersion(year: Int, asOf: CivilDate, into folder: String) throws -> GradeVersionExport {
        let checked = try loadChecked(plan: .version, forPublication: true)
        log(.version, .evaluateVersion, ["year": "\(year)", "asOf": "\(asOf)"])
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        guard let results = publication.years.first(where: { $0.year == year }) else {
            throw GongshiError(step: .version, at: SourceLocation(file: layout.registry), "E906",
                               ["year": "\(year)", "asOf": "\(asOf)",
                                "published": .list(publication.years.map(\.year).sorted().map { "\($0)" })])
        }
        let dataset = OpenDatasets.versionInForce(results, publication)
        let files = dataset.files()
        let site = checked.config.site
        let book = dataset.workbook(files.sheets, publisher: site.publisher, asOf: asOf, licence: site.licence.statement)
        let outputs: [(String, [UInt8])] = [
            ("\(dataset.name).csv", files.csv), ("\(dataset.name).json", files.json),
            ("\(dataset.name).xlsx", try DeterministicZip.archive(book.parts(), date: asOf)),
        ]
        log(.version, .writeVersion, ["folder": "\(folder)"])
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, bytes) in outputs {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                written.append(path)
            }
        } catch {
            throw GongshiError(step: .writeVersion, at: SourceLocation(file: folder), "E900.writeVersion", ["error": SystemReason.of(error)])
        }
        return GradeVersionExport(year: year, number: dataset.versionNumber, rows: dataset.rowCount, files: written)
    }
}
