import Foundation
import TestSupport
import Testing

/// Demo mode and classroom mode through the real binary with piped stdin.
@Suite struct ClassroomTests {
    @Test func demoShowsEachCommandRunsItAndLetsThePresenterTypeBetween() throws {
        let dir = Scratch.directory("class")
        let script = dir + "/demo.py"
        try "# a loss by hand\nimport numpy as np\ny = np.array([0.1, 0.6, 0.3])\nfor v in y:\n    print(v * 2)\n\ny.sum()\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        // Enter, an aside (then Enter), Enter.
        let r = try NNTutor.run(["demo", script], stdin: "\nz = 7 * 6\nz\n\n\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("# a loss by hand"))
        #expect(r.stdout.contains(">>> import numpy as np\n"))
        #expect(r.stdout.contains(">>> for v in y:\n...     print(v * 2)\n0.2\n1.2\n0.6\n"))
        #expect(r.stdout.contains("42\n"), "the presenter's aside ran")
        #expect(r.stdout.contains(">>> y.sum()\nnp.float64(1.0)\n"))
        #expect(r.stdout.contains("# end of demo"))
    }

    @Test func demoOfALessonRunsItsCodeWithAutoAdvance() throws {
        let r = try NNTutor.run(["demo", "1", "--auto", "0"], stdin: "")
        #expect(r.status == 0)
        #expect(r.stdout.contains("0.09750000000000003"), "lesson 1's numbers")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func classroomModeKeepsFilesInTheSandboxAndLimitsMemory() throws {
        let sandbox = Scratch.directory("class")
        let input = """
            np.save('w.npy', np.arange(3))
            np.load('w.npy')
            np.save('/tmp/escape.npy', np.arange(3))
            np.load('../w.npy')
            a = np.zeros((20000, 20000))
            b = np.ones(4)
            b.sum()

            """
        let r = try NNTutor.run(["--classroom"], stdin: input,
                                environment: NNTutor.sandboxEnvironment(["NNTUTOR_SANDBOX": sandbox, "NNTUTOR_MEMORY_LIMIT_MB": "256"]))
        #expect(r.stdout.contains("array([0, 1, 2])"))
        #expect(FileManager.default.fileExists(atPath: sandbox + "/w.npy"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escape.npy"))
        #expect(r.stderr.contains("PermissionError: [Errno 13] Permission denied: '/tmp/escape.npy'"))
        #expect(r.stderr.contains("PermissionError: [Errno 13] Permission denied: '../w.npy'"))
        #expect(r.stderr.contains("MemoryError: Unable to allocate 2.98 GiB"))
        #expect(r.stdout.contains("np.float64(4.0)"), "the session goes on after the errors")
    }

    @Test func theLanguageReachesNoEnvironmentOtherPathsOrShell() throws {
        let sandbox = Scratch.directory("class")
        let input = """
            import os
            os.getcwd()
            os.environ
            os.path.exists('/etc/passwd')
            import subprocess
            open('/etc/passwd')
            __import__('os')
            exec('1')
            print('still here')

            """
        let r = try NNTutor.run(["--classroom"], stdin: input, environment: NNTutor.sandboxEnvironment(["NNTUTOR_SANDBOX": sandbox]))
        #expect(r.stdout.contains("'\(sandbox)'"), "the working directory is the student's folder: \(r.stdout)")
        #expect(r.stderr.contains("AttributeError: module 'os' has no attribute 'environ'"))
        #expect(r.stderr.contains("PermissionError: [Errno 13] Permission denied: '/etc/passwd'"))
        #expect(r.stderr.contains("ModuleNotFoundError: No module named 'subprocess'"))
        #expect(r.stderr.contains("NameError: name 'open' is not defined"))
        #expect(r.stderr.contains("NameError: name '__import__' is not defined"))
        #expect(r.stderr.contains("NameError: name 'exec' is not defined"))
        #expect(r.stdout.contains("still here"))
    }

    @Test func arraysTogetherCannotExceedTheSessionLimit() throws {
        let r = try NNTutor.run(["--classroom"], stdin: "xs = []\nfor i in range(10):\n    xs.append(np.zeros(4000000))\n\nlen(xs)\n",
                                environment: NNTutor.sandboxEnvironment(["NNTUTOR_SANDBOX": Scratch.directory("class"), "NNTUTOR_MEMORY_LIMIT_MB": "100"]))
        #expect(r.stderr.contains("would exceed its memory limit of 100 MiB"), "\(r.stderr)")
        #expect(r.stdout.contains("3\n"), "three 32 MB arrays fit, the fourth does not: \(r.stdout)")
    }

    /// What a product keeps beside a sparse operand (its compressed rows, about 3 MB for each
    /// 512 × 512 array here) counts against the limit while the array lives.
    @Test func whatProductsKeepCountsAgainstTheLimit() throws {
        let script = """
            W = np.random.randn(512, 64)
            xs = [(np.random.rand(512, 512) * (np.random.rand(512, 512) < 0.2)).astype(np.float32) for i in range(10)]
            ys = [np.dot(x, W) for x in xs]
            del ys
            try:
                big = np.zeros(8000000)
                print('fits beside the kept rows')
            except MemoryError:
                print('too much beside the kept rows')

            del xs
            big = np.zeros(8000000)
            print('fits now', big.shape)

            """
        let r = try NNTutor.run(["--classroom"], stdin: script,
                                environment: NNTutor.sandboxEnvironment(["NNTUTOR_SANDBOX": Scratch.directory("class"), "NNTUTOR_MEMORY_LIMIT_MB": "100"]))
        #expect(r.stdout.contains("too much beside the kept rows"), "10 MB of arrays, 32 MB kept, 61 MB more: \(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("fits now (8000000,)"), "dropping the arrays drops what was kept: \(r.stdout) \(r.stderr)")
    }

    @Test func onASharedAccountEachLoginKeyGetsItsOwnFolder() throws {
        let home = Scratch.directory("class")
        let roster = home + "/authorized_keys"
        try """
            # the class of 2026
            restrict,pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@laptop
            ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBob ../../bob
            ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINoName

            """.write(toFile: roster, atomically: true, encoding: .utf8)
        func login(_ key: String, _ input: String) throws -> NNTutor.Result {
            let auth = home + "/auth-\(UUID().uuidString)"
            try "publickey ssh-ed25519 \(key)\n".write(toFile: auth, atomically: true, encoding: .utf8)
            return try NNTutor.run(["--classroom"], stdin: input, environment: NNTutor.sandboxEnvironment(
                ["HOME": home, "SSH_USER_AUTH": auth, "NNTUTOR_ROSTER": roster]))
        }
        let alice = try login("AAAAC3NzaC1lZDI1NTE5AAAAIAlice", "np.save('w.npy', np.arange(3))\n:lesson 1\n")
        #expect(alice.status == 0, "\(alice.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/students/alice_laptop/files/w.npy"))
        #expect(FileManager.default.fileExists(atPath: home + "/students/alice_laptop/state/nntutor/progress.json"))
        let bob = try login("AAAAC3NzaC1lZDI1NTE5AAAAIBob", "np.load('w.npy')\nnp.save('mine.npy', np.ones(2))\n")
        #expect(bob.stderr.contains("FileNotFoundError"), "bob does not see alice's files: \(bob.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/students/_.._bob/files/mine.npy"), "a name cannot climb out of students/")
        let unnamed = try login("AAAAC3NzaC1lZDI1NTE5AAAAINoName", "print('started')\n")
        #expect(unnamed.status == 1)
        #expect(!unnamed.stdout.contains("started"))
        #expect(unnamed.stderr.contains("your key has no name in \(roster)"), "\(unnamed.stderr)")
    }

    @Test func objectsBeyondTheLimitAreAMemoryErrorToo() throws {
        // Strings in a list are not arrays: the memory watch catches them in the loop.
        let input = "xs = []\nfor i in range(10**7):\n    xs.append(str(i) * 2000)\n\nlen(xs) < 10**7\ndel xs\nys = [str(i) * 2000 for i in range(1000)]\nlen(ys)\n"
        let r = try NNTutor.run(["--classroom"], stdin: input, environment: NNTutor.sandboxEnvironment(
            ["NNTUTOR_SANDBOX": Scratch.directory("class"), "NNTUTOR_MEMORY_LIMIT_MB": "150"]))
        #expect(r.stderr.contains("MemoryError: this session is using"), "\(r.stderr)")
        #expect(r.stderr.contains("above its memory limit of 150 MiB"))
        #expect(r.stdout.contains("True\n1000\n"), "the session goes on once memory is freed: \(r.stdout)")
    }

    @Test(.enabled(if: TmuxSession.available)) func anIdleClassroomSessionCloses() throws {
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8", "NNTUTOR_IDLE_MINUTES": "0.05",
                                              "NNTUTOR_SANDBOX": Scratch.directory("class")])
        let t = try TmuxSession(command: NNTutor.executable + " --classroom; echo exited-$?", environment: env)
        try t.waitFor { $0.contains(">>>") }
        try t.type("1 + 1")
        try t.send("Enter")
        let s = try t.waitFor(timeout: 15) { $0.contains("exited-") }
        #expect(s.contains("No input for 3 seconds: closing the session. Your progress is saved."), "\(s)")
        #expect(s.contains("exited-0"))
    }

    @Test func aHangUpEndsTheSessionCleanly() throws {
        // SIGHUP during a long loop: the computation stops and the process exits at once.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: NNTutor.executable)
        p.environment = NNTutor.sandboxEnvironment()
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write("while True:\n    pass\n\n".data(using: .utf8)!)
        usleep(500_000)
        kill(p.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!p.isRunning, "still running after SIGHUP")
        if p.isRunning { p.terminate() }
    }
}
