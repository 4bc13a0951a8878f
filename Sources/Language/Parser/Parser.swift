import FoundationEssentials

/// Recursive-descent parser from tokens to the AST, following Python 3's grammar and
/// operator precedence (lowest first: lambda, if-else, or, and, not, comparisons, |, ^, &,
/// shifts, + -, * / // % @, unary, **, primaries).
struct Parser {
    private var tokens: [Token]
    private var pos = 0
    /// Source lines, to word some errors the way CPython does.
    private let lines: [Substring]

    init(tokens: [Token], source: String) {
        self.tokens = tokens
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    static func parse(_ source: String) throws -> [Stmt] {
        var scanner = Scanner(source)
        var parser = Parser(tokens: try scanner.scan(), source: source)
        return try parser.parseModule()
    }

    // MARK: Token helpers

    private var current: Token { tokens[pos] }
    private var kind: Token.Kind { tokens[pos].kind }

    private func isOp(_ op: String) -> Bool {
        if case .op(let o) = kind, o == op { return true }
        return false
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .name(let n) = kind, n == word { return true }
        return false
    }

    private mutating func accept(_ op: String) -> Bool {
        if isOp(op) { pos += 1; return true }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) { pos += 1; return true }
        return false
    }

    private mutating func expect(_ op: String) throws {
        guard accept(op) else {
            if op == ":" , case .newline = kind { throw error("expected ':'") }
            throw error(isEnd ? "invalid syntax" : "invalid syntax")
        }
    }

    private var isEnd: Bool { if case .end = kind { return true }; return false }

    private func span(from start: Token) -> Span {
        let prev = tokens[max(pos - 1, 0)]
        let end = prev.start.line == start.start.line ? prev.endColumn : start.endColumn
        return Span(line: start.start.line, start: start.start.column, end: max(end, start.start.column + 1))
    }

    private func error(_ message: String, at token: Token? = nil) -> PyError {
        let t = token ?? current
        return PyError(.syntaxError, message, location: t.start)
    }

    static let keywords: Set<String> = ["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"]

    private mutating func identifier() throws -> String {
        guard case .name(let n) = kind, !Parser.keywords.contains(n) else { throw error("invalid syntax") }
        pos += 1
        return n
    }

    // MARK: Statements

    mutating func parseModule() throws -> [Stmt] {
        var body: [Stmt] = []
        while true {
            if case .end = kind { break }
            if case .newline = kind { pos += 1; continue }
            if case .indent = kind { throw PyError(.indentationError, "unexpected indent", location: current.start) }
            body.append(contentsOf: try statement())
        }
        return body
    }

    private mutating func statement() throws -> [Stmt] {
        if case .name(let n) = kind {
            switch n {
            case "if": return [try ifStatement()]
            case "while": return [try whileStatement()]
            case "for": return [try forStatement()]
            case "def": return [try functionDefinition(decorators: [])]
            case "class": return [try classDefinition()]
            case "try": return [try tryStatement()]
            case "with": return [try withStatement()]
            default: break
            }
        }
        if isOp("@") {
            var decorators: [Expr] = []
            while accept("@") {
                decorators.append(try expression())
                guard case .newline = kind else { throw error("invalid syntax") }
                pos += 1
            }
            guard isKeyword("def") else { throw error("invalid syntax") }
            return [try functionDefinition(decorators: decorators)]
        }
        return try simpleStatements()
    }

    private mutating func simpleStatements() throws -> [Stmt] {
        var out = [try smallStatement()]
        while accept(";") {
            if case .newline = kind { break }
            out.append(try smallStatement())
        }
        guard case .newline = kind else {
            if case .end = kind { return out }
            throw error("invalid syntax")
        }
        pos += 1
        return out
    }

