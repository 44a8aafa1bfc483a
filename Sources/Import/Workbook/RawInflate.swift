import CSupport
import Model

/// One zip entry's raw deflate stream inflated by zlib into at most `size + 1` bytes (one more than declared,
/// so that a stream that runs on is seen), in time bounded by its length. What the status means — damage in a
/// signed bundle, or a writer's harmless habit in a workbook — is for the zip reader to say.
public enum RawInflate {
    public struct Outcome {
        /// `GONGSHI_INFLATE_…`.
        public var status: Int32
        /// What came out: at most `size + 1` bytes.
        public var bytes: [UInt8]
        /// How much of the input the stream took.
        public var consumed: Int
    }

    public static func inflate(_ input: UnsafeBufferPointer<UInt8>, size: Int) -> Outcome {
        var output = [UInt8](repeating: 0, count: size + 1)
        var consumed: UInt = 0, produced: UInt = 0
        let status = output.withUnsafeMutableBufferPointer { out in
            gongshi_inflate_raw(input.baseAddress, UInt(input.count), out.baseAddress, UInt(out.count), &consumed, &produced)
        }
        output.removeLast(output.count - Int(produced))
        return Outcome(status: status, bytes: output, consumed: Int(consumed))
    }
}
