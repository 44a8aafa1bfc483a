import Messages
import Model
import Rendering

/// `gongshi help data-format`: the reference to `data/`, in the reader's language. Its prose is one text per
/// language (`Resources/data-format.*.md`); every column table is made from the entities' declarations, the
/// same that the importer reads and the template workbook is written from, so the two languages and the code
/// never disagree on a column, whether it is required, or what goes in it.
enum DataFormatReference {
    /// The reference in `language`; docs/data-format.md and docs/data-format.zh.md are this text.
    static func text(_ language: Language) -> String {
        var lines: [String] = []
        for line in prose(language).split(separator: "\n", omittingEmptySubsequences: false) {
            if let file = marker(line), let format = CSVFormat.all.first(where: { $0.file == file }) {
                lines += table(format, language)
            } else if line == "{{codes open-data}}" {
                lines += codes(language)
            } else {
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The data file a `{{columns FILE}}` line stands for.
    static func marker(_ line: Substring) -> String? {
        guard line.hasPrefix("{{columns "), line.hasSuffix("}}") else { return nil }
        return String(line.dropFirst(10).dropLast(2))
    }

    /// The prose of `language`, with its markers.
    static func prose(_ language: Language) -> String {
        String(decoding: language == .zh ? PackageResources.data_format_zh_md : PackageResources.data_format_en_md, as: UTF8.self)
    }

    static func table(_ format: CSVFormat, _ language: Language) -> [String] {
        let zh = language == .zh
        return [zh ? "| 列（表头） | 必填 | 内容 |" : "| column | required | content |", "|---|---|---|"]
            + format.columns.map { column in
                let required = zh ? (column.required ? "是" : "否") : (column.required ? "yes" : "no")
                return "| \(column.header) | \(required) | \(cell(zh ? column.doc : column.en)) |"
            }
    }

    /// The open data's code values, from the lists the datasets are written with (`OpenDataCodes`).
    static func codes(_ language: Language) -> [String] {
        let zh = language == .zh
        var lines = [zh ? "**代码值。** CSV 和 JSON 中以下字段的值是代码；Excel 工作簿、筛选下载和网页显示其中文。是/否 字段在 CSV 和 JSON 中为 `true` / `false`。"
                        : "**Code values.** These fields hold codes in the CSV and JSON; the Excel workbooks, the filtered downloads and the pages show them in Chinese. Yes/no fields are `true` / `false` in the CSV and JSON (是 / 否 in the workbooks).",
                     "", zh ? "| 字段 | 代码 | 中文 |" : "| field | code | Chinese | meaning |", zh ? "|---|---|---|" : "|---|---|---|---|"]
        for list in OpenDataCodes.all {
            let field = zh ? "`\(list.field)`（\(list.datasets.joined(separator: "、"))）" : "`\(list.field)` (\(list.datasets.joined(separator: ", ")))"
            for code in list.codes {
                lines.append(zh ? "| \(field) | `\(code.value)` | \(code.label) |" : "| \(field) | `\(code.value)` | \(code.label) | \(cell(code.en)) |")
            }
        }
        return lines
    }

    /// A table cell holds no line break and no unescaped bar.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }
}
