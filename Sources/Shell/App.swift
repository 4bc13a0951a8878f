#if canImport(Glibc)
import Glibc
#endif
import Tensor
import Tutor

/// Settings from the command line that every mode shares.
public struct AppSettings {
    public var noColor: Bool
    public var dataDirectory: String?

    public init(noColor: Bool = false, dataDirectory: String? = nil) {
        self.noColor = noColor
        self.dataDirectory = dataDirectory
    }
}

/// The program's modes: interactive tutor, piped session, script, lesson linter.
public final class App {
    public let settings: AppSettings
    public var terminal: Terminal

    public init(settings: AppSettings) {
        self.settings = settings
        self.terminal = Terminal.detect(noColor: settings.noColor)
        if let dir = settings.dataDirectory {
            // The learning library reads this; the flag outranks the environment.
            setenv("NNTUTOR_DATA_DIR", dir, 1)
        }
    }

    /// `nntutor -c CODE` / `nntutor FILE`: run as python3 would, printing only what the
    /// program prints. Returns the exit status (1 when the program raised).
    public func runScript(source: String, filename: String) -> Int32 {
        Signals.install()
        let session = LanguageSession(terminal: terminal, interactive: false)
        return session.runScript(source, filename: filename) ? 0 : 1
    }

    public func runScriptFile(path: String) -> Int32 {
        guard let source = readTextFile(path) else {
            fputs("nntutor: can't open file '\(path)': [Errno \(errno)] \(String(cString: strerror(errno)))\n", stderr)
            return 2
        }
        Signals.install()
        let session = LanguageSession(terminal: terminal, interactive: false)
        return session.runScript(source, filename: path) ? 0 : 1
    }

    /// The shell: readline on a terminal, plain line reading when stdin is piped.
    public func runInteractive(startLesson: String?) -> Int32 {
        Signals.install()
        let session = LanguageSession(terminal: terminal, interactive: terminal.isInteractive)
        let reader: LineReader
        if terminal.isInteractive {
            reader = ReadlineLineReader(history: HistoryFile(path: HistoryFile.defaultPath())) { word, line, cursor in
                session.completions(word: word, line: line, cursor: cursor)
            }
        } else {
            reader = PipedLineReader()
        }
        let repl = REPL(reader: reader, evaluator: session, terminal: terminal)
        BuiltinCommands.register(in: repl, session: session)
        let tutor = TutorController(repl: repl, session: session, terminal: terminal)
        session.commandNames = { repl.commandNames }
        if terminal.isInteractive {
            print(Banner.text(terminal: terminal))
            if startLesson == nil { tutor.greetIfFirstStart() }
        }
        if let startLesson { tutor.open(startLesson) }
        repl.run()
        session.flush()
        fflush(stdout)
        return repl.sawError ? 1 : 0
    }
}

/// Reads a whole text file, or nil with errno set.
func readTextFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension App {
    /// `nntutor lessons check [PATH]`: every run block and model solution must run and
    /// pass its own checks. Prints one line per problem and a summary; 0 when clean.
    public func checkLessons(path: String?) -> Int32 {
        let target = path ?? LessonLibrary.defaultDirectory()
        let report = LessonLinter.check(path: target)
        for line in report.messages { print(line) }
        print("\(report.passed) passed, \(report.failed) failed")
        return report.failed == 0 ? 0 : 1
    }
}
