import Messages

/// Text that looks like other text: characters that show as nothing, or that change how the text around
/// them is shown. Decided by Unicode's properties, not by a list of examples: every Default_Ignorable_Code_Point
/// (zero-width characters, the soft hyphen, joiners, variation selectors, tag characters, the Hangul
/// fillers U+115F U+1160 U+3164 U+FFA0, U+180E, U+034F …), every format character (Cf: direction
/// overrides, isolates and marks), every control but tab and the line ends, line and paragraph
/// separators, noncharacters, and the blank Braille pattern U+2800 (which no property marks, but which
/// shows as a space that is not one). A name, a number or a summary for the public never needs one.
public enum TextSafety {
    public struct Problem: Sendable, Equatable {
        /// 1-based position among the text's Unicode scalars.
        public var position: Int
        public var scalar: Unicode.Scalar
        public var what: String

        public var hex: String { "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) }
    }

    /// The first character of `text` that makes it look like other text; line breaks allowed with `multiline`.
    public static func firstProblem(in text: String, multiline: Bool = true) -> Problem? {
        // ASCII, the usual case: only controls can be a problem. One pass over the bytes (every cell of an import).
        let scan = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            var high: UInt8 = 0, control = false
            for byte in bytes {
                high |= byte
                control = control || byte < 0x20 || byte == 0x7F
            }
            return high < 0x80 && !control
        }
        if text.utf8.withContiguousStorageIfAvailable(scan) ?? Array(text.utf8).withUnsafeBufferPointer(scan) { return nil }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            // Printable ASCII, CJK ideographs and CJK and full-width punctuation, the bulk of a Chinese registry,
            // need no look-up of their properties.
            switch scalar.value {
            case 0x20...0x7E, 0x4E00...0x9FFF, 0x3001...0x303F, 0xFF01...0xFF5E: continue
            default: break
            }
            if let what = describe(scalar, multiline: multiline) { return Problem(position: offset + 1, scalar: scalar, what: what) }
        }
        return nil
    }

    /// What the character is, if it is one that makes text look like other text: the catalogue key of its name.
    static func describe(_ scalar: Unicode.Scalar, multiline: Bool) -> String? {
        let v = scalar.value
        switch v {
        case 0x09: return nil
        case 0x0A, 0x0D: return multiline ? nil : "character.lineBreak"
        case 0x202A...0x202E, 0x2066...0x2069: return "character.directionOverride"
        case 0x200E, 0x200F, 0x061C: return "character.directionMark"
        case 0x200B...0x200D, 0x2060, 0xFEFF: return "character.zeroWidth"
        case 0x2028, 0x2029: return "character.lineSeparator"
        case 0xFFF9...0xFFFB: return "character.interlinear"
        case 0x2800: return "character.braille"
        case 0x115F, 0x1160, 0x3164, 0xFFA0: return "character.hangulFiller"
        default: break
        }
        let properties = scalar.properties
        if properties.isNoncharacterCodePoint { return "character.noncharacter" }
        switch properties.generalCategory {
        case .control: return "character.control"
        case .format: return "character.format"
        case .lineSeparator, .paragraphSeparator: return "character.lineSeparator"
        default: break
        }
        if properties.isDefaultIgnorableCodePoint {
            if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return "character.variationSelector" }
            if (0xE0000...0xE007F).contains(v) { return "character.tag" }
            return "character.invisible"
        }
        return nil
    }

    /// A message for the problem, the same wherever text is read.
    public static func message(_ p: Problem) -> Message {
        Message("E011", ["what": .phrase(p.what), "hex": "\(p.hex)", "position": "\(p.position)"])
    }
}

extension String {
    /// Zeros in front up to `length` characters (`"a3".leftPadded(to: 4)` is `"00a3"`).
    public func leftPadded(to length: Int) -> String { String(repeating: "0", count: Swift.max(0, length - count)) + self }
}

/// Line ends as text files from Windows and Unix write them.
public enum LineEnds {
    /// CRLF made LF. Swift's `Character` "\r\n" equals neither "\r" nor "\n": code that splits or counts
    /// lines by Character must see this form, or a file saved by Windows Notepad is one long line.
    public static func unix(_ text: String) -> String {
        text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }
}
