import Foundation
import TestSupport
import Testing
import Tutor
#if canImport(Glibc)
import Glibc
#endif

/// The classroom set-up of README.md with the real OpenSSH: students log into one shared
/// account whose ForceCommand starts `nntutor --classroom`; each is told apart by the key
/// they log in with. The client is `ssh -tt` inside tmux at 80×24.
@Suite(.serialized) struct SSHClassroomTests {
    static let enabled = SSHServer.available && TmuxSession.available

    /// What the forced command gives nntutor: a private home (its students/ folder holds
    /// each student's files and progress) and the checkout's lessons.
    static func environment(home: String) -> [String: String] {
        var env = ["HOME": home, "XDG_CACHE_HOME": home + "/cache", "NNTUTOR_LESSONS": LessonWalkTests.lessonDirectory]
        if let data = LessonWalkTests.environment()["NNTUTOR_DATA_DIR"] { env["NNTUTOR_DATA_DIR"] = data }
        return env
    }

    static func makeHome() throws -> String {
        Scratch.directory("sshhome")
    }

    static var lesson: Lesson { LessonWalkTests.lessons.first { $0.number == 3 }! }

    /// The first step that draws a plot.
    static var plotStep: Int {
        lesson.steps.firstIndex { if case .run(let code, _) = $0.kind { return code.contains("plt.show") }; return false }!
    }

    /// Logs in, opens lesson 3 and answers its steps up to and including the first plot;
    /// returns the screens seen after each step.
    static func walkToThePlot(_ t: TmuxSession, student: String) throws -> [String] {
        let banner = try t.waitFor(timeout: 20) { $0.contains(">>>") }
        #expect(banner.contains("Classroom session of \(student)"), "the session knows its student:\n\(banner)")
        try t.type(":lesson 3")
        try t.send("Enter")
        let driver = LessonDriver(session: t, lesson: lesson)
        var screens = [try driver.waitForStep(1)]
        for k in 0...plotStep {
            let screen = try driver.answerStep(k)
            #expect(screen.contains(driver.position(k + 2) + " >>>"), "step \(k + 1) did not advance over ssh:\n\(screen)")
            #expect(!screen.contains("Not yet") && !screen.contains("Traceback"), "step \(k + 1):\n\(screen)")
            screens.append(screen)
        }
        return screens
    }

    @Test(.enabled(if: enabled, "needs sshd, ssh and tmux (scripts/deps --dev installs openssh-server and tmux)"))
    func aStudentWalksALessonOverSSHInAUTF8Terminal() throws {
        let home = try Self.makeHome()
        let server = try SSHServer(environment: Self.environment(home: home))
        let key = try server.addStudent("alice")
        let t = try TmuxSession(command: server.client(key: key), width: 80, height: 24,
                                environment: ["TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
        let screens = try Self.walkToThePlot(t, student: "alice")
        let plot = screens.last!
        #expect(plot.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille plot over ssh:\n\(plot)")
        #expect(screens.contains { $0.contains("Correct!") })
        // Files stay in the student's own folder; other paths are refused.
        try t.type(":leave")
        try t.send("Enter")
        try t.type("np.save('w.npy', np.arange(3)); np.save('/tmp/escape.npy', np.arange(3))")
        try t.send("Enter")
        let refused = try t.waitFor { $0.contains("PermissionError") }
        #expect(refused.contains("PermissionError: [Errno 13] Permission denied: '/tmp/escape.npy'"), "\(refused)")
        let session = try #require(server.sessionPIDs.last)
        try t.send("C-d")
        #expect(Self.waitForExit(session), "Ctrl-D ends the session")
        let mine = home + "/students/alice"
        #expect(FileManager.default.fileExists(atPath: mine + "/files/w.npy"))
        let progress = try String(contentsOfFile: mine + "/state/nntutor/progress.json", encoding: .utf8)
        #expect(progress.contains("derivatives"), "progress saved in alice's folder: \(progress)")
        // The forced command ignores what the client asks to run: no shell.
        let remote = Sh.run("printf 'print(6 * 7)\\n' | " + server.client(key: key, tty: false, remoteCommand: "echo shell-reached"))
        #expect(remote.output.contains("42") && !remote.output.contains("shell-reached"), "\(remote.output)")
        server.stop()
        #expect(Sh.run(server.client(key: key, tty: false) + " </dev/null").status != 0, "sshd is stopped")
    }

    @Test(.enabled(if: enabled, "needs sshd, ssh and tmux (scripts/deps --dev installs openssh-server and tmux)"))
    func aVT100TerminalWithoutUTF8GetsASCIIAndAHangUpEndsTheSession() throws {
        let home = try Self.makeHome()
        let server = try SSHServer(environment: Self.environment(home: home))
        _ = try server.addStudent("alice")
        let key = try server.addStudent("bob")
        // Alice's file must be invisible to Bob.
        try FileManager.default.createDirectory(atPath: home + "/students/alice/files", withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: home + "/students/alice/files/secret.npy"))
        let t = try TmuxSession(command: server.client(key: key), width: 80, height: 24,
                                environment: ["TERM": "vt100", "LANG": "C", "PATH": "/usr/bin:/bin"])
        let screens = try Self.walkToThePlot(t, student: "bob")
        for screen in screens {
            #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII on a vt100 without UTF-8:\n\(screen)")
        }
        #expect(screens.last!.contains("+---"), "an ASCII plot with axes:\n\(screens.last!)")
        let coded = try t.screen(escapes: true)
        #expect(!coded.contains("38;5;") && !coded.contains("38;2;"), "no 256- or true-colour codes for a vt100:\n\(coded)")
        try t.type("np.load('secret.npy')")
        try t.send("Enter")
        #expect(try t.waitFor { $0.contains("Error") }.contains("FileNotFoundError"), "bob cannot see alice's files")

        // A long computation, then the connection drops (the client is killed outright).
        try t.type("while True: pass")
        try t.send("Enter", "Enter")
        usleep(500_000)
        let session = try #require(server.sessionPIDs.last)
        #expect(kill(session, 0) == 0, "nntutor runs for bob")
        let pane = try #require(try t.panePID())
        for ssh in Self.children(of: pane) { kill(ssh, SIGKILL) }
        #expect(Self.waitForExit(session), "the session ended after the connection dropped")
        let progress = try String(contentsOfFile: home + "/students/bob/state/nntutor/progress.json", encoding: .utf8)
        #expect(progress.contains("\"step\" : \(Self.plotStep + 1)") || progress.contains("\"step\":\(Self.plotStep + 1)"),
                "bob's progress is saved at the step after the plot: \(progress)")
        server.stop()
    }

    /// True once process `pid` is gone (within 15 s).
    static func waitForExit(_ pid: pid_t) -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while kill(pid, 0) == 0 && Date() < deadline { usleep(100_000) }
        return kill(pid, 0) != 0
    }

    /// Processes whose parent is `pid` (the ssh client under the pane's shell).
    static func children(of pid: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(pid_t.init).filter { candidate in
            guard let stat = readProcFile("/proc/\(candidate)/stat"),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == pid
        }
    }
}
