import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

extension Interpreter {
    /// Binary operators with Python's semantics; arrays and NumPy scalars go to NumPy's rules.
    public func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try intBinary(op, x, y)
        case (.float(let x), .float(let y)): return try floatBinary(op, x, y)
        case (.int(let x), .float(let y)): return try floatBinary(op, Double(x), y)
        case (.float(let x), .int(let y)): return try floatBinary(op, x, Double(y))
        case (.bool(let x), _): return try binary(op, .int(x ? 1 : 0), b)
        case (_, .bool(let y)):
            if case .array = a { break }
            if case .scalar = a { break }
            return try binary(op, a, .int(y ? 1 : 0))
        default: break
        }
        switch (a, b) {
        case (.str(let fmt), .scalar) where op == .mod:
            return .str(try Formatting.percent(fmt, b, self))
        case (.array, _), (_, .array), (.scalar, _), (_, .scalar):
            if let r = try NumPyBridge.binary(op, a, b, self) { return r }
        case (.str(let x), .str(let y)) where op == .add:
            return .str(x + y)
        case (.str(let x), .int(let n)) where op == .mul, (.int(let n), .str(let x)) where op == .mul:
            guard n > 0 else { return .str("") }
            guard x.utf8.count.multipliedReportingOverflow(by: n).overflow == false, x.utf8.count * n < 1 << 30 else { throw PyError(.memoryError, "") }
            return .str(String(repeating: x, count: n))
        case (.str(let fmt), _) where op == .mod:
            return .str(try Formatting.percent(fmt, b, self))
        case (.list(let x), .list(let y)) where op == .add:
            return .list(PyList(x.items + y.items))
        case (.tuple(let x), .tuple(let y)) where op == .add:
            return .tuple(x + y)
        case (.list(let x), .int(let n)) where op == .mul, (.int(let n), .list(let x)) where op == .mul:
            guard n > 0 else { return .list(PyList([])) }
            guard x.items.count * n < 1 << 28 else { throw PyError(.memoryError, "") }
            var out: [Value] = []
            for _ in 0..<n { out.append(contentsOf: x.items) }
            return .list(PyList(out))
        case (.tuple(let x), .int(let n)) where op == .mul:
            guard n > 0 else { return .tuple([]) }
            var out: [Value] = []
            for _ in 0..<min(n, 1 << 24) { out.append(contentsOf: x) }
            return .tuple(out)
        case (.instance(let inst), _):
            if let r = try callDunder(inst, a, Interpreter.dunder[op]!, [b]) { return r }
        case (_, .instance(let inst)):
            if let r = try callDunder(inst, b, "__r" + Interpreter.dunder[op]!.dropFirst(2), [a]) { return r }
        default: break
        }
        throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): '\(typeName(a))' and '\(typeName(b))'")
    }

    static let dunder: [BinaryOperator: String] = [
        .add: "__add__", .sub: "__sub__", .mul: "__mul__", .div: "__truediv__", .floorDiv: "__floordiv__",
        .mod: "__mod__", .pow: "__pow__", .matmul: "__matmul__", .bitAnd: "__and__", .bitOr: "__or__",
        .bitXor: "__xor__", .lshift: "__lshift__", .rshift: "__rshift__",
    ]

    func callDunder(_ inst: PyInstance, _ receiver: Value, _ name: String, _ args: [Value]) throws -> Value? {
        guard case .function(let f)? = inst.cls.lookup(name) else { return nil }
        return try callFunction(f, [receiver] + args, [])
    }

    private func intBinary(_ op: BinaryOperator, _ x: Int, _ y: Int) throws -> Value {
        func overflow() -> PyError { PyError(.overflowError, "integer overflow: nntutor's int is 64-bit (result of \(x) \(op.rawValue) \(y))") }
        switch op {
        case .add: let (r, o) = x.addingReportingOverflow(y); if o { throw overflow() }; return .int(r)
        case .sub: let (r, o) = x.subtractingReportingOverflow(y); if o { throw overflow() }; return .int(r)
        case .mul: let (r, o) = x.multipliedReportingOverflow(by: y); if o { throw overflow() }; return .int(r)
        case .div:
            if y == 0 { throw PyError(.zeroDivisionError, "division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDiv:
            if y == 0 { throw PyError(.zeroDivisionError, "integer division or modulo by zero") }
            if x == .min && y == -1 { throw overflow() }
            let q = x / y
            return .int((x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q)
        case .mod:
            if y == 0 { throw PyError(.zeroDivisionError, "integer modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && ((r < 0) != (y < 0)) ? r + y : r)
        case .pow:
            if y < 0 {
                if x == 0 { throw PyError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(pow(Double(x), Double(y)))
            }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow() }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow() }
                    base = b2
                }
            }
            return .int(result)
        case .bitAnd: return .int(x & y)
        case .bitOr: return .int(x | y)
        case .bitXor: return .int(x ^ y)
        case .lshift:
            if y < 0 { throw PyError(.valueError, "negative shift count") }
            if y >= 64 || (x << y) >> y != x { throw overflow() }
            return .int(x << y)
        case .rshift:
            if y < 0 { throw PyError(.valueError, "negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        case .matmul:
            throw PyError(.typeError, "unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    func floatBinary(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            if y == 0 { throw PyError(.zeroDivisionError, "float division by zero") }
            return .float(x / y)
        case .floorDiv:
            if y == 0 { throw PyError(.zeroDivisionError, "float floor division by zero") }
            return .float(Interpreter.pyFloorDiv(x, y))
        case .mod:
            if y == 0 { throw PyError(.zeroDivisionError, "float modulo by zero") }
            return .float(Interpreter.pyMod(x, y))
        case .pow:
            if x == 0 && y < 0 { throw PyError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw PyError(.valueError, "complex results are not supported (negative number to a fractional power)") }
            let r = pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError(.overflowError, "(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// Python's float modulo: the result takes the divisor's sign.
    static func pyMod(_ x: Double, _ y: Double) -> Double {
        var m = fmod(x, y)
        if m != 0 { if (y < 0) != (m < 0) { m += y } } else { m = Double(signOf: y, magnitudeOf: 0) }
        return m
    }

    static func pyFloorDiv(_ x: Double, _ y: Double) -> Double {
        let m = fmod(x, y)
        var div = (x - m) / y
        if m != 0 && ((y < 0) != (m < 0)) { div -= 1 }
        if div != 0 {
            let f = div.rounded(.down)
            if div - f > 0.5 { return f + 1 }
            return f
        }
        return Double(signOf: x / y, magnitudeOf: 0)
    }

    public func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.not, _): return .bool(!(try truthy(v)))
        case (.neg, .int(let x)):
            if x == .min { throw PyError(.overflowError, "integer overflow: nntutor's int is 64-bit") }
            return .int(-x)
        case (.neg, .float(let x)): return .float(-x)
        case (.neg, .bool(let b)): return .int(b ? -1 : 0)
        case (.pos, .int), (.pos, .float): return v
        case (.pos, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let x)): return .int(~x)
        case (.invert, .bool(let b)): return .int(b ? -2 : -1)
        case (_, .array), (_, .scalar):
            if let r = try NumPyBridge.unary(op, v, self) { return r }
        case (.neg, .instance(let inst)):
            if let r = try callDunder(inst, v, "__neg__", []) { return r }
        default: break
        }
        throw PyError(.typeError, "bad operand type for unary \(op.rawValue): '\(typeName(v))'")
    }

    public func compare(_ op: CompareOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .is: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default: break
        }
        switch (a, b) {
        case (.array, _), (_, .array), (.scalar, _), (_, .scalar):
            if let r = try NumPyBridge.compare(op, a, b, self) { return r }
        default: break
        }
        if op == .eq { return .bool(try equal(a, b)) }
        if op == .ne { return .bool(!(try equal(a, b))) }
        let c = try order(a, b, op)
        switch op {
        case .lt: return .bool(c < 0)
        case .le: return .bool(c <= 0)
        case .gt: return .bool(c > 0)
        case .ge: return .bool(c >= 0)
        default: return .bool(false)
        }
    }

    /// Python `==` for non-array values.
    public func equal(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
        case (.bool(let x), _): return try equal(.int(x ? 1 : 0), b)
        case (_, .bool(let y)): return try equal(a, .int(y ? 1 : 0))
        case (.str(let x), .str(let y)): return x == y
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.list(let x), .list(let y)): return try sequenceEqual(x.items, y.items)
        case (.tuple(let x), .tuple(let y)): return try sequenceEqual(x, y)
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.items {
                guard let w = try y.get(k), try equal(v, w) else { return false }
            }
            return true
        case (.range(let a1, let b1, let c1), .range(let a2, let b2, let c2)): return a1 == a2 && b1 == b2 && c1 == c2
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.object(let o), _) where o is DTypeObject, (_, .object(let o)) where o is DTypeObject:
            // x.dtype == np.float32, == 'float32' and == dtype('float32') all hold, as in NumPy.
            let d = (o as! DTypeObject).dtype
            let other = { if case .object(let p) = a, p === o { return b }; return a }()
            return (try? NumPyBridge.dtype(other, self)) == d
        case (.scalar(let s), _): return try equal(NumPyBridge.pythonValue(s), b)
        case (_, .scalar(let s)): return try equal(a, NumPyBridge.pythonValue(s))
        case (.instance(let inst), _):
            if let r = try callDunder(inst, a, "__eq__", [b]) { return try truthy(r) }
            return identical(a, b)
        default: return identical(a, b)
        }
    }

    private func sequenceEqual(_ x: [Value], _ y: [Value]) throws -> Bool {
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where !(try equal(p, q)) { return false }
        return true
    }

    /// Python ordering: -1, 0, 1, or TypeError for unorderable pairs.
    func order(_ a: Value, _ b: Value, _ op: CompareOperator) throws -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.bool, _), (_, .bool), (.int, .float), (.float, .int), (.float, .float):
            guard let x = numericValue(a), let y = numericValue(b) else { break }
            if x.isNaN || y.isNaN { return op == .ne ? 1 : 2 }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.str(let x), .str(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.list(let x), .list(let y)): return try sequenceOrder(x.items, y.items, op)
        case (.tuple(let x), .tuple(let y)): return try sequenceOrder(x, y, op)
        default: break
        }
        throw PyError(.typeError, "'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
    }

    private func sequenceOrder(_ x: [Value], _ y: [Value], _ op: CompareOperator) throws -> Int {
        for (p, q) in zip(x, y) where !(try equal(p, q)) { return try order(p, q, op) }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }

    func numericValue(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .scalar(let s): return s.doubleValue
        default: return nil
        }
    }

    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else { throw PyError(.typeError, "'in <string>' requires string as left operand, not \(typeName(item))") }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d): return try d.get(item) != nil
        case .range(let a, let b, let s):
            guard case .int(let i) = item else { return false }
            return s > 0 ? (i >= a && i < b && (i - a) % s == 0) : (i <= a && i > b && (a - i) % (-s) == 0)
        case .array(let arr): return try NumPyBridge.contains(arr, item, self)
        default:
            let it = try iterate(container)
            while let v = try it.next() { if try identical(v, item) || equal(v, item) { return true } }
            return false
        }
    }
}
