import Foundation

/// The default theme as built into the binary (the EmbedTheme plugin copies `site-templates/` at build time):
/// a copied `gongshi` needs no folder beside it. An installed `share/gongshi/site-templates` or `--theme` wins.
public enum DefaultTheme {
    /// Each file's path relative to the theme folder, and its bytes.
    public static func files() -> [(path: String, bytes: [UInt8])] {
        embeddedTheme.map { ($0.path, [UInt8](Data(base64Encoded: $0.base64)!)) }
    }
}
