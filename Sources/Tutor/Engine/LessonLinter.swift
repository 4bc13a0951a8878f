import FoundationEssentials
import Language

/// `nntutor lessons check`: runs each lesson's blocks in order in a fresh workspace,
/// as a learner would meet them, and reports every block that fails.
public enum LessonLinter {
    public struct Report {
        public var messages: [String] = []
        public var passed = 0
        public var failed = 0
    }

    public static func check(path: String) -> Report {
        var report = Report()
        let files = LessonLibrary.files(at: path)
        if files.isEmpty {
            report.messages.append("\(path): no lesson files found")
            report.failed += 1
        }
        for file in files {
            do {
                let lesson = try LessonLibrary.load(file)
                let problems = check(lesson)
                if problems.isEmpty {
                    report.passed += 1
                    report.messages.append("ok   \(lesson.number) \(lesson.id) (\(lesson.steps.count) steps)")
                } else {
                    report.failed += 1
                    report.messages.append("FAIL \(lesson.number) \(lesson.id)")
                    report.messages.append(contentsOf: problems.map { "  " + $0 })
                }
            } catch {
                report.failed += 1
                report.messages.append("FAIL \(error)")
            }
        }
        return report
    }

    /// Problems found in one lesson, each naming the file and line of the block.
    public static func check(_ lesson: Lesson) -> [String] {
        let workspace = Workspace()
        var problems: [String] = []
        for step in lesson.steps {
            let at = "\(lesson.path):\(step.line)"
            switch step.kind {
            case .run(let code, let expected):
                let outcome = workspace.run(code, echo: true)
                if let error = outcome.error {
                    problems.append("\(at): run block raised:\n" + indent(error))
                    return problems
                }
                if let expected, trimLines(outcome.output) != trimLines(expected) {
                    problems.append("\(at): output differs.\n    expected:\n" + indent(expected, by: 6) + "\n    got:\n" + indent(outcome.output, by: 6))
                }
            case .attempt(let t):
                let outcome = workspace.run(t.solution, echo: true)
                if let error = outcome.error {
                    problems.append("\(at): model solution raised:\n" + indent(error))
                    return problems
                }
                for check in t.checks {
                    if let failure = workspace.selfCheck(check, result: outcome.result) {
                        problems.append("\(at): model solution fails its own check: \(failure)")
                    }
                }
            case .quiz(let q):
                if case .choice(let i) = q.answer, i >= q.choices.count {
                    problems.append("\(at): quiz answer is not one of the choices")
                }
            }
        }
        return problems
    }

    static func trimLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n").trimmingNewlines()
    }

    static func indent(_ s: String, by n: Int = 4) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: n) + $0 }.joined(separator: "\n")
    }
}
