import FoundationEssentials
import Tutor

/// Connects the lesson engine to the shell: the `:lesson` family of commands, the prompt,
/// attempts and answers routed to the open lesson, and saved progress.
final class TutorController {
    let repl: REPL
    let session: LanguageSession
    let progress: ProgressStore
    let settings: TutorSettings
    let lessonDirectory: String
    /// Measured again before each use: the window may have been resized.
    private var terminal: Terminal
    private(set) var lesson: LessonSession?

    init(repl: REPL, session: LanguageSession, terminal: Terminal) {
        self.repl = repl
        self.session = session
        self.terminal = terminal
        lessonDirectory = LessonLibrary.defaultDirectory()
        progress = ProgressStore(path: ProgressStore.defaultPath(stateDirectory: TutorController.stateDirectory()))
        settings = TutorSettings(color: terminal.color, width: terminal.width, unicode: terminal.unicode)
        repl.promptProvider = { [unowned self] in self.lesson?.prompt ?? ">>> " }
        repl.entryHandler = { [unowned self] source in
            self.refreshSize()
            guard let lesson = self.lesson else { return false }
            let handled = lesson.handle(source)
            self.session.use(lesson.workspace.interpreter)
            return handled
        }
        repl.emptyLineHandler = { [unowned self] in
            self.refreshSize()
            if let lesson = self.lesson, lesson.advancesOnEmptyLine { lesson.next(); self.sync() }
        }
        if let warning = progress.warning { say("warning: " + warning) }
        register()
    }

