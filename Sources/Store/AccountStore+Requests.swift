import Foundation
import GRDB

/// 二人审核: what one person asks to publish or to send, and what a second person decided. A request is bound to the
/// inputs it was made from (`inputs`: the fingerprint of the registry, settings and templates) and to what it would
/// put out (`result`: the build's manifest, or the bundle plan's digest); a change to either voids it.
extension AccountStore {
    public enum RequestKind: String, Sendable, Codable {
        /// A publication of the site as of a day.
        case publish
        /// A sharing bundle to one recipient (Art. 14).
        case bundle
    }

    /// Where a request stands. Only `pending` may be decided; only `approved` may be carried out.
    public enum RequestState: String, Sendable, Codable, CaseIterable {
        case pending, approved, rejected, withdrawn, void, done
    }

    public struct Request: Sendable, Equatable {
        public var id: Int64
        public var kind: RequestKind
        public var author: String
        public var created: Int64
        public var asOf: String
        /// The recipient of a bundle ("" for a publication) and whether it is a full bundle.
        public var recipient: String
        public var full: Bool
        public var inputs: String
        public var result: String
        /// What the reviewer is shown (JSON written by the workbench: sentences, files, counts).
        public var summary: String
        public var state: RequestState
        public var reviewer: String
        public var reviewed: Int64
        public var comment: String
        /// What became of it: the release published, the bundle written, or why it was voided.
        public var outcome: String

        public init(id: Int64 = 0, kind: RequestKind, author: String, created: Int64, asOf: String, recipient: String = "",
                    full: Bool = false, inputs: String, result: String, summary: String) {
            self.id = id; self.kind = kind; self.author = author; self.created = created; self.asOf = asOf
            self.recipient = recipient; self.full = full; self.inputs = inputs; self.result = result; self.summary = summary
            state = .pending; reviewer = ""; reviewed = 0; comment = ""; outcome = ""
        }
    }

    static let requestsMigration = (id: "3-requests", sql: """
        CREATE TABLE requests (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, author TEXT NOT NULL, created INTEGER NOT NULL,
                               as_of TEXT NOT NULL, recipient TEXT NOT NULL, full INTEGER NOT NULL, inputs TEXT NOT NULL,
                               result TEXT NOT NULL, summary TEXT NOT NULL, state TEXT NOT NULL, reviewer TEXT NOT NULL,
                               reviewed INTEGER NOT NULL, comment TEXT NOT NULL, outcome TEXT NOT NULL);
        """)

    /// The new request's number.
    public func addRequest(_ request: Request) throws -> Int64 {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO requests (kind, author, created, as_of, recipient, full, inputs, result, summary, state, reviewer, reviewed, comment, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', 0, '', '')
                """, arguments: [request.kind.rawValue, request.author, request.created, request.asOf, request.recipient, request.full,
                                 request.inputs, request.result, request.summary])
            return db.lastInsertedRowID
        }
    }

    /// Newest first, at most `limit`.
    public func requests(kind: RequestKind? = nil, limit: Int = 100) throws -> [Request] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM requests WHERE ?1 IS NULL OR kind = ?1 ORDER BY id DESC LIMIT ?2",
                             arguments: [kind?.rawValue, limit]).map(Self.request)
        }
    }

    public func request(_ id: Int64) throws -> Request? {
        try queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM requests WHERE id = ?", arguments: [id]).map(Self.request) }
    }

    /// Moves a request from one of `from` to `to`, atomically: false when it was no longer in one of them (two
    /// reviewers deciding at once, a request voided meanwhile). Empty texts leave the fields as they were.
    public func moveRequest(_ id: Int64, from: Set<RequestState>, to: RequestState, reviewer: String = "", at time: Int64 = 0,
                            comment: String = "", outcome: String = "") throws -> Bool {
        try queue.write { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM requests WHERE id = ?", arguments: [id]),
                  let current = RequestState(rawValue: state), from.contains(current) else { return false }
            try db.execute(sql: """
                UPDATE requests SET state = ?, reviewer = CASE WHEN ? = '' THEN reviewer ELSE ? END,
                       reviewed = CASE WHEN ? = 0 THEN reviewed ELSE ? END, comment = CASE WHEN ? = '' THEN comment ELSE ? END,
                       outcome = CASE WHEN ? = '' THEN outcome ELSE ? END WHERE id = ?
                """, arguments: [to.rawValue, reviewer, reviewer, time, time, comment, comment, outcome, outcome, id])
            return true
        }
    }

    /// Whether a second person approved these inputs (a request approved or carried out that was made from them).
    public func approves(inputs: String, kind: RequestKind) throws -> Bool {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM requests WHERE kind = ? AND inputs = ? AND state IN ('approved', 'done')",
                             arguments: [kind.rawValue, inputs]) ?? 0 > 0
        }
    }

    static func request(_ row: Row) -> Request {
        var request = Request(id: row["id"], kind: RequestKind(rawValue: row["kind"]) ?? .publish, author: row["author"], created: row["created"],
                              asOf: row["as_of"], recipient: row["recipient"], full: row["full"], inputs: row["inputs"], result: row["result"],
                              summary: row["summary"])
        request.state = RequestState(rawValue: row["state"]) ?? .void
        request.reviewer = row["reviewer"]; request.reviewed = row["reviewed"]; request.comment = row["comment"]; request.outcome = row["outcome"]
        return request
    }
}
