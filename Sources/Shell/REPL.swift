#if canImport(Glibc)
import Glibc
#endif
import Tensor

/// The read–eval–print loop: gathers lines into complete entries the way Python's REPL
/// does, runs them, and dispatches `:`-commands and `?name` help.
public final class REPL {
    public let reader: LineReader
    public let evaluator: Evaluator
    public var terminal: Terminal
    /// Builds the primary prompt each time (the tutor shows the learner's place in it).
    public var promptProvider: () -> String = { ">>> " }
    public var continuationPrompt = "... "
    public private(set) var commands: [String: ShellCommand] = [:]
    /// Set by `:quit`.
    public var shouldQuit = false
    /// True once any entry raised (the exit status of a piped session).
    public private(set) var sawError = false
    /// Runs before each entry is evaluated and after it, e.g. for the tutor to check a step.
    public var afterEntry: ((_ source: String, _ succeeded: Bool) -> Void)?
    /// Offered every entry first (the tutor checks attempts); true means it was handled.
    public var entryHandler: ((_ source: String) -> Bool)?
    /// An empty line at the primary prompt (the tutor's "go on" after a run step).
    public var emptyLineHandler: (() -> Void)?

    public init(reader: LineReader, evaluator: Evaluator, terminal: Terminal) {
        self.reader = reader
        self.evaluator = evaluator
        self.terminal = terminal
    }

    public func register(_ command: ShellCommand) {
        commands[command.name] = command
    }

    public var commandNames: [String] { commands.keys.sorted() }

    /// Runs until end of input or `:quit`.
    public func run() {
        var buffer: [String] = []
        while !shouldQuit {
            let prompt = buffer.isEmpty ? promptProvider() : continuationPrompt
            switch reader.readLine(prompt: terminal.isInteractive ? prompt : "") {
            case .endOfInput:
                if !buffer.isEmpty { execute(buffer) }
                return
            case .interrupted:
                buffer.removeAll()
                if !terminal.isInteractive { return }
            case .line(let line):
                if buffer.isEmpty {
                    if handleSpecial(line) { continue }
                    if line.allSatisfy({ $0 == " " || $0 == "\t" }) { emptyLineHandler?(); continue }
                    buffer = [line]
                } else if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    // An empty line ends a block, unless brackets are still open.
                    if evaluator.needsMoreInput(buffer.joined(separator: "\n") + "\n") && REPL.hasOpenBrackets(buffer) {
                        buffer.append(line)
                        continue
                    }
                    execute(buffer)
                    buffer.removeAll()
                    continue
                } else if REPL.startsNewStatement(line) && !REPL.hasOpenBrackets(buffer) {
                    // Forgiving: a line back at the left margin ends the block before it
                    // (Python's REPL would demand a blank line first).
                    execute(buffer)
                    buffer = []
                    if handleSpecial(line) { continue }
                    buffer = [line]
                } else {
                    buffer.append(line)
                }
                if !evaluator.needsMoreInput(buffer.joined(separator: "\n")) {
                    execute(buffer)
                    buffer.removeAll()
                }
            }
        }
    }

    /// Runs one entry and records it in the history as a single unit.
    public func execute(_ lines: [String]) {
        let source = lines.joined(separator: "\n")
        reader.remember(source)
        Interrupt.clear()
        if let entryHandler, entryHandler(source) {
            Interrupt.clear()
            afterEntry?(source, true)
            return
        }
        let ok = evaluator.run(source, echo: true)
        if !ok { sawError = true }
        Interrupt.clear()
        afterEntry?(source, ok)
    }

    /// `:command args`, `?name` and `name?` are not code.
    private func handleSpecial(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: " \t")
        if trimmed.hasPrefix(":") {
            reader.remember(trimmed)
            runCommand(String(trimmed.dropFirst()))
            return true
        }
        if trimmed.hasPrefix("?") && trimmed.count > 1 {
            reader.remember(trimmed)
            evaluator.run("help(\(trimmed.dropFirst()))", echo: false)
            return true
        }
        if trimmed.hasSuffix("?") && !trimmed.hasSuffix("??") && trimmed.count > 1 && REPL.isDottedName(String(trimmed.dropLast())) {
            reader.remember(trimmed)
            evaluator.run("help(\(trimmed.dropLast()))", echo: false)
            return true
        }
        return false
    }

    public func runCommand(_ text: String) {
        let name = String(text.prefix { $0 != " " })
        let args = text.dropFirst(name.count).trimmingCharacters(in: " \t")
        if let command = commands[name] {
            command.run(args)
        } else {
            let close = commands.keys.filter { $0.hasPrefix(name) }.sorted()
            var message = "Unknown command :\(name). Type :help for the list."
            if close.count == 1 { message = "Unknown command :\(name). Did you mean :\(close[0])?" }
            printError(message)
            sawError = true
        }
    }

    public func printError(_ message: String) {
        fputs(message + "\n", stderr)
        fflush(stderr)
    }

    static func isDottedName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    /// A non-indented line that is not the continuation of a compound statement.
    static func startsNewStatement(_ line: String) -> Bool {
        guard let first = line.first, first != " ", first != "\t", first != "#" else { return false }
        let word = line.prefix { $0.isLetter }
        return !["elif", "else", "except", "finally"].contains(String(word))
    }

    /// Counts brackets outside strings and comments (enough to decide continuation).
    static func hasOpenBrackets(_ lines: [String]) -> Bool {
        var depth = 0
        var quote: Character? = nil
        for line in lines {
            var escaped = false
            for c in line {
                if let q = quote {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                    continue
                }
                switch c {
                case "#": break
                case "'", "\"": quote = c
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth -= 1
                default: continue
                }
                if c == "#" { break }
            }
            quote = nil
        }
        return depth > 0
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
