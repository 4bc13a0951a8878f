import Language
import Tensor

/// Copies a value for another workspace: arrays by value, containers recursively (one
/// array reached twice stays one array), everything else shared.
enum Copier {
    static func copy(_ v: Value) throws -> Value {
        var seen = [ObjectIdentifier: NDArray]()
        return try copy(v, &seen)
    }

    /// Copies with an alias map shared across several values.
    static func copy(_ v: Value, aliases: inout [ObjectIdentifier: NDArray]) throws -> Value {
        try copy(v, &aliases)
    }

    private static func copy(_ v: Value, _ seen: inout [ObjectIdentifier: NDArray]) throws -> Value {
        switch v {
        case .array(let a) where a.nbytes <= Snapshot.copyLimit:
            if let c = seen[ObjectIdentifier(a)] { return .array(c) }
            let c = try a.copy()
            seen[ObjectIdentifier(a)] = c
            return .array(c)
        case .array: return v
        case .list(let l): return .list(PyList(try l.items.map { try copy($0, &seen) }))
        case .tuple(let t): return .tuple(try t.map { try copy($0, &seen) })
        case .dict(let d):
            let out = PyDict()
            for (k, x) in d.items { try out.set(k, try copy(x, &seen)) }
            return .dict(out)
        default: return v
        }
    }
}
