import Foundation
import Tutor

/// Answers a lesson's steps in a terminal session the way a learner who knows the model
/// answers would, waiting after each for the prompt to show the next position.
struct LessonDriver {
    let session: TmuxSession
    let lesson: Lesson
    var timeout: Double = 30

    /// `[3 derivatives 4/14]`, or `[3 derivatives done]` past the last step.
    func position(_ step: Int) -> String {
        step <= lesson.steps.count ? "[\(lesson.number) \(lesson.id) \(step)/\(lesson.steps.count)]" : "[\(lesson.number) \(lesson.id) done]"
    }

    /// Waits for the prompt at `step` (1-based); returns the screen.
    func waitForStep(_ step: Int) throws -> String {
        try session.waitFor(timeout: timeout) { $0.contains(position(step) + " >>>") }
    }

    /// What a learner types at step `index` (0-based).
    func answer(_ index: Int) -> String {
        switch lesson.steps[index].kind {
        case .run: return ""
        case .attempt(let t):
            let code = t.solution.trimmingCharacters(in: .whitespacesAndNewlines)
            return code.contains("\n") ? ":solution" : code
        case .quiz(let q):
            switch q.answer {
            case .choice(let i): return String(Character(UnicodeScalar(97 + UInt8(i))))
            case .number(let n): return "\(n)"
            }
        }
    }

    /// Answers step `index` (0-based) and returns the screen once the next one is shown.
    func answerStep(_ index: Int) throws -> String {
        let text = answer(index)
        if !text.isEmpty { try session.type(text) }
        try session.send("Enter")
        return try waitForStep(index + 2)
    }
}
