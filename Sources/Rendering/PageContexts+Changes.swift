import Evaluation
import Registry

extension PageContexts {
    func changeContext(_ entry: ChangeEntry, root: String) -> [String: Any] {
        [
            "id": entry.id, "date": entry.date.iso, "kind": wording.kindLabel(entry.kind), "kindClass": "change-\(entry.kind.rawValue)",
            "title": wording.title(entry), "sentence": wording.sentence(entry), "href": root + wording.path(entry),
        ]
    }

    /// Every publication and change up to the as-of date, newest first (Art. 12–15).
    public func changeLog() -> [String: Any] {
        let path = SitePaths.changes
        let root = SitePaths.root(of: path)
        var c = common(path: path, title: "变更记录", section: .changes,
                       description: "信用评价结果公示、公布后的每一项变更：异议更正、严重失信、解除、信用修复和公示期满")
        c["entries"] = publication.changes.map { changeContext($0, root: root) }
        c["hasEntries"] = !publication.changes.isEmpty
        c["count"] = publication.changes.count
        return c
    }

    /// The Atom feed: the same entries, with absolute links and stable ids.
    public func feed() -> [String: Any] {
        let base = site.baseURL
        let updated = publication.changes.first?.date ?? publication.asOf
        return [
            "title": "\(site.title)：公告与变更", "publisher": site.publisher, "lang": "zh-CN",
            "id": base + SitePaths.feed, "self": base + SitePaths.feed, "alternate": base + "changes/",
            "updated": "\(updated.iso)T00:00:00+08:00",
            "entries": publication.changes.map { e -> [String: Any] in
                ["id": base + "changes/#" + e.id, "title": wording.title(e), "summary": wording.sentence(e),
                 "href": SitePaths.url(of: wording.path(e), base: base), "updated": "\(e.date.iso)T00:00:00+08:00",
                 "category": wording.kindLabel(e.kind)]
            },
        ]
    }
}
