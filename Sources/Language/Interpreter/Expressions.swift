import FoundationEssentials
import Tensor

extension Interpreter {
    /// Evaluates an expression; errors get the span of the innermost node that failed.
    func evaluate(_ expr: Expr, _ scope: Scope?) throws -> Value {
        switch expr {
        case .constant(let v, _):
            return v
        case .name(let name, let span):
            do { return try lookup(name, scope) } catch var e as PyError { e.span = e.span ?? span; throw e }
        case .binary(let op, let l, let r, let span):
            let a = try evaluate(l, scope)
            let b = try evaluate(r, scope)
            do { return try binary(op, a, b) } catch let e { throw annotate(e, span) }
        case .unary(let op, let operand, let span):
            let v = try evaluate(operand, scope)
            do { return try unary(op, v) } catch let e { throw annotate(e, span) }
        case .compare(let first, let rest, let span):
            var left = try evaluate(first, scope)
            var result: Value = .bool(true)
            for (op, rightExpr) in rest {
                let right = try evaluate(rightExpr, scope)
                do { result = try compare(op, left, right) } catch let e { throw annotate(e, span) }
                // Chained comparisons stop at the first false (arrays cannot chain).
                if rest.count > 1, !(try truthy(result)) { return result }
                left = right
            }
            return result
        case .and(let l, let r, _):
            let a = try evaluate(l, scope)
            return try truthy(a) ? try evaluate(r, scope) : a
        case .or(let l, let r, _):
            let a = try evaluate(l, scope)
            return try truthy(a) ? a : try evaluate(r, scope)
        case .ifElse(let test, let body, let orElse, _):
            return try truthy(try evaluate(test, scope)) ? try evaluate(body, scope) : try evaluate(orElse, scope)
        case .call(let calleeExpr, let argExprs, let span):
            // `obj.method(...)` on an instance calls the class's function with the receiver
            // first, without making a bound-method object and a second argument list.
            var receiver: Value?
            let callee: Value
            if case .attribute(let objExpr, let name, let attrSpan) = calleeExpr {
                let obj = try evaluate(objExpr, scope)
                if case .instance(let inst) = obj, inst.attributes[name] == nil,
                   case .function(let method)? = inst.cls.lookup(name) {
                    receiver = obj
                    callee = .function(method)
                } else if case .array(let a) = obj, NumPyBridge.arrayMethodNames.contains(name) {
                    // `x.copy()`, `t.argmax(axis=1)`: the method itself, without a bound builtin.
                    let (args, kwargs) = try evaluateArguments(argExprs, receiver: nil, scope, span)
                    do { return try NumPyBridge.arrayMethod(a, name.text, args, kwargs, self, isScalar: false) } catch let e {
                        throw annotate(e, span)
                    }
                } else {
                    do { callee = try getAttribute(obj, name) } catch let e { throw annotate(e, attrSpan) }
                }
            } else {
                callee = try evaluate(calleeExpr, scope)
            }
            let (args, kwargs) = try evaluateArguments(argExprs, receiver: receiver, scope, span)
            do { return try call(callee, args, kwargs) } catch let e { throw annotate(e, span) }
        case .attribute(let objExpr, let name, let span):
            let obj = try evaluate(objExpr, scope)
            do { return try getAttribute(obj, name) } catch let e { throw annotate(e, span) }
        case .subscript(let objExpr, let indexExpr, let span):
            let obj = try evaluate(objExpr, scope)
            let index = try evaluate(indexExpr, scope)
            do { return try getItem(obj, index) } catch let e { throw annotate(e, span) }
        case .slice(let lo, let hi, let step, _):
            return .slice(try lo.map { try evaluate($0, scope) } ?? .none,
                          try hi.map { try evaluate($0, scope) } ?? .none,
                          try step.map { try evaluate($0, scope) } ?? .none)
        case .list(let items, _):
            return .list(PyList(try evaluateItems(items, scope)))
        case .tuple(let items, _):
            return .tuple(try evaluateItems(items, scope))
        case .set(let items, _):
            return try makeSet(try evaluateItems(items, scope))
        case .dict(let entries, _):
            let d = PyDict()
            for (k, v) in entries {
                if let k {
                    try d.set(try evaluate(k, scope), try evaluate(v, scope))
                } else if case .dict(let other) = try evaluate(v, scope) {
                    for (kk, vv) in other.items { try d.set(kk, vv) }
                }
            }
            return .dict(d)
        case .fstring(let parts, _):
            return .str(try renderFString(parts, scope))
        case .lambda(let def, _):
            return .function(try makeFunction(def, scope))
        case .starred(_, let span):
            throw annotate(PyError(.syntaxError, "can't use starred expression here"), span)
        case .comprehension(let kind, let element, let value, let clauses, _):
            return try comprehension(kind, element, value, clauses, scope)
        }
    }

