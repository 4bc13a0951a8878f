import FoundationEssentials
import Language
import Tensor

/// One learner walking through one lesson: shows each step, runs `run` blocks, checks
/// attempts at `try` steps and answers to quizzes, reveals hints, restores the lesson's
/// variables after a failed attempt, and saves progress after every step.
///
/// Beside the learner's workspace runs a *model* workspace that executes exactly the
/// lesson's blocks and model solutions; expected values come from it, so the learner's
/// free play (and mistakes) never change what counts as right.
public final class LessonSession {
    public enum StepState: Equatable { case pending, done, skipped }

    public let lesson: Lesson
    public private(set) var workspace: Workspace
    private var model: Workspace
    public private(set) var index = 0
    public private(set) var states: [StepState]
    private var hintsShown = 0
    private var snapshot: Snapshot?
    private var expected: Expected?
    private let progress: ProgressStore?
    public var settings: TutorSettings
    /// Where everything the learner sees goes, raw (the shell prints it).
    public var output: (String) -> Void

    /// Shows a step's prose (already rendered for the terminal); the shell pages it to
    /// the terminal height. Default: straight to `output`.
    public var showProse: ((String) -> Void)?

    /// One message or block of text, on its own lines, wrapped to the terminal width
    /// (continuation rows indented by `indent`).
    func display(_ text: String, indent: Int = 0) {
        emit(TextWrap.wrap(text, width: settings.width, indent: indent) + "\n")
    }

    /// The tutor's own text, in ASCII on terminals without UTF-8.
    private func emit(_ text: String) { output(settings.unicode ? text : ASCIIFallback.text(text)) }

    /// Prose through the pager; code listings and program output are never re-wrapped.
    private func displayProse(_ prose: String) {
        let text = TextWrap.wrap(ProseRenderer(style: settings.style).render(prose), width: settings.width)
        if let showProse { showProse(settings.unicode ? text : ASCIIFallback.text(text)) } else { emit(text + "\n") }
    }

    private func displayVerbatim(_ text: String) { emit(text + "\n") }
    public private(set) var finished = false

    /// What the model solution produced for the current try step.
    struct Expected {
        var result: Value?
        var values: [String: Value]
        var error: String?
    }

    public init(lesson: Lesson, progress: ProgressStore?, settings: TutorSettings, output: @escaping (String) -> Void) {
        self.lesson = lesson
        self.progress = progress
        self.settings = settings
        self.output = output
        workspace = Workspace()
        model = Workspace()
        states = Array(repeating: .pending, count: lesson.steps.count)
        connectOutput()
    }

    /// The learner's workspace prints straight to the learner.
    private func connectOutput() {
        workspace.sink = { [unowned self] text in self.output(text) }
    }

    /// `[2 cross-entropy 3/17] >>> `
    public var prompt: String {
        finished ? "[\(lesson.number) \(lesson.id) done] >>> " : "[\(lesson.number) \(lesson.id) \(index + 1)/\(lesson.steps.count)] >>> "
    }

    public var currentStep: Step? { index < lesson.steps.count ? lesson.steps[index] : nil }

    // MARK: Starting and resuming

    /// Starts at the saved step (replaying what came before silently) or at the beginning.
    public func start(resume: Bool) {
        var target = 0
        if resume, let saved = progress?.progress(for: lesson.id), !saved.finished {
            target = Swift.min(saved.step, lesson.steps.count)
            for i in saved.passed where i < states.count { states[i] = .done }
        }
        progress?.currentLesson = lesson.id
        if target > 0 {
            display("Resuming \(lesson.title) at step \(target + 1) of \(lesson.steps.count); rebuilding the workspace...")
            for i in 0..<target { replay(i) }
        } else {
            display(heading(lesson.title))
        }
        index = target
        enterStep()
    }

    /// Runs code in the learner's workspace with its output (and plots) suppressed.
    private func silently(_ code: String) {
        workspace.sink = nil
        defer { connectOutput() }
        _ = workspace.run(code, echo: false)
    }

    /// Runs step i's code silently in both workspaces (a run block, or a model solution).
    private func replay(_ i: Int) {
        switch lesson.steps[i].kind {
        case .run(let code, _):
            silently(code)
            _ = model.run(code, echo: false)
        case .attempt(let t):
            silently(t.solution)
            _ = model.run(t.solution, echo: false)
            if states[i] == .pending { states[i] = .skipped }
        case .quiz: break
        }
    }

    // MARK: Showing a step

