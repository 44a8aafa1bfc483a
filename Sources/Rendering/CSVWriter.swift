/// RFC 4180 output: CRLF line ends, fields quoted when they hold a comma, quote or line break.
/// Hand-written: far faster than CSV.swift's writer (STACK.md has the measure).
///
/// Every CSV that leaves gongshi is opened in a spreadsheet by someone, so every text cell is made safe
/// for one (`ByteWriter.spreadsheetSafe`): one that begins with `=`, `+`, `-`, `@`, a tab or a CR gets a
/// leading `'`, and no cell is ever a live formula. Only gongshi's own synthetic input files, read back
/// by gongshi, are written as they are (`spreadsheetSafe: false`).
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    let spreadsheetSafe: Bool

    public init(header: [String], spreadsheetSafe: Bool = true) {
        self.spreadsheetSafe = spreadsheetSafe
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            ByteWriter.csvField(spreadsheetSafe ? ByteWriter.spreadsheetSafe(field) : field, into: &bytes)
        }
        bytes += [0x0D, 0x0A]
    }
}
