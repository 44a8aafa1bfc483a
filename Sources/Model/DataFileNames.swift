import Messages

/// A message names another data file as the clerk keeps it: `agencies.csv`, or, when the agencies are a
/// sheet of a workbook, that sheet (`登记册.xlsx 的“机构”表`).
extension Diagnostic {
    /// `origins`: where each data file was read (CSV name → file and sheet), as import records them.
    public func naming(dataFilesAt origins: [String: Origin]) -> Diagnostic {
        guard !origins.isEmpty else { return self }
        var d = self
        d.text = text.naming(dataFilesAt: origins)
        return d
    }
}

extension Message {
    public func naming(dataFilesAt origins: [String: Origin]) -> Message {
        Message(key, arguments.mapValues { $0.naming(dataFilesAt: origins) })
    }
}

extension MessageArgument {
    func naming(dataFilesAt origins: [String: Origin]) -> MessageArgument {
        switch self {
        case .dataFile(let name):
            if let origin = origins[name] {
                guard let sheet = origin.sheet else { return self }
                return .phrase("dataFile.sheet", ["workbook": "\(origin.file)", "sheet": "\(sheet)"])
            }
            // Not given yet, by a clerk who keeps the data in a workbook: the sheet to add, in the workbook the
            // agencies are in (else the first workbook by name), never a CSV file they do not have.
            let workbook = origins[CSVFormat.agencies.file].flatMap { $0.sheet == nil ? nil : $0 }
                ?? origins.values.filter { $0.sheet != nil }.min { $0.file < $1.file }
            guard let workbook, let format = CSVFormat.all.first(where: { $0.file == name }) else { return self }
            return .phrase("dataFile.sheet", ["workbook": "\(workbook.file)", "sheet": "\(format.sheetName)"])
        case .list(let items): return .list(items.map { $0.naming(dataFilesAt: origins) })
        case .message(let m): return .message(m.naming(dataFilesAt: origins))
        case .text, .location, .translated: return self
        }
    }
}

extension Array where Element == Diagnostic {
    public func naming(dataFilesAt origins: [String: Origin]) -> [Diagnostic] {
        origins.isEmpty ? self : map { $0.naming(dataFilesAt: origins) }
    }
}
