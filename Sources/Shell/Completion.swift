import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Language

/// Tab completion: names, attributes after a dot, keyword arguments inside a call,
/// `:`-commands, and file paths inside string literals.
enum Completion {
    static let keywords = ["False", "None", "True", "and", "assert", "break", "class", "continue", "def", "del", "elif",
                           "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
                           "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with"]

    static func candidates(word: String, line: String, cursor: Int, interpreter: Interpreter, commands: [String]) -> [String] {
        let before = String(line.prefix(cursor))
        // `:com` at the start of the line.
        if before.hasPrefix(":") && !before.contains(" ") {
            return commands.filter { $0.hasPrefix(word.dropFirst(word.hasPrefix(":") ? 1 : 0)) }.map { ":" + $0 }
        }
        if insideString(before) { return paths(word) }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot]), partial = String(word[word.index(after: dot)...])
            guard isSafeExpression(base), let value = interpreter.peek(base) else { return [] }
            return interpreter.attributeNames(of: value).filter { $0.hasPrefix(partial) }.map { base + "." + $0 }
        }
        var names = Set(interpreter.main.members.keys.map(\.text)).union(interpreter.builtins.keys.map(\.text)).union(keywords)
        names.formUnion(keywordArguments(before, interpreter))
        return names.filter { $0.hasPrefix(word) && !$0.hasPrefix("__") }.sorted()
    }

    /// Only plain dotted names are evaluated for completion: never calls or subscripts,
    /// so pressing Tab cannot run code with side effects.
    static func isSafeExpression(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } && !(s.first!.isNumber)
    }

    /// `name=` suggestions for the innermost open call: `np.sum(x, ax` offers `axis=`.
    static func keywordArguments(_ before: String, _ interpreter: Interpreter) -> [String] {
        var depth = 0
        var idx = before.endIndex
        while idx > before.startIndex {
            idx = before.index(before: idx)
            let c = before[idx]
            if c == ")" { depth += 1 } else if c == "(" {
                if depth == 0 { break }
                depth -= 1
            }
        }
        guard idx > before.startIndex, before[idx] == "(" else { return [] }
        var start = idx
        while start > before.startIndex {
            let p = before.index(before: start)
            let c = before[p]
            if c.isLetter || c.isNumber || c == "_" || c == "." { start = p } else { break }
        }
        let callee = String(before[start..<idx])
        guard isSafeExpression(callee), let value = interpreter.peek(callee) else { return [] }
        switch value {
        case .builtin(let b): return b.parameterNames.map { $0 + "=" }
        case .function(let f): return f.def.parameters.map { $0.name + "=" }
        default: return []
        }
    }

    static func insideString(_ text: String) -> Bool {
        var quote: Character? = nil
        for c in text {
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c }
        }
        return quote != nil
    }

    static func paths(_ word: String) -> [String] {
        let expanded = expandingTilde(word)
        let dir = expanded.contains("/") ? String(expanded[...expanded.lastIndex(of: "/")!]) : ""
        let prefix = expanded.contains("/") ? String(expanded[expanded.index(after: expanded.lastIndex(of: "/")!)...]) : expanded
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return [] }
        let shownDir = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        return entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { name in
            var isDir = false
            _ = FileManager.default.fileExists(atPath: dir + name, isDirectory: &isDir)
            return shownDir + name + (isDir ? "/" : "")
        }
    }

    /// "~" and "~/..." name the home folder, "~user/..." that user's, as in a shell.
    static func expandingTilde(_ word: String) -> String {
        guard word.hasPrefix("~") else { return word }
        let slash = word.firstIndex(of: "/") ?? word.endIndex
        let user = String(word[word.index(after: word.startIndex)..<slash])
        let home: String?
        if user.isEmpty {
            home = ProcessInfo.processInfo.environment["HOME"] ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) }
        } else {
            home = getpwnam(user).map { String(cString: $0.pointee.pw_dir) }
        }
        guard let home else { return word }
        return home + word[slash...]
    }
}
