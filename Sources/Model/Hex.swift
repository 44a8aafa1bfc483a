extension Array where Element == UInt8 {
    /// Lower-case hex. Written out by hand: `String(format:)` per byte was a tenth of a 10k-agency build.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: count * 2) { buffer in
            for (i, byte) in enumerated() {
                buffer[2 * i] = digits[Int(byte >> 4)]
                buffer[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return count * 2
        }
    }
}
