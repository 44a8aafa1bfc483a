import Foundation
import Messages
import Model

/// What a spreadsheet did to a cell, said as the spreadsheet's fault with the fix in the clerk's terms.
struct CellProblem: Error, Equatable {
    var text: Message
    init(_ key: String, _ arguments: [String: MessageArgument] = [:]) { text = Message(key, arguments) }
}

/// A workbook cell as the text its column means: a code keeps every digit or is refused, a date cell becomes
/// `YYYY-MM-DD`, a number is written as Excel shows it (15 significant digits), 是/否 for a checkbox.
enum CellText {
    static func of(_ cell: WorkbookCell, kind: CSVColumn.Kind, date1904: Bool) -> Result<String, CellProblem> {
        switch cell.value {
        case .error(let e):
            return .failure(CellProblem("E017",
                                        ["error": "\(e)"]))
        case .text(let s):
            return .success(s)
        case .uncalculated:
            return .failure(CellProblem("E017.uncalculated"))
        case .boolean(let b):
            switch kind {
            case .flag: return .success(b ? "是" : "否")
            default: return .success(b ? "TRUE" : "FALSE")
            }
        case .isoDate(let s):
            guard let date = isoDay(s) else {
                return .failure(CellProblem("E016.isoDateTime",
                                            ["value": "\(s)"]))
            }
            return .success(date.iso)
        case .number(let raw, let value):
            return number(raw: raw, value: value, format: cell.format, kind: kind, date1904: date1904)
        }
    }

    static func number(raw: String, value: Double, format: WorkbookCell.Format, kind: CSVColumn.Kind, date1904: Bool) -> Result<String, CellProblem> {
        switch kind {
        case .identifier:
            if format == .date, let day = try? serialDay(value, date1904: date1904).get() {
                return .failure(CellProblem("E015.formattedAsDate",
                                            ["dayIso": "\(day.iso)"]))
            }
            // Integers of up to 15 digits survive a spreadsheet exactly; longer ones keep only 15.
            guard value.rounded() == value, abs(value) < 1e15, !raw.contains(where: { "eE.".contains($0) }) else {
                return .failure(CellProblem(
                    "E015.storedAsNumber",
                    ["raw": "\(raw)"]))
            }
            return .success(String(Int64(value)))
        case .date:
            guard format == .date else {
                if let day = try? serialDay(value, date1904: date1904).get(), value.rounded() == value, (20_000...80_000).contains(value) {
                    return .failure(CellProblem("E016.serialInCell",
                                                ["raw": "\(raw)", "dayIso": "\(day.iso)"]))
                }
                return .success(shown(value))
            }
            return serialDay(value, date1904: date1904).map(\.iso)
        case .number, .flag:
            return .success(shown(value))
        case .text:
            if format == .date, let day = try? serialDay(value, date1904: date1904).get() { return .success(day.iso) }
            return .success(shown(value))
        }
    }

    /// A number as a spreadsheet shows it in General format: 15 significant digits, no float noise
    /// (`78.499999999999986` is 78.5), no exponent for ordinary sizes.
    static func shown(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.15g", value)
        if text.contains("e") { return text.uppercased() }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A day serial as a date: in the 1900 system day 1 is 1900-01-01 and day 60 is Excel's 1900-02-29, a day
    /// the calendar never had (kept from Lotus 1-2-3); in the 1904 system day 0 is 1904-01-01.
    static func serialDay(_ value: Double, date1904: Bool) -> Result<CivilDate, CellProblem> {
        guard value.rounded(.down) == value else {
            return .failure(CellProblem("E016.dateWithTime"))
        }
        // gongshi's dates run from 1900 to 2999 (serial 401,768 is 2999-12-31).
        guard value >= (date1904 ? 0 : 1), value <= (date1904 ? 400_306 : 401_768) else {
            return .failure(CellProblem("E016.noSuchDay",
                                        ["shown": "\(shown(value))"]))
        }
        let serial = Int(value)
        if date1904 { return .success(CivilDate(year: 1904, month: 1, day: 1)!.adding(days: serial)) }
        if serial == 60 {
            return .failure(CellProblem("E016.excelLeapDay"))
        }
        let dayBefore1900 = CivilDate(year: 1900, month: 1, day: 1)!.dayNumber - 1
        return .success(CivilDate(dayNumber: dayBefore1900 + serial - (serial > 60 ? 1 : 0)))
    }

    /// `2025-03-01`, `2025-03-01T00:00:00`, `2025-03-01T00:00:00Z`: a day; a time other than midnight is not.
    static func isoDay(_ s: String) -> CivilDate? {
        let day = String(s.prefix(10))
        let rest = s.dropFirst(10)
        guard let date = CivilDate(iso: day) else { return nil }
        guard rest.isEmpty || ["T00:00:00", "T00:00:00Z", "T00:00:00.000", "T00:00"].contains(String(rest)) else { return nil }
        return date
    }
}
