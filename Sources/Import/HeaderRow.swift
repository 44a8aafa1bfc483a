import Model
/// Finding the header of a data file or sheet the way a clerk lays one out.
enum HeaderRow {
    /// A title (`2025年度信用评价结果`) typed above the header: the first row holds none of the file's headers,
    /// and one of the next ten holds at least two of them (or all, for a file of one column). Then one error
    /// names it, instead of one "unknown column" per cell of the title row.
    static func titleRow(_ rows: [(line: Int, texts: [String])], format: CSVFormat) -> (headerLine: Int, found: String)? {
        let known = Set(format.headers)
        guard let first = rows.first, !first.texts.contains(where: { known.contains($0.trimmingWhitespace()) }) else { return nil }
        let enough = min(2, known.count)
        for row in rows.dropFirst().prefix(10) {
            let found = row.texts.map { $0.trimmingWhitespace() }.filter { known.contains($0) }
            if found.count >= enough { return (row.line, found.joined(separator: "、")) }
        }
        return nil
    }
}