    /// A call's arguments: positional ones (after `receiver`, if any) and keywords, `*` and
    /// `**` spread as Python spreads them.
    private func evaluateArguments(_ argExprs: [Argument], receiver: Value?, _ scope: Scope?,
                                   _ span: Span) throws -> ([Value], [(String, Value)]) {
        var args: [Value] = []
        args.reserveCapacity(argExprs.count + 1)
        if let receiver { args.append(receiver) }
        var kwargs: [(String, Value)] = []
        for a in argExprs {
            switch a.kind {
            case .positional: args.append(try evaluate(a.value, scope))
            case .keyword(let k): kwargs.append((k, try evaluate(a.value, scope)))
            case .star: args.append(contentsOf: try iterate(try evaluate(a.value, scope)).all())
            case .doubleStar:
                guard case .dict(let d) = try evaluate(a.value, scope) else {
                    throw annotate(PyError(.typeError, "argument after ** must be a mapping"), span)
                }
                for (k, v) in d.items {
                    guard case .str(let ks) = k else { throw annotate(PyError(.typeError, "keywords must be strings"), span) }
                    kwargs.append((ks, v))
                }
            }
        }
        return (args, kwargs)
    }

    private func evaluateItems(_ items: [Expr], _ scope: Scope?) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for i in items {
            if case .starred(let inner, _) = i {
                out.append(contentsOf: try iterate(try evaluate(inner, scope)).all())
            } else {
                out.append(try evaluate(i, scope))
            }
        }
        return out
    }

    func annotate(_ error: Error, _ span: Span) -> Error {
        if var e = error as? PyError {
            if e.span == nil { e.span = span }
            return e
        }
        if let t = error as? TensorError {
            var e = PyError(t)
            e.span = span
            return e
        }
        return error
    }

    private func comprehension(_ kind: ComprehensionKind, _ element: Expr, _ value: Expr?, _ clauses: [ComprehensionClause], _ scope: Scope?) throws -> Value {
        let inner = Scope(parent: scope, function: nil)
        var results: [Value] = []
        let dict = PyDict()
        func loop(_ k: Int) throws {
            if k == clauses.count {
                if kind == .dict {
                    try dict.set(try evaluate(element, inner), try evaluate(value!, inner))
                } else {
                    results.append(try evaluate(element, inner))
                }
                return
            }
            let clause = clauses[k]
            // The first iterable is evaluated in the enclosing scope, as in Python.
            let it = try iterate(try evaluate(clause.iterable, k == 0 ? scope : inner))
            while let item = try it.next() {
                try Interrupt.check()
                try bindComprehensionTarget(clause.target, item, inner)
                var ok = true
                for c in clause.conditions where !(try truthy(try evaluate(c, inner))) { ok = false; break }
                if ok { try loop(k + 1) }
            }
        }
        try loop(0)
        switch kind {
        case .list, .generator: return kind == .list ? .list(PyList(results)) : .list(PyList(results))
        case .set: return try makeSet(results)
        case .dict: return .dict(dict)
        }
    }

    private func bindComprehensionTarget(_ target: Expr, _ value: Value, _ scope: Scope) throws {
        switch target {
        case .name(let n, _): scope[n] = value
        case .tuple(let items, _), .list(let items, _):
            let vs = try iterate(value).all()
            guard vs.count == items.count else {
                throw PyError(.valueError, vs.count > items.count ? "too many values to unpack (expected \(items.count))" : "not enough values to unpack (expected \(items.count), got \(vs.count))")
            }
            for (t, v) in zip(items, vs) { try bindComprehensionTarget(t, v, scope) }
        default: try assign(target, value, scope)
        }
    }

    /// Sets are rare in the seeds; a list of unique items with set's repr is enough.
    func makeSet(_ items: [Value]) throws -> Value {
        var seen = Set<HashKey>()
        var unique: [Value] = []
        for i in items where seen.insert(try HashKey(i)).inserted { unique.append(i) }
        let l = PyList(unique)
        return .object(PySet(l))
    }

    private func renderFString(_ parts: [FStringPart], _ scope: Scope?) throws -> String {
        var out = ""
        for p in parts {
            switch p {
            case .text(let t): out += t
            case .value(let e, let conversion, let formatParts):
                var v = try evaluate(e, scope)
                if conversion == "r" { v = .str(try repr(v)) } else if conversion == "s" { v = .str(try str(v)) }
                let spec = try renderFString(formatParts, scope)
                out += try Formatting.format(v, spec: spec, self)
            }
        }
        return out
    }

    // MARK: Truth and identity

    public func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .range(let a, let b, let s): return s > 0 ? a < b : a > b
        case .scalar(let s): return s.boolValue
        case .array(let a):
            if a.count == 1 { return a.toScalars()[0].boolValue }
            if a.count == 0 { return false }
            throw PyError(.valueError, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        case .instance(let inst):
            if case .function(let f)? = inst.cls.lookup("__len__") {
                return try truthy(try callFunction(f, [v], []))
            }
            return true
        case .object(let o):
            if let s = o as? PySet { return !s.list.items.isEmpty }
            return true
        default: return true
        }
    }

    func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.str(let x), .str(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.array(let x), .array(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.cls(let x), .cls(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        // type(x) makes a new object each time; one type is one name.
        case (.object(let x as TypeObject), .object(let y as TypeObject)): return x.name == y.name
        case (.object(let x), .object(let y)): return x === y
        case (.dtype(let x), .dtype(let y)): return x == y
        default: return false
        }
    }

    // MARK: Iteration

    /// A Python iterator over any iterable value.
    public func iterate(_ v: Value) throws -> ValueIterator {
        switch v {
        case .list(let l):
            var i = 0
            // Iterates the live list, as Python does (appending during iteration is seen).
            return ValueIterator { i < l.items.count ? { defer { i += 1 }; return l.items[i] }() : nil }
        case .tuple(let t): return ValueIterator(t)
        case .str(let s): return ValueIterator(s.map { .str(String($0)) })
        case .range(let start, let stop, let step):
            var i = start
            return ValueIterator {
                guard step > 0 ? i < stop : i > stop else { return nil }
                defer { i += step }
                return .int(i)
            }
        case .dict(let d): return ValueIterator(d.keys)
        case .array(let a): return try NumPyBridge.iterate(a, self)
        case .object(let o):
            if let one = o as? IteratorObject { return one.iterator }
            if let it = try o.makeIterator(in: self) { return ValueIterator { it.next() } }
        case .instance(let inst):
            if case .function(let f)? = inst.cls.lookup("__iter__") {
                return try iterate(try callFunction(f, [v], []))
            }
        default: break
        }
        throw PyError(.typeError, "'\(typeName(v))' object is not iterable")
    }

    // MARK: Exceptions

    func makeException(_ v: Value) throws -> PyError {
        switch v {
        case .cls(let c) where c.isException:
            var e = PyError(typeName: c.name, message: "")
            e.value = try instantiate(c, [], [])
            return e
        case .instance(let inst) where inst.cls.isException:
            var message = ""
            if case .tuple(let args)? = inst.attributes["args"] {
                if args.count == 1 { message = try str(args[0]) } else if args.count > 1 { message = try repr(.tuple(args)) }
            }
            var e = PyError(typeName: inst.cls.name, message: message)
            e.value = v
            return e
        default:
            throw PyError(.typeError, "exceptions must derive from BaseException")
        }
    }

    func exceptionValue(_ e: PyError) -> Value {
        if let v = e.value { return v }
        let cls = exceptionClasses[e.typeName] ?? exceptionClasses["Exception"]!
        let inst = PyInstance(cls: cls)
        inst.set("args", .tuple(e.message.isEmpty ? [] : [.str(e.message)]))
        return .instance(inst)
    }

    func matches(_ e: PyError, _ typeExpr: Expr?, _ scope: Scope?) throws -> Bool {
        guard let typeExpr else { return e.typeName != "KeyboardInterrupt" || true }
        let t = try evaluate(typeExpr, scope)
        let classes: [Value]
        if case .tuple(let items) = t { classes = items } else { classes = [t] }
        let raised = exceptionClasses[e.typeName] ?? {
            if case .instance(let inst)? = e.value { return inst.cls }
            return exceptionClasses["Exception"]!
        }()
        for c in classes {
            guard case .cls(let cls) = c else { throw PyError(.typeError, "catching classes that do not inherit from BaseException is not allowed") }
            if raised.isSubclass(of: cls) { return true }
        }
        return false
    }
}

