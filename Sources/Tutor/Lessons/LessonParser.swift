/// Reads the lesson format documented in Lessons/README.md.
///
/// Every problem is reported with the file and line, because the same parser serves the
/// tutor and `nntutor lessons check`, whose readers are lesson authors.
public enum LessonParser {
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    public static func parse(_ text: String, path: String) throws -> Lesson {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func fail(_ line: Int, _ message: String) -> ParseError { ParseError(path: path, line: line, message: message) }

        // Front matter.
        guard lines.first == "---" else { throw fail(1, "a lesson starts with front matter between '---' lines") }
        guard let end = lines.dropFirst().firstIndex(of: "---") else { throw fail(1, "front matter is not closed by '---'") }
        var front: [String: String] = [:]
        for i in 1..<end {
            let line = lines[i]
            if line.trimmingCharacters(in: " ").isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else { throw fail(i + 1, "expected 'key: value' in front matter") }
            front[String(line[..<colon]).trimmingCharacters(in: " ")] = String(line[line.index(after: colon)...]).trimmingCharacters(in: " ")
        }
        func required(_ key: String) throws -> String {
            guard let v = front[key], !v.isEmpty else { throw fail(1, "front matter lacks '\(key)'") }
            return unquote(v)
        }
        let id = try required("id")
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let number = Int(fileName.prefix { $0.isNumber }) ?? 0
        if fileName.hasSuffix(".md"), fileName.contains("-") {
            let nameID = fileName.drop { $0.isNumber }.dropFirst().dropLast(3)
            if String(nameID) != id { throw fail(1, "id '\(id)' differs from the file name's '\(nameID)'") }
        }
        guard let minutes = Int(try required("minutes")) else { throw fail(1, "minutes must be an integer") }

        // Body: title, prose, fenced blocks.
        var steps: [Step] = []
        var prose: [String] = []
        var title: String?
        var i = end + 1
        while i < lines.count {
            let line = lines[i]
            if title == nil, line.hasPrefix("# ") {
                title = String(line.dropFirst(2))
                i += 1
                continue
            }
            guard line.hasPrefix("```") else { prose.append(line); i += 1; continue }
            let info = String(line.dropFirst(3)).trimmingCharacters(in: " ")
            let open = i + 1
            guard let close = lines[(i + 1)...].firstIndex(where: { $0 == "```" }) else {
                throw fail(open, "code block is not closed by a ``` line")
            }
            let body = Array(lines[(i + 1)..<close])
            i = close + 1
            switch info {
            case "run":
                steps.append(Step(prose: joinProse(prose), kind: .run(code: body.joined(separator: "\n"), expectedOutput: nil), line: open))
                prose = []
            case "output":
                guard prose.allSatisfy({ $0.trimmingCharacters(in: " ").isEmpty }),
                      let last = steps.last, case .run(let code, nil) = last.kind else {
                    throw fail(open, "an output block must follow a run block directly")
                }
                steps[steps.count - 1].kind = .run(code: code, expectedOutput: body.joined(separator: "\n"))
                prose = []
            case "try":
                steps.append(Step(prose: joinProse(prose), kind: .attempt(try parseTry(body, line: open, fail: fail)), line: open))
                prose = []
            case "quiz":
                steps.append(Step(prose: joinProse(prose), kind: .quiz(try parseQuiz(body, line: open, fail: fail)), line: open))
                prose = []
            case "text", "":
                prose.append("```" + info)
                prose.append(contentsOf: body)
                prose.append("```")
            default:
                throw fail(open, "unknown block kind '\(info)' (run, output, try, quiz or text)")
            }
        }
        guard let title else { throw fail(end + 2, "a lesson needs a '# Title' line after the front matter") }
        if steps.isEmpty { throw fail(end + 2, "a lesson needs at least one step") }
        return Lesson(
            id: id, number: number, title: unquote(front["title"] ?? title), section: try required("section"),
            prerequisites: list(front["prerequisites"] ?? "[]"), minutes: minutes,
            data: list(front["data"] ?? "[]"), path: path, steps: steps, closing: joinProse(prose))
    }

    /// Header lines `key: value` (continuations start with two spaces), then `---`, then code.
    static func header(_ body: [String], line: Int, fail: (Int, String) -> ParseError) throws -> (pairs: [(String, String)], rest: [String]) {
        var pairs: [(String, String)] = []
        for (k, raw) in body.enumerated() {
            if raw == "---" { return (pairs, Array(body[(k + 1)...])) }
            if raw.hasPrefix("  "), !pairs.isEmpty {
                pairs[pairs.count - 1].1 += "\n" + raw.dropFirst(2)
                continue
            }
            if raw.trimmingCharacters(in: " ").isEmpty { continue }
            guard let colon = raw.firstIndex(of: ":") else { throw fail(line + k + 1, "expected 'key: value'") }
            pairs.append((String(raw[..<colon]), String(raw[raw.index(after: colon)...]).trimmingCharacters(in: " ")))
        }
        return (pairs, [])
    }