    private mutating func smallStatement() throws -> Stmt {
        let start = current
        if case .name(let n) = kind {
            switch n {
            case "pass": pos += 1; return .pass(span(from: start))
            case "break": pos += 1; return .breakLoop(span(from: start))
            case "continue": pos += 1; return .continueLoop(span(from: start))
            case "return":
                pos += 1
                if case .newline = kind { return .returnValue(nil, span(from: start)) }
                if isOp(";") { return .returnValue(nil, span(from: start)) }
                return .returnValue(try testListAsTuple(), span(from: start))
            case "del":
                pos += 1
                var targets = [try expression()]
                while accept(",") { targets.append(try expression()) }
                return .delete(targets, span(from: start))
            case "global", "nonlocal":
                pos += 1
                var names = [try identifier()]
                while accept(",") { names.append(try identifier()) }
                return n == "global" ? .global(names, span(from: start)) : .nonlocal(names, span(from: start))
            case "import": return try importStatement()
            case "from": return try fromImportStatement()
            case "assert":
                pos += 1
                let test = try expression()
                let message = accept(",") ? try expression() : nil
                return .assert(test, message, span(from: start))
            case "raise":
                pos += 1
                if case .newline = kind { return .raise(nil, span(from: start)) }
                let e = try expression()
                if acceptKeyword("from") { _ = try expression() }
                return .raise(e, span(from: start))
            case "yield", "async", "await":
                throw error("'\(n)' is not supported in nntutor")
            default: break
            }
        }
        // Expression statement or assignment.
        let first = try testListAsTuple(allowStar: true)
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try testListAsTuple(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for t in targets { try checkAssignable(t) }
            return .assign(targets, value, span(from: start))
        }
        if case .op(let op) = kind, op.count >= 2, op.hasSuffix("="), !["==", "!=", "<=", ">="].contains(op),
           let bin = BinaryOperator(rawValue: String(op.dropLast())) {
            pos += 1
            switch first {
            case .name, .attribute, .subscript: break
            default: throw error("'\(describe(first))' is an illegal expression for augmented assignment", at: start)
            }
            let value = try testListAsTuple()
            return .augAssign(first, bin, value, span(from: start))
        }
        if accept(":") {
            // Annotated assignment: x: int = 3
            _ = try expression()
            let value = accept("=") ? try testListAsTuple() : nil
            return .annAssign(first, value, span(from: start))
        }
        return .expr(first, span(from: start))
    }

    private func describe(_ e: Expr) -> String {
        switch e {
        case .call: return "function call"
        case .constant: return "literal"
        case .tuple: return "tuple"
        case .list: return "list"
        default: return "expression"
        }
    }

    private func checkAssignable(_ e: Expr) throws {
        switch e {
        case .name, .attribute, .subscript: return
        case .tuple(let items, _), .list(let items, _): for i in items { try checkAssignable(i) }
        case .starred(let inner, _): try checkAssignable(inner)
        case .call(_, _, let s):
            throw PyError(.syntaxError, "cannot assign to function call here. Maybe you meant '==' instead of '='?", location: SourceLocation(line: s.line, column: s.start))
        case .constant(_, let s):
            throw PyError(.syntaxError, "cannot assign to literal here. Maybe you meant '==' instead of '='?", location: SourceLocation(line: s.line, column: s.start))
        default:
            let s = e.span
            throw PyError(.syntaxError, "cannot assign to expression here. Maybe you meant '==' instead of '='?", location: SourceLocation(line: s.line, column: s.start))
        }
    }

    private mutating func dottedName() throws -> String {
        var name = try identifier()
        while accept(".") { name += "." + (try identifier()) }
        return name
    }

    private mutating func importStatement() throws -> Stmt {
        let start = current
        pos += 1
        var names: [(String, String?)] = []
        repeat {
            let n = try dottedName()
            let alias = acceptKeyword("as") ? try identifier() : nil
            names.append((n, alias))
        } while accept(",")
        return .importModules(names.map { (name: $0.0, alias: $0.1) }, span(from: start))
    }

    private mutating func fromImportStatement() throws -> Stmt {
        let start = current
        pos += 1
        var module = ""
        while accept(".") { module += "." }
        if !isKeyword("import") { module += try dottedName() }
        guard acceptKeyword("import") else { throw error("invalid syntax") }
        if accept("*") { return .importFrom(module: module, names: [(name: "*", alias: nil)], span(from: start)) }
        let paren = accept("(")
        var names: [(name: String, alias: String?)] = []
        repeat {
            if paren, isOp(")") { break }
            let n = try identifier()
            names.append((name: n, alias: acceptKeyword("as") ? try identifier() : nil))
        } while accept(",")
        if paren { try expect(")") }
        return .importFrom(module: module, names: names, span(from: start))
    }

