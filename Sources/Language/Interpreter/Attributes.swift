import FoundationEssentials
import Tensor

extension Interpreter {
    public func getAttribute(_ obj: Value, _ name: String) throws -> Value {
        try getAttribute(obj, Name(name))
    }

    /// `obj.name` with the name hashed already (the parser makes attribute names so).
    func getAttribute(_ obj: Value, _ key: Name) throws -> Value {
        let name = key.text
        switch obj {
        case .instance(let inst):
            if let v = inst.attributes[key] { return v }
            if let v = inst.cls.lookup(key) {
                if case .function(let f) = v { return .boundMethod(BoundMethod(receiver: obj, function: f)) }
                return v
            }
            if name == "__class__" { return .cls(inst.cls) }
            if name == "__dict__" {
                let d = PyDict()
                for k in inst.order { try d.set(.str(k), inst.attributes[Name(k)]!) }
                return .dict(d)
            }
        case .cls(let c):
            if let v = c.lookup(key) { return v }
            if name == "__name__" { return .str(c.name) }
            throw PyError(.attributeError, "type object '\(c.name)' has no attribute '\(name)'")
        case .module(let m):
            if let v = m.members[key] { return v }
            if let sub = try? importModule(m.name + "." + name) { return .module(sub) }
            if name == "__name__" { return .str(m.name) }
            throw PyError(.attributeError, "module '\(m.name)' has no attribute '\(name)'")
        case .str(let s):
            if let m = stringMethod(s, name) { return .builtin(m) }
        case .list(let l):
            if let m = listMethod(l, name) { return .builtin(m) }
        case .dict(let d):
            if let m = dictMethod(d, name) { return .builtin(m) }
        case .tuple(let t):
            if name == "index" || name == "count" {
                return .builtin(Builtin(name) { args, _, interp in
                    guard let x = args.first else { throw PyError(.typeError, "\(name)() takes exactly one argument (0 given)") }
                    if name == "count" { return .int(try t.filter { try interp.equal($0, x) }.count) }
                    for (i, v) in t.enumerated() where try interp.equal(v, x) { return .int(i) }
                    throw PyError(.valueError, "tuple.index(x): x not in tuple")
                })
            }
        case .float(let d):
            if name == "is_integer" { return .builtin(Builtin(name) { _, _, _ in .bool(d == d.rounded()) }) }
            if name == "real" { return obj }
        case .int:
            if name == "real" { return obj }
        case .array, .scalar, .dtype:
            if let v = try NumPyBridge.attribute(obj, name, self) { return v }
        case .object(let o):
            if let v = try o.attribute(name, in: self) { return v }
        case .function(let f):
            if name == "__name__" { return .str(f.name) }
            if name == "__doc__" { return f.def.docstring.map { .str($0) } ?? .none }
        case .builtin(let b):
            if name == "__name__" { return .str(b.name) }
            if name == "__doc__" { return .str(b.doc) }
        case .boundMethod(let m):
            if name == "__self__" { return m.receiver }
            if name == "__name__" { return .str(m.function.name) }
        case .range(let a, let b, let c):
            switch name {
            case "start": return .int(a)
            case "stop": return .int(b)
            case "step": return .int(c)
            default: break
            }
        default: break
        }
        throw PyError(.attributeError, "'\(typeName(obj))' object has no attribute '\(name)'")
    }

    public func setAttribute(_ obj: Value, _ name: String, _ value: Value) throws {
        try setAttribute(obj, Name(name), value)
    }

    func setAttribute(_ obj: Value, _ key: Name, _ value: Value) throws {
        let name = key.text
        switch obj {
        case .instance(let inst):
            inst.set(key, value)
            return
        case .cls(let c):
            c.attributes[key] = value
            return
        case .module(let m):
            m.members[key] = value
            return
        case .object(let o):
            if try o.setAttribute(name, value, in: self) { return }
        case .array:
            if try NumPyBridge.setAttribute(obj, name, value, self) { return }
        default: break
        }
        throw PyError(.attributeError, "'\(typeName(obj))' object has no attribute '\(name)'")
    }

