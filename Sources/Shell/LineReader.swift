#if canImport(Glibc)
import Glibc
#endif
import CKernels
import CReadline
import Tensor

/// What one prompt produced.
public enum ReadResult: Equatable {
    case line(String)
    case interrupted   // Ctrl-C at the prompt: the line was discarded
    case endOfInput    // Ctrl-D on an empty line, or the end of piped input
}

/// A source of input lines: GNU readline on a terminal, plain stdin otherwise.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> ReadResult
    /// Records a complete entry (possibly several lines) in the history.
    func remember(_ entry: String)
}

/// Reads piped input: no prompts, no editing, no history.
public final class PipedLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> ReadResult {
        if Signals.hungUp.pointee != 0 { return .endOfInput }
        // As at a terminal's prompt (below), but only when the input has paused: lines that
        // arrive together reuse what the one before them freed.
        if !Self.inputWaiting() { nn_trim_heap() }
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func remember(_ entry: String) {}

    /// Whether standard input can be read without waiting (a file always can).
    private static func inputWaiting() -> Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, 0) > 0
    }
}

/// GNU readline through its callback interface, so that Ctrl-C and window resizes are
/// handled in our own loop rather than inside a signal handler.
public final class ReadlineLineReader: LineReader {
    /// Completion candidates for the word before the cursor, given the whole line.
    public typealias Completer = (_ word: String, _ line: String, _ cursor: Int) -> [String]

    private let history: HistoryFile
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var pendingLine: ReadResult?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0

    public init(history: HistoryFile, completer: @escaping Completer) {
        self.history = history
        ReadlineLineReader.completer = completer
        rl_readline_name = UnsafePointer(strdup("nntutor"))  // lets ~/.inputrc say `$if nntutor`
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        // Keep `np.ra` and `net.par` whole; break on operators, brackets and spaces.
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'`@$><=;|&{}()[],+-*/%:~^!"))
        rl_attempted_completion_function = { text, start, end in
            ReadlineLineReader.attemptCompletion(text: text, start: start, end: end)
        }
        history.load()
    }

    public func readLine(prompt: String) -> ReadResult {
        // Waiting for the learner: hand the heap pages that the last entry freed back to the
        // system (a few microseconds), so an idle session holds only what it still uses.
        nn_trim_heap()
        ReadlineLineReader.pendingLine = nil
        rl_callback_handler_install(prompt) { raw in
            if let raw {
                ReadlineLineReader.pendingLine = .line(String(cString: raw))
                free(raw)
            } else {
                ReadlineLineReader.pendingLine = .endOfInput
            }
            rl_callback_handler_remove()
        }
        defer { if ReadlineLineReader.pendingLine == nil { rl_callback_handler_remove() } }
        while true {
            if let done = ReadlineLineReader.pendingLine {
                if done == .endOfInput { fputs("\n", stdout); fflush(stdout) }
                return done
            }
            var fds = fd_set()
            fdZero(&fds)
            fdSet(STDIN_FILENO, &fds)
            var timeout = timeval(tv_sec: Int(Signals.idleTimeout ?? 0), tv_usec: 0)
            let ready = Signals.idleTimeout == nil
                ? select(STDIN_FILENO + 1, &fds, nil, nil, nil)
                : select(STDIN_FILENO + 1, &fds, nil, nil, &timeout)
            if Signals.hungUp.pointee != 0 {
                rl_callback_handler_remove()
                return .endOfInput
            }
            if ready == 0, let idle = Signals.idleTimeout {
                rl_callback_handler_remove()
                let span = idle >= 120 ? "\(Int(idle / 60)) minutes" : "\(Int(idle)) seconds"
                print("\nNo input for \(span): closing the session. Your progress is saved.")
                return .endOfInput
            }
            if Interrupt.isRequested {
                Interrupt.clear()
                // Ctrl-C at the prompt discards the line, as in bash and IPython.
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_crlf()
                rl_callback_handler_remove()
                return .interrupted
            }
            if Signals.takeResize() { rl_resize_terminal() }
            if ready > 0 { rl_callback_read_char() }
        }
    }

    public func remember(_ entry: String) {
        history.add(entry)
    }

    private static func attemptCompletion(text: UnsafePointer<CChar>?, start: Int32, end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1  // never fall back to readline's filename completion
        guard let completer, let text else { return nil }
        let line = rl_line_buffer.map { String(cString: $0) } ?? ""
        let word = String(cString: text)
        matches = completer(word, line, Int(end))
        matchIndex = 0
        if matches.count == 1, matches[0].hasSuffix("/") || matches[0].hasSuffix("(") || matches[0].hasSuffix(".") {
            rl_completion_suppress_append = 1
        }
        if matches.isEmpty { return nil }
        return rl_completion_matches(text) { _, state in
            if state == 0 { ReadlineLineReader.matchIndex = 0 }
            guard ReadlineLineReader.matchIndex < ReadlineLineReader.matches.count else { return nil }
            defer { ReadlineLineReader.matchIndex += 1 }
            return strdup(ReadlineLineReader.matches[ReadlineLineReader.matchIndex])
        }
    }
}

// fd_set helpers: Glibc's FD_SET macros are not imported into Swift.
private func fdZero(_ set: inout fd_set) {
    withUnsafeMutableBytes(of: &set) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
}

private func fdSet(_ fd: Int32, _ set: inout fd_set) {
    withUnsafeMutableBytes(of: &set) { raw in
        let words = raw.bindMemory(to: Int.self)
        let bits = Int.bitWidth
        words[Int(fd) / bits] |= 1 << (Int(fd) % bits)
    }
}
