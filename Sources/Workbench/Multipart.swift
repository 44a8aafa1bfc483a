/// A `multipart/form-data` body (RFC 7578), as a browser sends an upload form: its fields and files.
///
/// The body is already bounded by the server's upload limit; this reads it in one pass, looking for each
/// delimiter from where the last one ended, so that its time is linear in the body's length whatever the bytes.
/// Part headers are bounded too: a part whose headers run past `maximumHeaderBytes` is refused, not searched.
struct MultipartForm: Sendable, Equatable {
    struct Part: Sendable, Equatable {
        var name: String
        /// The name the browser gives the file (its last path component); nil for a plain field.
        var filename: String?
        var bytes: [UInt8]
    }

    enum Failure: Error, Equatable {
        /// No boundary in the Content-Type, or the body does not follow it.
        case malformed
        /// More parts than a form of the workbench has.
        case tooManyParts
    }

    var parts: [Part]

    static let maximumHeaderBytes = 8 * 1024
    static let maximumParts = 200

    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    func files(_ name: String) -> [Part] { parts.filter { $0.name == name && $0.filename != nil } }

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) -> Result<MultipartForm, Failure> {
        let delimiter = Array(("--" + boundary).utf8)
        let separator = Array(("\r\n--" + boundary).utf8)
        guard body.count >= delimiter.count, Array(body[0..<delimiter.count]) == delimiter else { return .failure(.malformed) }
        var parts: [Part] = []
        var position = delimiter.count
        while true {
            // After a delimiter: `--` ends the body, CRLF starts a part.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else { return .failure(.malformed) }
            position += 2
            let headerLimit = min(body.count, position + maximumHeaderBytes)
            guard let headersEnd = find([13, 10, 13, 10], in: body, from: position, to: headerLimit) else { return .failure(.malformed) }
            let headers = String(decoding: body[position..<headersEnd], as: UTF8.self)
            guard let disposition = dispositionFields(headers), let name = disposition["name"] else { return .failure(.malformed) }
            let contentStart = headersEnd + 4
            guard let contentEnd = find(separator, in: body, from: contentStart, to: body.count) else { return .failure(.malformed) }
            guard parts.count < maximumParts else { return .failure(.tooManyParts) }
            parts.append(Part(name: name, filename: disposition["filename"].map(lastComponent),
                              bytes: Array(body[contentStart..<contentEnd])))
            position = contentEnd + separator.count
        }
        return .success(MultipartForm(parts: parts))
    }

    /// The parameters of the part's `Content-Disposition: form-data; name="…"; filename="…"` header.
    static func dispositionFields(_ headers: String) -> [String: String]? {
        for line in headers.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "content-disposition" else { continue }
            var fields: [String: String] = [:]
            var rest = Substring(pair[1])
            guard let kind = rest.split(separator: ";", maxSplits: 1).first, kind.trimmingCharacters(in: " \t") == "form-data" else { return nil }
            rest = rest.dropFirst(kind.count)
            // `; key="quoted value"` or `; key=token`; a quoted value may hold `;` and `\"`.
            while let semicolon = rest.firstIndex(of: ";") {
                rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
                guard let equals = rest.firstIndex(of: "=") else { return nil }
                let key = rest[..<equals].lowercased()
                rest = rest[rest.index(after: equals)...]
                var value = ""
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    var escaped = false
                    var closed = false
                    while let c = rest.first {
                        rest = rest.dropFirst()
                        if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { closed = true; break } else { value.append(c) }
                    }
                    guard closed else { return nil }
                } else {
                    let end = rest.firstIndex(of: ";") ?? rest.endIndex
                    value = rest[..<end].trimmingCharacters(in: " \t")
                    rest = rest[end...]
                }
                fields[key] = value
            }
            return fields
        }
        return nil
    }

    /// A browser on Windows may send the whole path: only its last component names the file.
    static func lastComponent(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }

    /// Where `needle` first starts in `haystack[from..<to]`: at most the span's length times the needle's (a
    /// delimiter is at most 74 bytes), so linear in the body whatever its bytes.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, to: Int) -> Int? {
        guard !needle.isEmpty, to - from >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = to - needle.count
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(self.drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