    private mutating func block(after header: Token, what: String) throws -> [Stmt] {
        try expect(":")
        if case .newline = kind {
            pos += 1
            guard case .indent = kind else {
                throw PyError(.indentationError, "expected an indented block after \(what) on line \(header.start.line)", location: current.start)
            }
            pos += 1
            var body: [Stmt] = []
            while true {
                if case .dedent = kind { pos += 1; break }
                if case .end = kind { break }
                if case .newline = kind { pos += 1; continue }
                body.append(contentsOf: try statement())
            }
            return body
        }
        return try simpleStatements()
    }

    private mutating func ifStatement() throws -> Stmt {
        let start = current
        pos += 1
        var branches: [(Expr, [Stmt])] = []
        let test = try namedExpression()
        branches.append((test, try block(after: start, what: "'if' statement")))
        var orElse: [Stmt]? = nil
        while true {
            let t = current
            if acceptKeyword("elif") {
                let c = try namedExpression()
                branches.append((c, try block(after: t, what: "'elif' statement")))
            } else if acceptKeyword("else") {
                orElse = try block(after: t, what: "'else' statement")
                break
            } else { break }
        }
        return .ifStmt(branches, orElse: orElse, span(from: start))
    }

    private mutating func whileStatement() throws -> Stmt {
        let start = current
        pos += 1
        let test = try namedExpression()
        let body = try block(after: start, what: "'while' statement")
        var orElse: [Stmt]? = nil
        let t = current
        if acceptKeyword("else") { orElse = try block(after: t, what: "'else' statement") }
        return .whileLoop(test, body, orElse: orElse, span(from: start))
    }

    private mutating func forStatement() throws -> Stmt {
        let start = current
        pos += 1
        let target = try targetList()
        guard acceptKeyword("in") else { throw error("invalid syntax") }
        let iterable = try testListAsTuple()
        let body = try block(after: start, what: "'for' statement")
        var orElse: [Stmt]? = nil
        let t = current
        if acceptKeyword("else") { orElse = try block(after: t, what: "'else' statement") }
        return .forLoop(target, iterable, body, orElse: orElse, span(from: start))
    }

    /// `for` targets: `i`, `i, x`, `(a, b), c` — stops before `in`.
    private mutating func targetList() throws -> Expr {
        let start = current
        var items = [try bitOr()]
        var isTuple = false
        while accept(",") {
            isTuple = true
            if isKeyword("in") { break }
            items.append(try bitOr())
        }
        let e: Expr = isTuple ? .tuple(items, span(from: start)) : items[0]
        try checkAssignable(e)
        return e
    }

    private mutating func functionDefinition(decorators: [Expr]) throws -> Stmt {
        let start = current
        pos += 1
        let name = try identifier()
        try expect("(")
        let (params, varArgs, kwArgs, positional) = try parameters(closing: ")")
        try expect(")")
        if accept("->") { _ = try expression() }
        let body = try block(after: start, what: "function definition")
        let def = FunctionDef(name: name, parameters: params, varArgs: varArgs, kwArgs: kwArgs, body: body,
                              positionalCount: positional)
        ScopeAnalysis.analyse(def)
        return .functionDef(def, decorators: decorators, span(from: start))
    }

    /// The parameter list; `positional` counts those before a `*` or `*args` (the ones
    /// after it are keyword-only).
    private mutating func parameters(closing: String) throws -> ([FunctionDef.Parameter], String?, String?, positional: Int) {
        var params: [FunctionDef.Parameter] = []
        var varArgs: String?, kwArgs: String?
        var sawDefault = false
        var positional: Int?
        while !isOp(closing) {
            if accept("**") {
                kwArgs = try identifier()
            } else if accept("*") {
                positional = positional ?? params.count
                if !isOp(",") { varArgs = try identifier() }
            } else if accept("/") {
                // positional-only marker: accepted and ignored
            } else {
                let n = try identifier()
                if closing == ")" && accept(":") { _ = try expression() }
                var def: Expr? = nil
                if accept("=") {
                    def = try expression()
                    sawDefault = true
                } else if sawDefault && positional == nil {
                    throw error("non-default argument follows default argument")
                }
                params.append(.init(name: n, defaultValue: def))
            }
            if !accept(",") { break }
        }
        return (params, varArgs, kwArgs, positional ?? params.count)
    }

