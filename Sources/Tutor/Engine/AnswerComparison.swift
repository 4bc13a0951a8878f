import Language
import Tensor

/// "Equal" as the lesson format defines it: numbers and arrays compared element-wise within
/// `atol + rtol * |expected|` after broadcasting-free shape agreement (a scalar has shape
/// ()), NaN equal to NaN; strings and None exactly; lists, tuples and dicts item by item;
/// anything else never equal. Dtypes are not compared.
struct AnswerComparison {
    let rtol: Double
    let atol: Double

    /// nil when equal, else a short reason for the learner.
    func difference(_ got: Value, _ want: Value) -> String? {
        if let g = numeric(got), let w = numeric(want) {
            guard g.shape == w.shape else {
                return "the shape is \(formatShape(g.shape)) but should be \(formatShape(w.shape))"
            }
            for (a, e) in zip(g.values, w.values) where !close(a, e) {
                return g.values.count == 1 ? "the value is \(show(a)), not the expected one" : "some elements differ (e.g. \(show(a)) where \(show(e)) is expected)"
            }
            return nil
        }
        switch (got, want) {
        case (.str(let a), .str(let b)): return a == b ? nil : "the text differs"
        case (.none, .none): return nil
        case (.list(let a), .list(let b)): return sequence(a.items, b.items)
        case (.tuple(let a), .tuple(let b)): return sequence(a, b)
        case (.dict(let a), .dict(let b)):
            guard a.count == b.count else { return "the dict has \(a.count) keys, not \(b.count)" }
            for (k, v) in b.items {
                guard let mine = try? a.get(k) else { return "a key is missing" }
                if let d = difference(mine, v) { return d }
            }
            return nil
        default: return "that is not the expected kind of value"
        }
    }

    private func sequence(_ a: [Value], _ b: [Value]) -> String? {
        guard a.count == b.count else { return "it has \(a.count) items, not \(b.count)" }
        for (x, y) in zip(a, b) { if let d = difference(x, y) { return d } }
        return nil
    }

    private func close(_ a: Double, _ e: Double) -> Bool {
        if a.isNaN || e.isNaN { return a.isNaN && e.isNaN }
        if a.isInfinite || e.isInfinite { return a == e }
        return Swift.abs(a - e) <= atol + rtol * Swift.abs(e)
    }

    private func show(_ x: Double) -> String { pythonFloatRepr(x) }

    /// Numbers, NumPy scalars, arrays, and lists/tuples of numbers (as np.array would read them).
    func numeric(_ v: Value) -> (shape: [Int], values: [Double])? {
        switch v {
        case .bool(let b): return ([], [b ? 1 : 0])
        case .int(let i): return ([], [Double(i)])
        case .float(let d): return ([], [d])
        case .scalar(let s): return ([], [s.doubleValue])
        case .array(let a): return (a.shape, a.toDoubles())
        case .list(let l): return numericSequence(l.items)
        case .tuple(let t): return numericSequence(t)
        default: return nil
        }
    }

    private func numericSequence(_ items: [Value]) -> (shape: [Int], values: [Double])? {
        guard !items.isEmpty else { return nil }
        var values = [Double](), inner: [Int]? = nil
        for item in items {
            switch item {
            case .str, .none, .dict, .object, .instance: return nil
            default: break
            }
            guard let n = numeric(item) else { return nil }
            if let inner, inner != n.shape { return nil }
            inner = n.shape
            values += n.values
        }
        return ([items.count] + (inner ?? []), values)
    }
}