    private func enterStep() {
        hintsShown = 0
        snapshot = nil
        expected = nil
        guard let step = currentStep else { finish(); return }
        save()
        if !step.prose.isEmpty { displayProse(step.prose) }
        switch step.kind {
        case .run(let code, _):
            displayVerbatim(codeListing(code))
            let outcome = workspace.run(code, echo: true)
            if let error = outcome.error { displayVerbatim(error) }
            _ = model.run(code, echo: false)
            states[index] = .done
            save()
            display(dim("(Enter or :next to go on)"))
        case .attempt(let t):
            prepare(t)
            display(task(t.task), indent: taskIndent)
        case .quiz(let q):
            display(quizText(q), indent: 4)
        }
    }

    /// Runs the model solution in the model workspace and takes the snapshot.
    private func prepare(_ t: TryStep) {
        let names = t.keep ?? workspace.boundNames
        snapshot = Snapshot(names: names, in: workspace)
        model.adoptData(from: workspace)
        let outcome = model.run(t.solution, echo: true)
        var values = [String: Value]()
        for check in t.checks {
            switch check {
            case .valueOf(let e), .shape(of: let e?), .dtype(of: let e?):
                if let v = try? model.evaluate(e) { values[e] = v }
            default: break
            }
        }
        expected = Expected(result: outcome.result, values: values, error: outcome.error)
    }

    // MARK: Input

    /// True when an empty line means "go on" (after a run block).
    public var advancesOnEmptyLine: Bool {
        guard let step = currentStep, !finished else { return false }
        if case .run = step.kind { return true }
        return false
    }

    /// Handles one entry typed at the prompt. Returns false when the entry was not an
    /// answer and should simply run as free play.
    public func handle(_ source: String) -> Bool {
        guard !finished, let step = currentStep else { return false }
        switch step.kind {
        case .run: return false
        case .attempt(let t):
            attempt(source, t)
            return true
        case .quiz(let q):
            return answer(source, q)
        }
    }

    private func attempt(_ source: String, _ t: TryStep) {
        if expected == nil { prepare(t) }
        let outcome = workspace.run(source, echo: true)
        if let error = outcome.error {
            displayVerbatim(error)
            fail(t, reason: "that raised an error")
            return
        }
        if let reason = check(t, result: outcome.result) {
            fail(t, reason: reason)
            return
        }
        succeed(t, source: source)
    }

    /// nil when every check passes, else why not.
    private func check(_ t: TryStep, result: Value?) -> String? {
        let compare = AnswerComparison(rtol: t.rtol, atol: t.atol)
        guard let expected else { return "the model solution could not be run" }
        for check in t.checks {
            switch check {
            case .value:
                guard let result, !result.isNone else { return "your entry produced no value to check" }
                guard let want = expected.result else { return "the lesson has no expected value here" }
                if let d = compare.difference(result, want) { return d }
            case .valueOf(let e):
                guard let want = expected.values[e] else { return "the lesson could not evaluate \(e)" }
                let got: Value
                do { got = try workspace.evaluate(e) } catch { return "\(e) raised \(shortError(error))" }
                if let d = compare.difference(got, want) { return "\(e): " + d }
            case .shape(let e):
                let got = e.flatMap { try? workspace.evaluate($0) } ?? result
                let want = e.flatMap { expected.values[$0] } ?? expected.result
                guard let got, let want else { return "there is nothing to take the shape of" }
                let gs = shapeOf(got), ws = shapeOf(want)
                if gs != ws { return "the shape is \(gs.map(formatShape) ?? "none") but should be \(ws.map(formatShape) ?? "none")" }
            case .dtype(let e):
                let got = e.flatMap { try? workspace.evaluate($0) } ?? result
                let want = e.flatMap { expected.values[$0] } ?? expected.result
                guard let got, let want else { return "there is nothing to take the dtype of" }
                if dtypeName(got) != dtypeName(want) { return "the dtype is \(dtypeName(got)) but should be \(dtypeName(want))" }
            case .defined(let names):
                for n in names where workspace.value(of: n) == nil { return "\(n) is not defined yet" }
            case .predicate(let p):
                if let result { workspace.set("_", result) }
                do {
                    if !(try workspace.interpreter.truthy(try workspace.evaluate(p))) { return "not quite (\(p) does not hold)" }
                } catch { return "checking \(p) raised \(shortError(error))" }
            }
        }
        return nil
    }

    private func succeed(_ t: TryStep, source: String) {
        display(good("Correct!") + " " + t.explain, indent: 2)
        for name in t.defines where workspace.value(of: name) == nil || !bound(name, by: source) {
            if let v = model.value(of: name) { workspace.set(name, (try? Copier.copy(v)) ?? v) }
        }
        states[index] = .done
        advance()
    }

    private func bound(_ name: String, by source: String) -> Bool {
        // Lesson names are identifiers; anything else is escaped so it matches literally.
        let escaped = name.map { $0.isLetter || $0.isNumber || $0 == "_" ? String($0) : "\\" + String($0) }.joined()
        guard let pattern = try? Regex("\\b\(escaped)\\s*(,[^=]*)?=(?!=)") else { return false }
        return source.contains(pattern)
    }

