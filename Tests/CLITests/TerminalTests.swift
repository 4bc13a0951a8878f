import Foundation
import Testing

/// The shell in a real terminal (tmux): prompt, completion, multi-line entry, history
/// across restarts, Ctrl-C during a long loop.
@Suite(.serialized) struct TerminalTests {
    @Test(.enabled(if: TmuxSession.available)) func completionMultiLineAndCtrlC() throws {
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable, environment: env)
        try t.waitFor { $0.contains(">>>") }
        // Completion of a variable name.
        try t.type("learning_rate = 0.1")
        try t.send("Enter")
        try t.type("learn")
        try t.send("Tab")
        try t.waitFor { $0.contains(">>> learning_rate") && !$0.contains(">>> learn\n") }
        try t.send("Enter")
        try t.waitFor { $0.contains("\n0.1") }
        // A multi-line block shows the continuation prompt and runs after a blank line.
        try t.type("for i in range(2):")
        try t.send("Enter")
        try t.waitFor { $0.contains("...") }
        try t.type("    print('row', i)")
        try t.send("Enter", "Enter")
        let s = try t.waitFor { $0.contains("row 1") }
        #expect(s.contains("row 0"))
        // Ctrl-C interrupts a running loop and returns to the prompt.
        try t.type("while True: pass")
        try t.send("Enter", "Enter")
        usleep(300_000)
        try t.send("C-c")
        let after = try t.waitFor { $0.contains("KeyboardInterrupt") }
        #expect(after.contains("KeyboardInterrupt"))
        try t.type("print('alive')")
        try t.send("Enter")
        #expect(try t.waitFor { $0.contains("\nalive") }.contains("alive"))
        try t.send("C-d")
    }

    /// Plots take the window's size, and a resized window's new size.
    @Test(.enabled(if: TmuxSession.available)) func plotsFollowTheWindowSize() throws {
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable, width: 120, height: 40, environment: env)
        try t.waitFor { $0.contains(">>>") }
        func plotWidth() throws -> Int {
            try t.send("C-l")
            try t.type("plt.plot([0, 3, 1, 4]); plt.show(); print('drawn')")
            try t.send("Enter")
            try t.waitFor { $0.contains("\ndrawn") }
            // -J joins lines the terminal wrapped: a plot wider than the window shows as such.
            let screen = try TmuxSession.tmux(["-S", t.socket, "capture-pane", "-p", "-J", "-t", t.name])
            return screen.split(separator: "\n").filter { !$0.contains(">>>") }.map { $0.trimmingCharacters(in: .whitespaces).count }.max() ?? 0
        }
        try t.type("import matplotlib.pyplot as plt")
        try t.send("Enter")
        let wide = try plotWidth()
        #expect(wide > 100, "the plot fills a 120-column window: \(wide)")
        try TmuxSession.tmux(["-S", t.socket, "resize-window", "-t", t.name, "-x", "70", "-y", "30"])
        usleep(300_000)
        let narrow = try plotWidth()
        #expect(narrow <= 70 && narrow > 50, "after the resize the plot fits 70 columns: \(narrow)")
        try t.send("C-d")
    }

    @Test(.enabled(if: TmuxSession.available)) func historyPersistsAcrossRestarts() throws {
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8"])
        do {
            let t = try TmuxSession(command: NNTutor.executable, environment: env)
            try t.waitFor { $0.contains(">>>") }
            try t.type("remembered = 41 + 1")
            try t.send("Enter")
            try t.type(":quit")
            try t.send("Enter")
            try t.waitFor { !$0.contains(":quit\n>>>") }
            usleep(300_000)
        }
        let history = try String(contentsOfFile: env["XDG_STATE_HOME"]! + "/nntutor/history", encoding: .utf8)
        #expect(history.contains("remembered = 41 + 1"))
        let t = try TmuxSession(command: NNTutor.executable, environment: env)
        try t.waitFor { $0.contains(">>>") }
        try t.send("Up")
        try t.send("Up")
        let s = try t.waitFor { $0.contains(">>> remembered = 41 + 1") }
        #expect(s.contains(">>> remembered = 41 + 1"))
        try t.send("C-c", "C-d")
    }

    /// While code runs the allocator keeps freed pages for reuse; a prompt waiting for the
    /// learner hands them back, so an idle session holds only what it still uses.
    @Test(.enabled(if: TmuxSession.available)) func anIdlePromptGivesBackFreedMemory() throws {
        let env = NNTutor.sandboxEnvironment(["TERM": "xterm", "LANG": "C.UTF-8"])
        let t = try TmuxSession(command: NNTutor.executable, environment: env)
        try t.waitFor { $0.contains(">>>") }
        let shell = try #require(try t.panePID())
        let session = try #require(SSHClassroomTests.children(of: shell).first, "nntutor runs under the pane's shell")
        func anonymousMiB() -> Int { ProcessMemory.total(of: session).anonymous >> 10 }
        try t.type("big = np.ones(50000000); big.sum()")
        try t.send("Enter")
        try t.waitFor { $0.contains("50000000.0") }
        let held = anonymousMiB()
        #expect(held > 350, "the 400 MB array is resident: \(held) MiB")
        try t.type("del big")
        try t.send("Enter")
        try t.waitFor { $0.contains(">>> del big\n>>>") }
        usleep(200_000)
        let after = anonymousMiB()
        #expect(after < 150, "the freed array went back to the system: \(after) MiB")
        try t.send("C-d")
    }
}
