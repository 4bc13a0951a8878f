import Testing
@testable import Tutor

@Suite struct TextTests {
    @Test func widthIgnoresColourAndCountsWideCharacters() {
        #expect(TextWrap.displayWidth("\u{1B}[1mYour turn:\u{1B}[0m x") == 12)
        #expect(TextWrap.displayWidth("e\u{301}") == 1)
        #expect(TextWrap.displayWidth("学习") == 4)
        #expect(TextWrap.displayWidth("⠁⠂ — ×") == 6)
    }

    @Test func longLinesWrapAtSpacesWithAHangingIndent() {
        let task = "Your turn: 2000 steps: pick k, forward, backward, params[key] -= 0.06 * grads[key] and more"
        let wrapped = TextWrap.wrap(task, width: 40, indent: 11)
        let rows = wrapped.split(separator: "\n")
        #expect(rows.allSatisfy { TextWrap.displayWidth($0) <= 40 })
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 11)) && !$0.hasPrefix(String(repeating: " ", count: 12)) })
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
                == task.split(separator: " ").joined(separator: " "), "no word lost or split")
    }

    @Test func linesThatFitAndEmbeddedBreaksAreKept() {
        let hint = "Hint: for i in range(100):\n          mask = np.random.choice(60000, 100)"
        #expect(TextWrap.wrap(hint, width: 80, indent: 6) == hint)
        #expect(TextWrap.wrap("a\n\nb", width: 10) == "a\n\nb")
    }

    @Test func aWordLongerThanTheRowIsCut() {
        let wrapped = TextWrap.wrap(String(repeating: "x", count: 25), width: 10)
        #expect(wrapped == "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx")
    }

    @Test func rowsCountWhatTheTerminalWraps() {
        #expect(TextWrap.rows("abc\n" + String(repeating: "y", count: 81) + "\n", width: 80) == 4)
    }

    @Test func proseLosesFencesAndLinksButKeepsCodeSpans() {
        let prose = "The formula, see [the book](https://example.org):\n\n```text\nE = -sum t log y\n```\n\nUse `x**2` and **not** *this*."
        let plain = ProseRenderer(style: TextStyle(color: false)).render(prose)
        #expect(plain == "The formula, see the book:\n\n  E = -sum t log y\n\nUse `x**2` and **not** *this*.")
        let styled = ProseRenderer(style: TextStyle(color: true)).render("## Mini-batches\nUse `x**2` and **not** *this* (2 * 3).")
        #expect(styled == "\u{1B}[1mMini-batches\u{1B}[0m\nUse `x**2` and \u{1B}[1mnot\u{1B}[0m \u{1B}[4mthis\u{1B}[0m (2 * 3).")
    }

    @Test func asciiTerminalsGetPlainTypography() {
        #expect(ASCIIFallback.text("nntutor — (book §4.3) 2×3 ≤ 7") == "nntutor -- (book sec. 4.3) 2x3 <= 7")
        #expect(ASCIIFallback.text("学") == "?")
        #expect(ASCIIFallback.text("plain") == "plain")
    }
}
