import Tensor

extension Interpreter {
    /// Python's `repr(v)`, NumPy's for arrays and scalars.
    public func repr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return pythonRepr(d)
        case .str(let s): return Interpreter.quote(s)
        case .list(let l): return "[" + (try l.items.map { try repr($0) }).joined(separator: ", ") + "]"
        case .tuple(let t):
            if t.count == 1 { return "(" + (try repr(t[0])) + ",)" }
            return "(" + (try t.map { try repr($0) }).joined(separator: ", ") + ")"
        case .dict(let d):
            let body = try d.items.map { "\(try repr($0.0)): \(try repr($0.1))" }.joined(separator: ", ")
            if d.isOrdered { return d.count == 0 ? "OrderedDict()" : "OrderedDict({\(body)})" }
            return "{" + body + "}"
        case .function(let f): return "<function \(f.qualifiedName) at \(address(f))>"
        case .builtin(let b): return "<built-in function \(b.name)>"
        case .boundMethod(let m): return "<bound method \(m.function.name) of \(try repr(m.receiver))>"
        case .cls(let c): return c.isException && exceptionClasses[c.name] === c ? "<class '\(c.name)'>" : "<class '__main__.\(c.name)'>"
        case .instance(let inst):
            if case .function(let f)? = inst.cls.lookup("__repr__") { return try str(try callFunction(f, [v], [])) }
            if inst.cls.isException {
                let args: [Value]
                if case .tuple(let a)? = inst.attributes["args"] { args = a } else { args = [] }
                return "\(inst.cls.name)(" + (try args.map { try repr($0) }).joined(separator: ", ") + ")"
            }
            return "<__main__.\(inst.cls.name) object at \(address(inst))>"
        case .module(let m): return "<module '\(m.name)'>"
        case .range(let a, let b, let s): return s == 1 ? "range(\(a), \(b))" : "range(\(a), \(b), \(s))"
        case .slice(let a, let b, let c): return "slice(\(try repr(a)), \(try repr(b)), \(try repr(c)))"
        case .ellipsis: return "Ellipsis"
        case .array(let a): return NumPyBridge.repr(a)
        case .scalar(let s): return NumPyBridge.scalarRepr(s)
        case .dtype(let d): return "<class 'numpy.\(d.name == "bool" ? "bool" : d.name)'>"
        case .object(let o): return try o.repr(in: self)
        }
    }

    /// Python's `str(v)`.
    public func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s
        case .array(let a): return NumPyBridge.str(a)
        case .scalar(let s): return NumPyBridge.scalarStr(s)
        case .object(let o): return try o.str(in: self)
        case .instance(let inst):
            if case .function(let f)? = inst.cls.lookup("__str__") { return try str(try callFunction(f, [v], [])) }
            if inst.cls.isException {
                if case .tuple(let args)? = inst.attributes["args"] {
                    if args.count == 1 { return try str(args[0]) }
                    if args.isEmpty { return "" }
                    return try repr(.tuple(args))
                }
                return ""
            }
            return try repr(v)
        default: return try repr(v)
        }
    }

    /// `type(v).__name__`.
    public func typeName(_ v: Value) -> String {
        switch v {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict(let d): return d.isOrdered ? "OrderedDict" : "dict"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .boundMethod: return "method"
        case .cls: return "type"
        case .instance(let i): return i.cls.name
        case .module: return "module"
        case .range: return "range"
        case .slice: return "slice"
        case .ellipsis: return "ellipsis"
        case .array: return "numpy.ndarray"
        case .scalar(let s): return "numpy.\(s.dtype.name)"
        case .dtype: return "type"
        case .object(let o): return o.typeName
        }
    }

    /// Python's string repr: single quotes unless the text has a ' and no ".
    static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "'" where !useDouble: out += "\\'"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.append(q)
        return out
    }

    private func address(_ o: AnyObject) -> String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(o).hashValue), radix: 16).leftPadded(12)
    }
}

extension String {
    func leftPadded(_ width: Int, with c: Character = "0") -> String {
        count >= width ? self : String(repeating: c, count: width - count) + self
    }
}
