/// A piece of context many pages share (the navigation, the site's facts, a grade), converted once for all
/// of them: a page's context holds it as it is.
public struct Shared<Piece: Codable & Sendable>: Codable, Sendable {
    public let piece: Piece
    public let templateValue: TemplateValue
    /// What the piece writes into a page's key (`ContextKeyEncoder`), written once.
    let keyBytes: [UInt8]

    public init(_ piece: Piece) {
        self.piece = piece
        templateValue = TemplateEncoder.value(piece)
        let encoder = ContextKeyEncoder(ContentKey.kept())
        encoder.write(piece)
        keyBytes = encoder.key.keptBytes
    }

    /// As it was converted and keyed once, to gongshi's encoders; as the piece, to any other.
    public func encode(to encoder: any Encoder) throws {
        if let values = encoder as? ValueEncoder {
            values.single = templateValue
        } else if let keys = encoder as? ContextKeyEncoder {
            keys.key.add(raw: keyBytes)
        } else {
            try piece.encode(to: encoder)
        }
    }

    /// Read only for its schema: the converted value is made again from the piece.
    public init(from decoder: any Decoder) throws { self.init(try Piece(from: decoder)) }
}

/// Two types' fields in one object, as a template reads them: an agency's link and its row in a list.
public struct Merged<First: Codable & Sendable, Second: Codable & Sendable>: Codable, Sendable {
    public var first: First
    public var second: Second

    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public func encode(to encoder: any Encoder) throws {
        try first.encode(to: encoder)
        try second.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        first = try First(from: decoder)
        second = try Second(from: decoder)
    }
}

/// A part of a `Merged` context that may be absent: when present its fields join the object, as the part's
/// own type declares them; when absent, none of them is there. A template reads the same flat names.
public struct Present<Part: Codable & Sendable>: Codable, Sendable {
    public var part: Part?

    public init(_ part: Part?) { self.part = part }

    public func encode(to encoder: any Encoder) throws { try part?.encode(to: encoder) }

    /// Read only for its schema: the part's names.
    public init(from decoder: any Decoder) throws { part = try Part(from: decoder) }
}
