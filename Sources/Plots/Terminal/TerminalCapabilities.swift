#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// How many colours the output device can show.
public enum ColorSupport: Int, Comparable, Sendable {
    case none = 0
    case ansi16 = 1
    case ansi256 = 2
    case trueColor = 3

    public static func < (a: ColorSupport, b: ColorSupport) -> Bool { a.rawValue < b.rawValue }
}

/// What the terminal can draw. The shell decides (from the environment, flags and
/// whether stdout is a TTY) and passes the result to the renderer; nothing in this
/// module inspects the process environment on its own except `detect`.
///
/// Classroom servers: OpenSSH does not forward `COLORTERM` by default, so over SSH
/// 256 colours are assumed. Add `AcceptEnv COLORTERM` to sshd_config (and
/// `SendEnv COLORTERM` on clients) to get true colour there.
public struct TerminalCapabilities: Equatable, Sendable {
    public var colors: ColorSupport
    /// Whether box-drawing, braille and block characters may be used.
    public var unicode: Bool
    /// Terminal size in character cells.
    public var width: Int
    public var height: Int

    public init(colors: ColorSupport = .none, unicode: Bool = true, width: Int = 80, height: Int = 24) {
        self.colors = colors
        self.unicode = unicode
        self.width = width
        self.height = height
    }

    /// Plain 80×24 ASCII without colour: the safest output.
    public static let plain = TerminalCapabilities(colors: .none, unicode: false, width: 80, height: 24)

    /// Decides capabilities from environment variables.
    /// - Parameters:
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    ///   - isTerminal: whether the output is a TTY (colour is off otherwise unless forced).
    ///   - noColorFlag: the user passed `--no-color`.
    ///   - forceColor: colour even when not a TTY (e.g. `--color=always`); NO_COLOR and the flag still win.
    public static func detect(environment: [String: String], isTerminal: Bool,
                              noColorFlag: Bool = false, forceColor: Bool = false,
                              width: Int? = nil, height: Int? = nil) -> TerminalCapabilities {
        let term = (environment["TERM"] ?? "").lowercased()
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        let overSSH = !(environment["SSH_CONNECTION"] ?? "").isEmpty || !(environment["SSH_TTY"] ?? "").isEmpty

        var colors: ColorSupport
        if colorTerm == "truecolor" || colorTerm == "24bit" {
            colors = .trueColor
        } else if term.hasSuffix("-256color") || term.contains("256") {
            colors = .ansi256
        } else if overSSH {
            colors = .ansi256
        } else if term.isEmpty || term == "dumb" {
            colors = .none
        } else {
            colors = .ansi16
        }
        if overSSH && colors < .ansi256 && term != "dumb" { colors = .ansi256 }
        if !isTerminal && !forceColor { colors = .none }
        if term == "dumb" && !forceColor { colors = .none }
        // Hardware terminals without colour: a 256-colour code would read as blink there.
        if ["vt52", "vt100", "vt102", "vt220"].contains(term) && !forceColor { colors = .none }
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true || noColorFlag { colors = .none }

        var unicode = false
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                let v = value.lowercased()
                unicode = v.contains("utf-8") || v.contains("utf8")
                break
            }
        }
        // Hardware terminals (and their emulations) have no braille or block characters.
        if ["dumb", "vt52", "vt100", "vt102", "vt220"].contains(term) { unicode = false }

        let window = isTerminal ? measuredWindow() : nil
        let w = width ?? Int(environment["COLUMNS"] ?? "") ?? window?.width ?? 80
        let h = height ?? Int(environment["LINES"] ?? "") ?? window?.height ?? 24
        return TerminalCapabilities(colors: colors, unicode: unicode, width: max(1, w), height: max(1, h))
    }
}

extension TerminalCapabilities {
    /// The size of the terminal on stdout (or stdin, stderr), nil when none is a terminal.
    public static func measuredWindow() -> (width: Int, height: Int)? {
        var ws = winsize()
        for fd in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        return nil
    }
}

/// Which dot canvas line-like artists are drawn on.
public enum CanvasKind: Sendable {
    /// 2×4 dots per cell (U+2800 braille patterns). The default with Unicode.
    case braille
    /// 2×2 quadrant blocks per cell.
    case block
    /// 1×2 dots per cell with `'`, `.` and `:`; the fallback without Unicode.
    case ascii
}

/// Everything a render needs besides the figure: capabilities and drawing choices.
public struct RenderOptions: Sendable {
    public var capabilities: TerminalCapabilities
    /// Canvas for lines, scatter, quiver and contour; nil picks braille with Unicode, ASCII otherwise.
    public var canvas: CanvasKind?

    public init(capabilities: TerminalCapabilities, canvas: CanvasKind? = nil) {
        self.capabilities = capabilities
        self.canvas = canvas
    }

    public init(width: Int, height: Int, colors: ColorSupport = .none, unicode: Bool = true, canvas: CanvasKind? = nil) {
        self.init(capabilities: TerminalCapabilities(colors: colors, unicode: unicode, width: width, height: height), canvas: canvas)
    }

    var resolvedCanvas: CanvasKind { capabilities.unicode ? (canvas ?? .braille) : .ascii }
}