    static func parseTry(_ body: [String], line: Int, fail: (Int, String) -> ParseError) throws -> TryStep {
        let (pairs, code) = try header(body, line: line, fail: fail)
        var step = TryStep(task: "", checks: [], rtol: 1e-6, atol: 1e-9, hints: [], explain: "", keep: nil, defines: [], solution: code.joined(separator: "\n"))
        var explain: [String] = []
        for (key, value) in pairs {
            switch key {
            case "task": step.task = value
            case "check": step.checks.append(try parseCheck(value, line: line, fail: fail))
            case "rtol": guard let v = Double(value) else { throw fail(line, "rtol must be a number") }; step.rtol = v
            case "atol": guard let v = Double(value) else { throw fail(line, "atol must be a number") }; step.atol = v
            case "hint": step.hints.append(value)
            case "explain": explain.append(value)
            case "keep": step.keep = value == "*" ? nil : names(value)
            case "defines": step.defines = names(value)
            default: throw fail(line, "unknown key '\(key)' in a try block")
            }
        }
        step.explain = explain.joined(separator: " ")
        if step.checks.isEmpty { step.checks = [.value] }
        if step.task.isEmpty { throw fail(line, "a try block needs 'task:'") }
        if step.hints.isEmpty { throw fail(line, "a try block needs at least one 'hint:'") }
        if step.explain.isEmpty { throw fail(line, "a try block needs 'explain:'") }
        if step.solution.trimmingCharacters(in: " \n").isEmpty { throw fail(line, "a try block needs a model solution after '---'") }
        return step
    }

    static func parseCheck(_ text: String, line: Int, fail: (Int, String) -> ParseError) throws -> Check {
        let word = String(text.prefix { $0 != " " })
        let rest = text.dropFirst(word.count).trimmingCharacters(in: " ")
        func target() -> String? {
            guard rest.hasPrefix("of ") else { return nil }
            return String(rest.dropFirst(3)).trimmingCharacters(in: " ")
        }
        switch word {
        case "value":
            if rest.isEmpty { return .value }
            guard let t = target() else { throw fail(line, "write 'check: value' or 'check: value of EXPR'") }
            return .valueOf(t)
        case "shape": return .shape(of: target())
        case "dtype": return .dtype(of: target())
        case "defined": return .defined(names(rest))
        case "expr": return .predicate(rest)
        default: throw fail(line, "unknown check '\(word)' (value, shape, dtype, defined, expr)")
        }
    }

    static func parseQuiz(_ body: [String], line: Int, fail: (Int, String) -> ParseError) throws -> Quiz {
        let (pairs, _) = try header(body + ["---"], line: line, fail: fail)
        var question = "", choices: [String] = [], answer: String?, tolerance = 1e-6
        var hints: [String] = [], explain: [String] = []
        for (key, value) in pairs {
            switch key {
            case "question": question = value
            case "choice": choices.append(value)
            case "answer": answer = value
            case "tolerance": guard let v = Double(value) else { throw fail(line, "tolerance must be a number") }; tolerance = v
            case "hint": hints.append(value)
            case "explain": explain.append(value)
            default: throw fail(line, "unknown key '\(key)' in a quiz block")
            }
        }
        guard !question.isEmpty else { throw fail(line, "a quiz needs 'question:'") }
        guard let answer else { throw fail(line, "a quiz needs 'answer:'") }
        let parsed: Quiz.Answer
        if choices.isEmpty {
            guard let v = Double(answer) else { throw fail(line, "a quiz without choices needs a numeric answer") }
            parsed = .number(v)
        } else {
            let letters = "abcdefghijklmnopqrstuvwxyz"
            guard answer.count == 1, let idx = letters.firstIndex(of: Character(answer.lowercased())),
                  letters.distance(from: letters.startIndex, to: idx) < choices.count else {
                throw fail(line, "answer must be the letter of one of the \(choices.count) choices")
            }
            parsed = .choice(letters.distance(from: letters.startIndex, to: idx))
        }
        if hints.isEmpty { throw fail(line, "a quiz needs at least one 'hint:'") }
        if explain.isEmpty { throw fail(line, "a quiz needs 'explain:'") }
        return Quiz(question: question, choices: choices, answer: parsed, tolerance: tolerance, hints: hints, explain: explain.joined(separator: " "))
    }

    static func joinProse(_ lines: [String]) -> String {
        var l = lines
        while l.first?.trimmingCharacters(in: " ").isEmpty == true { l.removeFirst() }
        while l.last?.trimmingCharacters(in: " ").isEmpty == true { l.removeLast() }
        return l.joined(separator: "\n")
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { return String(s.dropFirst().dropLast()) }
        return s
    }

    static func list(_ s: String) -> [String] {
        var t = s.trimmingCharacters(in: " ")
        if t.hasPrefix("["), t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        return names(t)
    }

    static func names(_ s: String) -> [String] {
        s.split(separator: ",").map { unquote(String($0).trimmingCharacters(in: " ")) }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
