import Foundation
import Messages
import Model

/// Where each data file's rows come from: a CSV file, or a sheet of a workbook.
enum EntitySource {
    case csv(file: String, bytes: [UInt8])
    /// A CSV file too large to hold, read from disk a piece at a time.
    case pieces(file: String, pieces: PiecesOnDisk)
    case sheet(file: String, workbook: Workbook, index: Int)

    /// How `check` names it: `agencies.csv`, `registry.xlsx: 机构`.
    var name: String {
        switch self {
        case .csv(let file, _), .pieces(let file, _): return file
        case .sheet(let file, let workbook, let index): return "\(file): \(workbook.sheets[index].name)"
        }
    }

    var location: SourceLocation {
        switch self {
        case .csv(let file, _), .pieces(let file, _): return SourceLocation(file: file)
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

    static func resolve(_ files: [String: [UInt8]], onDisk: [String: PiecesOnDisk] = [:],
                        displayPrefix: String) -> (sources: [String: EntitySource], diagnostics: [Diagnostic]) {
        var sources: [String: EntitySource] = [:]
        var diagnostics: [Diagnostic] = []
        func claim(_ format: CSVFormat, _ source: EntitySource) {
            if let earlier = sources[format.file] {
                var at = source.location
                at.file = displayPrefix + at.file
                diagnostics.append(Diagnostic(at: at,
                    "E019",
                    ["formatTitle": "\(format.title)", "formatFile": "\(format.file)", "name": "\(earlier.name)"]))
            } else {
                sources[format.file] = source
            }
        }
        for name in Set(files.keys).union(onDisk.keys).sorted() where name.lowercased().hasSuffix(".csv") {
            guard let format = CSVFormat.all.first(where: { $0.file == name }) else { continue }
            claim(format, onDisk[name].map { .pieces(file: name, pieces: $0) } ?? .csv(file: name, bytes: files[name]!))
        }
        for name in files.keys.sorted() where name.lowercased().hasSuffix(".xlsx") {
            let display = displayPrefix + name
            let workbook: Workbook
            // An OLE compound file under an .xlsx name: a workbook saved with a password (its encrypted package),
            // or an old .xls/.et renamed. Neither is "not a zip archive" to the clerk.
            if DataFolderFile.spreadsheetInDisguise(files[name]!) == .oldWorkbook {
                let encrypted = Data(files[name]!).range(of: "EncryptedPackage".data(using: .utf16LittleEndian)!) != nil
                diagnostics.append(Diagnostic(at: SourceLocation(file: display), encrypted ? "E018.encrypted" : "E018.oldFormat"))
                continue
            }
            switch XLSXReader.read(files[name]!) {
            case .success(let w): workbook = w
            case .failure(let f):
                diagnostics.append(Diagnostic(at: SourceLocation(file: display), "E018",
                    ["reason": .message(f.explained)]))
                continue
            }
            let stem = String(name.dropLast(5))
            let own = format(named: stem)
            var ownClaimed = false
            var unnamed: [Int] = []
            for (i, sheet) in workbook.sheets.enumerated() {
                let at = SourceLocation(file: display, sheet: sheet.name)
                if sheet.hidden {
                    diagnostics.append(Diagnostic(.warning, at: at, "W027.hiddenSheet"))
                    continue
                }
                if let f = format(named: sheet.name) {
                    claim(f, .sheet(file: name, workbook: workbook, index: i))
                    if f.file == own?.file { ownClaimed = true }
                } else if sheet.rows.isEmpty {
                    diagnostics.append(Diagnostic(.warning, at: at, "W027.emptySheet"))
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
                diagnostics.append(Diagnostic(at: SourceLocation(file: display, sheet: workbook.sheets[i].name),
                    own == nil ? "E008.unnamedSheet" : "E008.extraSheet",
                    ["sheet": "\(workbook.sheets[i].name)", "own": "\(own?.title ?? "")", "workbook": "\(name)", "titles": "\(titles)"]))
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
        let ext = lower.split(separator: ".").last.map(String.init) ?? ""
        func refuse(_ key: String) -> Diagnostic {
            Diagnostic(at: at, key, ["name": "\(name)", "ext": "\(ext)", "workbook": "\(name.dropFirst(2))", "known": "\(knownList)", "folder": "\(displayPrefix)"])
        }
        // Excel's and WPS's owner file while a workbook is open: the saved workbook is read all the same, and the
        // clerk is told once that unsaved changes are not in it (saving is enough; closing is not needed).
        if name.hasPrefix("~$") {
            return Diagnostic(.warning, at: at, "W030.excelLockFile", ["name": "\(name)", "workbook": "\(name.dropFirst(2))"])
        }
        switch ext {
        case "xls", "et", "xlsb", "xlsm", "xltx", "ett": return refuse("E008.otherSpreadsheet")
        case "ods", "fods": return refuse("E008.libreOffice")
        case "numbers": return refuse("E008.numbers")
        case "csv": return refuse("E008.unknownCSV")
        case "txt", "tsv": return refuse("E008.textFile")
        default: return refuse("E008.unknownFile")
        }
    }

    /// A hidden file is not data: a warning names it; LibreOffice's lock file says its workbook is open (W030).
    static func hidden(_ name: String, displayPrefix: String) -> Diagnostic {
        let at = SourceLocation(file: displayPrefix + name)
        if name.hasPrefix(".~lock.") {
            let workbook = name.dropFirst(7).split(separator: "#").first.map(String.init) ?? name
            return Diagnostic(.warning, at: at, "W030.lockFileLibreoffice",
                              ["name": "\(name)", "workbook": "\(workbook)"])
        }
        return Diagnostic(.warning, at: at, "W027.hiddenFile",
                          ["name": "\(name)"])
    }

    /// A spreadsheet saved under a `.csv` name, told by its first bytes.
    enum Disguise { case workbook, oldWorkbook }

    static func spreadsheetInDisguise(_ bytes: [UInt8]) -> Disguise? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .workbook }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .oldWorkbook }
        return nil
    }
}
