import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// CommonMark to HTML through cmark in its default safe mode: raw HTML in the source becomes a comment
/// and `javascript:` links lose their target. `CMARK_OPT_UNSAFE` is never passed.
public enum Markdown {
    /// The version of the cmark library gongshi runs with (a shared library: another may write other HTML).
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    public static func html(_ source: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART
        guard !source.isEmpty else { return "" }
        let rendered: UnsafeMutablePointer<CChar>? = source.withCString { cmark_markdown_to_html($0, strlen($0), options) }
        guard let cString = rendered else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }

    /// Escapes text for a Markdown document so it reads literally: table pipes, emphasis and link
    /// punctuation, and `<` (so a name like `<script>` is never raw HTML in any renderer).
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        Escape.markdown(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
