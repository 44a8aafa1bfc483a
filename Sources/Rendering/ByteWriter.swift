/// CSV fields and JSON strings written straight into bytes. Decisions are made on UTF-8 bytes, where
/// these ASCII characters never occur inside another character: a CR LF inside a field gets the
/// field quoted (a `Character` "\r\n" compares equal to neither "\r" nor "\n").
public enum ByteWriter {
    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    public static func csvField(_ field: String, into out: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: field.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Text a spreadsheet would run as a formula — beginning with `=`, `+`, `-`, `@`, a tab or a CR (OWASP's
    /// list) — with a leading `'`, which Excel, WPS and LibreOffice show as text. Numbers and dates are
    /// typed values in gongshi's datasets and never pass through here.
    public static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.utf8.first, isFormulaStart(first) else { return text }
        return "'" + text
    }

    /// A text cell of the CSV made for Excel and WPS. Text they would read as a number, a date or a time —
    /// only digits and `- / . : E e +` (`913502000728319549` kept as 913502000728319000, `221112050001` shown
    /// as 2.21114E+11, `0123` as 123, `91330206E200000008` as a number, `3-4` as a date) — is written as the
    /// formula `="…"`, whose result is exactly the text and which Excel, WPS and LibreOffice show as text; text
    /// they would run as a formula gets a leading `'`. The formula is gongshi's, never the data's: it holds
    /// only those characters.
    public static func excelText(_ text: String) -> String {
        var digits = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "E"), UInt8(ascii: "e"), UInt8(ascii: "+"): continue
            default: return spreadsheetSafe(text)
            }
        }
        return digits ? "=\"" + text + "\"" : spreadsheetSafe(text)
    }

    @inline(__always) static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@") || byte == 0x09 || byte == 0x0D
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// RFC 8259: quotes, backslashes and control characters escaped, and U+2028/U+2029 (which end a
    /// line in JavaScript); other text written as UTF-8, not `\u` escapes.
    public static func jsonString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var bytes = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = pending.isEmpty ? bytes.next() : pending.removeFirst() {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                guard let second = bytes.next() else { out.append(byte); continue }
                guard second == 0x80, let third = bytes.next() else { out.append(byte); pending = [second]; continue }
                if third == 0xA8 || third == 0xA9 {
                    out += Array((third == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                } else {
                    out += [byte, second, third]
                }
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
