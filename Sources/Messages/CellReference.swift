/// Cell references as Excel writes them: `C7` is column 3, row 7.
public enum CellReference {
    /// The column letters of a 1-based column: 1 → A, 27 → AA.
    public static func letters(_ column: Int) -> String {
        var n = column, text = ""
        while n > 0 {
            let r = (n - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + r))) + text
            n = (n - 1) / 26
        }
        return text
    }

    /// `C7` → (row 7, column 3); nil unless letters then digits, within Excel's 16,384 × 1,048,576.
    public static func parse(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, digits = 0
        for b in ref.utf8 {
            if digits == 0, (65...90).contains(b) || (97...122).contains(b) {
                column = column * 26 + Int((b & 0xDF) - 64)
                guard column <= 16_384 else { return nil }
            } else if (48...57).contains(b) {
                row = row * 10 + Int(b - 48)
                digits += 1
                guard row <= 1_048_576 else { return nil }
            } else if b == 36 { // `$` of an absolute reference
                continue
            } else {
                return nil
            }
        }
        return column > 0 && row > 0 ? (row, column) : nil
    }
}
