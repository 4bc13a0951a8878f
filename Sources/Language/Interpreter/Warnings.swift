import Tensor

/// Warnings as Python's `warnings` module shows them by default: on stderr, as
/// `file:line: Category: message` with the source line beneath when the program is a file,
/// and once per place — a loop that divides by zero a thousand times warns once.
extension Interpreter {
    func warn(_ category: String, _ message: String) {
        guard !warningsMuted, warningsShown.insert("\(currentLine) \(category) \(message)").inserted else { return }
        var text = "\(currentFile):\(currentLine): \(category): \(message)\n"
        if !currentFile.hasPrefix("<"), let line = sources.line(currentLine, in: currentFile) {
            text += "  " + line.drop { $0 == " " || $0 == "\t" } + "\n"
        }
        warningOutput(text)
    }

    /// NumPy's RuntimeWarnings for the floating-point errors an operation raised, in NumPy's
    /// order: "divide by zero encountered in log".
    func warn(_ errors: FloatingPointErrors, in operation: String) {
        for error in errors.descriptions { warn("RuntimeWarning", "\(error) encountered in \(operation)") }
    }

    /// Runs `body` without showing warnings (completion, the tutor's checks).
    func quietly<T>(_ body: () throws -> T) rethrows -> T {
        let saved = warningsMuted
        warningsMuted = true
        defer { warningsMuted = saved }
        return try body()
    }
}
