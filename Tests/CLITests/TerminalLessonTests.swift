import Foundation
import TestSupport
import Testing
import Tutor

/// Lessons in a real 80×24 terminal (tmux): one whole lesson walked with its model answers,
/// and long prose paged to the screen height.
@Suite(.serialized) struct TerminalLessonTests {
    @Test(.enabled(if: TmuxSession.available)) func aWholeLessonWalkedInA80x24Terminal() throws {
        let lesson = try #require(LessonWalkTests.lessons.first { $0.number == 3 })
        let env = LessonWalkTests.environment().merging(["TERM": "xterm", "LANG": "C.UTF-8"]) { $1 }
        let t = try TmuxSession(command: NNTutor.executable + " learn 3", width: 80, height: 24, environment: env)
        let driver = LessonDriver(session: t, lesson: lesson)
        let first = try driver.waitForStep(1)
        #expect(first.contains("[3 derivatives 1/\(lesson.steps.count)] >>>"), "the prompt shows the place in the lesson:\n\(first)")
        #expect(first.contains("Your turn:"))
        var screens: [String] = []
        for k in lesson.steps.indices {
            let screen = try driver.answerStep(k)
            #expect(screen.contains(driver.position(k + 2) + " >>>"), "step \(k + 1) did not advance:\n\(screen)")
            #expect(!screen.contains("Not yet"), "a model answer was rejected at step \(k + 1):\n\(screen)")
            #expect(!screen.contains("Traceback"), "step \(k + 1) raised:\n\(screen)")
            screens.append(screen)
            // A try step's task is on screen together with the prompt.
            if k + 1 < lesson.steps.count, case .attempt = lesson.steps[k + 1].kind {
                #expect(screen.contains("Your turn:"), "step \(k + 2)'s task scrolled away:\n\(screen)")
            }
        }
        #expect(screens.contains { $0.contains("Correct!") }, "a try was accepted")
        // plt.show() draws with braille dots in a UTF-8 terminal.
        #expect(screens.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }, "a plot was drawn")
        #expect(screens.last?.contains("Lesson 3 complete.") == true)
        try t.send("C-d")
    }

    /// A lesson whose first step has 40 lines of prose, in a folder of its own.
    static func longProseLesson() throws -> String {
        let dir = Scratch.directory("pager")
        let prose = (1...40).map { String(format: "Prose line %02d of a long explanation.", $0) }.joined(separator: "\n")
        let text = """
            ---
            id: paging
            title: "Paging"
            section: "4.1"
            minutes: 1
            ---

            # Paging

            \(prose)

            ```run
            answer = 6 * 7
            ```

            Short prose.

            ```try
            task: Type answer.
            hint: Type   answer
            explain: It is 42.
            ---
            answer
            ```

            """
        try text.write(toFile: dir + "/01-paging.md", atomically: true, encoding: .utf8)
        return dir
    }

    @Test(.enabled(if: TmuxSession.available)) func longProseIsPagedToTheTerminalHeight() throws {
        let lessons = try Self.longProseLesson()
        let env = NNTutor.sandboxEnvironment(["NNTUTOR_LESSONS": lessons, "TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable + " learn 1", width: 80, height: 24, environment: env)
        let first = try t.waitFor { $0.contains("-- more") }
        #expect(first.contains("Prose line 01"), "the first page starts at the top:\n\(first)")
        #expect(first.contains("Prose line 23"))
        #expect(!first.contains("Prose line 24"), "the first page is one screen:\n\(first)")
        #expect(!first.contains("answer = 6 * 7"), "the step waits for the reader:\n\(first)")
        try t.send("Enter")
        let second = try t.waitFor { $0.contains("[1 paging 1/2] >>>") }
        #expect(second.contains("Prose line 24"))
        #expect(second.contains("Prose line 40"))
        #expect(!second.contains("-- more"), "the more line is erased:\n\(second)")
        #expect(second.contains("    answer = 6 * 7"))
        try t.send("Enter")
        let third = try t.waitFor { $0.contains("[1 paging 2/2] >>>") }
        #expect(third.contains("Short prose."), "short prose is not paged")
        try t.send("C-d")
    }

    @Test(.enabled(if: TmuxSession.available)) func qShowsTheRestOfTheProseAtOnce() throws {
        let lessons = try Self.longProseLesson()
        let env = NNTutor.sandboxEnvironment(["NNTUTOR_LESSONS": lessons, "TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable + " learn 1", width: 80, height: 12, environment: env)
        try t.waitFor { $0.contains("-- more") }
        try t.type("q")
        let s = try t.waitFor { $0.contains("[1 paging 1/2] >>>") }
        #expect(s.contains("Prose line 40"))
        #expect(!s.contains("-- more"))
        try t.send("C-d")
    }

    @Test func pipedSessionsPrintLongProseWithoutPaging() throws {
        let lessons = try Self.longProseLesson()
        let r = try NNTutor.run(["learn", "1"], stdin: "\nanswer\n", environment: NNTutor.sandboxEnvironment(["NNTUTOR_LESSONS": lessons]))
        #expect(r.stdout.contains("Prose line 01"))
        #expect(r.stdout.contains("Prose line 40 of a long explanation.\n    answer = 6 * 7"))
        #expect(!r.stdout.contains("-- more"))
        #expect(r.stdout.contains("Lesson 1 complete."))
    }
}

/// `nntutor demo` in a real 80×24 terminal: commands typed out at a human pace, the
/// presenter's own commands between them, and the script resuming after.
@Suite(.serialized) struct TerminalDemoTests {
    @Test(.enabled(if: TmuxSession.available)) func aDemoTypesRunsWaitsAndLetsThePresenterCutIn() throws {
        let dir = Scratch.directory("demo")
        try "# Losses by hand\nloss = 0.5 * np.sum((np.array([0.1, 0.6]) - np.array([0, 1])) ** 2)\nprint('loss is', loss)\nloss * 2\n"
            .write(toFile: dir + "/demo.py", atomically: true, encoding: .utf8)
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable + " demo --typing-speed 40 " + dir + "/demo.py", width: 80, height: 24, environment: env)
        // Part of the command on screen before all of it: it is being typed.
        var sawPartial = false
        let full = "loss = 0.5 * np.sum((np.array([0.1, 0.6]) - np.array([0, 1])) ** 2)"
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let s = try t.screen()
            if s.contains(full) { break }
            if s.contains(">>> loss = 0.5") { sawPartial = true }
            usleep(30_000)
        }
        #expect(sawPartial, "the command appeared gradually")
        let first = try t.waitFor { $0.contains("[demo 1/3]") }
        #expect(first.contains("# Losses by hand"))
        #expect(first.contains(full))
        // The presenter's aside runs, and the demo waits again at the same place.
        try t.type("loss + 100")
        try t.send("Enter")
        let aside = try t.waitFor { $0.contains("100.0") }
        #expect(aside.components(separatedBy: "[demo 1/3]").count >= 3, "waiting again at 1/3:\n\(aside)")
        try t.send("Enter")
        try t.waitFor { $0.contains("[demo 2/3]") }
        try t.send("Enter")
        let end = try t.waitFor { $0.contains("# end of demo") }
        #expect(end.contains("loss is 0.085"))
        #expect(end.contains("0.17"))
    }
}