    private mutating func classDefinition() throws -> Stmt {
        let start = current
        pos += 1
        let name = try identifier()
        var bases: [Expr] = []
        if accept("(") {
            while !isOp(")") {
                bases.append(try expression())
                if !accept(",") { break }
            }
            try expect(")")
        }
        let body = try block(after: start, what: "class definition")
        return .classDef(name: name, bases: bases, body: body, span(from: start))
    }

    private mutating func tryStatement() throws -> Stmt {
        let start = current
        pos += 1
        let body = try block(after: start, what: "'try' statement")
        var handlers: [ExceptHandler] = []
        while isKeyword("except") {
            let t = current
            pos += 1
            var type: Expr? = nil
            var name: String? = nil
            if !isOp(":") {
                type = try expression()
                if accept(",") {
                    var items = [type!]
                    repeat { items.append(try expression()) } while accept(",")
                    type = .tuple(items, type!.span)
                }
                if acceptKeyword("as") { name = try identifier() }
            }
            handlers.append(ExceptHandler(type: type, name: name, body: try block(after: t, what: "'except' statement")))
        }
        var orElse: [Stmt]? = nil, finally: [Stmt]? = nil
        var t = current
        if acceptKeyword("else") { orElse = try block(after: t, what: "'else' statement") }
        t = current
        if acceptKeyword("finally") { finally = try block(after: t, what: "'finally' statement") }
        if handlers.isEmpty && finally == nil { throw error("expected 'except' or 'finally' block") }
        return .tryStmt(body: body, handlers: handlers, orElse: orElse, finally: finally, span(from: start))
    }

    private mutating func withStatement() throws -> Stmt {
        let start = current
        pos += 1
        var items: [(Expr, Expr?)] = []
        repeat {
            let e = try expression()
            let target = acceptKeyword("as") ? try bitOr() : nil
            items.append((e, target))
        } while accept(",")
        return .with(items, try block(after: start, what: "'with' statement"), span(from: start))
    }

    // MARK: Expressions

