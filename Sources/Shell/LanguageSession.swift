import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Language
import Tensor

/// The shell's evaluator: runs entries in the interpreter's workspace, echoes values as
/// Python's REPL does, prints tracebacks to stderr, and answers completion requests.
public final class LanguageSession: Evaluator {
    /// The workspace entries run in: the free one, or a lesson's while a lesson is open.
    public private(set) var interpreter: Interpreter
    /// The learner's own workspace outside lessons.
    public let freeInterpreter: Interpreter
    let terminal: Terminal
    /// Filled in by the app so `:` completes command names.
    var commandNames: () -> [String] = { [] }
    private var outputBuffer = ""

    public init(terminal: Terminal, interactive: Bool) {
        self.terminal = terminal
        interpreter = Interpreter()
        freeInterpreter = interpreter
        interpreter.output = { [unowned self] text in self.write(text) }
        // The workspace starts with numpy and pyplot imported, as the lessons assume.
        for (name, module) in [("np", "numpy"), ("plt", "matplotlib.pyplot")] {
            if let m = try? interpreter.importModule(module) { interpreter.main.members[Name(name)] = .module(m) }
        }
        interpreter.markInitialNames()
    }

    /// Switches entries to a lesson's workspace (nil: back to the free one).
    public func use(_ lessonInterpreter: Interpreter?) {
        interpreter = lessonInterpreter ?? freeInterpreter
    }

    /// Text from the tutor, in order with the interpreter's output.
    public func emit(_ text: String) { write(text); if text.hasSuffix("\n") { flush() } }

    /// Output goes through a buffer flushed at line ends, so long loops stay fast
    /// yet a progress line appears as soon as it is printed.
    private func write(_ text: String) {
        outputBuffer += text
        if outputBuffer.utf8.count > 8192 || text.contains("\n") { flush() }
    }

    func flush() {
        if outputBuffer.isEmpty { return }
        fputs(outputBuffer, stdout)
        fflush(stdout)
        outputBuffer = ""
    }

    @discardableResult
    public func run(_ source: String, echo: Bool) -> Bool {
        defer { flush() }
        do {
            if let value = try interpreter.run(source, filename: "<stdin>", mode: echo ? .interactive : .exec), echo {
                write(try interpreter.repr(value) + "\n")
            }
            return true
        } catch {
            flush()
            report(error)
            return false
        }
    }

    /// Runs a whole program as python3 would: nothing echoed.
    func runScript(_ source: String, filename: String) -> Bool {
        defer { flush() }
        do {
            try interpreter.run(source, filename: filename, mode: .exec)
            return true
        } catch {
            flush()
            report(error)
            return false
        }
    }

    func report(_ error: Error) {
        let text = interpreter.format(error)
        fputs(terminal.color ? "\u{1B}[31m" + text + "\u{1B}[0m\n" : text + "\n", stderr)
        fflush(stderr)
    }

    public func needsMoreInput(_ source: String) -> Bool {
        interpreter.needsMoreInput(source)
    }

    public func completions(word: String, line: String, cursor: Int) -> [String] {
        Completion.candidates(word: word, line: line, cursor: cursor, interpreter: interpreter, commands: commandNames())
    }

    /// `:vars` — name, type, and for arrays shape, dtype and size, like IPython's %whos.
    func variableTable() -> String {
        let vars = interpreter.userVariables.filter {
            if case .module = $0.1 { return false }
            return $0.0 != "_"
        }
        if vars.isEmpty { return "No variables yet. Assign one: x = np.arange(5)" }
        var rows: [[String]] = [["Variable", "Type", "Data/Info"]]
        for (name, value) in vars {
            let type = interpreter.typeName(value)
            var info: String
            switch value {
            case .array(let a):
                info = "shape \(formatShape(a.shape)), \(a.dtype.name), \(Self.bytes(a.nbytes))"
            case .function, .cls:
                info = ""
            default:
                info = (try? interpreter.repr(value)) ?? ""
            }
            if info.count > 48 { info = String(info.prefix(45)) + "..." }
            rows.append([name, type, info.replacing("\n", with: " ")])
        }
        let w0 = rows.map { $0[0].count }.max()!, w1 = rows.map { $0[1].count }.max()!
        var lines = rows.map { $0[0].padding(w0 + 3) + $0[1].padding(w1 + 3) + $0[2] }
        lines.insert(String(repeating: "-", count: min(terminal.width, w0 + w1 + 6 + 20)), at: 1)
        return lines.joined(separator: "\n")
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(cFormat: "%.1f KiB", Double(n) / 1024) }
        return String(cFormat: "%.1f MiB", Double(n) / 1048576)
    }

    func reset() {
        interpreter.resetWorkspace()
    }

    /// `:time STATEMENT` — repeats it until about 0.2 s have passed and reports the median.
    func time(_ statement: String) {
        var samples: [Double] = []
        let deadline = Date().addingTimeInterval(0.2)
        let savedOutput = interpreter.output
        interpreter.output = { _ in }
        defer { interpreter.output = savedOutput }
        repeat {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try interpreter.run(statement, filename: "<stdin>", mode: .exec)
            } catch {
                interpreter.output = savedOutput
                report(error)
                return
            }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        } while Date() < deadline && samples.count < 100_000
        samples.sort()
        let median = samples[samples.count / 2]
        let text: String
        if median >= 1 { text = String(cFormat: "%.3g s", median) }
        else if median >= 1e-3 { text = String(cFormat: "%.3g ms", median * 1e3) }
        else { text = String(cFormat: "%.3g µs", median * 1e6) }
        savedOutput("\(text) per run (median of \(samples.count) run\(samples.count == 1 ? "" : "s"))\n")
    }
}
