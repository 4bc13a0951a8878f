import Foundation
@testable import Language
import Tensor

/// Runs the same program in python3 (the oracle) and in nntutor's interpreter.
enum Oracle {
    struct Run: Equatable {
        var stdout: String
        /// The last line of the traceback (`NameError: name 'x' is not defined`), if any.
        var error: String?
    }

    static func python(_ source: String) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", source]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errText = String(decoding: e, as: UTF8.self)
        let last = errText.split(separator: "\n").last.map(String.init)
        return Run(stdout: String(decoding: o, as: UTF8.self), error: p.terminationStatus == 0 ? nil : last)
    }

    static func nntutor(_ source: String) -> Run {
        let interp = Interpreter()
        // A stream of its own: tests running side by side also draw from np.random, and a
        // seeded program must see only its own draws (python3 runs in its own process).
        interp.randomState = RandomState(seed: nil)
        var out = ""
        interp.output = { out += $0 }
        do {
            try interp.run(source, filename: "<string>", mode: .exec)
            return Run(stdout: out, error: nil)
        } catch {
            let text = interp.format(error)
            // Python's traceback module drops trailing spaces from the message line.
            let last = text.split(separator: "\n").last.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
            return Run(stdout: out, error: last)
        }
    }

    /// Runs many programs in one python3 process (fast), separated by a marker line.
    static func pythonBatch(_ programs: [String]) throws -> [Run] {
        let marker = "=====NNTUTOR-MARKER====="
        var script = "import sys, traceback\n"
        for p in programs {
            let literal = "'" + p.unicodeScalars.map { c -> String in
                switch c {
                case "\\": return "\\\\"
                case "'": return "\\'"
                case "\n": return "\\n"
                default: return String(c)
                }
            }.joined() + "'"
            script += """
            try:
                exec(compile(\(literal), '<string>', 'exec'), {'__name__': '__main__'})
            except BaseException as e:
                print('!ERR ' + traceback.format_exception_only(type(e), e)[-1].rstrip())
            print('\(marker)')

            """
        }
        let all = try python(script).stdout
        var runs: [Run] = []
        for chunk in all.components(separatedBy: marker + "\n").dropLast() {
            var lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var error: String? = nil
            if lines.count >= 2, lines[lines.count - 2].hasPrefix("!ERR ") {
                error = String(lines[lines.count - 2].dropFirst(5))
                lines.remove(at: lines.count - 2)
            }
            runs.append(Run(stdout: lines.joined(separator: "\n"), error: error))
        }
        return runs
    }
}
