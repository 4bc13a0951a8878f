#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Language
import Tensor
import Tutor

/// Settings from the command line that every mode shares.
public struct AppSettings {
    public var noColor: Bool
    public var dataDirectory: String?
    /// `--classroom`: sandboxed files, a memory limit, lower priority, an idle timeout.
    public var classroom: Bool

    public init(noColor: Bool = false, dataDirectory: String? = nil, classroom: Bool = false) {
        self.noColor = noColor
        self.dataDirectory = dataDirectory
        self.classroom = classroom
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
        if settings.classroom { student = Self.enterClassroomMode() }
    }

    /// In classroom mode on a shared account: the student the login key names.
    public private(set) var student: ClassroomIdentity?

    /// Locks the session down for a shared server. Every interpreter made from now on keeps
    /// its files in the sandbox folder. On a shared account whose sshd exposes the login
    /// key, each student gets a folder of their own (files, progress and history); a key
    /// without a name in the roster may not start a session.
    static func enterClassroomMode() -> ClassroomIdentity? {
        let env = Environment.all()
        let home = env["HOME"] ?? "/tmp"
        var sandbox = env["NNTUTOR_SANDBOX"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/nntutor-files"
        var student: ClassroomIdentity?
        switch ClassroomIdentity.current(environment: env) {
        case nil: break
        case .failure(let problem)?:
            fputs("nntutor: cannot start a classroom session: \(problem).\n", stderr)
            exit(1)
        case .success(let who)?:
            let folder = (env["NNTUTOR_CLASS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/students") + "/" + who.name
            sandbox = folder + "/files"
            // Progress and history follow XDG_STATE_HOME; the MNIST cache stays shared.
            setenv("XDG_STATE_HOME", folder + "/state", 1)
            student = who
        }
        Interpreter.classroomSandbox = sandbox
        let megabytes = env["NNTUTOR_MEMORY_LIMIT_MB"].flatMap(Int.init) ?? 1024
        TensorLimits.maxTotalBytes = megabytes << 20
        TensorLimits.maxAllocationBytes = min(TensorLimits.maxAllocationBytes, megabytes << 20)
        MemoryWatch.start(limitBytes: megabytes << 20)
        // One learner's long computation must not starve the others: one BLAS thread per
        // session (unless the teacher says otherwise) and a lower priority for every thread.
        setenv("NNTUTOR_BLAS_THREADS", "1", 0)
        lowerPriority(to: 10)
        let minutes = env["NNTUTOR_IDLE_MINUTES"].flatMap(Double.init) ?? 30
        Signals.idleTimeout = minutes > 0 ? minutes * 60 : nil
        return student
    }

    /// Linux keeps a nice value per thread, and libraries (OpenBLAS) start threads before
    /// main runs; each one is lowered, and threads started later inherit the value.
    static func lowerPriority(to niceness: Int32) {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, niceness)
        guard let dir = opendir("/proc/self/task") else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let tid = id_t(name) { _ = setpriority(which, tid, niceness) }
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
            print(terminal.unicode ? Banner.text(terminal: terminal) : ASCIIFallback.text(Banner.text(terminal: terminal)))
            if let student { print("Classroom session of \(student.name): the files you save stay in your own folder.") }
            if startLesson == nil { tutor.greetIfFirstStart() }
        }
        if let startLesson { tutor.open(startLesson) }
        repl.run()
        session.flush()
        fflush(stdout)
        return repl.sawError ? 1 : 0
    }
}

extension App {
    /// `nntutor demo FILE`: a script, or a lesson given by path, number or name.
    public func runDemo(_ file: String, auto: Double?, typingRate: Double) -> Int32 {
        Signals.install()
        let entries: [(narration: String, code: String)]
        if file.hasSuffix(".md") || access(file, R_OK) != 0 {
            let lesson: Lesson
            do {
                if file.hasSuffix(".md"), access(file, R_OK) == 0 {
                    lesson = try LessonLibrary.load(file)
                } else if let found = LessonLibrary.files(at: LessonLibrary.defaultDirectory()).compactMap({ try? LessonLibrary.load($0) })
                            .first(where: { String($0.number) == file || $0.id == file || $0.id.hasSuffix(file) }) {
                    lesson = found
                } else {
                    fputs("nntutor demo: no script or lesson called '\(file)'\n", stderr)
                    return 2
                }
            } catch {
                fputs("nntutor demo: \(error)\n", stderr)
                return 2
            }
            entries = DemoRunner.entries(ofLesson: lesson)
        } else {
            guard let source = readTextFile(file) else {
                fputs("nntutor demo: can't open file '\(file)'\n", stderr)
                return 2
            }
            entries = DemoRunner.entries(ofScript: source)
        }
        let session = LanguageSession(terminal: terminal, interactive: terminal.isInteractive)
        let reader: LineReader = terminal.isInteractive
            ? ReadlineLineReader(history: HistoryFile(path: HistoryFile.defaultPath())) { word, line, cursor in
                session.completions(word: word, line: line, cursor: cursor)
            }
            : PipedLineReader()
        let demo = DemoRunner(session: session, reader: reader, terminal: terminal, typingRate: typingRate, autoAdvance: auto)
        demo.run(entries)
        session.flush()
        fflush(stdout)
        return 0
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