    /// $XDG_STATE_HOME/nntutor, else ~/.local/state/nntutor.
    static func stateDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") { return x + "/nntutor" }
        return (env["HOME"] ?? env["TMPDIR"] ?? "/tmp") + "/.local/state/nntutor"
    }

    func say(_ text: String) { session.emit((terminal.unicode ? text : ASCIIFallback.text(text)) + "\n") }

    private func sync() { session.use(lesson?.workspace.interpreter) }

    /// Wrapping and paging follow the window's current size.
    private func refreshSize() {
        if terminal.isInteractive { terminal.refreshSize() }
        lesson?.settings.width = max(20, terminal.width)
    }

    func lessons() -> [Lesson] {
        LessonLibrary.files(at: lessonDirectory).compactMap { try? LessonLibrary.load($0) }
    }

    /// `:lesson NAME|N`, `nntutor learn LESSON`; an empty name resumes the last lesson.
    func open(_ name: String) {
        let all = lessons()
        guard !all.isEmpty else { say("No lessons found in \(lessonDirectory)."); return }
        var chosen: Lesson?
        if name.isEmpty {
            chosen = all.first { $0.id == progress.currentLesson } ?? all.first { !(progress.progress(for: $0.id)?.finished ?? false) } ?? all.first
        } else if let n = Int(name) {
            chosen = all.first { $0.number == n }
        } else {
            chosen = all.first { $0.id == name } ?? all.first { $0.id.hasPrefix(name) }
        }
        guard let chosen else {
            say("There is no lesson '\(name)'. :lessons shows the list.")
            return
        }
        if chosen.data.contains("mnist") { warnIfMNISTMissing() }
        let opened = LessonSession(lesson: chosen, progress: progress, settings: settings) { [unowned self] text in
            self.session.emit(text)
        }
        opened.showProse = { [unowned self] text in
            self.session.flush()
            Pager(terminal: self.terminal) { self.session.emit($0); self.session.flush() }.show(text)
        }
        lesson = opened
        refreshSize()
        sync()
        opened.start(resume: true)
        sync()
    }

    private func warnIfMNISTMissing() {
        let env = ProcessInfo.processInfo.environment
        let dir = env["NNTUTOR_DATA_DIR"] ?? ((env["XDG_CACHE_HOME"] ?? ((env["HOME"] ?? "") + "/.cache")) + "/nntutor/mnist")
        let present = FileManager.default.fileExists(atPath: dir + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: dir + "/train-images-idx3-ubyte")
        if !present { say("(This lesson uses MNIST; it is not in \(dir) yet, so load_mnist will download it, about 11 MB.)") }
    }

    func listText() -> String {
        var lines = [String]()
        for l in lessons() {
            let p = progress.progress(for: l.id)
            let mark: String
            if p?.finished == true { mark = "done" }
            else if let p, p.step > 0 { mark = "\(p.step)/\(l.steps.count)" }
            else { mark = "" }
            lines.append(String(l.number).leftPad(2) + "  " + l.title.padding(44) + " §" + l.section.padding(8) + "\(l.minutes) min".padding(7) + " " + mark)
        }
        lines.append("Start one with :lesson N (or its name); :leave returns to free play.")
        return lines.joined(separator: "\n")
    }

    /// The one-screen welcome shown on a learner's first start.
    func greetIfFirstStart() {
        guard !progress.greeted else { return }
        say("""
            Welcome to nntutor. It teaches how neural networks learn, following chapters 4
            and 5 of "Deep Learning from Scratch": loss functions, numerical derivatives,
            gradients, gradient descent, a two-layer network trained on MNIST, and
            backpropagation. You type Python with NumPy, as in the book; nntutor checks
            what your code computes, not how you wrote it.

            The lessons:
            """)
        say(listText())
        say("""

            Type :lesson 1 to begin. In a lesson: :hint, :next, :back, :where, :leave.
            :help lists every command. Your progress is saved after every step.
            """)
        progress.greeted = true
    }

    private func needLesson() -> LessonSession? {
        refreshSize()
        if lesson == nil { say("No lesson is open. :lessons lists them; :lesson N starts one.") }
        return lesson
    }

    private func register() {
        repl.register(ShellCommand(name: "lessons", usage: ":lessons", summary: "the lessons, with the book section and your progress") { [unowned self] _ in
            self.say(self.listText())
        })
        repl.register(ShellCommand(name: "lesson", usage: ":lesson N|NAME", summary: "start or resume a lesson") { [unowned self] args in
            self.open(args)
        })
        repl.register(ShellCommand(name: "next", usage: ":next", summary: "go on to the next step (skips an unsolved one)") { [unowned self] _ in
            self.needLesson()?.next(); self.sync()
        })
        repl.register(ShellCommand(name: "back", usage: ":back", summary: "show the previous step again") { [unowned self] _ in
            self.needLesson()?.back()
        })
        repl.register(ShellCommand(name: "hint", usage: ":hint", summary: "the next hint for this step") { [unowned self] _ in
            self.needLesson()?.hint()
        })
        repl.register(ShellCommand(name: "solution", usage: ":solution", summary: "type and run the model answer (if your teacher allows it)") { [unowned self] _ in
            self.needLesson()?.solution(); self.sync()
        })
        repl.register(ShellCommand(name: "restart", usage: ":restart", summary: "start this lesson again with a fresh workspace") { [unowned self] _ in
            self.needLesson()?.restart(); self.sync()
        })
        repl.register(ShellCommand(name: "where", usage: ":where", summary: "which lesson and step you are on, and the task") { [unowned self] _ in
            if let l = self.needLesson() { self.say(TextWrap.wrap(l.whereText, width: l.settings.width, indent: 6)) }
        })
        repl.register(ShellCommand(name: "leave", usage: ":leave", summary: "leave the lesson (progress is kept) and return to free play") { [unowned self] _ in
            guard let l = self.needLesson() else { return }
            self.lesson = nil
            self.sync()
            self.say("Left \(l.lesson.title); :lesson \(l.lesson.number) resumes it.")
        })
        repl.register(ShellCommand(name: "progress", usage: ":progress [reset [LESSON]]", summary: "your progress; 'reset' forgets one lesson or all") { [unowned self] args in
            let words = args.split(separator: " ").map(String.init)
            if words.first == "reset" {
                let target = words.count > 1 ? words[1] : nil
                let id = target.flatMap { t in self.lessons().first { $0.id == t || String($0.number) == t }?.id } ?? target
                self.progress.reset(id)
                self.say(id.map { "Forgot your progress in \($0)." } ?? "Forgot all your progress.")
            } else {
                self.say(self.listText())
            }
        })
    }
}
