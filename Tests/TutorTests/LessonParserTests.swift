import Foundation
import Testing
@testable import Tutor

/// The repository's Lessons/ folder, found from this file's location.
let lessonsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons/en")

@Suite struct LessonParserTests {
    @Test func everyEnglishLessonParsesWithEightToTwentySteps() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)
            .filter { $0.hasSuffix(".md") }.sorted()
        #expect(files.count >= 9)
        var ids = Set<String>()
        for file in files {
            let path = lessonsDirectory.appendingPathComponent(file).path
            let lesson = try LessonParser.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
            #expect((8...20).contains(lesson.steps.count), "\(file) has \(lesson.steps.count) steps")
            #expect(lesson.minutes <= 15)
            #expect(ids.insert(lesson.id).inserted, "duplicate id \(lesson.id)")
            for step in lesson.steps {
                if case .attempt(let t) = step.kind { #expect(!t.solution.isEmpty) }
            }
        }
    }

    @Test func parsesTryHeaderWithContinuationLinesAndChecks() throws {
        let text = """
        ---
        id: demo
        title: "Demo"
        section: "4.2.1"
        prerequisites: []
        minutes: 3
        ---

        # Demo

        Some prose.

        ```try
        task: Define f.
        check: defined f
        check: value of f(2)
        hint: def f(x):
                return x * 2
        explain: Doubling.
        keep: a, b
        ---
        def f(x):
            return 2 * x
        ```

        ```quiz
        question: Two plus two?
        answer: 4
        hint: Count.
        explain: Four.
        ```

        Bye.
        """
        let lesson = try LessonParser.parse(text, path: "Lessons/en/01-demo.md")
        #expect(lesson.steps.count == 2)
        guard case .attempt(let t) = lesson.steps[0].kind else { Issue.record("not a try"); return }
        #expect(t.checks == [.defined(["f"]), .valueOf("f(2)")])
        #expect(t.hints == ["def f(x):\n      return x * 2"])
        #expect(t.keep == ["a", "b"])
        #expect(t.solution == "def f(x):\n    return 2 * x")
        #expect(lesson.steps[0].prose == "Some prose.")
        guard case .quiz(let q) = lesson.steps[1].kind else { Issue.record("not a quiz"); return }
        #expect(q.answer == .number(4))
        #expect(lesson.closing == "Bye.")
    }

    @Test func reportsUnknownBlockKindWithLine() {
        let text = "---\nid: x\ntitle: X\nsection: \"1\"\nprerequisites: []\nminutes: 1\n---\n# X\n\n```python\nprint(1)\n```\n"
        #expect(throws: LessonParser.ParseError(path: "x.md", line: 10, message: "unknown block kind 'python' (run, output, try, quiz or text)")) {
            try LessonParser.parse(text, path: "x.md")
        }
    }
}
