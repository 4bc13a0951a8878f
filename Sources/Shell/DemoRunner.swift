#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Language
import Tensor
import Tutor

/// `nntutor demo FILE`: presents a script (or a lesson's code) one command at a time — the
/// command is typed out at a human pace, run, and the demo waits. At the wait prompt Enter
/// goes on, any other entry runs as typed (the presenter's aside) and the demo waits again,
/// `:quit` or Ctrl-D ends it. With `--auto SECONDS` it goes on by itself after a pause.
final class DemoRunner {
    let session: LanguageSession
    let reader: LineReader
    let terminal: Terminal
    /// Characters typed per second when showing a command (0: show it at once).
    let typingRate: Double
    let autoAdvance: Double?

    init(session: LanguageSession, reader: LineReader, terminal: Terminal, typingRate: Double, autoAdvance: Double?) {
        self.session = session
        self.reader = reader
        self.terminal = terminal
        self.typingRate = typingRate
        self.autoAdvance = autoAdvance
    }

    /// The commands of a script: each top-level statement with its indented body; comment
    /// lines become narration shown before the next command.
    static func entries(ofScript source: String) -> [(narration: String, code: String)] {
        var out: [(String, String)] = []
        var narration: [String] = []
        var current: [String] = []
        func finish() {
            guard !current.isEmpty else { return }
            while current.last?.trimmingSpaces().isEmpty == true { current.removeLast() }
            out.append((narration.joined(separator: "\n"), current.joined(separator: "\n")))
            narration = []
            current = []
        }
        for line in source.components(separatedBy: "\n") {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { if !current.isEmpty { current.append("") }; continue }
            if trimmed.hasPrefix("#") && current.isEmpty {
                narration.append(String(trimmed.dropFirst().drop(while: { $0 == " " })))
                continue
            }
            let continuation = !current.isEmpty && (line.hasPrefix(" ") || line.hasPrefix("\t")
                || ["else", "elif", "except", "finally"].contains { trimmed.hasPrefix($0) }
                || openBrackets(current.joined(separator: "\n")))
            if !continuation { finish() }
            current.append(line)
        }
        finish()
        return out
    }

    /// True while brackets opened in `code` are not yet closed (a call spread over lines).
    static func openBrackets(_ code: String) -> Bool {
        var depth = 0
        for c in code { if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { depth -= 1 } }
        return depth > 0
    }

    /// A lesson's code, statement by statement as if typed: its run blocks and the model
    /// answers of its tries, each introduced by its prose's heading or first sentence.
    static func entries(ofLesson lesson: Lesson) -> [(narration: String, code: String)] {
        var out: [(narration: String, code: String)] = []
        for step in lesson.steps {
            let code: String
            switch step.kind {
            case .run(let c, _): code = c
            case .attempt(let t): code = t.solution
            case .quiz: continue
            }
            var statements = entries(ofScript: code)
            guard !statements.isEmpty else { continue }
            let lead = narration(of: step.prose)
            statements[0].narration = [lead, statements[0].narration].filter { !$0.isEmpty }.joined(separator: "\n")
            out += statements
        }
        return out
    }

    /// A step's heading, else the first sentence of its first paragraph.
    static func narration(of prose: String) -> String {
        var paragraph: [String] = []
        var inFence = false
        for line in prose.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { continue }
            if trimmed.hasPrefix("#") { return String(trimmed.drop { $0 == "#" || $0 == " " }) }
            if trimmed.isEmpty { if paragraph.isEmpty { continue } else { break } }
            paragraph.append(trimmed)
        }
        let text = paragraph.joined(separator: " ").replacing("**", with: "")
        let ends = [". ", "? ", "! "].compactMap { text.firstRange(of: $0)?.lowerBound }
        guard let end = ends.min() else { return text }
        return String(text[...end])
    }

    /// Runs the demo; returns false if the presenter quit early.
    @discardableResult
    func run(_ entries: [(narration: String, code: String)]) -> Bool {
        for (k, entry) in entries.enumerated() {
            if !entry.narration.isEmpty {
                let width = max(20, terminal.width - 2)
                let lines = entry.narration.split(separator: "\n").flatMap { TextWrap.wrap(String($0), width: width).split(separator: "\n") }
                let text = lines.map { "# " + $0 }.joined(separator: "\n")
                say(TextStyle(color: terminal.color).dim(terminal.unicode ? text : ASCIIFallback.text(text)) + "\n")
            }
            type(entry.code)
            _ = session.run(entry.code, echo: true)
            session.flush()
            if Signals.hungUp.pointee != 0 { return false }
            if k == entries.count - 1 { break }
            if !pause(position: "\(k + 1)/\(entries.count)") { return false }
        }
        say(TextStyle(color: terminal.color).dim("# end of demo") + "\n")
        return true
    }

    /// Shows `code` as if typed at the prompt.
    private func type(_ code: String) {
        let lines = code.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() {
            say(i == 0 ? ">>> " : "... ")
            if typingRate > 0 && terminal.isInteractive {
                for ch in line {
                    say(String(ch))
                    usleep(UInt32(1_000_000 / typingRate))
                    if Interrupt.isRequested { break }
                }
            } else {
                say(line)
            }
            say("\n")
        }
        Interrupt.clear()
    }

    /// Waits between commands. Returns false to end the demo.
    private func pause(position: String) -> Bool {
        if let autoAdvance {
            var left = autoAdvance
            while left > 0 {
                if Interrupt.isRequested { Interrupt.clear(); return false }
                usleep(50_000)
                left -= 0.05
            }
            return true
        }
        while true {
            switch reader.readLine(prompt: "[demo \(position)] Enter: next  >>> ") {
            case .endOfInput: return false
            case .interrupted: continue
            case .line(let line):
                let trimmed = line.trimmingSpaces()
                if trimmed.isEmpty { return true }
                if trimmed == ":quit" || trimmed == ":q" { return false }
                // The presenter's own command, then back to waiting.
                var entry = line
                while session.needsMoreInput(entry), case .line(let more) = reader.readLine(prompt: "... ") {
                    entry += "\n" + more
                    if more.isEmpty { break }
                }
                reader.remember(entry)
                _ = session.run(entry, echo: true)
                session.flush()
            }
        }
    }

    private func say(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }
}