    /// Attribute names for completion and dir().
    public func attributeNames(of obj: Value) -> [String] {
        switch obj {
        case .instance(let inst):
            var names = inst.order
            var c: [PyClass] = [inst.cls]
            while let k = c.popLast() {
                names.append(contentsOf: k.attributes.keys.filter { !$0.hasPrefix("__") }.map(\.text).sorted())
                c.append(contentsOf: k.bases)
            }
            return names
        case .cls(let c): return c.attributes.keys.filter { !$0.hasPrefix("__") }.map(\.text).sorted()
        case .module(let m):
            var names = Set(m.members.keys.filter { !$0.hasPrefix("_") }.map(\.text))
            for k in moduleLoaders.keys where k.hasPrefix(m.name + ".") {
                let rest = k.dropFirst(m.name.count + 1)
                if !rest.contains(".") { names.insert(String(rest)) }
            }
            return names.sorted()
        case .str: return Interpreter.stringMethodNames
        case .list: return ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"]
        case .dict: return ["clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"]
        case .array, .scalar, .dtype: return NumPyBridge.attributeNames(obj)
        case .object(let o): return o.attributeNames
        default: return []
        }
    }

    static let stringMethodNames = ["capitalize", "center", "count", "endswith", "find", "format", "index", "isalpha", "isdigit", "isspace", "join", "ljust", "lower", "lstrip", "replace", "rjust", "rstrip", "split", "splitlines", "startswith", "strip", "title", "upper", "zfill"]