    private func fail(_ t: TryStep, reason: String) {
        var lines = [bad("Not yet:") + " \(reason)."]
        if hintsShown < t.hints.count {
            lines.append("Hint: " + t.hints[hintsShown])
            hintsShown += 1
        }
        if let broken = snapshot?.restore(into: workspace), !broken.isEmpty {
            lines.append("(\(broken.joined(separator: ", ")) changed in place and is too large to restore; :restart rebuilds the lesson.)")
        }
        lines.append(task(t.task))
        display(lines.joined(separator: "\n"), indent: 2)
    }

    private func answer(_ source: String, _ q: Quiz) -> Bool {
        let reply = source.trimmingSpaces()
        switch q.answer {
        case .choice(let right):
            guard reply.count == 1, let c = reply.lowercased().unicodeScalars.first, c.value >= 97, c.value < 97 + UInt32(q.choices.count) else {
                return false
            }
            if Int(c.value - 97) == right { quizPassed(q) } else { quizFailed(q) }
            return true
        case .number(let want):
            // A line that binds a name or does not evaluate to a number is free play.
            guard let v = try? workspace.evaluate(reply), let got = AnswerComparison(rtol: 0, atol: 0).numeric(v), got.values.count == 1 else {
                return false
            }
            display(String(describing: pythonFloatRepr(got.values[0])))
            if Swift.abs(got.values[0] - want) <= q.tolerance { quizPassed(q) } else { quizFailed(q) }
            return true
        }
    }

    private func quizPassed(_ q: Quiz) {
        display(good("Correct!") + " " + q.explain, indent: 2)
        states[index] = .done
        advance()
    }

    private func quizFailed(_ q: Quiz) {
        var lines = [bad("Not quite.")]
        if hintsShown < q.hints.count {
            lines.append("Hint: " + q.hints[hintsShown])
            hintsShown += 1
        }
        lines.append(quizText(q))
        display(lines.joined(separator: "\n"), indent: 4)
    }

    // MARK: Commands

    /// `:next`: after a run step, go on; at an unpassed try or quiz, skip it (running the
    /// model solution silently so later steps find their names).
    public func next() {
        guard let step = currentStep, !finished else { display("The lesson is finished. :lessons shows the others."); return }
        if states[index] == .pending {
            guard settings.allowSkipping else {
                display("Skipping is switched off for this class: solve the step (or ask for a :hint).")
                return
            }
            if case .attempt(let t) = step.kind {
                silently(t.solution)
                if expected == nil { _ = model.run(t.solution, echo: false) }
            }
            states[index] = .skipped
            display(dim("(skipped)"))
        }
        advance()
    }

    /// `:back`: shows the previous step again (its code is not re-run).
    public func back() {
        guard index > 0 else { display("This is the first step."); return }
        index -= 1
        finished = false
        let step = lesson.steps[index]
        if !step.prose.isEmpty { displayProse(step.prose) }
        switch step.kind {
        case .run(let code, _): displayVerbatim(codeListing(code) + "\n" + dim("(already run; Enter or :next to go on)"))
        case .attempt(let t): display(task(t.task) + (states[index] == .done ? dim("  (done; :next to go on)") : ""), indent: taskIndent)
        case .quiz(let q): display(quizText(q), indent: 4)
        }
        hintsShown = 0
        save()
    }

    public func hint() {
        guard let step = currentStep else { display("No step is open."); return }
        let hints: [String]
        switch step.kind {
        case .attempt(let t): hints = t.hints
        case .quiz(let q): hints = q.hints
        case .run: display("This step only shows code; Enter goes on."); return
        }
        guard hintsShown < hints.count else {
            display(settings.allowSolutions ? "No more hints. :solution shows the answer." : "No more hints.")
            return
        }
        display("Hint: " + hints[hintsShown], indent: 6)
        hintsShown += 1
    }

    /// `:solution`: types the model solution and runs it as an attempt (if allowed).
    public func solution() {
        guard settings.allowSolutions else { display("Solutions are switched off for this class."); return }
        guard let step = currentStep else { return }
        switch step.kind {
        case .attempt(let t):
            displayVerbatim(codeListing(t.solution))
            attempt(t.solution, t)
        case .quiz(let q):
            switch q.answer {
            case .choice(let i): display("The answer is \(Character(UnicodeScalar(97 + UInt8(i)))): \(q.choices[i])"); quizPassed(q)
            case .number(let n): display("The answer is \(pythonFloatRepr(n))."); quizPassed(q)
            }
        case .run: display("This step has nothing to solve; Enter goes on.")
        }
    }

