import Testing
@testable import Tutor

/// A lesson runs code where the learner cannot see it (replays on resume, the model
/// workspace): NumPy's warnings from there are neither shown nor counted as shown.
@Suite struct WorkspaceWarningTests {
    @Test func warningsShowOnlyWhileTheLearnerWatches() {
        let workspace = Workspace()
        var warnings: [String] = []
        workspace.interpreter.warningOutput = { warnings.append($0) }
        let silent = workspace.run("y = np.log(0.0)", echo: false)
        #expect(silent.error == nil)
        #expect(warnings.isEmpty, "a replay shows no warning")
        workspace.sink = { _ in }
        _ = workspace.run("y = np.log(0.0)", echo: false)
        #expect(warnings == ["<lesson>:1: RuntimeWarning: divide by zero encountered in log\n"],
                "the learner's own line warns, though the replay ran it first")
        workspace.sink = nil
        _ = workspace.run("z = np.sqrt(-1.0)", echo: false)
        #expect(warnings.count == 1)
    }
}
