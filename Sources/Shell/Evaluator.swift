/// What the shell needs from the language: run code, tell whether input is complete,
/// and offer completions. The tutor wraps an evaluator to watch and check what runs.
public protocol Evaluator: AnyObject {
    /// Runs one complete entry. `echo` prints the value of a trailing expression as
    /// Python's REPL does. Output and errors are written by the evaluator; the result
    /// says whether the entry raised.
    @discardableResult
    func run(_ source: String, echo: Bool) -> Bool

    /// True while the entry cannot run yet: open brackets or strings, a trailing
    /// backslash, or a compound statement whose block is still being typed.
    func needsMoreInput(_ source: String) -> Bool

    /// Candidates for the word before the cursor (variables, attributes after a dot,
    /// keywords, keyword arguments inside a call, paths inside a string literal).
    func completions(word: String, line: String, cursor: Int) -> [String]
}
