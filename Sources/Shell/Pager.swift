#if canImport(Glibc)
import Glibc
#endif
import Tensor
import Tutor

/// Shows text a screen at a time, as `more` does, when it would not fit the terminal
/// together with the prompt after it: a page of `height - 1` rows, then a
/// "-- more --" line that waits for a key (Enter or Space: next page; q: the rest at once).
/// Piped sessions, and text that fits, are printed straight through.
struct Pager {
    let terminal: Terminal
    /// Writes text in order with the rest of the session's output.
    let write: (String) -> Void

    /// The prompt line that waits between pages.
    static let moreLine = "-- more (Enter: next page, q: show the rest) --"

    func show(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let width = max(terminal.width, 1)
        // Leave room for what follows the prose: a task line and the prompt.
        guard terminal.isInteractive, TextWrap.rows(text, width: width) + 2 > terminal.height, terminal.height >= 4 else {
            write(text + "\n")
            return
        }
        let pageRows = terminal.height - 1
        var used = 0
        var page = ""
        for (k, line) in lines.enumerated() {
            let rows = TextWrap.rows(line, width: width)
            if used > 0 && used + rows > pageRows {
                write(page)
                page = ""
                used = 0
                if !waitForKey() {
                    write(lines[k...].joined(separator: "\n") + "\n")
                    return
                }
            }
            page += line + "\n"
            used += rows
        }
        write(page)
    }

    /// Shows the "more" line and reads one key without echo. False when the rest should be
    /// shown without pausing (q, Ctrl-C, end of input, a hang-up or the idle timeout).
    private func waitForKey() -> Bool {
        let shown = terminal.styled(Pager.moreLine, "7")
        write(shown)
        defer { write("\r\u{1B}[K") }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return false }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        while true {
            if Signals.hungUp.pointee != 0 { return false }
            if Interrupt.isRequested { Interrupt.clear(); return false }
            var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let timeout = Signals.idleTimeout.map { Int32(min($0 * 1000, Double(Int32.max))) } ?? -1
            let ready = poll(&fds, 1, timeout)
            if ready == 0 { return false }
            if ready < 0 { continue }  // EINTR: the flags above decide
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n <= 0 { return false }
            switch byte {
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4: return false
            case UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\n"): return true
            default: continue
            }
        }
    }
}
