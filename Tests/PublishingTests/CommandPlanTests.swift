import Testing
@testable import Publishing
@testable import Model

@Suite("One plan per command: progress counts come from it, not from a number written by hand")
struct CommandPlanTests {
    @Test("Each command's steps are said as [n/count], in order, in both languages; --timings names each by its own key")
    func progress() {
        for plan in [CommandPlan.build, .importData, .diff, .bundle, .version] {
            for (i, step) in plan.steps.enumerated() {
                let message = plan.message(step, ["asOf": "2026-07-01", "a": "2026-01-01", "b": "2026-07-01", "registry": "r", "filesCount": "3",
                                                  "output": "o", "agenciesCount": "2", "fileName": "f", "year": "2025", "folder": "v"])
                #expect(message.text(.en).hasPrefix("[\(i + 1)/\(plan.steps.count)] "), "\(message.text(.en))")
                #expect(message.text(.zh).hasPrefix("[\(i + 1)/\(plan.steps.count)] "), "\(message.text(.zh))")
                #expect(message.stepKey == step.key)
            }
        }
        #expect(CommandPlan.build.message(.loadTheme).text(.en) == "[4/7] load theme, pages, notices and static files")
        #expect(CommandPlan.version.message(.writeVersion, ["folder": "out"]).text(.zh) == "[5/5] 写入 out")
    }
}
