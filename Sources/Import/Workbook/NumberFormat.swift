import Model
/// Whether a cell's number format shows its number as a date, as text, or as a number. In a workbook a date is
/// a number like any other; only its format says it is a date.
enum NumberFormat {
    /// Excel's built-in formats that are dates or times: 14–22, and the East Asian date formats 27–36 and
    /// 50–58 (`yyyy"年"m"月"d"日"` and its kin), and the times 45–47. 49 is text (`@`).
    static func kind(id: Int, code: String?) -> WorkbookCell.Format {
        if let code { return kind(code: code) }
        switch id {
        case 14...22, 27...36, 45...47, 50...58: return .date
        case 49: return .text
        default: return .general
        }
    }

    /// A custom format code: text if it is `@`, a date if, outside quotes, escapes and brackets (colours,
    /// locales, `[DBNum1]`), it has a date or time letter (y m d h s, or 年 月 日 时 分 秒). The East Asian era
    /// letters (e, g) are left out: `E` is also a scientific number's exponent (`0.00E+00`).
    /// Elapsed times (`[h]:mm`) are times too.
    static func kind(code: String) -> WorkbookCell.Format {
        var section: [Character] = []
        var inQuote = false, escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            switch ch {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case ";": break
            default: section.append(ch); continue
            }
            if ch == ";" { break }
        }
        var plain = ""
        var bracket: String?
        for ch in section {
            if var b = bracket {
                if ch == "]" {
                    let inside = b.lowercased()
                    if !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { plain += inside }
                    bracket = nil
                } else {
                    b.append(ch)
                    bracket = b
                }
            } else if ch == "[" {
                bracket = ""
            } else {
                plain.append(ch)
            }
        }
        let lower = plain.lowercased().replacingOccurrences(of: "general", with: "")
        if lower.contains("@") { return .text }
        if lower.contains(where: { "ymdhs".contains($0) }) || lower.contains(where: { "年月日时分秒".contains($0) }) { return .date }
        return .general
    }
}