    /// `a, b` as a tuple, or a single expression.
    private mutating func testListAsTuple(allowStar: Bool = false) throws -> Expr {
        let start = current
        let first = allowStar && isOp("*") ? try starExpr() : try namedExpression()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if endsTestList { break }
            items.append(allowStar && isOp("*") ? try starExpr() : try namedExpression())
        }
        return .tuple(items, span(from: start))
    }

    private var endsTestList: Bool {
        switch kind {
        case .newline, .end: return true
        case .op(let o): return ["=", ")", "]", "}", ":", ";"].contains(o) || (o.count >= 2 && o.hasSuffix("=") && !["==", "!=", "<=", ">="].contains(o))
        default: return false
        }
    }

    private mutating func starExpr() throws -> Expr {
        let start = current
        try expect("*")
        return .starred(try bitOr(), span(from: start))
    }

    private mutating func namedExpression() throws -> Expr {
        let e = try expression()
        if isOp(":=") { throw error("the walrus operator := is not supported in nntutor") }
        return e
    }

    mutating func expression() throws -> Expr {
        let start = current
        if isKeyword("lambda") { return try lambda() }
        let body = try orTest()
        if acceptKeyword("if") {
            let test = try orTest()
            guard acceptKeyword("else") else { throw error("expected 'else' after 'if' expression") }
            let orElse = try expression()
            return .ifElse(test: test, body: body, orElse: orElse, span(from: start))
        }
        return body
    }

    private mutating func lambda() throws -> Expr {
        let start = current
        pos += 1
        let (params, varArgs, kwArgs, positional) = try parameters(closing: ":")
        try expect(":")
        let body = try expression()
        let def = FunctionDef(name: "<lambda>", parameters: params, varArgs: varArgs, kwArgs: kwArgs,
                              body: [.returnValue(body, body.span)], positionalCount: positional)
        ScopeAnalysis.analyse(def)
        return .lambda(def, span(from: start))
    }

    private mutating func orTest() throws -> Expr {
        let start = current
        var left = try andTest()
        while acceptKeyword("or") { left = .or(left, try andTest(), span(from: start)) }
        return left
    }

    private mutating func andTest() throws -> Expr {
        let start = current
        var left = try notTest()
        while acceptKeyword("and") { left = .and(left, try notTest(), span(from: start)) }
        return left
    }

    private mutating func notTest() throws -> Expr {
        let start = current
        if acceptKeyword("not") { return .unary(.not, try notTest(), span(from: start)) }
        return try comparison()
    }

    private mutating func comparison() throws -> Expr {
        let start = current
        let left = try bitOr()
        var rest: [(CompareOperator, Expr)] = []
        while true {
            var op: CompareOperator?
            if case .op(let o) = kind, let c = CompareOperator(rawValue: o) { op = c; pos += 1 }
            else if acceptKeyword("in") { op = .in }
            else if isKeyword("not"), pos + 1 < tokens.count, case .name("in") = tokens[pos + 1].kind { pos += 2; op = .notIn }
            else if acceptKeyword("is") { op = acceptKeyword("not") ? .isNot : .is }
            guard let op else { break }
            rest.append((op, try bitOr()))
        }
        return rest.isEmpty ? left : .compare(left, rest, span(from: start))
    }

    private mutating func binaryLevel(_ ops: [String], next: (inout Parser) throws -> Expr) throws -> Expr {
        let start = current
        var left = try next(&self)
        while case .op(let o) = kind, ops.contains(o) {
            pos += 1
            left = .binary(BinaryOperator(rawValue: o)!, left, try next(&self), span(from: start))
        }
        return left
    }

    private mutating func bitOr() throws -> Expr { try binaryLevel(["|"]) { try $0.bitXor() } }
    private mutating func bitXor() throws -> Expr { try binaryLevel(["^"]) { try $0.bitAnd() } }
    private mutating func bitAnd() throws -> Expr { try binaryLevel(["&"]) { try $0.shift() } }
    private mutating func shift() throws -> Expr { try binaryLevel(["<<", ">>"]) { try $0.arith() } }
    private mutating func arith() throws -> Expr { try binaryLevel(["+", "-"]) { try $0.term() } }
    private mutating func term() throws -> Expr { try binaryLevel(["*", "/", "//", "%", "@"]) { try $0.factor() } }

    private mutating func factor() throws -> Expr {
        let start = current
        if accept("-") { return .unary(.neg, try factor(), span(from: start)) }
        if accept("+") { return .unary(.pos, try factor(), span(from: start)) }
        if accept("~") { return .unary(.invert, try factor(), span(from: start)) }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let start = current
        let base = try primary()
        if accept("**") { return .binary(.pow, base, try factor(), span(from: start)) }
        return base
    }

    private mutating func primary() throws -> Expr {
        let start = current
        var e = try atom()
        while true {
            if accept("(") {
                e = .call(e, try callArguments(), span(from: start))
            } else if accept("[") {
                let index = try subscriptList()
                try expect("]")
                e = .subscript(e, index, span(from: start))
            } else if accept(".") {
                guard case .name(let n) = kind else { throw error("invalid syntax") }
                pos += 1
                e = .attribute(e, Name(n), span(from: start))
            } else {
                return e
            }
        }
    }

    private mutating func callArguments() throws -> [Argument] {
        var args: [Argument] = []
        while !isOp(")") {
            if accept("**") {
                args.append(Argument(kind: .doubleStar, value: try expression()))
            } else if accept("*") {
                args.append(Argument(kind: .star, value: try expression()))
            } else if case .name(let n) = kind, pos + 1 < tokens.count, case .op("=") = tokens[pos + 1].kind {
                pos += 2
                args.append(Argument(kind: .keyword(n), value: try expression()))
            } else {
                let start = current
                let value = try expression()
                if isKeyword("for") {
                    // A bare generator expression as the only argument: sum(x for x in xs)
                    let clauses = try comprehensionClauses()
                    args.append(Argument(kind: .positional, value: .comprehension(kind: .generator, element: value, value: nil, clauses: clauses, span(from: start))))
                } else {
                    args.append(Argument(kind: .positional, value: value))
                }
            }
            if !accept(",") { break }
        }
        try expect(")")
        return args
    }

    private mutating func subscriptList() throws -> Expr {
        let start = current
        var items = [try subscriptItem()]
        var isTuple = false
        while accept(",") {
            isTuple = true
            if isOp("]") { break }
            items.append(try subscriptItem())
        }
        return isTuple ? .tuple(items, span(from: start)) : items[0]
    }

    private mutating func subscriptItem() throws -> Expr {
        let start = current
        var lower: Expr? = nil
        if !isOp(":") {
            lower = try expression()
            if !isOp(":") { return lower! }
        }
        try expect(":")
        var upper: Expr? = nil, step: Expr? = nil
        if !isOp(":") && !isOp("]") && !isOp(",") { upper = try expression() }
        if accept(":") {
            if !isOp("]") && !isOp(",") { step = try expression() }
        }
        return .slice(lower, upper, step, span(from: start))
    }

    private mutating func atom() throws -> Expr {
        let start = current
        switch kind {
        case .int(let v): pos += 1; return .constant(.int(v), span(from: start))
        case .float(let v): pos += 1; return .constant(.float(v), span(from: start))
        case .string:
            // Adjacent literals concatenate; any f-string makes the whole an f-string.
            var parts: [FStringPart] = []
            var anyF = false
            while case .string(let text, let isF) = kind {
                let tok = current
                pos += 1
                if isF {
                    anyF = true
                    parts.append(contentsOf: try FStringParser.parse(text, at: tok.start))
                } else {
                    parts.append(.text(text))
                }
            }
            if !anyF {
                let text = parts.map { if case .text(let t) = $0 { return t }; return "" }.joined()
                return .constant(.str(text), span(from: start))
            }
            return .fstring(parts, span(from: start))
        case .name(let n):
            switch n {
            case "True": pos += 1; return .constant(.bool(true), span(from: start))
            case "False": pos += 1; return .constant(.bool(false), span(from: start))
            case "None": pos += 1; return .constant(.none, span(from: start))
            default:
                if Parser.keywords.contains(n) { throw error("invalid syntax") }
                pos += 1
                return .name(Name(n), span(from: start))
            }
        case .op("..."): pos += 1; return .constant(.ellipsis, span(from: start))
        case .op("("):
            pos += 1
            if accept(")") { return .tuple([], span(from: start)) }
            let first = isOp("*") ? try starExpr() : try namedExpression()
            if isKeyword("for") {
                let clauses = try comprehensionClauses()
                try expect(")")
                return .comprehension(kind: .generator, element: first, value: nil, clauses: clauses, span(from: start))
            }
            if accept(")") {
                return first
            }
            var items = [first]
            while accept(",") {
                if isOp(")") { break }
                items.append(isOp("*") ? try starExpr() : try namedExpression())
            }
            try expect(")")
            return .tuple(items, span(from: start))
        case .op("["):
            pos += 1
            if accept("]") { return .list([], span(from: start)) }
            let first = isOp("*") ? try starExpr() : try namedExpression()
            if isKeyword("for") {
                let clauses = try comprehensionClauses()
                try expect("]")
                return .comprehension(kind: .list, element: first, value: nil, clauses: clauses, span(from: start))
            }
            var items = [first]
            while accept(",") {
                if isOp("]") { break }
                items.append(isOp("*") ? try starExpr() : try namedExpression())
            }
            try expect("]")
            return .list(items, span(from: start))
        case .op("{"):
            pos += 1
            if accept("}") { return .dict([], span(from: start)) }
            if accept("**") {
                var entries: [(Expr?, Expr)] = [(nil, try bitOr())]
                while accept(",") {
                    if isOp("}") { break }
                    entries.append(contentsOf: try dictEntry())
                }
                try expect("}")
                return .dict(entries, span(from: start))
            }
            let first = try expression()
            if accept(":") {
                let value = try expression()
                if isKeyword("for") {
                    let clauses = try comprehensionClauses()
                    try expect("}")
                    return .comprehension(kind: .dict, element: first, value: value, clauses: clauses, span(from: start))
                }
                var entries: [(Expr?, Expr)] = [(first, value)]
                while accept(",") {
                    if isOp("}") { break }
                    entries.append(contentsOf: try dictEntry())
                }
                try expect("}")
                return .dict(entries, span(from: start))
            }
            if isKeyword("for") {
                let clauses = try comprehensionClauses()
                try expect("}")
                return .comprehension(kind: .set, element: first, value: nil, clauses: clauses, span(from: start))
            }
            var items = [first]
            while accept(",") {
                if isOp("}") { break }
                items.append(try expression())
            }
            try expect("}")
            return .set(items, span(from: start))
        case .indent:
            throw PyError(.indentationError, "unexpected indent", location: current.start)
        case .newline, .end:
            throw error("invalid syntax")
        default:
            throw error("invalid syntax")
        }
    }

    private mutating func dictEntry() throws -> [(Expr?, Expr)] {
        if accept("**") { return [(nil, try bitOr())] }
        let k = try expression()
        try expect(":")
        return [(k, try expression())]
    }

    private mutating func comprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try targetList()
            guard acceptKeyword("in") else { throw error("invalid syntax") }
            let iterable = try orTest()
            var conditions: [Expr] = []
            while acceptKeyword("if") { conditions.append(try orTestNoTernary()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        return clauses
    }

    private mutating func orTestNoTernary() throws -> Expr { try orTest() }
}

