import Foundation
import Testing
import Tutor

/// Every lesson walked end to end through the real binary with piped stdin, answering each
/// step as a learner would (typing the model solution, or `:solution` for multi-line ones)
/// after asking for every hint; everything it shows must fit 80 columns.
@Suite(.serialized) struct LessonWalkTests {
    static let lessonDirectory: String = {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("Lessons/en").path
    }()

    static func environment() -> [String: String] {
        var extra = ["NNTUTOR_LESSONS": lessonDirectory]
        if ProcessInfo.processInfo.environment["NNTUTOR_DATA_DIR"] == nil {
            // The shared MNIST copy beside the checkout (never inside the repository).
            var dir = URL(fileURLWithPath: lessonDirectory)
            for _ in 0..<6 {
                dir.deleteLastPathComponent()
                let candidate = dir.appendingPathComponent("shared/datasets/mnist").path
                if FileManager.default.fileExists(atPath: candidate + "/train-labels-idx1-ubyte.gz") { extra["NNTUTOR_DATA_DIR"] = candidate; break }
            }
        }
        return NNTutor.sandboxEnvironment(extra)
    }

    /// What a learner who reads every hint and then knows the answers types.
    static func answers(for lesson: Lesson) -> String {
        var input = ":lesson \(lesson.number)\n"
        for step in lesson.steps {
            switch step.kind {
            case .run: input += "\n"
            case .attempt(let t):
                input += String(repeating: ":hint\n", count: t.hints.count) + ":where\n"
                let code = t.solution.trimmingCharacters(in: .whitespacesAndNewlines)
                input += code.contains("\n") ? ":solution\n" : code + "\n"
            case .quiz(let q):
                input += String(repeating: ":hint\n", count: q.hints.count)
                switch q.answer {
                case .choice(let i): input += String(Character(UnicodeScalar(97 + UInt8(i)))) + "\n"
                case .number(let n): input += "\(n)\n"
                }
            }
        }
        return input
    }

    static var lessons: [Lesson] {
        LessonLibrary.files(at: lessonDirectory).compactMap { try? LessonLibrary.load($0) }
    }

    @Test(arguments: LessonWalkTests.lessons.map(\.number))
    func lessonCanBeWalkedWithItsModelAnswers(number: Int) throws {
        let lesson = try #require(Self.lessons.first { $0.number == number })
        let r = try NNTutor.run([], stdin: Self.answers(for: lesson), environment: Self.environment())
        #expect(r.stdout.contains("Lesson \(number) complete."), "lesson \(number) did not finish:\n\(r.stdout.suffix(1500))\n\(r.stderr.suffix(1500))")
        #expect(!r.stdout.contains("Not yet"), "a model answer was rejected in lesson \(number):\n\(r.stdout)")
        #expect(!r.stdout.contains("Traceback"), "lesson \(number) raised:\n\(r.stdout)")
        #expect(!r.stderr.contains("Traceback"), "lesson \(number) raised:\n\(r.stderr)")
        for line in (r.stdout + r.stderr).split(separator: "\n") {
            #expect(TextWrap.displayWidth(line) <= 80, "lesson \(number): a line is \(TextWrap.displayWidth(line)) columns wide:\n\(line)")
        }
    }

    @Test func aWrongAnswerGivesAHintDoesNotAdvanceAndKeepsTheVariables() throws {
        let input = ":lesson 1\n\ny1 = 0\ny1\n:where\nnp.argmax(y1)\n:where\n"
        let r = try NNTutor.run([], stdin: input, environment: Self.environment())
        #expect(r.stdout.contains("Not yet"))
        #expect(r.stdout.contains("Hint: "))
        // The failed attempt bound y1 to 0; the lesson's array is back.
        #expect(r.stdout.contains("array([0.1 , 0.05, 0.6 , 0.  , 0.05, 0.1 , 0.  , 0.1 , 0.  , 0.  ])"))
        #expect(r.stdout.contains("step 2 of"))
        #expect(r.stdout.contains("Correct!"))
        #expect(r.stdout.contains("step 3 of"))
    }

    @Test func progressSurvivesARestartAndCanBeReset() throws {
        let env = Self.environment()
        _ = try NNTutor.run([], stdin: ":lesson 1\n\nnp.argmax(y1)\n", environment: env)
        let again = try NNTutor.run([], stdin: ":where\n:lesson 1\n:where\n:progress reset\n:lessons\n", environment: env)
        #expect(again.stdout.contains("Resuming Mean squared error at step 3"))
        #expect(again.stdout.contains("step 3 of"))
        #expect(again.stdout.contains("Forgot all your progress."))
    }

    @Test func aCorruptProgressFileIsMovedAsideWithAWarning() throws {
        let env = Self.environment()
        let state = env["XDG_STATE_HOME"]! + "/nntutor"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try "{ not json".write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
        let r = try NNTutor.run([], stdin: ":lessons\n:lesson 1\n\n", environment: env)
        #expect(r.stdout.contains("warning: Your progress file was unreadable"))
        #expect(r.stdout.contains("Lesson 1: Mean squared error"))
        let names = try FileManager.default.contentsOfDirectory(atPath: state)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
    }

    @Test func teachersCanSwitchOffSolutionsAndSkipping() throws {
        var env = Self.environment()
        env["NNTUTOR_NO_SOLUTIONS"] = "1"
        env["NNTUTOR_NO_SKIPPING"] = "1"
        let r = try NNTutor.run([], stdin: ":lesson 1\n\n:solution\n:next\n:where\n", environment: env)
        #expect(r.stdout.contains("Solutions are switched off"))
        #expect(r.stdout.contains("Skipping is switched off"))
        #expect(r.stdout.contains("step 2 of"))
    }
}