    /// `:restart`: a fresh workspace from the lesson's first step.
    public func restart() {
        workspace = Workspace()
        model = Workspace()
        connectOutput()
        states = Array(repeating: .pending, count: lesson.steps.count)
        index = 0
        finished = false
        progress?.update(lesson.id) { $0 = ProgressStore.LessonProgress() }
        display(heading(lesson.title))
        enterStep()
    }

    /// `:where`
    public var whereText: String {
        var text = "Lesson \(lesson.number): \(lesson.title) (book §\(lesson.section)), step \(Swift.min(index + 1, lesson.steps.count)) of \(lesson.steps.count)"
        let done = states.filter { $0 == .done }.count, skipped = states.filter { $0 == .skipped }.count
        text += "; \(done) done" + (skipped > 0 ? ", \(skipped) skipped" : "")
        if let step = currentStep, !finished {
            switch step.kind {
            case .attempt(let t): text += "\nTask: " + t.task
            case .quiz(let q): text += "\nQuestion: " + q.question
            case .run: text += "\n(Enter goes on)"
            }
        }
        return text
    }

    private func advance() {
        index += 1
        save()
        if index >= lesson.steps.count { finish() } else { enterStep() }
    }

    private func finish() {
        finished = true
        index = lesson.steps.count
        if !lesson.closing.isEmpty { displayProse(lesson.closing) }
        display(good("Lesson \(lesson.number) complete.") + " :lessons lists the others; :leave returns to free play.")
        progress?.update(lesson.id) { p in
            p.finished = true
            p.step = self.lesson.steps.count
            p.passed = self.states.indices.filter { self.states[$0] == .done }
        }
    }

    private func save() {
        progress?.update(lesson.id) { p in
            p.step = Swift.min(self.index, self.lesson.steps.count)
            p.passed = self.states.indices.filter { self.states[$0] == .done }
            if self.index < self.lesson.steps.count { p.finished = false }
        }
    }

    // MARK: Formatting

    private func codeListing(_ code: String) -> String {
        code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    private func task(_ text: String) -> String { settings.style.bold("Your turn:") + " " + text }
    /// Continuation rows of a task line start under its text.
    private let taskIndent = 11

    private func quizText(_ q: Quiz) -> String {
        var lines = [settings.style.bold("Question:") + " " + q.question]
        for (i, c) in q.choices.enumerated() { lines.append("  \(Character(UnicodeScalar(97 + UInt8(i)))) \(c)") }
        lines.append(dim(q.choices.isEmpty ? "(answer with a number or an expression)" : "(answer with a letter)"))
        return lines.joined(separator: "\n")
    }

    private func heading(_ s: String) -> String { settings.style.bold("Lesson \(lesson.number): \(s)") + "  (book §\(lesson.section), about \(lesson.minutes) min)" }
    private func good(_ s: String) -> String { settings.style.green(s) }
    private func bad(_ s: String) -> String { settings.style.red(s) }
    private func dim(_ s: String) -> String { settings.style.dim(s) }

    private func shortError(_ error: Error) -> String {
        workspace.interpreter.format(error).split(separator: "\n").last.map(String.init) ?? "\(error)"
    }

    private func shapeOf(_ v: Value) -> [Int]? {
        AnswerComparison(rtol: 0, atol: 0).numeric(v)?.shape
    }

    private func dtypeName(_ v: Value) -> String {
        switch v {
        case .array(let a): return a.dtype.name
        case .scalar(let s): return s.dtype.name
        case .int: return "int"
        case .float: return "float"
        case .bool: return "bool"
        default: return workspace.interpreter.typeName(v)
        }
    }
}

/// Teacher settings and how text is styled.
public struct TutorSettings {
    /// `:solution` allowed (NNTUTOR_NO_SOLUTIONS=1 switches it off).
    public var allowSolutions = true
    /// `:next` past an unsolved step allowed (NNTUTOR_NO_SKIPPING=1 switches it off).
    public var allowSkipping = true
    public var style = TextStyle(color: false)
    /// Terminal width messages and prose are wrapped to.
    public var width = 80
    /// False on terminals without UTF-8: the tutor's text is then spelled in ASCII.
    public var unicode = true

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, color: Bool, width: Int = 80, unicode: Bool = true) {
        self.width = max(20, width)
        self.unicode = unicode
        allowSolutions = environment["NNTUTOR_NO_SOLUTIONS"].map { $0.isEmpty || $0 == "0" } ?? true
        allowSkipping = environment["NNTUTOR_NO_SKIPPING"].map { $0.isEmpty || $0 == "0" } ?? true
        style = TextStyle(color: color)
    }
}

/// ANSI styling, or none.
public struct TextStyle {
    public let color: Bool
    public init(color: Bool) { self.color = color }
    func wrap(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func underline(_ s: String) -> String { wrap(s, "4") }
}
