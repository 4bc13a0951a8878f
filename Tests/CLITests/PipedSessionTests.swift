import Foundation
import TestSupport
import Testing

/// The real binary, driven as a script runner and with piped stdin.
@Suite struct PipedSessionTests {
    @Test func commandStringRunsLikePython3() throws {
        let source = "x = [1, 2, 3]\nprint(sum(x), len(x))\nx"
        let r = try NNTutor.run(["-c", source])
        #expect(r.status == 0)
        #expect(r.stdout == (try Python.run(source)))
    }

    @Test func pipedStdinEchoesValuesWithoutPrompts() throws {
        let r = try NNTutor.run([], stdin: "1 + 1\nx = 'a'\nx * 3\nNone\nprint('done')\n")
        #expect(r.status == 0)
        #expect(r.stdout == "2\n'aaa'\ndone\n")
        #expect(!r.stdout.contains(">>>"))
    }

    @Test func multiLineBlocksEndAtBlankLineOrDedent() throws {
        let r = try NNTutor.run([], stdin: "def f(x):\n    return x * 2\n\nf(21)\nfor i in range(2):\n    print(i)\nprint('after')\n")
        #expect(r.stdout == "42\n0\n1\nafter\n")
    }

    @Test func anErrorIsReportedAndTheWorkspaceSurvives() throws {
        let r = try NNTutor.run([], stdin: "a = 5\nb = a / 0\na\nundefined\n")
        #expect(r.status == 1)
        #expect(r.stdout == "5\n")
        #expect(r.stderr.contains("ZeroDivisionError: division by zero"))
        #expect(r.stderr.contains("NameError: name 'undefined' is not defined"))
        #expect(r.stderr.contains("Traceback (most recent call last):"))
    }

    @Test func scriptFileErrorGivesTracebackWithCaretAndExitStatusOne() throws {
        let dir = URL(fileURLWithPath: Scratch.directory("script"))
        let file = dir.appendingPathComponent("s.py").path
        try "def f(d):\n    return d['missing']\n\nprint('start')\nf({'a': 1})\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try NNTutor.run([file])
        #expect(r.status == 1)
        #expect(r.stdout == "start\n")
        #expect(r.stderr == """
            Traceback (most recent call last):
              File "\(file)", line 5, in <module>
                f({'a': 1})
              File "\(file)", line 2, in f
                return d['missing']
                       ^^^^^^^^^^^^
            KeyError: 'missing'

            """)
    }

    @Test func missingScriptIsExitStatusTwo() throws {
        let r = try NNTutor.run(["/nonexistent/x.py"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("can't open file '/nonexistent/x.py'"))
    }

    @Test func versionAndHelp() throws {
        let v = try NNTutor.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("0."))
        let h = try NNTutor.run(["--help"])
        #expect(h.stdout.contains("USAGE: nntutor"))
        #expect(h.stdout.contains("--data-dir"))
    }

    @Test func colonCommandsWorkWhenPiped() throws {
        let r = try NNTutor.run([], stdin: "w = 3\n:vars\n:reset\nw\n:nosuch\n")
        #expect(r.stdout.contains("w"))
        #expect(r.stdout.contains("int"))
        #expect(r.stdout.contains("Workspace cleared."))
        #expect(r.stderr.contains("NameError: name 'w' is not defined"))
        #expect(r.stderr.contains("Unknown command :nosuch"))
    }

    @Test func infiniteLoopIsInterruptedBySIGINT() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NNTutor.executable)
        process.arguments = ["-c", "i = 0\nwhile True:\n    i += 1\n"]
        process.environment = NNTutor.sandboxEnvironment()
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        usleep(500_000)
        #expect(NNTutor.interrupt(process) < 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("KeyboardInterrupt"))
        #expect(process.terminationStatus == 1)
    }
}

/// `import matplotlib.pyplot as plt` draws in the terminal, as the seeds' cells do.
@Suite struct PlottingSessionTests {
    @Test func seedStylePlotDrawsWithinTheTerminalWidth() throws {
        let env = NNTutor.sandboxEnvironment(["COLUMNS": "70", "LINES": "24", "LANG": "C.UTF-8"])
        let source = """
            import matplotlib.pyplot as plt
            acc = [0.1, 0.78, 0.87, 0.9, 0.91]
            plt.plot(range(len(acc)), acc, label='train')
            plt.ylim([0, 1])
            plt.xlabel("epoch")
            plt.legend()
            plt.show()

            """
        let r = try NNTutor.run([], stdin: source, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        #expect(lines.allSatisfy { $0.count <= 70 })
        #expect(r.stdout.contains("epoch"))
        #expect(r.stdout.contains("train"))
        #expect(r.stdout.unicodeScalars.contains { $0.value >= 0x2800 && $0.value <= 0x28FF })
    }

    @Test func plotErrorsAreMatplotlibErrors() throws {
        let r = try NNTutor.run([], stdin: "import matplotlib.pyplot as plt\nplt.plot([1, 2], [1, 2, 3])\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("ValueError: x and y must have same first dimension"))
    }
}

@Suite struct LessonListTests {
    @Test func lessonsCommandListsTheNineLessonsInOrder() throws {
        let r = try NNTutor.run([], stdin: ":lessons\n")
        let rows = r.stdout.split(separator: "\n").filter { $0.contains("§") }
        #expect(rows.count >= 9)
        #expect(rows.first?.contains("Mean squared error") == true)
        #expect(rows.allSatisfy { $0.count <= 80 })
    }
}
