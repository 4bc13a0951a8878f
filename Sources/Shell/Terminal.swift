#if canImport(Glibc)
import Glibc
#endif

/// What the terminal we talk to can do, decided once at start-up (and on resize).
///
/// Colour is used only on a TTY and never with `NO_COLOR`, `TERM=dumb` or `--no-color`;
/// Unicode only when the locale says UTF-8. `COLUMNS`/`LINES` override the measured size.
public struct Terminal: Sendable {
    public var isInteractive: Bool
    public var color: Bool
    public var unicode: Bool
    public var width: Int
    public var height: Int

    public init(isInteractive: Bool, color: Bool, unicode: Bool, width: Int, height: Int) {
        self.isInteractive = isInteractive
        self.color = color
        self.unicode = unicode
        self.width = width
        self.height = height
    }

    /// Reads the environment and the terminal attached to stdin/stdout.
    public static func detect(noColor: Bool = false, environment env: [String: String] = Environment.all()) -> Terminal {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let term = env["TERM"] ?? ""
        let color = !noColor && isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && term != "dumb" && !term.isEmpty
        let (w, h) = measuredSize()
        return Terminal(
            isInteractive: interactive,
            color: color,
            unicode: localeIsUTF8(env) && term != "vt100" && term != "dumb",
            width: Int(env["COLUMNS"] ?? "") ?? w ?? 80,
            height: Int(env["LINES"] ?? "") ?? h ?? 24)
    }

    /// Re-measures the window after SIGWINCH (unless COLUMNS/LINES pin it).
    public mutating func refreshSize(environment env: [String: String] = Environment.all()) {
        let (w, h) = Terminal.measuredSize()
        if env["COLUMNS"] == nil, let w { width = w }
        if env["LINES"] == nil, let h { height = h }
    }

    static func measuredSize() -> (Int?, Int?) {
        var ws = winsize()
        for fd in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        return (nil, nil)
    }

    static func localeIsUTF8(_ env: [String: String]) -> Bool {
        // The first of these that is set decides, as in setlocale(3).
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = env[key], !v.isEmpty {
                let u = v.uppercased()
                return u.contains("UTF-8") || u.contains("UTF8")
            }
        }
        return false
    }

    /// Wraps text in an ANSI SGR sequence when colour is on.
    public func styled(_ text: String, _ sgr: String) -> String {
        color ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}

/// The process environment as a dictionary, without Foundation.
public enum Environment {
    public static func all() -> [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                result[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return result
    }

    public static func get(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }
}
