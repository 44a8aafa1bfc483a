import Foundation

/// Pinyin order for agency names (阿 安 北 重 李 …). Linux Foundation ignores LANG, so the zh_CN
/// locale is named explicitly (STACK.md); code order breaks exact ties so the order is total.
public enum ChineseCollation {
    static let locale = Locale(identifier: "zh_CN")

    public static func sorted<T>(_ items: [T], by name: (T) -> String, then tie: (T) -> String) -> [T] {
        // Decorate once: comparing with a locale is the expensive part.
        items.map { (item: $0, name: name($0), tie: tie($0)) }
            .sorted { a, b in
                switch a.name.compare(b.name, locale: locale) {
                case .orderedAscending: return true
                case .orderedDescending: return false
                case .orderedSame: return a.tie < b.tie
                }
            }
            .map(\.item)
    }
}
