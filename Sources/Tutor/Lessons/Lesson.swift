/// A lesson as read from `Lessons/<lang>/NN-id.md` (format: Lessons/README.md).
public struct Lesson: Equatable {
    public var id: String
    public var number: Int
    public var title: String
    public var section: String
    public var prerequisites: [String]
    public var minutes: Int
    /// Data sets the lesson loads (`[mnist]`), so the tutor can warn when one is missing.
    public var data: [String]
    public var path: String
    /// Text between the `# Title` line and the first block.
    public var steps: [Step]
    /// Prose after the last block: the closing page.
    public var closing: String
}

/// One step: the prose shown before it, then the block that makes it a step.
public struct Step: Equatable {
    public enum Kind: Equatable {
        /// Code run for the learner; `expectedOutput` is the optional `output` block after it.
        case run(code: String, expectedOutput: String?)
        case attempt(TryStep)
        case quiz(Quiz)
    }

    public var prose: String
    public var kind: Kind
    /// 1-based line of the block's opening fence, for error messages.
    public var line: Int
}

/// A `try` block: the learner types code that must produce what the model solution does.
public struct TryStep: Equatable {
    public var task: String
    public var checks: [Check]
    public var rtol: Double
    public var atol: Double
    public var hints: [String]
    public var explain: String
    /// Names restored after a failed attempt; nil means every name the lesson bound so far.
    public var keep: [String]?
    public var defines: [String]
    public var solution: String
}

/// One `check:` line of a try step.
public enum Check: Equatable {
    case value
    case valueOf(String)
    case shape(of: String?)
    case dtype(of: String?)
    case defined([String])
    case predicate(String)
}

/// A `quiz` block: a lettered choice or a number.
public struct Quiz: Equatable {
    public enum Answer: Equatable {
        case choice(Int)
        case number(Double)
    }

    public var question: String
    public var choices: [String]
    public var answer: Answer
    public var tolerance: Double
    public var hints: [String]
    public var explain: String
}