/// Python's iterator protocol in Swift: `next()` returns nil when exhausted.
public struct ValueIterator {
    private let nextItem: () throws -> Value?
    public init(_ next: @escaping () throws -> Value?) { nextItem = next }
    public init(_ items: [Value]) {
        var i = 0
        nextItem = { i < items.count ? { defer { i += 1 }; return items[i] }() : nil }
    }
    public func next() throws -> Value? { try nextItem() }
    public func all() throws -> [Value] {
        var out: [Value] = []
        while let v = try next() { out.append(v) }
        return out
    }
}

/// A set, kept as a list of unique items (enough for membership and iteration).
final class PySet: HostObject {
    let list: PyList
    init(_ list: PyList) { self.list = list }
    var typeName: String { "set" }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? {
        switch name {
        case "add":
            return .builtin(Builtin("add") { args, _, interp in
                guard let v = args.first else { throw PyError(.typeError, "add() takes exactly one argument") }
                let key = try HashKey(v)
                if !(try self.list.items.contains { try HashKey($0) == key }) { self.list.items.append(v) }
                return .none
            })
        default: return nil
        }
    }
    func repr(in interpreter: Interpreter) throws -> String {
        list.items.isEmpty ? "set()" : "{" + (try list.items.map { try interpreter.repr($0) }).joined(separator: ", ") + "}"
    }
    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? {
        var i = 0
        return AnyIterator { i < self.list.items.count ? { defer { i += 1 }; return self.list.items[i] }() : nil }
    }
}
