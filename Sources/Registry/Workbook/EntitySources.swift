/// Where each data file's rows come from: a CSV file, or a sheet of a workbook.
enum EntitySource {
    case csv(file: String, bytes: [UInt8])
    case sheet(file: String, workbook: Workbook, index: Int)

    /// How `check` names it: `agencies.csv`, `registry.xlsx: 机构`.
    var name: String {
        switch self {
        case .csv(let file, _): return file
        case .sheet(let file, let workbook, let index): return "\(file): \(workbook.sheets[index].name)"
        }
    }

    var location: SourceLocation {
        switch self {
        case .csv(let file, _): return SourceLocation(file: file)
        case .sheet(let file, let workbook, let index): return SourceLocation(file: file, sheet: workbook.sheets[index].name)
        }
    }
}

/// Matches the files of `data/` to the data files gongshi reads. A workbook may be named like a CSV file
/// (`agencies.xlsx`: its one sheet, or the sheet named for it, is agencies.csv) or anything else
/// (`登记册.xlsx`): each sheet named for a data file — by its Chinese title (`机构`, `资质认定证书`, with or
/// without the bracketed note, `关键岗位人员`) or its English name (`agencies`) — is that file. Every other
/// visible sheet that holds anything is an error; a hidden or empty sheet is named in a warning. One data
/// file given twice (a CSV file and a sheet, two sheets) is an error: gongshi never picks one of two.
enum EntitySources {
    static func names(of format: CSVFormat) -> [String] {
        var names = [format.title, String(format.file.dropLast(4))]
        if let bracket = format.title.firstIndex(of: "（") { names.append(String(format.title[..<bracket])) }
        return names
    }

    static func format(named name: String) -> CSVFormat? {
        let wanted = name.trimmingWhitespace()
        return CSVFormat.all.first { names(of: $0).contains(wanted) || names(of: $0).contains(wanted.lowercased()) }
    }

    static func resolve(_ files: [String: [UInt8]], displayPrefix: String) -> (sources: [String: EntitySource], diagnostics: [Diagnostic]) {
        var sources: [String: EntitySource] = [:]
        var diagnostics: [Diagnostic] = []
        func claim(_ format: CSVFormat, _ source: EntitySource) {
            if let earlier = sources[format.file] {
                var at = source.location
                at.file = displayPrefix + at.file
                diagnostics.append(Diagnostic(code: "E019", at: at,
                    "\(format.title) (\(format.file)) is given twice: here and in \(earlier.name)",
                    fix: "keep one of the two and delete or rename the other; gongshi never chooses between two copies"))
            } else {
                sources[format.file] = source
            }
        }
        for name in files.keys.sorted() where name.lowercased().hasSuffix(".csv") {
            if let format = CSVFormat.all.first(where: { $0.file == name }) { claim(format, .csv(file: name, bytes: files[name]!)) }
        }
        for name in files.keys.sorted() where name.lowercased().hasSuffix(".xlsx") {
            let display = displayPrefix + name
            let workbook: Workbook
            switch XLSXReader.read(files[name]!) {
            case .success(let w): workbook = w
            case .failure(let f):
                diagnostics.append(Diagnostic(code: "E018", at: SourceLocation(file: display), "the workbook cannot be read: \(f.description)",
                    fix: "open it in Excel or WPS and save it again as an Excel workbook (.xlsx)"))
                continue
            }
            let stem = String(name.dropLast(5))
            let own = format(named: stem)
            var ownClaimed = false
            var unnamed: [Int] = []
            for (i, sheet) in workbook.sheets.enumerated() {
                let at = SourceLocation(file: display, sheet: sheet.name)
                if sheet.hidden {
                    diagnostics.append(Diagnostic(.warning, code: "W027", at: at, "the sheet is hidden, so gongshi does not read it",
                        fix: "unhide it (right-click a sheet tab, 取消隐藏) if its rows are data, or delete it"))
                    continue
                }
                if let f = format(named: sheet.name) {
                    claim(f, .sheet(file: name, workbook: workbook, index: i))
                    if f.file == own?.file { ownClaimed = true }
                } else if sheet.rows.isEmpty {
                    diagnostics.append(Diagnostic(.warning, code: "W027", at: at, "the sheet is empty, so gongshi does not read it",
                        fix: "delete the sheet, or leave it: it holds nothing"))
                } else {
                    unnamed.append(i)
                }
            }
            // A workbook named like a data file may call its one sheet anything (Sheet1, 工作表1).
            if let own, !ownClaimed, unnamed.count == 1 {
                claim(own, .sheet(file: name, workbook: workbook, index: unnamed.removeFirst()))
            }
            let titles = CSVFormat.all.map(\.title).joined(separator: "、")
            for i in unnamed {
                diagnostics.append(Diagnostic(code: "E008", at: SourceLocation(file: display, sheet: workbook.sheets[i].name),
                    "the sheet '\(workbook.sheets[i].name)' is not named for a data file, so gongshi would not read it",
                    fix: own.map { "name the sheet \($0.title), or move the other sheets out of \(name)" }
                        ?? "rename the sheet to the data it holds (one of \(titles)), or delete it"))
            }
        }
        return (sources, diagnostics)
    }
}

