import Evaluation
import Model

extension String {
    /// Text for XML and SVG: the five predefined entities.
    public var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Charts as inline SVG, drawn here without a chart library. Each is a `role="img"` with a title and a
/// description that says in words what it shows; the page puts the same numbers in a table beside it.
/// Colours come from the stylesheet (`.chart .grade-a` …) so they follow the theme and print.
public enum Charts {
    /// Art. 11: agencies per grade in one year, as horizontal bars.
    public static func gradeDistribution(id: String, year: Int, counts: [(grade: Grade, count: Int)]) -> String {
        let total = counts.reduce(0) { $0 + $1.count }
        let maximum = max(counts.map(\.count).max() ?? 0, 1)
        let rowHeight = 30, labelWidth = 56, barSpace = 420, width = 560
        let height = counts.count * rowHeight + 10
        let description = "\(year)年度共\(total)家机构：" + counts.map { "\($0.grade.letter)级\($0.count)家" }.joined(separator: "，") + "。"
        var svg = open(id: id, width: width, height: height, title: "\(year)年度各等级机构数", description: description)
        for (i, row) in counts.enumerated() {
            let y = 5 + i * rowHeight
            let length = row.count == 0 ? 0 : max(2, row.count * barSpace / maximum)
            svg += "<text class=\"label\" x=\"\(labelWidth - 8)\" y=\"\(y + 20)\" text-anchor=\"end\">\(row.grade.letter)级</text>"
            svg += "<rect class=\"bar grade-\(row.grade.letter.lowercased())\" x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"\(rowHeight - 8)\"/>"
            svg += "<text class=\"value\" x=\"\(labelWidth + length + 6)\" y=\"\(y + 20)\">\(row.count)</text>"
        }
        return svg + "</svg>"
    }

    /// Agencies per grade across the published years, as stacked columns (oldest on the left).
    public static func countsOverYears(id: String, years: [(year: Int, counts: [(grade: Grade, count: Int)])]) -> String {
        let ordered = years.sorted { $0.year < $1.year }
        let maximum = max(ordered.map { $0.counts.reduce(0) { $0 + $1.count } }.max() ?? 0, 1)
        // `top`: room above the tallest column for its total, at the larger text size of a phone.
        let columnWidth = 70, gap = 40, chartHeight = 220, left = 40, legendHeight = 30, top = 28
        let width = max(left + ordered.count * (columnWidth + gap) + gap, 360)
        let height = top + chartHeight + 40 + legendHeight
        let description = ordered.map { y in
            "\(y.year)年度：" + y.counts.map { "\($0.grade.letter)级\($0.count)家" }.joined(separator: "，")
        }.joined(separator: "；") + "。"
        var svg = open(id: id, width: width, height: height, title: "历年各等级机构数", description: description)
        let baseline = top + chartHeight
        svg += "<line class=\"axis\" x1=\"\(left - 4)\" y1=\"\(baseline)\" x2=\"\(width - 10)\" y2=\"\(baseline)\"/>"
        for (i, year) in ordered.enumerated() {
            let x = left + gap / 2 + i * (columnWidth + gap)
            var top = baseline
            for segment in year.counts where segment.count > 0 {
                let h = max(1, segment.count * chartHeight / maximum)
                top -= h
                svg += "<rect class=\"bar grade-\(segment.grade.letter.lowercased())\" x=\"\(x)\" y=\"\(top)\" width=\"\(columnWidth)\" height=\"\(h)\"/>"
            }
            let total = year.counts.reduce(0) { $0 + $1.count }
            svg += "<text class=\"value\" x=\"\(x + columnWidth / 2)\" y=\"\(top - 4)\" text-anchor=\"middle\">\(total)</text>"
            svg += "<text class=\"label\" x=\"\(x + columnWidth / 2)\" y=\"\(baseline + 24)\" text-anchor=\"middle\">\(year.year)</text>"
        }
        for (i, grade) in Grade.allCases.enumerated() {
            let x = left + i * 64
            svg += "<rect class=\"bar grade-\(grade.letter.lowercased())\" x=\"\(x)\" y=\"\(height - 18)\" width=\"14\" height=\"14\"/>"
            svg += "<text class=\"label\" x=\"\(x + 18)\" y=\"\(height - 6)\">\(grade.letter)级</text>"
        }
        return svg + "</svg>"
    }

    /// One agency's grades over the years: A at the top, E at the bottom; years it was not rated are marked.
    public static func gradeHistory(id: String, agency: String, points: [(year: Int, grade: Grade?, note: String)]) -> String {
        let ordered = points.sorted { $0.year < $1.year }
        let step = 90, left = 50, top = 16, rowHeight = 36
        let width = max(left + ordered.count * step + 30, 300)
        let height = top + Grade.allCases.count * rowHeight + 30
        let description = ordered.map { "\($0.year)年度" + ($0.grade.map { "\($0.letter)级" } ?? $0.note) }.joined(separator: "，") + "。"
        var svg = open(id: id, width: width, height: height, title: "\(agency)历年信用风险等级", description: description)
        for (i, grade) in Grade.allCases.enumerated() {
            let y = top + i * rowHeight + rowHeight / 2
            svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 10)\" y2=\"\(y)\"/>"
            svg += "<text class=\"label\" x=\"\(left - 10)\" y=\"\(y + 5)\" text-anchor=\"end\">\(grade.letter)</text>"
        }
        var line: [String] = []
        for (i, point) in ordered.enumerated() {
            let x = left + step / 2 + i * step
            svg += "<text class=\"label\" x=\"\(x)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(point.year)</text>"
            if let grade = point.grade {
                let y = top + grade.order * rowHeight + rowHeight / 2
                line.append("\(x),\(y)")
                svg += "<circle class=\"point grade-\(grade.letter.lowercased())\" cx=\"\(x)\" cy=\"\(y)\" r=\"9\"/>"
            } else {
                svg += "<text class=\"note\" x=\"\(x)\" y=\"\(top + 2 * rowHeight + rowHeight / 2 + 5)\" text-anchor=\"middle\">\(point.note.xmlEscaped)</text>"
            }
        }
        if line.count > 1 { svg += "<polyline class=\"trend\" points=\"\(line.joined(separator: " "))\"/>" }
        return svg + "</svg>"
    }

    static func open(id: String, width: Int, height: Int, title: String, description: String) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
            + "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" focusable=\"false\">"
            + "<title id=\"\(id)-title\">\(title.xmlEscaped)</title><desc id=\"\(id)-desc\">\(description.xmlEscaped)</desc>"
    }
}
