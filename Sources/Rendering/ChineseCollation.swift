import Foundation
import _FoundationICU

/// Pinyin order for agency names (阿 安 北 重 李 …). Linux Foundation ignores LANG, so the zh_CN
/// locale is named explicitly (STACK.md); code order breaks exact ties so the order is total.
///
/// Each name gets one ICU sort key and the sort compares bytes: `String.compare(_:locale:)` builds a
/// locale on every call, which at 100,000 names costs far more than the keys (the order is the same).
public enum ChineseCollation {
    /// Thread-safe for reading (ICU collators are const once opened); nil only if ICU lacks zh data.
    nonisolated(unsafe) static let collator: OpaquePointer? = {
        var status = U_ZERO_ERROR
        let collator = swift_ucol_open("zh_CN", &status)
        return status.rawValue > U_ZERO_ERROR.rawValue ? nil : collator
    }()
    static let locale = Locale(identifier: "zh_CN")

    public static func sorted<T>(_ items: [T], by name: (T) -> String, then tie: (T) -> String) -> [T] {
        guard let collator else {
            return items.map { (item: $0, name: name($0), tie: tie($0)) }
                .sorted { a, b in
                    switch a.name.compare(b.name, locale: locale) {
                    case .orderedAscending: return true
                    case .orderedDescending: return false
                    case .orderedSame: return a.tie < b.tie
                    }
                }
                .map(\.item)
        }
        return items.map { (item: $0, key: sortKey(name($0), collator), tie: tie($0)) }
            .sorted { a, b in a.key == b.key ? a.tie < b.tie : a.key.lexicographicallyPrecedes(b.key) }
            .map(\.item)
    }

    static func sortKey(_ text: String, _ collator: OpaquePointer) -> [UInt8] {
        let units = Array(text.utf16)
        var key = [UInt8](repeating: 0, count: units.count * 4 + 16)
        var length = Int(swift_ucol_getSortKey(collator, units, Int32(units.count), &key, Int32(key.count)))
        if length > key.count {
            key = [UInt8](repeating: 0, count: length)
            length = Int(swift_ucol_getSortKey(collator, units, Int32(units.count), &key, Int32(key.count)))
        }
        return Array(key.prefix(length))
    }
}