/// What a file in `data/` is, when gongshi does not read it: the message says what to do with it.
enum DataFolderFile {
    static let knownList = CSVFormat.all.map(\.file).joined(separator: ", ")

    /// Nil for a file gongshi reads: a known CSV name or any `.xlsx` workbook.
    static func refusal(_ name: String, displayPrefix: String) -> Diagnostic? {
        let lower = name.lowercased()
        if CSVFormat.all.contains(where: { $0.file == name }) || lower.hasSuffix(".xlsx") && !name.hasPrefix("~$") { return nil }
        let at = SourceLocation(file: displayPrefix + name)
        func refuse(_ why: String, _ fix: String) -> Diagnostic { Diagnostic(code: "E008", at: at, why, fix: fix) }
        if name.hasPrefix("~$") {
            return refuse("'\(name)' is the lock file Excel or WPS keeps while \(name.dropFirst(2)) is open: the workbook may hold unsaved changes",
                          "save and close the workbook in Excel or WPS, then run gongshi again (the lock file goes away)")
        }
        let ext = lower.split(separator: ".").last.map(String.init) ?? ""
        switch ext {
        case "xls", "et", "xlsb", "xlsm", "xltx", "ett":
            return refuse("'\(name)' is a spreadsheet in a format gongshi does not read (.\(ext))",
                          "open it in Excel or WPS and save it as \"Excel 工作簿 (*.xlsx)\"; then delete the .\(ext) file")
        case "ods", "fods":
            return refuse("'\(name)' is a LibreOffice spreadsheet (.\(ext)), which gongshi does not read",
                          "save it from LibreOffice as \"Excel 2007-365 (.xlsx)\"; then delete the .\(ext) file")
        case "numbers":
            return refuse("'\(name)' is an Apple Numbers file, which gongshi does not read", "export it from Numbers as Excel (.xlsx); then delete the .numbers file")
        case "csv":
            return refuse("'\(name)' is not a gongshi data file, so it would be ignored",
                          "rename it to one of \(knownList), or move it out of \(displayPrefix)")
        case "txt", "tsv":
            return refuse("'\(name)' is a text file gongshi does not read", "save the data as CSV UTF-8 with one of the names \(knownList), or move it out of \(displayPrefix)")
        default:
            return refuse("'\(name)' is not a data file gongshi reads (CSV files named \(knownList), or .xlsx workbooks), so it would be ignored",
                          "move it out of \(displayPrefix)")
        }
    }

    /// A hidden file is not data: a warning names it, and LibreOffice's lock file is an error (unsaved changes).
    static func hidden(_ name: String, displayPrefix: String) -> Diagnostic {
        let at = SourceLocation(file: displayPrefix + name)
        if name.hasPrefix(".~lock.") {
            let workbook = name.dropFirst(7).split(separator: "#").first.map(String.init) ?? name
            return Diagnostic(code: "E008", at: at, "'\(name)' is the lock file LibreOffice keeps while \(workbook) is open: it may hold unsaved changes",
                              fix: "save and close \(workbook) in LibreOffice, then run gongshi again")
        }
        return Diagnostic(.warning, code: "W027", at: at, "'\(name)' is a hidden file; gongshi does not read it",
                          fix: "delete it if it is not needed (hidden files are made by other programs, not by the clerk)")
    }

    /// A spreadsheet saved under a `.csv` name, told by its first bytes.
    static func spreadsheetInDisguise(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "an Excel workbook (.xlsx) or another zip file" }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "an old Excel or WPS workbook (.xls or .et)" }
        return nil
    }
}
