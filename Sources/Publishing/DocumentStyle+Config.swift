import Foundation
import Messages
import Model
import Rendering

/// `[documents]` in config.toml: how the site's 公示, 公布 and 通报 are issued (GB/T 9704-2012).
///
///     [documents]
///     issuer = "宁波市生态环境局"            # 发文机关署名 (default: publisher)
///     mark = "宁波市生态环境局文件"           # 发文机关标志 of the 公示 and 公布 (default: issuer + 文件)
///     letter_mark = "宁波市生态环境局"        # of the 通报 函 (default: issuer)
///     copy_to = ["市市场监管局"]              # 抄送 (default: none)
///     printed_by = "宁波市生态环境局办公室"    # 印发机关 (default: issuer + 办公室)
///     [documents.2025]
///     notice_number = "甬环发〔2026〕3号"      # each as the bureau's office assigns it
///     final_number = "甬环发〔2026〕9号"
///     circular_number = "甬环函〔2026〕5号"
extension DocumentStyle {
    static func read(_ d: inout ConfigReader, publisher: String) -> DocumentStyle {
        let issuer = d.string("issuer", default: publisher) ?? publisher
        var style = DocumentStyle(issuer: issuer, mark: d.string("mark"), letterMark: d.string("letter_mark"),
                                  copyTo: d.strings("copy_to") ?? [], printedBy: d.string("printed_by"))
        for (key, value) in [("issuer", style.issuer), ("mark", style.mark), ("letter_mark", style.letterMark), ("printed_by", style.printedBy)]
            where value.trimmingCharacters(in: .whitespaces).isEmpty || value.count > 30 {
            d.error(key, "E400.documentName", ["qualified": "\(d.qualified(key))"])
        }
        if style.copyTo.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            d.error("copy_to", "E400.documentName", ["qualified": "\(d.qualified("copy_to"))"])
        }
        for entry in d.table.entries where entry.key.count == 4 && entry.key.allSatisfy(\.isASCII) && Int(entry.key) != nil {
            guard var year = d.section(entry.key) else { continue }
            var numbers: [DocumentKind: String] = [:]
            for kind in DocumentKind.allCases {
                guard let number = year.string(kind.numberKey) else { continue }
                if let problem = DocumentNumber.problem(number) {
                    year.error(kind.numberKey, "E400.documentNumber",
                               ["qualified": "\(year.qualified(kind.numberKey))", "number": "\(number)", "problem": .phrase(problem)])
                } else {
                    numbers[kind] = number
                }
            }
            style.numbers[Int(entry.key)!] = numbers
            d.absorb(year)
        }
        return style
    }
}
