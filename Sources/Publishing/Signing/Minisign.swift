import Cryptography
import Evaluation
import Foundation
import Messages
import Model

/// Ed25519 keys and signatures in minisign's formats, so that anyone can check gongshi's signatures with
/// the standard `minisign -V` tool. Signatures are "ED": Ed25519 over the BLAKE2b-512 hash of the file,
/// with a trusted comment signed as well.
public struct MinisignKey: Sendable {
    /// Random 8 bytes naming the key pair, written in both files and in every signature.
    public let keyID: [UInt8]
    public let publicKey: [UInt8]
    /// Nil for a public key read from a `.pub` file.
    let secretKey: [UInt8]?

    public struct Failure: Error, CustomStringConvertible {
        public var reason: Message
        public var description: String { reason.text(.en) }
        init(_ key: String, _ arguments: [String: MessageArgument] = [:]) { reason = Message(key, arguments) }
    }

    public static func generate() -> MinisignKey {
        let pair = Sodium.keyPair()
        return MinisignKey(keyID: Sodium.randomBytes(8), publicKey: pair.publicKey, secretKey: pair.secretKey)
    }

    /// The key's id as minisign prints it: the 8 bytes, little-endian, in upper-case hex.
    public var idText: String { keyID.reversed().map { String(format: "%02X", $0) }.joined() }

    /// `minisign.pub`: an untrusted comment line and base64("Ed" + key id + public key).
    public var publicKeyFile: String {
        "untrusted comment: minisign public key \(idText)\n" + Data(Array("Ed".utf8) + keyID + publicKey).base64EncodedString() + "\n"
    }

    /// Byte strings that only a copy of the secret key holds: its 64 bytes, their seed half, and the
    /// base64 line of its key file. No published file may contain any of them (`SecretKeyPattern`).
    public var secretMaterial: [[UInt8]] {
        guard let secretKey, let file = secretKeyFile else { return [] }
        let line = file.split(separator: "\n").dropFirst().first.map { Array($0.utf8) } ?? []
        return [secretKey, Array(secretKey[0..<32]), line]
    }

    /// The public key line alone, as `minisign -P` takes it.
    public var publicKeyLine: String { Data(Array("Ed".utf8) + keyID + publicKey).base64EncodedString() }

    /// minisign's secret key format, unencrypted (kdf "\0\0", as `minisign -G -W` writes it):
    /// "Ed" kdf "B2" salt(32) opslimit(8) memlimit(8) | key id(8) secret key(64) checksum(32).
    public var secretKeyFile: String? {
        guard let secretKey else { return nil }
        let checksum = Sodium.blake2b(Array("Ed".utf8) + keyID + secretKey, length: 32)
        let blob = Array("Ed".utf8) + [0, 0] + Array("B2".utf8) + [UInt8](repeating: 0, count: 48) + keyID + secretKey + checksum
        return "untrusted comment: gongshi secret key \(idText) - keep it out of every repository\n" + Data(blob).base64EncodedString() + "\n"
    }

    /// `missing`: the catalogue key that says which kind of key has no base64 line.
    static func base64Line(_ text: String, missing: String) throws -> [UInt8] {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard let line = lines.first(where: { !$0.hasPrefix("untrusted comment:") }), let data = Data(base64Encoded: line) else {
            throw Failure(missing)
        }
        return [UInt8](data)
    }

    public init(publicKeyText text: String) throws {
        let bytes = try Self.base64Line(text, missing: "minisign.noPublicKeyLine")
        guard bytes.count == 42, bytes.starts(with: Array("Ed".utf8)) else { throw Failure("minisign.notPublicKey") }
        keyID = Array(bytes[2..<10])
        publicKey = Array(bytes[10..<42])
        secretKey = nil
    }

    public init(secretKeyText text: String) throws {
        let bytes = try Self.base64Line(text, missing: "minisign.noSecretKeyLine")
        guard bytes.count == 158, bytes.starts(with: Array("Ed".utf8)) else { throw Failure("minisign.notSecretKey") }
        guard bytes[2] == 0, bytes[3] == 0 else {
            throw Failure("minisign.secretKeyEncrypted")
        }
        keyID = Array(bytes[54..<62])
        let sk = Array(bytes[62..<126])
        guard Sodium.blake2b(Array("Ed".utf8) + keyID + sk, length: 32) == Array(bytes[126..<158]) else {
            throw Failure("minisign.secretKeyChecksum")
        }
        secretKey = sk
        publicKey = Array(sk[32..<64])
    }

    init(keyID: [UInt8], publicKey: [UInt8], secretKey: [UInt8]?) {
        self.keyID = keyID
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A `.minisig` file for `message`. The trusted comment is signed too; gongshi makes it deterministic.
    public func sign(_ message: [UInt8], trustedComment: String) throws -> String {
        guard let secretKey else { throw Failure("minisign.publicKeyCannotSign") }
        let signature = Sodium.sign(Sodium.blake2b(message, length: 64), secretKey: secretKey)
        let global = Sodium.sign(signature + Array(trustedComment.utf8), secretKey: secretKey)
        return "untrusted comment: signature from gongshi secret key \(idText)\n"
            + Data(Array("ED".utf8) + keyID + signature).base64EncodedString() + "\n"
            + "trusted comment: \(trustedComment)\n"
            + Data(global).base64EncodedString() + "\n"
    }

    /// Checks a `.minisig` made by `sign` (or by minisign itself) against `message`.
    public func verify(_ message: [UInt8], signatureFile text: String) -> Result<String, Failure> {
        let lines = LineEnds.unix(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4, lines[2].hasPrefix("trusted comment: "),
              let sigData = Data(base64Encoded: lines[1]), let globalData = Data(base64Encoded: lines[3]) else {
            return .failure(Failure("minisign.notSignatureFile"))
        }
        let sig = [UInt8](sigData)
        guard sig.count == 74 else { return .failure(Failure("minisign.notEd25519Signature")) }
        guard Array(sig[2..<10]) == keyID else { return .failure(Failure("minisign.signedAnotherKey", ["idText": "\(idText)"])) }
        let signature = Array(sig[10..<74])
        let signed: [UInt8]
        switch String(decoding: sig[0..<2], as: UTF8.self) {
        case "ED": signed = Sodium.blake2b(message, length: 64)
        case "Ed": signed = message
        default: return .failure(Failure("minisign.unknownSignatureAlgorithm"))
        }
        guard Sodium.verify(signature, message: signed, publicKey: publicKey) else {
            return .failure(Failure("minisign.signatureMismatch"))
        }
        let comment = String(lines[2].dropFirst("trusted comment: ".count))
        guard Sodium.verify([UInt8](globalData), message: signature + Array(comment.utf8), publicKey: publicKey) else {
            return .failure(Failure("minisign.trustedCommentChanged"))
        }
        return .success(comment)
    }
}
