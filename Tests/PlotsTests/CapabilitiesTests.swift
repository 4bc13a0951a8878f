import Testing
@testable import Plots

struct CapabilitiesTests {
    @Test func trueColorFromCOLORTERM() {
        let c = TerminalCapabilities.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "en_US.UTF-8"], isTerminal: true)
        #expect(c.colors == .trueColor)
        #expect(c.unicode)
    }

    @Test func colorLevels() {
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm-256color"], isTerminal: true).colors == .ansi256)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"], isTerminal: true).colors == .ansi16)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "dumb"], isTerminal: true).colors == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "vt100", "SSH_CONNECTION": "1 2 3 4"], isTerminal: true).colors == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm", "COLORTERM": "24bit"], isTerminal: true).colors == .trueColor)
    }

    @Test func hardwareTerminalsDrawASCIIWhateverTheLocale() {
        #expect(!TerminalCapabilities.detect(environment: ["TERM": "vt100", "LANG": "en_US.UTF-8"], isTerminal: true).unicode)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm", "LANG": "en_US.UTF-8"], isTerminal: true).unicode)
    }

    @Test func sshAssumes256UnlessToldMore() {
        let ssh = ["TERM": "xterm", "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"]
        #expect(TerminalCapabilities.detect(environment: ssh, isTerminal: true).colors == .ansi256)
        var more = ssh
        more["COLORTERM"] = "truecolor"
        #expect(TerminalCapabilities.detect(environment: more, isTerminal: true).colors == .trueColor)
        #expect(TerminalCapabilities.detect(environment: ["SSH_TTY": "/dev/pts/1"], isTerminal: true).colors == .ansi256)
    }

    @Test func noColorAndPipes() {
        let env = ["TERM": "xterm-256color", "COLORTERM": "truecolor"]
        #expect(TerminalCapabilities.detect(environment: env, isTerminal: false).colors == .none)
        #expect(TerminalCapabilities.detect(environment: env, isTerminal: false, forceColor: true).colors == .trueColor)
        var noColor = env
        noColor["NO_COLOR"] = "1"
        #expect(TerminalCapabilities.detect(environment: noColor, isTerminal: true, forceColor: true).colors == .none)
        #expect(TerminalCapabilities.detect(environment: env, isTerminal: true, noColorFlag: true).colors == .none)
    }

    @Test func unicodeFromLocale() {
        #expect(TerminalCapabilities.detect(environment: ["LANG": "ja_JP.UTF-8"], isTerminal: true).unicode)
        #expect(TerminalCapabilities.detect(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"], isTerminal: true).unicode == false)
        #expect(TerminalCapabilities.detect(environment: ["LC_CTYPE": "C.utf8"], isTerminal: true).unicode)
        #expect(TerminalCapabilities.detect(environment: [:], isTerminal: true).unicode == false)
        #expect(RenderOptions(width: 80, height: 24, unicode: false, canvas: .braille).resolvedCanvas == .ascii)
    }

    @Test func sizeFromEnvironmentOrCaller() {
        let c = TerminalCapabilities.detect(environment: ["COLUMNS": "132", "LINES": "40"], isTerminal: true)
        #expect(c.width == 132 && c.height == 40)
        let d = TerminalCapabilities.detect(environment: ["COLUMNS": "132"], isTerminal: true, width: 90, height: 30)
        #expect(d.width == 90 && d.height == 30)
    }
}

struct DisplayWidthTests {
    @Test func widths() {
        #expect(displayWidth("loss") == 4)
        #expect(displayWidth("損失関数") == 8)
        #expect(displayWidth("손실") == 4)
        #expect(displayWidth("ｘ") == 2)             // fullwidth x
        #expect(displayWidth("e\u{301}") == 1)       // e + combining acute
        #expect(displayWidth("a\u{200B}b") == 2)     // zero-width space
        #expect(displayWidth("⠁─█") == 3)
    }

    @Test func truncationKeepsWidth() {
        let t = truncated("学習曲線のグラフ", toWidth: 7, unicode: true)
        #expect(displayWidth(t) <= 7)
        #expect(t.hasSuffix("…"))
        #expect(truncated("abc", toWidth: 3, unicode: false) == "abc")
    }

    @Test func wideTitleKeepsAxesAligned() throws {
        // The axis column must be the same whether the title is ASCII or Japanese.
        func axisColumns(_ title: String) throws -> [Int] {
            let fig = Figure()
            try fig.axes.plot(y: [1, 3, 2])
            fig.axes.title = title
            fig.axes.yLabel = "損失"
            let text = fig.render(RenderOptions(width: 50, height: 14, unicode: true))
            return text.split(separator: "\n").compactMap { line -> Int? in
                var col = 0
                for ch in line {
                    if ch == "┤" || ch == "│" || ch == "└" { return col }
                    col += displayWidth(of: ch)
                }
                return nil
            }
        }
        let a = try axisColumns("loss curve")
        let b = try axisColumns("損失関数のグラフ")
        #expect(!a.isEmpty)
        #expect(Set(a).count == 1)
        #expect(a == b)
    }
}
