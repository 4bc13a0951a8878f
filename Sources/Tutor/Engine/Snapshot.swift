import Language
import Tensor

/// The values of a try step's `keep` names, taken when the step begins, so that a failed
/// attempt can put them back: names are rebound to the original objects, and arrays
/// reachable from them (through lists, dicts, tuples, instances and the built-in networks)
/// get their contents back even if the attempt wrote into them in place.
///
/// Arrays above `copyLimit` bytes are not copied (MNIST's 188 MB images would double the
/// memory); they are fingerprinted instead, and an in-place change to one is reported.
struct Snapshot {
    static let copyLimit = 64 << 20

    private var bindings: [String: Value] = [:]
    private var contents: [(array: NDArray, copy: NDArray)] = []
    private var fingerprints: [(name: String, array: NDArray, print: [Double])] = []

    init(names: [String], in workspace: Workspace) {
        var seen = Set<ObjectIdentifier>()
        for name in names {
            guard let v = workspace.value(of: name) else { continue }
            bindings[name] = v
            collect(v, name: name, seen: &seen, depth: 0)
        }
    }

    private mutating func collect(_ v: Value, name: String, seen: inout Set<ObjectIdentifier>, depth: Int) {
        guard depth < 8 else { return }
        switch v {
        case .array(let a):
            guard seen.insert(ObjectIdentifier(a.storage)).inserted || !contents.contains(where: { $0.array === a }) else { return }
            if a.nbytes <= Snapshot.copyLimit {
                if let c = try? a.copy() { contents.append((a, c)) }
            } else {
                fingerprints.append((name, a, Snapshot.fingerprint(a)))
            }
        case .list(let l): for item in l.items { collect(item, name: name, seen: &seen, depth: depth + 1) }
        case .tuple(let t): for item in t { collect(item, name: name, seen: &seen, depth: depth + 1) }
        case .dict(let d): for item in d.values { collect(item, name: name, seen: &seen, depth: depth + 1) }
        case .instance(let inst):
            guard seen.insert(ObjectIdentifier(inst)).inserted else { return }
            for item in inst.attributes.values { collect(item, name: name, seen: &seen, depth: depth + 1) }
        case .object(let o):
            guard seen.insert(ObjectIdentifier(o)).inserted else { return }
            for item in Snapshot.arrays(inside: o) { collect(.array(item), name: name, seen: &seen, depth: depth + 1) }
        default: break
        }
    }

    /// Arrays held by host objects that learners can write into (a network's parameters).
    static func arrays(inside o: HostObject) -> [NDArray] {
        (o as? HoldsArrays)?.heldArrays ?? []
    }

    /// Puts everything back; returns the names of large arrays that changed in place and
    /// could not be restored.
    func restore(into workspace: Workspace) -> [String] {
        for (name, v) in bindings { workspace.set(name, v) }
        for (array, copy) in contents { ElementCopyBack.assign(array, from: copy) }
        return fingerprints.filter { Snapshot.fingerprint($0.array) != $0.print }.map(\.name)
    }

    /// 4096 evenly spaced elements: cheap, and catches `x_train *= 0` or `x_train[:] = 1`.
    static func fingerprint(_ a: NDArray) -> [Double] {
        let flat = (try? a.reshaped([a.count])) ?? a
        let step = Swift.max(1, a.count / 4096)
        var out = [Double]()
        var i = 0
        while i < a.count {
            if case .scalar(let s)? = try? flat.get([.int(i)]) { out.append(s.doubleValue) }
            i += step
        }
        return out
    }
}

/// Copies values back into an existing array (same shape), through the tensor core.
enum ElementCopyBack {
    static func assign(_ target: NDArray, from source: NDArray) {
        guard target.shape == source.shape else { return }
        try? target.set([.ellipsis], .array(source))
    }
}
