import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// Evaluates programs over a persistent workspace (the `__main__` module).
///
/// The workspace survives every error: a failing entry raises, is reported, and the
/// variables it had not yet touched stay as they were.
public final class Interpreter {
    public let main: PyModule
    public internal(set) var builtins: [Name: Value] = [:]
    /// Loaders for importable modules by dotted name ("numpy", "matplotlib.pyplot").
    var moduleLoaders: [String: (Interpreter) throws -> PyModule] = [:]
    var loadedModules: [String: PyModule] = [:]
    /// Where print() writes. The shell and the tutor redirect it.
    public var output: (String) -> Void = { text in
        fputs(text, stdout)
        fflush(stdout)
    }
    /// Where warnings go (`RuntimeWarning: divide by zero encountered in log`): stderr, as
    /// Python's warnings module writes them.
    public var warningOutput: (String) -> Void = { text in
        fputs(text, stderr)
        fflush(stderr)
    }
    /// Warnings already shown, by line and message: Python's default filter shows each once
    /// per place (Warnings.swift).
    var warningsShown: Set<String> = []
    /// The line of the statement running now, for warnings' locations.
    var currentLine = 1
    /// Set while code runs behind the scenes (completion, the tutor's checks and replays):
    /// its warnings are neither shown nor remembered as shown.
    public var warningsMuted = false
    let sources = SourceRegistry()
    /// Classroom mode: the only folder programs may read and write files in (see Sandbox.swift).
    public var sandboxDirectory: String? = Interpreter.classroomSandbox
    /// Set once by classroom mode; every interpreter made afterwards is sandboxed.
    nonisolated(unsafe) public static var classroomSandbox: String?
    /// The generator behind np.random and the learning built-ins; set before importing
    /// numpy to give a workspace a stream of its own (tests running side by side do).
    public var randomState = RandomState.global
    /// Python's default recursion limit.
    public var recursionLimit = 1000
    var depth = 0
    /// See StackGuard: below this address the stack is too close to its end.
    var stackLimit: UInt = 0
    var currentFile = "<stdin>"
    /// Names that the workspace starts with (built-ins excluded), kept by :reset.
    var initialNames: Set<Name> = []
    var entryCount = 0
    /// Exception classes by name, for `except ValueError` and `raise ValueError(...)`.
    var exceptionClasses: [String: PyClass] = [:]

    public init() {
        main = PyModule(name: "__main__")
        main.members["__name__"] = .str("__main__")
        installBuiltins()
        initialNames = Set(main.members.keys)
    }

    // MARK: Running code

    public enum Mode {
        /// Run as a script: nothing echoed.
        case exec
        /// Run as a REPL entry: the value of a trailing expression statement is returned.
        case interactive
    }

    /// Parses and runs `source`. In interactive mode returns the value of a final
    /// expression statement (and binds it to `_`), or nil.
    @discardableResult
    public func run(_ source: String, filename: String = "<stdin>", mode: Mode = .exec) throws -> Value? {
        entryCount += 1
        let file = filename == "<stdin>" && mode == .interactive ? "<stdin>" : filename
        sources.register(source, as: file)
        let saved = currentFile
        currentFile = file
        if depth == 0 { stackLimit = StackGuard.currentLimit() }
        defer { currentFile = saved }
        let body: [Stmt]
        do {
            body = try Parser.parse(source)
        } catch var e as PyError {
            e.frames = [PyError.Frame(file: file, function: "<module>", span: Span(line: e.location?.line ?? 1, start: 0, end: 0))]
            throw e
        }
        do {
            if mode == .interactive, case .expr(let e, _)? = body.last {
                for s in body.dropLast() { _ = try execute(s, nil) }
                currentLine = e.span.line
                let v = try evaluate(e, nil)
                if case .none = v { return nil }
                main.members["_"] = v
                return v
            }
            for s in body {
                if case .returnValue = try execute(s, nil) {
                    throw PyError(.syntaxError, "'return' outside function", location: SourceLocation(line: s.span.line, column: s.span.start))
                }
            }
            return nil
        } catch let e as PyError {
            throw finishTraceback(e, function: "<module>")
        } catch let e as TensorError {
            throw finishTraceback(PyError(e), function: "<module>")
        }
    }

