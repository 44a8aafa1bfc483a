extension StringProtocol {
    /// Trims ASCII and ideographic white space (U+3000), which clerks' spreadsheets often carry.
    public func trimmingWhitespace() -> String {
        // Almost every cell: its first scalar is no space (the byte that would begin one) and its last scalar
        // is none either (the bytes that would end one), so there is nothing to trim.
        let ascii: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        let whole = String(self)
        let bytes = whole.utf8
        if let first = bytes.first, !ascii(first), first != 0xC2, first != 0xE3, let last = bytes.last, !ascii(last),
           !bytes.reversed().starts(with: [0xA0, 0xC2]), !bytes.reversed().starts(with: [0x80, 0x80, 0xE3]) {
            return whole
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{A0}" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
