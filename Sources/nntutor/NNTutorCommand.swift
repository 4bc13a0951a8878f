import ArgumentParser
import Shell

/// `nntutor` — the interactive tutor, a script runner, and the lesson tools.
struct NNTutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nntutor",
        abstract: "An interactive tutor for how neural networks learn (Deep Learning from Scratch, ch. 4–5).",
        discussion: """
            With no arguments, starts the interactive tutor. When standard input is not a \
            terminal, reads commands from it as the interactive shell would (values echoed, \
            no prompts). `nntutor FILE` runs a script as `python3 FILE` would.
            """,
        version: NNTutorVersion.string,
        subcommands: [LearnCommand.self, DemoCommand.self, LessonsCommand.self])

    @OptionGroup var options: CommonOptions

    @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE as a script and exit.", valueName: "CODE"))
    var code: String?

    @Argument(help: ArgumentHelp("A script to run (python3-style: values are not echoed).", valueName: "FILE"))
    var file: String?

    func run() throws {
        let app = options.makeApp()
        if let code {
            throw ExitCode(app.runScript(source: code, filename: "<string>"))
        }
        if let file {
            throw ExitCode(app.runScriptFile(path: file))
        }
        throw ExitCode(app.runInteractive(startLesson: nil))
    }
}

/// Options every form of the command accepts.
struct CommonOptions: ParsableArguments {
    @Flag(help: "Never use colour, even on a terminal.")
    var noColor = false

    @Option(help: ArgumentHelp("Where MNIST is read from and downloaded to (default: $NNTUTOR_DATA_DIR, else ~/.cache/nntutor/mnist).", valueName: "DIR"))
    var dataDir: String?

    @Flag(help: "Classroom mode for shared servers: files only in your own folder ($NNTUTOR_SANDBOX, default ~/nntutor-files), a memory limit ($NNTUTOR_MEMORY_LIMIT_MB, default 1024), lower CPU priority, and an idle timeout ($NNTUTOR_IDLE_MINUTES, default 30).")
    var classroom = false

    func makeApp() -> App {
        App(settings: AppSettings(noColor: noColor, dataDirectory: dataDir, classroom: classroom))
    }
}

/// `nntutor learn [LESSON]` — opens straight into a lesson.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "learn", abstract: "Start or resume a lesson.")

    @OptionGroup var options: CommonOptions

    @Argument(help: "A lesson number or name (default: where you stopped, or the first).")
    var lesson: String?

    func run() throws {
        throw ExitCode(options.makeApp().runInteractive(startLesson: lesson ?? ""))
    }
}

/// `nntutor lessons check [PATH]` — the lesson linter.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons", abstract: "Tools for lesson authors.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every `run` block and model solution and check each passes its own check.")

        @OptionGroup var options: CommonOptions

        @Argument(help: "A lesson file or folder (default: the built-in lessons).")
        var path: String?

        func run() throws {
            throw ExitCode(options.makeApp().checkLessons(path: path))
        }
    }
}

/// `nntutor demo FILE` — presents a script or a lesson one command at a time.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Present a script or lesson: each command typed out, run, then a pause.",
        discussion: "At the pause, Enter goes on; anything else you type runs first (then the demo waits again); :quit ends the demo.")

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Go on by itself after SECONDS instead of waiting for Enter.", valueName: "SECONDS"))
    var auto: Double?

    @Option(help: "Characters typed per second when showing a command (0: at once).")
    var typingSpeed: Double = 25

    @Argument(help: "A script (.py) or a lesson (.md, a number or a name).")
    var file: String

    func run() throws {
        throw ExitCode(options.makeApp().runDemo(file, auto: auto, typingRate: typingSpeed))
    }
}