/// f-string bodies: literal text with `{expr!r:spec}` fields.
enum FStringParser {
    static func parse(_ text: String, at location: SourceLocation) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { literal.append("{"); i += 2; continue }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                // Find the end of the expression, respecting nesting and strings.
                var depth = 0, j = i + 1
                var quote: Character? = nil
                var exprEnd = -1, conversion: Character? = nil, specStart = -1
                while j < chars.count {
                    let d = chars[j]
                    if let q = quote { if d == q { quote = nil }; j += 1; continue }
                    if d == "'" || d == "\"" { quote = d }
                    else if "([{".contains(d) { depth += 1 }
                    else if ")]".contains(d) { depth -= 1 }
                    else if d == "}" && depth > 0 { depth -= 1 }
                    else if depth == 0 && (d == "}" || d == ":" || (d == "!" && j + 1 < chars.count && chars[j + 1] != "=")) {
                        if exprEnd < 0 { exprEnd = j }
                        if d == "!" { conversion = j + 1 < chars.count ? chars[j + 1] : nil; j += 2; continue }
                        if d == ":" { specStart = j + 1; break }
                        break
                    }
                    j += 1
                }
                guard exprEnd >= 0 else { throw PyError(.syntaxError, "f-string: expecting '}'", location: location) }
                var exprText = String(chars[(i + 1)..<exprEnd])
                var selfDocumenting = false
                if exprText.hasSuffix("=") && !exprText.hasSuffix("==") {
                    selfDocumenting = true
                    exprText.removeLast()
                }
                var format: [FStringPart] = []
                if specStart >= 0 {
                    // The spec runs to the matching '}' and may contain nested {fields}.
                    var k = specStart, nest = 0
                    while k < chars.count {
                        if chars[k] == "{" { nest += 1 } else if chars[k] == "}" { if nest == 0 { break }; nest -= 1 }
                        k += 1
                    }
                    format = try parse(String(chars[specStart..<min(k, chars.count)]), at: location)
                    j = k
                }
                guard j < chars.count, chars[j] == "}" else { throw PyError(.syntaxError, "f-string: expecting '}'", location: location) }
                let trimmed = exprText.trimmingSpaces()
                if trimmed.isEmpty { throw PyError(.syntaxError, "f-string: valid expression required before '}'", location: location) }
                var scanner = Scanner("(" + trimmed + ")")
                var parser = Parser(tokens: try scanner.scan(), source: trimmed)
                let expr = try parser.expression()
                if selfDocumenting {
                    parts.append(.text(exprText + "="))
                    if conversion == nil && format.isEmpty { conversion = "r" }
                }
                parts.append(.value(expr, conversion: conversion, format: format))
                i = j + 1
                continue
            }
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { literal.append("}"); i += 2; continue }
                throw PyError(.syntaxError, "f-string: single '}' is not allowed", location: location)
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }
}
