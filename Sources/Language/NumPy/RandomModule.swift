import Tensor

/// `np.random`: the legacy RandomState stream, so `np.random.seed(0)` reproduces NumPy, and
/// `np.random.RandomState(seed)` for a stream of one's own with the same methods.
enum RandomModule {
    static func make(_ interp: Interpreter) -> PyModule {
        var m = functions(interp.randomState)
        m["RandomState"] = .builtin(Builtin("RandomState", doc: "np.random.RandomState(seed=None)\n\nA generator of its own, with the module's methods (seed, rand, randn, randint, choice, ...).\n\n>>> r = np.random.RandomState(0); r.rand()\n0.5488135039273248", parameters: ["seed"]) { args, kwargs, interp in
            let p = try Arguments("RandomState", args, kwargs, ["seed"])
            let rs = RandomState()
            try seed(rs, p["seed"], interp)
            return .object(RandomStateObject(rs))
        })
        return PyModule(name: "numpy.random", members: m, doc: "NumPy's legacy random generator (RandomState).")
    }

    /// Seeds as `np.random.seed` does: None from the system's entropy, an int, or a sequence.
    static func seed(_ rs: RandomState, _ value: Value?, _ interp: Interpreter) throws {
        guard let value, !value.isNone else { rs.seed(nil); return }
        switch value {
        case .list(let l): try rs.seed(ints: try l.items.map { Int64(try interp.integer($0, "seed")) })
        case .tuple(let t): try rs.seed(ints: try t.map { Int64(try interp.integer($0, "seed")) })
        default: try rs.seed(int: Int64(try interp.integer(value, "seed")))
        }
    }

    /// The module's functions, drawing from `rs`.
    static func functions(_ rs: RandomState) -> [String: Value] {
        var m: [String: Value] = [:]
        func add(_ name: String, _ doc: String, _ params: [String] = [], _ body: @escaping Builtin.Body) {
            m[name] = .builtin(Builtin(name, doc: doc, parameters: params, body))
        }
        func sizeShape(_ args: [Value], _ interp: Interpreter) throws -> [Int] {
            if args.count == 1, case .tuple = args[0] { return try NumPyBridge.shape(args[0], interp) }
            return try args.map { try interp.integer($0, "size") }
        }
        add("seed", "np.random.seed(seed)\n\nResets the generator so the same numbers come again.\n\n>>> np.random.seed(0); np.random.rand()\n0.5488135039273248", ["seed"]) { args, kwargs, interp in
            let p = try Arguments("seed", args, kwargs, ["seed"])
            try seed(rs, p["seed"], interp)
            return .none
        }
        // Without a size these return a Python float or int, as NumPy's do.
        add("rand", "np.random.rand(d0, d1, ...)\n\nUniform samples in [0, 1) of the given shape.") { args, _, interp in
            let a = try rs.randomSample(args.isEmpty ? nil : try sizeShape(args, interp))
            return args.isEmpty ? .float(a.toDoubles()[0]) : .array(a)
        }
        for name in ["random_sample", "random", "sample"] {
            add(name, "np.random.\(name)(size=None)\n\nUniform samples in [0, 1).", ["size"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["size"])
                let shape = try p.shape("size", interp)
                let a = try rs.randomSample(shape)
                return shape == nil ? .float(a.toDoubles()[0]) : .array(a)
            }
        }
        add("randn", "np.random.randn(d0, d1, ...)\n\nStandard normal samples of the given shape.") { args, _, interp in
            let a = try rs.standardNormal(args.isEmpty ? nil : try sizeShape(args, interp))
            return args.isEmpty ? .float(a.toDoubles()[0]) : .array(a)
        }
        add("standard_normal", "np.random.standard_normal(size=None)", ["size"]) { args, kwargs, interp in
            let p = try Arguments("standard_normal", args, kwargs, ["size"])
            let shape = try p.shape("size", interp)
            let a = try rs.standardNormal(shape)
            return shape == nil ? .float(a.toDoubles()[0]) : .array(a)
        }
        add("randint", "np.random.randint(low, high=None, size=None, dtype=int)\n\nRandom integers in [low, high).", ["low", "high", "size", "dtype"]) { args, kwargs, interp in
            let p = try Arguments("randint", args, kwargs, ["low", "high", "size", "dtype"], required: 1)
            let low = Int64(try p.int("low", interp)!), high = try p.int("high", interp).map { Int64($0) }
            let shape = try p.shape("size", interp)
            let a = try rs.randint(low: low, high: high, shape: shape, dtype: try p.dtype("dtype", interp) ?? .int64)
            return shape == nil ? .int(Int(a.toScalars()[0].int64Value)) : .array(a)
        }
        add("choice", "np.random.choice(a, size=None, replace=True, p=None)\n\nRandom picks from range(a) or from the array a.\n\n>>> np.random.choice(60000, 10)   # a mini-batch of indices", ["a", "size", "replace", "p"]) { args, kwargs, interp in
            let p = try Arguments("choice", args, kwargs, ["a", "size", "replace", "p"], required: 1)
            let shape = try p.shape("size", interp)
            let replace = try p.bool("replace", interp) ?? true
            let probs = try p.array("p", interp)
            if let objects = ObjectArray.population(p["a"]!) {
                if let shape, shape.count > 1 { throw PyError(.notImplementedError, "nntutor's object arrays are one-dimensional; pass size as one number") }
                // NumPy draws indices as for choice(len(a)), then picks the objects.
                let picks = try rs.choice(.count(objects.count), shape: shape, replace: replace, p: probs).toScalars().map { objects[Int($0.int64Value)] }
                return shape == nil ? picks[0] : .object(ObjectArray(picks))
            }
            let population: RandomState.Population
            switch p["a"]! {
            case .int(let n): population = .count(n)
            case .scalar(let s) where s.dtype.isInteger: population = .count(Int(s.int64Value))
            default: population = .array(try NumPyBridge.toArray(p["a"]!, interp))
            }
            let r = try rs.choice(population, shape: shape, replace: replace, p: probs)
            if shape == nil, r.ndim == 0 {
                let s = r.toScalars()[0]
                if case .count = population { return .int(Int(s.int64Value)) }
                return .scalar(s)
            }
            return .array(r)
        }
        add("permutation", "np.random.permutation(x)\n\nA shuffled copy of x, or of range(x).", ["x"]) { args, kwargs, interp in
            let p = try Arguments("permutation", args, kwargs, ["x"], required: 1)
            if case .int(let n) = p["x"]! { return .array(try rs.permutation(n)) }
            return .array(try rs.permutation(try NumPyBridge.toArray(p["x"]!, interp)))
        }
        add("shuffle", "np.random.shuffle(x)\n\nShuffles x in place along its first axis.", ["x"]) { args, kwargs, interp in
            let p = try Arguments("shuffle", args, kwargs, ["x"], required: 1)
            switch p["x"]! {
            case .array(let a): try rs.shuffle(a)
            case .list(let l):
                let idx = try rs.permutation(l.items.count).toScalars().map { Int($0.int64Value) }
                l.items = idx.map { l.items[$0] }
            default: throw PyError(.typeError, "shuffle() needs an array or a list")
            }
            return .none
        }
        add("uniform", "np.random.uniform(low=0.0, high=1.0, size=None)", ["low", "high", "size"]) { args, kwargs, interp in
            let p = try Arguments("uniform", args, kwargs, ["low", "high", "size"])
            let shape = try p.shape("size", interp)
            let a = try rs.uniform(low: try p.double("low", interp) ?? 0, high: try p.double("high", interp) ?? 1, shape: shape)
            return shape == nil ? .float(a.toDoubles()[0]) : .array(a)
        }
        add("normal", "np.random.normal(loc=0.0, scale=1.0, size=None)", ["loc", "scale", "size"]) { args, kwargs, interp in
            let p = try Arguments("normal", args, kwargs, ["loc", "scale", "size"])
            let shape = try p.shape("size", interp)
            let a = try rs.normal(loc: try p.double("loc", interp) ?? 0, scale: try p.double("scale", interp) ?? 1, shape: shape)
            return shape == nil ? .float(a.toDoubles()[0]) : .array(a)
        }
        return m
    }
}