    /// Renders an error for the learner: a traceback ending in `Type: message`.
    public func format(_ error: Error) -> String {
        if let e = error as? PyError { return e.formatted(sources: sources) }
        if let e = error as? TensorError { return PyError(e).formatted(sources: sources) }
        return "Error: \(error)"
    }

    /// True when `source` cannot run yet because it is unfinished: an open bracket or
    /// string, a trailing backslash or colon, or a block still being typed.
    public func needsMoreInput(_ source: String) -> Bool {
        do {
            _ = try Parser.parse(source)
        } catch let e as PyError {
            let m = e.message
            if m.contains("was never closed") || m.contains("unterminated triple-quoted") || m.hasPrefix("expected an indented block") {
                return true
            }
            // A statement cut short at the end of input.
            let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).count
            if let loc = e.location, loc.line >= lastLine, source.hasSuffix("\\") { return true }
        } catch {}
        // A compound statement (a line ending in ':') needs an empty line to finish.
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count >= 1, let first = lines.first {
            let trimmed = first.trimmingSpaces()
            let opensBlock = trimmed.hasSuffix(":") || ["def ", "class ", "for ", "while ", "if ", "with ", "try:", "try ", "@"].contains { trimmed.hasPrefix($0) }
            if opensBlock && !source.hasSuffix("\n") { return true }
        }
        return false
    }

    // MARK: Names

    func lookup(_ name: Name, _ scope: Scope?) throws -> Value {
        // Most names are found where they are used, in a scope that declares no globals.
        if let scope, !scope.declaresGlobals, let v = scope[name] { return v }
        return try lookupFurther(name, scope)
    }

    private func lookupFurther(_ name: Name, _ scope: Scope?) throws -> Value {
        var s = scope
        // A name the function declares global skips the enclosing functions' variables.
        if let scope, scope.declaresGlobals, let f = scope.function, f.globals.contains(name) { s = nil }
        while let sc = s {
            if let v = sc[name] { return v }
            if let f = sc.function, f.locals.contains(name) {
                if sc === scope {
                    throw PyError(.unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
                }
                throw PyError(.nameError, "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope")
            }
            s = sc.parent
        }
        if let v = main.members[name] { return v }
        if let v = builtins[name] { return v }
        throw PyError(.nameError, "name '\(name)' is not defined")
    }

    func assignName(_ name: String, _ value: Value, _ scope: Scope?) {
        assignName(Name(name), value, scope)
    }

    func assignName(_ name: Name, _ value: Value, _ scope: Scope?) {
        guard let scope else { main.members[name] = value; return }
        // Most functions declare neither: their names are bound without loading the sets.
        if scope.declaresGlobals || scope.declaresNonlocals, let f = scope.function {
            if scope.declaresGlobals && f.globals.contains(name) { main.members[name] = value; return }
            if scope.declaresNonlocals && f.nonlocals.contains(name) {
                var s = scope.parent
                while let sc = s {
                    if sc[name] != nil { sc[name] = value; return }
                    s = sc.parent
                }
            }
        }
        scope[name] = value
    }

    func deleteName(_ name: Name, _ scope: Scope?) throws {
        if let scope, !(scope.function?.globals.contains(name) ?? false) {
            guard scope.removeValue(forKey: name) != nil else {
                throw PyError(.nameError, "name '\(name)' is not defined")
            }
            return
        }
        guard main.members.removeValue(forKey: name) != nil else {
            throw PyError(.nameError, "name '\(name)' is not defined")
        }
    }

    // MARK: Statements

    enum Flow {
        case normal, breakLoop, continueLoop
        indirect case returnValue(Value)
    }

    @inline(__always)
    func executeBlock(_ body: [Stmt], _ scope: Scope?) throws -> Flow {
        for s in body {
            let f = try execute(s, scope)
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    func execute(_ stmt: Stmt, _ scope: Scope?) throws -> Flow {
        currentLine = stmt.span.line
        do {
            return try executeUnannotated(stmt, scope)
        } catch var e as PyError {
            if e.span == nil { e.span = stmt.span }
            throw e
        } catch let e as TensorError {
            var p = PyError(e)
            p.span = stmt.span
            throw p
        }
    }

    private func executeUnannotated(_ stmt: Stmt, _ scope: Scope?) throws -> Flow {
        switch stmt {
        case .expr(let e, _):
            _ = try evaluate(e, scope)
        case .assign(let targets, let valueExpr, _):
            let value = try evaluate(valueExpr, scope)
            for t in targets { try assign(t, value, scope) }
        case .augAssign(let target, let op, let valueExpr, _):
            try augmentedAssign(target, op, valueExpr, scope)
        case .annAssign(let target, let valueExpr, _):
            if let valueExpr { try assign(target, try evaluate(valueExpr, scope), scope) }
        case .delete(let targets, _):
            for t in targets { try delete(t, scope) }
        case .pass:
            break
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .returnValue(let e, _):
            return .returnValue(try e.map { try evaluate($0, scope) } ?? .none)
        case .ifStmt(let branches, let orElse, _):
            for (test, body) in branches where try truthy(try evaluateTest(test, scope)) {
                return try executeBlock(body, scope)
            }
            if let orElse { return try executeBlock(orElse, scope) }
        case .whileLoop(let test, let body, let orElse, _):
            while try truthy(try evaluateTest(test, scope)) {
                try Interrupt.check()
                let f = try executeBlock(body, scope)
                switch f {
                case .breakLoop: return .normal
                case .returnValue: return f
                default: continue
                }
            }
            if let orElse { return try executeBlock(orElse, scope) }
        case .forLoop(let target, let iterable, let body, let orElse, _):
            let seq = try evaluate(iterable, scope)
            // Fast path for `for i in range(...)` with a plain name.
            if case .range(let start, let stop, let step) = seq, case .name(let name, _) = target {
                var i = start
                while step > 0 ? i < stop : i > stop {
                    try Interrupt.check()
                    assignName(name, .int(i), scope)
                    let f = try executeBlock(body, scope)
                    switch f {
                    case .breakLoop: return .normal
                    case .returnValue: return f
                    default: break
                    }
                    i += step
                }
                if let orElse { return try executeBlock(orElse, scope) }
                return .normal
            }
            let it = try iterate(seq)
            while let item = try it.next() {
                try Interrupt.check()
                try assign(target, item, scope)
                let f = try executeBlock(body, scope)
                switch f {
                case .breakLoop: return .normal
                case .returnValue: return f
                default: continue
                }
            }
            if let orElse { return try executeBlock(orElse, scope) }
        case .functionDef(let def, let decorators, _):
            var fn: Value = .function(try makeFunction(def, scope))
            for d in decorators.reversed() { fn = try call(try evaluate(d, scope), [fn], []) }
            assignName(def.name, fn, scope)
        case .classDef(let name, let baseExprs, let body, _):
            var bases: [PyClass] = []
            for b in baseExprs {
                let v = try evaluate(b, scope)
                if case .cls(let c) = v { bases.append(c) }
                else if case .builtin(let bi) = v, bi.name == "object" { continue }
                else { throw PyError(.typeError, "nntutor classes can inherit only from other classes") }
            }
            let classScope = Scope(parent: scope, function: nil)
            classScope.isClassBody = true
            _ = try executeBlock(body, classScope)
            // Python names a method by its class in messages and reprs (C.m).
            let defined = body.compactMap { stmt -> FunctionDef? in
                if case .functionDef(let def, _, _) = stmt { return def }
                return nil
            }
            let members = classScope.variables
            for case .function(let f) in members.map(\.value) where defined.contains(where: { $0 === f.def }) {
                f.qualifiedName = name + "." + f.name
            }
            let cls = PyClass(name: name, attributes: Dictionary(uniqueKeysWithValues: members.map { ($0.name, $0.value) }), bases: bases)
            // Methods close over the enclosing scope, not the class body (Python's rule).
            assignName(name, .cls(cls), scope)
        case .importModules(let names, _):
            for (name, alias) in names {
                let module = try importModule(name)
                if let alias {
                    assignName(alias, .module(module), scope)
                } else {
                    let top = String(name.split(separator: ".")[0])
                    assignName(top, .module(try importModule(top)), scope)
                }
            }
        case .importFrom(let moduleName, let names, _):
            let module = try importModule(moduleName)
            for (name, alias) in names {
                if name == "*" {
                    for (k, v) in module.members where !k.hasPrefix("_") { assignName(k, v, scope) }
                    continue
                }
                if let v = module.members[Name(name)] {
                    assignName(alias ?? name, v, scope)
                } else if let sub = try? importModule(moduleName + "." + name) {
                    assignName(alias ?? name, .module(sub), scope)
                } else {
                    throw PyError(.importError, "cannot import name '\(name)' from '\(moduleName)'")
                }
            }
        case .global, .nonlocal:
            break
        case .assert(let test, let message, _):
            if !(try truthy(try evaluate(test, scope))) {
                let m = try message.map { try str(try evaluate($0, scope)) } ?? ""
                throw PyError(.assertionError, m)
            }
        case .raise(let e, _):
            guard let e else { throw PyError(.runtimeError, "No active exception to reraise") }
            throw try makeException(try evaluate(e, scope))
        case .tryStmt(let body, let handlers, let orElse, let finally, _):
            return try executeTry(body, handlers, orElse, finally, scope)
        case .with(_, let body, _):
            return try executeBlock(body, scope)
        }
        return .normal
    }

    private func executeTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt]?, _ finally: [Stmt]?, _ scope: Scope?) throws -> Flow {
        var flow: Flow = .normal
        do {
            defer { }
            do {
                flow = try executeBlock(body, scope)
            } catch let error {
                let e: PyError
                if let pe = error as? PyError { e = pe } else if let te = error as? TensorError { e = PyError(te) } else { throw error }
                var handled = false
                for h in handlers {
                    if try matches(e, h.type, scope) {
                        if let name = h.name { assignName(name, exceptionValue(e), scope) }
                        flow = try executeBlock(h.body, scope)
                        handled = true
                        break
                    }
                }
                if !handled { throw e }
                if let finally { let f = try executeBlock(finally, scope); if case .normal = f {} else { return f } }
                return flow
            }
            if case .normal = flow, let orElse { flow = try executeBlock(orElse, scope) }
        } catch {
            if let finally { _ = try executeBlock(finally, scope) }
            throw error
        }
        if let finally { let f = try executeBlock(finally, scope); if case .normal = f {} else { return f } }
        return flow
    }

    // MARK: Assignment

    func assign(_ target: Expr, _ value: Value, _ scope: Scope?) throws {
        switch target {
        case .name(let name, _):
            assignName(name, value, scope)
        case .tuple(let items, _), .list(let items, _):
            try unpack(items, value, scope)
        case .attribute(let objExpr, let name, _):
            try setAttribute(try evaluate(objExpr, scope), name, value)
        case .subscript(let objExpr, let indexExpr, _):
            let obj = try evaluate(objExpr, scope)
            try setItem(obj, try evaluate(indexExpr, scope), value)
        case .starred:
            throw PyError(.syntaxError, "starred assignment target must be in a list or tuple")
        default:
            throw PyError(.syntaxError, "cannot assign to expression")
        }
    }

    private func unpack(_ targets: [Expr], _ value: Value, _ scope: Scope?) throws {
        let items = try iterate(value).all()
        if let star = targets.firstIndex(where: { if case .starred = $0 { return true }; return false }) {
            let after = targets.count - star - 1
            guard items.count >= targets.count - 1 else {
                throw PyError(.valueError, "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))")
            }
            for i in 0..<star { try assign(targets[i], items[i], scope) }
            if case .starred(let inner, _) = targets[star] {
                try assign(inner, .list(PyList(Array(items[star..<(items.count - after)]))), scope)
            }
            for i in 0..<after { try assign(targets[star + 1 + i], items[items.count - after + i], scope) }
            return
        }
        guard items.count == targets.count else {
            if items.count > targets.count {
                throw PyError(.valueError, "too many values to unpack (expected \(targets.count))")
            }
            throw PyError(.valueError, "not enough values to unpack (expected \(targets.count), got \(items.count))")
        }
        for (t, v) in zip(targets, items) { try assign(t, v, scope) }
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ scope: Scope?) throws {
        switch target {
        case .name(let name, let span):
            let current = try lookup(name, scope)
            do {
                assignName(name, try update(op, current, valueExpr, scope), scope)
            } catch var e as PyError {
                if e.span == nil { e.span = span }
                throw e
            }
        case .attribute(let objExpr, let name, _):
            let obj = try evaluate(objExpr, scope)
            let current = try getAttribute(obj, name)
            try setAttribute(obj, name, try update(op, current, valueExpr, scope))
        case .subscript(let objExpr, let indexExpr, _):
            let obj = try evaluate(objExpr, scope)
            let index = try evaluate(indexExpr, scope)
            let current = try getItem(obj, index)
            let result = try update(op, current, valueExpr, scope)
            // An in-place array update already wrote through the view; storing the same
            // object back is harmless for lists and dicts and needed for scalars.
            if case .array(let a) = current, case .array(let b) = result, a === b, case .array = obj { return }
            try setItem(obj, index, result)
        default:
            throw PyError(.syntaxError, "illegal expression for augmented assignment")
        }
    }

    /// `current op= valueExpr`, evaluating valueExpr. The book's parameter update, `W -= lr *
    /// grad` on a float64 array, runs as one pass over W (Tensor's scaledUpdate, the same
    /// roundings) rather than making `lr * grad` first: the temporary is as large as W1.
    private func update(_ op: BinaryOperator, _ current: Value, _ valueExpr: Expr, _ scope: Scope?) throws -> Value {
        guard case .array(let target) = current, op == .sub || op == .add,
              case .binary(.mul, let leftExpr, let rightExpr, let span) = valueExpr else {
            return try inPlace(op, current, try evaluate(valueExpr, scope))
        }
        let left = try evaluate(leftExpr, scope)
        let right = try evaluate(rightExpr, scope)
        switch (left, right) {
        case (.float(let s), .array(let g)), (.array(let g), .float(let s)):
            // One pass for NumPy's two ufuncs; an error is reported under the update's own.
            let updated = try NumPyBridge.watched(op == .sub ? .subtract : .add, .array(target), .array(g), self) {
                scaledUpdate(target, subtracting: op == .sub, scale: s, g)
            }
            if updated { return current }
        default: break
        }
        let product: Value
        do { product = try binary(.mul, left, right) } catch let e { throw annotate(e, span) }
        return try inPlace(op, current, product)
    }

    /// `a += b`: arrays and lists update in place; everything else rebinds.
    func inPlace(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch a {
        case .array(let arr):
            try NumPyBridge.inPlace(op, arr, b, self)
            return a
        case .list(let l) where op == .add:
            l.items.append(contentsOf: try iterate(b).all())
            return a
        case .list(let l) where op == .mul:
            guard case .int(let n) = b else { return try binary(op, a, b) }
            let copy = l.items
            l.items = []
            for _ in 0..<max(n, 0) { l.items.append(contentsOf: copy) }
            return a
        default:
            return try binary(op, a, b)
        }
    }

    private func delete(_ target: Expr, _ scope: Scope?) throws {
        switch target {
        case .name(let name, _): try deleteName(name, scope)
        case .tuple(let items, _), .list(let items, _): for i in items { try delete(i, scope) }
        case .subscript(let objExpr, let indexExpr, _):
            let obj = try evaluate(objExpr, scope)
            let index = try evaluate(indexExpr, scope)
            switch obj {
            case .list(let l):
                if case .slice = index {
                    let (start, stop, step) = try sliceIndices(index, count: l.items.count)
                    let idx = Set(stride(from: start, to: stop, by: step))
                    l.items = l.items.enumerated().filter { !idx.contains($0.offset) }.map(\.element)
                } else {
                    let i = try normalizedIndex(index, count: l.items.count, what: "list assignment")
                    l.items.remove(at: i)
                }
            case .dict(let d):
                if try d.remove(index) == nil { throw PyError(.keyError, try repr(index)) }
            default:
                throw PyError(.typeError, "'\(typeName(obj))' object doesn't support item deletion")
            }
        case .attribute(let objExpr, let name, _):
            let obj = try evaluate(objExpr, scope)
            guard case .instance(let inst) = obj, inst.attributes.removeValue(forKey: name) != nil else {
                throw PyError(.attributeError, "'\(typeName(obj))' object has no attribute '\(name)'")
            }
            inst.order.removeAll { $0 == name.text }
        default:
            throw PyError(.syntaxError, "cannot delete expression")
        }
    }

    /// An `if`, `elif` or `while` condition, evaluated on its own line (the loop's body has
    /// moved ``currentLine`` on since).
    private func evaluateTest(_ test: Expr, _ scope: Scope?) throws -> Value {
        currentLine = test.span.line
        return try evaluate(test, scope)
    }

    // MARK: Functions

    func makeFunction(_ def: FunctionDef, _ scope: Scope?) throws -> PyFunction {
        let defaults = try def.parameters.map { p in try p.defaultValue.map { try evaluate($0, scope) } }
        // Methods close over the scope around the class, so a method's body finds the
        // module's `numerical_gradient`, not the method of the same name.
        let closure = scope?.isClassBody == true ? scope?.parent : scope
        return PyFunction(def: def, defaults: defaults, closure: closure, module: main)
    }

    /// Calls any callable value with positional and keyword arguments.
    public func call(_ callee: Value, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        switch callee {
        case .function(let f):
            return try callFunction(f, args, kwargs)
        case .boundMethod(let m):
            return try callFunction(m.function, [m.receiver] + args, kwargs)
        case .builtin(let b):
            return try b.body(args, kwargs, self)
        case .cls(let c):
            return try instantiate(c, args, kwargs)
        case .object(let o):
            return try o.call(args, kwargs, in: self)
        case .dtype(let d):
            return try NumPyBridge.constructScalar(d, args, self)
        default:
            throw PyError(.typeError, "'\(typeName(callee))' object is not callable")
        }
    }

    func callFunction(_ f: PyFunction, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        let def = f.def
        let scope = Scope(parent: f.closure, function: def, capacity: def.localCount + 1)
        let params = def.parameters, positional = def.positionalCount
        if args.count > positional && def.varArgs == nil {
            let given = args.count
            throw PyError(.typeError, "\(f.qualifiedName)() takes \(positional) positional argument\(positional == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
        }
        let keys = def.parameterKeys
        for i in 0..<Swift.min(args.count, positional) { scope[keys[i]] = args[i] }
        if let va = def.varArgs { scope[Name(va)] = .tuple(Array(args.dropFirst(positional))) }
        var extra: PyDict? = def.kwArgs != nil ? PyDict() : nil
        for (k, v) in kwargs {
            let key = Name(k)
            if keys.contains(key) {
                if scope[key] != nil {
                    throw PyError(.typeError, "\(f.qualifiedName)() got multiple values for argument '\(k)'")
                }
                scope[key] = v
            } else if let e = extra {
                try e.set(.str(k), v)
            } else {
                throw PyError(.typeError, "\(f.qualifiedName)() got an unexpected keyword argument '\(k)'")
            }
        }
        if let kw = def.kwArgs { scope[Name(kw)] = .dict(extra!); extra = nil }
        var missing: [String] = [], missingKeywordOnly: [String] = []
        // Defaults fill what positional and keyword arguments left unbound.
        if Swift.min(args.count, positional) < params.count || !kwargs.isEmpty {
            for (i, p) in params.enumerated() where scope[keys[i]] == nil {
                if let d = f.defaults[i] { scope[keys[i]] = d }
                else if i < positional { missing.append(p.name) } else { missingKeywordOnly.append(p.name) }
            }
        }
        if !missing.isEmpty || !missingKeywordOnly.isEmpty {
            try reportMissing(f, missing, missingKeywordOnly)
        }
        depth += 1
        let callerLine = currentLine
        defer { depth -= 1; currentLine = callerLine }
        if depth > recursionLimit || StackGuard.stackPointer() < stackLimit {
            throw PyError(.recursionError, "maximum recursion depth exceeded")
        }
        do {
            if case .returnValue(let v) = try executeBlock(def.body, scope) { return v }
            return .none
        } catch let e as PyError {
            throw addFrame(e, function: f.name)
        } catch let e as TensorError {
            throw addFrame(PyError(e), function: f.name)
        }
    }

    /// Python's TypeError for parameters a call left without a value.
    private func reportMissing(_ f: PyFunction, _ missing: [String], _ missingKeywordOnly: [String]) throws {
        for (names, kind) in [(missing, "positional"), (missingKeywordOnly, "keyword-only")] where !names.isEmpty {
            let quoted = names.map { "'\($0)'" }
            let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
            throw PyError(.typeError, "\(f.qualifiedName)() missing \(names.count) required \(kind) argument\(names.count == 1 ? "" : "s"): \(list)")
        }
    }

    /// Records the frame an error passed through (innermost frames are added first).
    private func addFrame(_ error: PyError, function: String) -> PyError {
        var e = error
        if let span = e.span {
            e.frames.insert(PyError.Frame(file: currentFile, function: function, span: span), at: 0)
        }
        e.span = nil
        return e
    }

    private func finishTraceback(_ error: PyError, function: String) -> PyError {
        if error.isSyntaxError && error.frames.isEmpty {
            var e = error
            e.frames = [PyError.Frame(file: currentFile, function: function, span: Span(line: error.location?.line ?? 1, start: 0, end: 0))]
            return e
        }
        return addFrame(error, function: function)
    }

    func instantiate(_ c: PyClass, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        let inst = PyInstance(cls: c)
        if c.isException {
            inst.set("args", .tuple(args))
        }
        if case .function(let initFn)? = c.lookup("__init__") {
            let r = try callFunction(initFn, [.instance(inst)] + args, kwargs)
            if case .none = r {} else { throw PyError(.typeError, "__init__() should return None, not '\(typeName(r))'") }
        } else if !args.isEmpty && !c.isException {
            throw PyError(.typeError, "\(c.name)() takes no arguments")
        }
        return .instance(inst)
    }

    // MARK: Modules

    /// Registers an importable module. Dotted names make packages (`matplotlib.pyplot`).
    public func registerModule(_ name: String, loader: @escaping (Interpreter) throws -> PyModule) {
        moduleLoaders[name] = loader
    }

    public func importModule(_ name: String) throws -> PyModule {
        if let m = loadedModules[name] { return m }
        if let loader = moduleLoaders[name] {
            let m = try loader(self)
            loadedModules[name] = m
            // A package gets its submodules as attributes once both are loaded.
            if let dot = name.lastIndex(of: ".") {
                let parent = try importModule(String(name[..<dot]))
                parent.members[Name(String(name[name.index(after: dot)...]))] = .module(m)
            }
            return m
        }
        // A package with registered submodules but no loader of its own.
        if moduleLoaders.keys.contains(where: { $0.hasPrefix(name + ".") }) {
            let m = PyModule(name: name)
            loadedModules[name] = m
            return m
        }
        throw PyError(.moduleNotFoundError, "No module named '\(name)'")
    }

    /// Names the workspace holds that the learner defined (not the start-up ones).
    public var userVariables: [(String, Value)] {
        main.members.filter { !initialNames.contains($0.key) && !$0.key.hasPrefix("__") }.sorted { $0.key < $1.key }.map { ($0.key.text, $0.value) }
    }

    /// Forgets everything the learner defined.
    public func resetWorkspace() {
        warningsShown = []
        for k in main.members.keys where !initialNames.contains(k) { main.members.removeValue(forKey: k) }
    }

    /// Marks the current names as the workspace's starting set (after pre-imports).
    public func markInitialNames() {
        initialNames = Set(main.members.keys)
    }
}

extension Interpreter {
    /// Evaluates one expression without side effects on the REPL state (`_`, history of
    /// sources): completion and the tutor's checks use it. Returns nil on any error.
    public func peek(_ expression: String) -> Value? {
        guard let body = try? Parser.parse(expression), body.count == 1, case .expr(let e, _) = body[0] else { return nil }
        return try? quietly { try evaluate(e, nil) }
    }

    /// Evaluates one expression, raising its error (the tutor's `expr` checks).
    public func evaluateExpression(_ expression: String) throws -> Value {
        let body = try Parser.parse(expression)
        guard body.count == 1, case .expr(let e, _) = body[0] else {
            throw PyError(.syntaxError, "expected an expression: \(expression)")
        }
        do { return try quietly { try evaluate(e, nil) } } catch let t as TensorError { throw PyError(t) }
    }
}

extension Interpreter {
    /// Runs an entry and returns its *result* as the tutor defines it (Lessons/README.md):
    /// the value of a final expression (the argument of a final one-argument `print`),
    /// the value bound by a final assignment, or nil for other statements.
    public func runForResult(_ source: String, filename: String = "<stdin>", echo: Bool) throws -> (echoed: Value?, result: Value?) {
        let body: [Stmt]
        do { body = try Parser.parse(source) } catch {
            _ = try run(source, filename: filename, mode: .exec)   // reports the syntax error the usual way
            return (nil, nil)
        }
        let echoed = try run(source, filename: filename, mode: echo ? .interactive : .exec)
        guard let last = body.last else { return (echoed, nil) }
        switch last {
        case .expr(let e, _):
            if case .call(.name("print", _), let args, _) = e, args.count == 1, case .positional = args[0].kind {
                return (echoed, peekExpr(args[0].value))
            }
            return (echoed, echoed ?? (echo ? nil : peekExpr(e)))
        case .assign(let targets, _, _):
            return (echoed, targets.last.flatMap { resultOfTarget($0) })
        case .augAssign(let target, _, _, _):
            return (echoed, resultOfTarget(target))
        default:
            return (echoed, nil)
        }
    }

    private func peekExpr(_ e: Expr) -> Value? { try? quietly { try evaluate(e, nil) } }

    private func resultOfTarget(_ t: Expr) -> Value? {
        switch t {
        case .name, .attribute: return peekExpr(t)
        case .subscript(let obj, _, _): return peekExpr(obj)
        case .tuple(let items, _), .list(let items, _):
            let values = items.compactMap { resultOfTarget($0) }
            return values.count == items.count ? .tuple(values) : nil
        default: return nil
        }
    }
}
