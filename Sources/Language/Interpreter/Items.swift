import Tensor

extension Interpreter {
    public func getItem(_ obj: Value, _ index: Value) throws -> Value {
        switch obj {
        case .list(let l):
            if case .slice = index { return .list(PyList(try sliceItems(l.items, index))) }
            return l.items[try normalizedIndex(index, count: l.items.count, what: "list")]
        case .tuple(let t):
            if case .slice = index { return .tuple(try sliceItems(t, index)) }
            return t[try normalizedIndex(index, count: t.count, what: "tuple")]
        case .str(let s):
            let chars = Array(s)
            if case .slice = index { return .str(String(try sliceItems(chars.map { Value.str(String($0)) }, index).map { if case .str(let c) = $0 { return c }; return "" }.joined())) }
            return .str(String(chars[try normalizedIndex(index, count: chars.count, what: "string")]))
        case .dict(let d):
            if let v = try d.get(index) { return v }
            throw PyError(.keyError, try repr(index))
        case .range(let a, let b, let s):
            let n = rangeCount(a, b, s)
            if case .slice = index {
                let (start, stop, step) = try sliceIndices(index, count: n)
                return .range(a + start * s, a + stop * s, s * step)
            }
            return .int(a + s * (try normalizedIndex(index, count: n, what: "range object")))
        case .array(let arr):
            return try NumPyBridge.getItem(arr, index, self)
        case .instance(let inst):
            if let r = try callDunder(inst, obj, "__getitem__", [index]) { return r }
        case .object(let o):
            if let m = try o.attribute("__getitem__", in: self) { return try call(m, [index], []) }
        default: break
        }
        throw PyError(.typeError, "'\(typeName(obj))' object is not subscriptable")
    }

    public func setItem(_ obj: Value, _ index: Value, _ value: Value) throws {
        switch obj {
        case .list(let l):
            if case .slice = index {
                let (start, stop, step) = try sliceIndices(index, count: l.items.count)
                let newItems = try iterate(value).all()
                if step == 1 {
                    l.items.replaceSubrange(start..<max(start, stop), with: newItems)
                } else {
                    let targets = Array(stride(from: start, to: stop, by: step))
                    guard targets.count == newItems.count else {
                        throw PyError(.valueError, "attempt to assign sequence of size \(newItems.count) to extended slice of size \(targets.count)")
                    }
                    for (i, v) in zip(targets, newItems) { l.items[i] = v }
                }
                return
            }
            l.items[try normalizedIndex(index, count: l.items.count, what: "list assignment")] = value
        case .dict(let d):
            try d.set(index, value)
        case .array(let arr):
            try NumPyBridge.setItem(arr, index, value, self)
        case .instance(let inst):
            if try callDunder(inst, obj, "__setitem__", [index, value]) != nil { return }
            throw PyError(.typeError, "'\(inst.cls.name)' object does not support item assignment")
        case .object(let o):
            guard let m = try o.attribute("__setitem__", in: self) else { throw PyError(.typeError, "'\(o.typeName)' object does not support item assignment") }
            _ = try call(m, [index, value], [])
        case .tuple, .str:
            throw PyError(.typeError, "'\(typeName(obj))' object does not support item assignment")
        default:
            throw PyError(.typeError, "'\(typeName(obj))' object does not support item assignment")
        }
    }

    func rangeCount(_ a: Int, _ b: Int, _ s: Int) -> Int {
        s > 0 ? max(0, (b - a + s - 1) / s) : max(0, (a - b - s - 1) / (-s))
    }

    /// An integer index made non-negative, with Python's IndexError wording.
    func normalizedIndex(_ index: Value, count: Int, what: String) throws -> Int {
        let i: Int
        switch index {
        case .int(let v): i = v
        case .bool(let b): i = b ? 1 : 0
        case .scalar(let s) where s.dtype.isInteger || s.dtype == .bool: i = Int(s.int64Value)
        default:
            throw PyError(.typeError, "\(what == "list assignment" ? "list" : what) indices must be integers or slices, not \(typeName(index))")
        }
        let j = i < 0 ? i + count : i
        guard j >= 0, j < count else { throw PyError(.indexError, "\(what) index out of range") }
        return j
    }

    /// Python's slice.indices(count): clamped start, stop and step.
    func sliceIndices(_ slice: Value, count: Int) throws -> (Int, Int, Int) {
        guard case .slice(let lo, let hi, let st) = slice else { return (0, count, 1) }
        func intOrNil(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            case .scalar(let s) where s.dtype.isInteger: return Int(s.int64Value)
            default: throw PyError(.typeError, "slice indices must be integers or None or have an __index__ method")
            }
        }
        let step = try intOrNil(st) ?? 1
        if step == 0 { throw PyError(.valueError, "slice step cannot be zero") }
        func clamp(_ v: Int?, _ def: Int) -> Int {
            guard var x = v else { return def }
            if x < 0 { x += count; if x < 0 { x = step < 0 ? -1 : 0 } }
            else if x >= count { x = step < 0 ? count - 1 : count }
            return x
        }
        let start = clamp(try intOrNil(lo), step < 0 ? count - 1 : 0)
        let stop = clamp(try intOrNil(hi), step < 0 ? -1 : count)
        return (start, stop, step)
    }

    func sliceItems(_ items: [Value], _ slice: Value) throws -> [Value] {
        let (start, stop, step) = try sliceIndices(slice, count: items.count)
        var out: [Value] = []
        var i = start
        while step > 0 ? i < stop : i > stop { out.append(items[i]); i += step }
        return out
    }
}