/// A `np.random.RandomState` object: its own Mersenne Twister, the module's methods.
final class RandomStateObject: HostObject {
    let state: RandomState
    private lazy var methods = RandomModule.functions(state)

    init(_ state: RandomState) { self.state = state }

    var typeName: String { "numpy.random.mtrand.RandomState" }
    var attributeNames: [String] { methods.keys.sorted() }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? { methods[name] }
    func repr(in interpreter: Interpreter) throws -> String {
        try str(in: interpreter) + " at 0x" + String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16, uppercase: true)
    }
    func str(in interpreter: Interpreter) throws -> String { "RandomState(MT19937)" }
}

enum FilesModule {
    static func add(to m: inout [String: Value]) {
        m["save"] = .builtin(Builtin("save", doc: "np.save(file, arr)\n\nWrites arr to a .npy file (atomically).", parameters: ["file", "arr"]) { args, kwargs, interp in
            let p = try Arguments("save", args, kwargs, ["file", "arr", "allow_pickle"], required: 2)
            var path = try interp.str(p["file"]!)
            if !path.hasSuffix(".npy") { path += ".npy" }
            path = try interp.userPath(path)
            try NPY.save(try p.array("arr", interp)!, to: path)
            return .none
        })
        m["load"] = .builtin(Builtin("load", doc: "np.load(file)\n\nReads a .npy array, or a .npz archive as a dict of arrays.", parameters: ["file"]) { args, kwargs, interp in
            let p = try Arguments("load", args, kwargs, ["file", "allow_pickle"], required: 1)
            let path = try interp.userPath(try interp.str(p["file"]!))
            if path.hasSuffix(".npz") {
                let d = PyDict()
                for (k, v) in try NPZ.load(path) { try d.set(.str(k), .array(v)) }
                return .dict(d)
            }
            return .array(try NPY.load(path))
        })
        for (name, compressed) in [("savez", false), ("savez_compressed", true)] {
            m[name] = .builtin(Builtin(name, doc: "np.\(name)(file, name=array, ...)\n\nWrites several arrays to one .npz file.") { args, kwargs, interp in
                guard let f = args.first else { throw PyError(.typeError, "\(name)() missing required argument 'file'") }
                var path = try interp.userPath(try interp.str(f))
                if !path.hasSuffix(".npz") { path += ".npz" }
                var arrays: [(String, NDArray)] = []
                for (i, a) in args.dropFirst().enumerated() { arrays.append(("arr_\(i)", try NumPyBridge.toArray(a, interp))) }
                for (k, v) in kwargs { arrays.append((k, try NumPyBridge.toArray(v, interp))) }
                try NPZ.save(arrays, to: path, compressed: compressed)
                return .none
            })
        }
    }
}
