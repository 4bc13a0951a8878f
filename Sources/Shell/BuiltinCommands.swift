import FoundationEssentials
import Tutor
#if canImport(Glibc)
import Glibc
#endif

/// The shell's own `:`-commands: help, vars, reset, time, history, quit.
enum BuiltinCommands {
    static func register(in repl: REPL, session: LanguageSession) {
        repl.register(ShellCommand(name: "help", usage: ":help [topic]", summary: "this list, or help on a command or name") { args in
            if args.isEmpty {
                print(overview(repl))
            } else if let command = repl.commands[args.hasPrefix(":") ? String(args.dropFirst()) : args] {
                print("\(command.usage.isEmpty ? ":" + command.name : command.usage)\n    \(command.summary)")
            } else {
                session.run("help(\(args))", echo: false)
            }
        })
        repl.register(ShellCommand(name: "vars", usage: ":vars", summary: "your variables: name, type, shape, dtype, size (like IPython's %whos)") { _ in
            print(session.variableTable())
        })
        repl.register(ShellCommand(name: "reset", usage: ":reset", summary: "forget every variable you defined (built-ins stay)") { _ in
            session.reset()
            print("Workspace cleared.")
        })
        repl.register(ShellCommand(name: "time", usage: ":time STATEMENT", summary: "run a statement repeatedly and report the median time (like %timeit)") { args in
            guard !args.isEmpty else { repl.printError("usage: :time STATEMENT"); return }
            session.time(args)
        })
        repl.register(ShellCommand(name: "history", usage: ":history [N]", summary: "the last N entries you typed (default 20)") { args in
            let n = Int(args) ?? 20
            let entries = HistoryFile.recent(n)
            for (i, e) in entries.enumerated() {
                let lines = e.split(separator: "\n", omittingEmptySubsequences: false)
                print(String(cFormat: "%4d  ", entries.count - i) + lines.joined(separator: "\n      "))
            }
        })
        repl.register(ShellCommand(name: "quit", usage: ":quit", summary: "leave nntutor (Ctrl-D does the same)") { _ in
            repl.shouldQuit = true
        })
    }

    static func overview(_ repl: REPL) -> String {
        var lines = ["Commands:"]
        for name in repl.commandNames {
            let c = repl.commands[name]!
            let usage = c.usage.isEmpty ? ":" + name : c.usage
            lines.append("  " + usage.padding(18) + " " + c.summary)
        }
        lines.append("")
        lines.append("Code is Python 3 with NumPy: `import numpy as np` is already done.")
        lines.append("help(NAME) or ?NAME shows what a function does, with an example.")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