    private func stringMethod(_ s: String, _ name: String) -> Builtin? {
        func strArg(_ args: [Value], _ i: Int, _ what: String) throws -> String? {
            guard i < args.count else { return nil }
            if case .none = args[i] { return nil }
            guard case .str(let t) = args[i] else { throw PyError(.typeError, "\(what) arg must be None or str") }
            return t
        }
        switch name {
        case "upper": return Builtin(name) { _, _, _ in .str(s.uppercased()) }
        case "lower": return Builtin(name) { _, _, _ in .str(s.lowercased()) }
        case "title": return Builtin(name) { _, _, _ in .str(s.capitalized) }
        case "capitalize": return Builtin(name) { _, _, _ in .str(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "strip", "lstrip", "rstrip":
            return Builtin(name) { args, _, _ in
                let chars = try strArg(args, 0, name) ?? " \t\n\r\u{0B}\u{0C}"
                var sub = Substring(s)
                if name != "rstrip" { while let f = sub.first, chars.contains(f) { sub.removeFirst() } }
                if name != "lstrip" { while let l = sub.last, chars.contains(l) { sub.removeLast() } }
                return .str(String(sub))
            }
        case "split":
            return Builtin(name) { args, kwargs, _ in
                let sep = try strArg(args, 0, name) ?? kwargs.first { $0.0 == "sep" }.flatMap { if case .str(let t) = $0.1 { return t }; return nil }
                if let sep {
                    if sep.isEmpty { throw PyError(.valueError, "empty separator") }
                    return .list(PyList(s.components(separatedBy: sep).map { .str($0) }))
                }
                return .list(PyList(s.split(whereSeparator: { $0.isWhitespace }).map { .str(String($0)) }))
            }
        case "splitlines": return Builtin(name) { _, _, _ in .list(PyList(s.split(separator: "\n", omittingEmptySubsequences: false).map { .str(String($0)) })) }
        case "join":
            return Builtin(name) { args, _, interp in
                guard let a = args.first else { throw PyError(.typeError, "str.join() takes exactly one argument (0 given)") }
                var parts: [String] = []
                for (i, v) in try interp.iterate(a).all().enumerated() {
                    guard case .str(let t) = v else { throw PyError(.typeError, "sequence item \(i): expected str instance, \(interp.typeName(v)) found") }
                    parts.append(t)
                }
                return .str(parts.joined(separator: s))
            }
        case "startswith", "endswith":
            return Builtin(name) { args, _, _ in
                var prefixes: [String] = []
                if case .tuple(let items)? = args.first { prefixes = items.compactMap { if case .str(let t) = $0 { return t }; return nil } }
                else if let p = try strArg(args, 0, name) { prefixes = [p] }
                return .bool(prefixes.contains { name == "startswith" ? s.hasPrefix($0) : s.hasSuffix($0) })
            }
        case "replace":
            return Builtin(name) { args, _, _ in
                guard let a = try strArg(args, 0, name), let b = try strArg(args, 1, name) else { throw PyError(.typeError, "replace expected at least 2 arguments") }
                // Python puts the new text between every character when the old one is empty.
                if a.isEmpty { return .str(b + s.map { String($0) + b }.joined()) }
                return .str(s.replacing(a, with: b))
            }
        case "find", "index", "count":
            return Builtin(name) { args, _, _ in
                guard let sub = try strArg(args, 0, name) else { throw PyError(.typeError, "\(name)() takes at least 1 argument (0 given)") }
                if name == "count" { return .int(sub.isEmpty ? s.count + 1 : s.components(separatedBy: sub).count - 1) }
                if sub.isEmpty { return .int(0) }
                if let r = s.firstRange(of: sub) { return .int(s.distance(from: s.startIndex, to: r.lowerBound)) }
                if name == "index" { throw PyError(.valueError, "substring not found") }
                return .int(-1)
            }
        case "format":
            return Builtin(name) { args, kwargs, interp in .str(try Formatting.strFormat(s, args, kwargs, interp)) }
        case "ljust", "rjust", "center", "zfill":
            return Builtin(name) { args, _, _ in
                guard case .int(let width)? = args.first else { throw PyError(.typeError, "\(name)() takes at least 1 argument") }
                let fill = (try strArg(args, 1, name))?.first ?? (name == "zfill" ? "0" : " ")
                let pad = max(width - s.count, 0)
                switch name {
                case "ljust": return .str(s + String(repeating: fill, count: pad))
                case "rjust": return .str(String(repeating: fill, count: pad) + s)
                case "zfill":
                    if s.hasPrefix("-") || s.hasPrefix("+") { return .str(String(s.first!) + String(repeating: "0", count: pad) + s.dropFirst()) }
                    return .str(String(repeating: "0", count: pad) + s)
                default:
                    let left = pad / 2 + (pad % 2 == 1 && width % 2 == 1 ? 1 : 0)
                    return .str(String(repeating: fill, count: left) + s + String(repeating: fill, count: pad - left))
                }
            }
        case "isdigit": return Builtin(name) { _, _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isNumber }) }
        case "isalpha": return Builtin(name) { _, _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isLetter }) }
        case "isspace": return Builtin(name) { _, _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace }) }
        default: return nil
        }
    }

    private func listMethod(_ l: PyList, _ name: String) -> Builtin? {
        switch name {
        case "append":
            return Builtin(name) { args, _, _ in
                guard args.count == 1 else { throw PyError(.typeError, "list.append() takes exactly one argument (\(args.count) given)") }
                l.items.append(args[0]); return .none
            }
        case "extend":
            return Builtin(name) { args, _, interp in
                guard args.count == 1 else { throw PyError(.typeError, "list.extend() takes exactly one argument (\(args.count) given)") }
                l.items.append(contentsOf: try interp.iterate(args[0]).all()); return .none
            }
        case "pop":
            return Builtin(name) { args, _, interp in
                guard !l.items.isEmpty else { throw PyError(.indexError, "pop from empty list") }
                let i = args.isEmpty ? l.items.count - 1 : try interp.normalizedIndex(args[0], count: l.items.count, what: "pop")
                return l.items.remove(at: i)
            }
        case "insert":
            return Builtin(name) { args, _, _ in
                guard args.count == 2, case .int(var i) = args[0] else { throw PyError(.typeError, "insert expected 2 arguments") }
                if i < 0 { i += l.items.count }
                l.items.insert(args[1], at: min(max(i, 0), l.items.count)); return .none
            }
        case "reverse": return Builtin(name) { _, _, _ in l.items.reverse(); return .none }
        case "clear": return Builtin(name) { _, _, _ in l.items.removeAll(); return .none }
        case "copy": return Builtin(name) { _, _, _ in .list(PyList(l.items)) }
        case "index", "count", "remove":
            return Builtin(name) { args, _, interp in
                guard let x = args.first else { throw PyError(.typeError, "\(name)() takes exactly one argument (0 given)") }
                if name == "count" { return .int(try l.items.filter { try interp.equal($0, x) }.count) }
                for (i, v) in l.items.enumerated() where try interp.equal(v, x) {
                    if name == "remove" { l.items.remove(at: i); return .none }
                    return .int(i)
                }
                throw PyError(.valueError, name == "remove" ? "list.remove(x): x not in list" : "\(try interp.repr(x)) is not in list")
            }
        case "sort":
            return Builtin(name) { _, kwargs, interp in
                l.items = try interp.sortedValues(l.items, kwargs)
                return .none
            }
        default: return nil
        }
    }

    private func dictMethod(_ d: PyDict, _ name: String) -> Builtin? {
        switch name {
        case "keys": return Builtin(name) { _, _, _ in .object(DictView(d, .keys)) }
        case "values": return Builtin(name) { _, _, _ in .object(DictView(d, .values)) }
        case "items": return Builtin(name) { _, _, _ in .object(DictView(d, .items)) }
        case "get":
            return Builtin(name) { args, _, _ in
                guard let k = args.first else { throw PyError(.typeError, "get expected at least 1 argument, got 0") }
                return try d.get(k) ?? (args.count > 1 ? args[1] : .none)
            }
        case "pop":
            return Builtin(name) { args, _, interp in
                guard let k = args.first else { throw PyError(.typeError, "pop expected at least 1 argument, got 0") }
                if let v = try d.remove(k) { return v }
                if args.count > 1 { return args[1] }
                throw PyError(.keyError, try interp.repr(k))
            }
        case "setdefault":
            return Builtin(name) { args, _, _ in
                guard let k = args.first else { throw PyError(.typeError, "setdefault expected at least 1 argument, got 0") }
                if let v = try d.get(k) { return v }
                let v = args.count > 1 ? args[1] : .none
                try d.set(k, v)
                return v
            }
        case "update":
            return Builtin(name) { args, kwargs, interp in
                try interp.update(d, with: args.first, kwargs)
                return .none
            }
        case "copy":
            return Builtin(name) { _, _, _ in
                let c = PyDict()
                c.isOrdered = d.isOrdered
                for (k, v) in d.items { try c.set(k, v) }
                return .dict(c)
            }
        case "clear": return Builtin(name) { _, _, _ in d.removeAll(); return .none }
        default: return nil
        }
    }
}

/// `d.keys()`, `d.values()`, `d.items()`: live views that iterate and print like Python's.
final class DictView: HostObject {
    enum Kind { case keys, values, items }
    let dict: PyDict
    let kind: Kind
    init(_ dict: PyDict, _ kind: Kind) { self.dict = dict; self.kind = kind }
    var typeName: String { kind == .keys ? "dict_keys" : (kind == .values ? "dict_values" : "dict_items") }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? { nil }
    var items: [Value] {
        switch kind {
        case .keys: return dict.keys
        case .values: return dict.values
        case .items: return dict.items.map { .tuple([$0.0, $0.1]) }
        }
    }
    func repr(in interpreter: Interpreter) throws -> String {
        "\(typeName)([" + (try items.map { try interpreter.repr($0) }).joined(separator: ", ") + "])"
    }
    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? {
        let snapshot = items
        var i = 0
        return AnyIterator { i < snapshot.count ? { defer { i += 1 }; return snapshot[i] }() : nil }
    }
}
