import Tensor

/// A value of the language: Python's objects, NumPy's arrays and scalars, and host objects.
///
/// Immutable Python values (numbers, strings, tuples) are stored inline; mutable ones
/// (lists, dicts, instances, arrays) are classes so that two names share one object.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case list(PyList)
    case tuple([Value])
    case dict(PyDict)
    case function(PyFunction)
    case builtin(Builtin)
    case boundMethod(BoundMethod)
    case cls(PyClass)
    case instance(PyInstance)
    case module(PyModule)
    case range(Int, Int, Int)
    indirect case slice(Value, Value, Value)
    case ellipsis
    /// A NumPy array (`np.ndarray`).
    case array(NDArray)
    /// A NumPy scalar such as `np.float64(0.5)`: keeps its dtype.
    case scalar(Scalar)
    /// A dtype such as `np.float32`, usable as a type and as a constructor.
    case dtype(DType)
    /// Any other native object: nditer, layers, networks, figures...
    case object(HostObject)
}

/// A native object the language can hold, with attributes and methods served by Swift.
public protocol HostObject: AnyObject {
    /// Python's `type(x).__name__`.
    var typeName: String { get }
    /// An attribute or bound method, or nil when there is no such attribute.
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value?
    /// Sets an attribute; returns false when the object does not allow it.
    func setAttribute(_ name: String, _ value: Value, in interpreter: Interpreter) throws -> Bool
    /// Names for completion and dir().
    var attributeNames: [String] { get }
    func repr(in interpreter: Interpreter) throws -> String
    /// Python's `str(x)`; the repr unless the object says otherwise.
    func str(in interpreter: Interpreter) throws -> String
    /// Calls the object, for callable host objects.
    func call(_ args: [Value], _ kwargs: [(String, Value)], in interpreter: Interpreter) throws -> Value
    /// Iterates, for iterable host objects (nil = not iterable).
    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>?
}

extension HostObject {
    public func setAttribute(_ name: String, _ value: Value, in interpreter: Interpreter) throws -> Bool { false }
    public var attributeNames: [String] { [] }
    public func repr(in interpreter: Interpreter) throws -> String { "<\(typeName) object>" }
    public func str(in interpreter: Interpreter) throws -> String { try repr(in: interpreter) }
    public func call(_ args: [Value], _ kwargs: [(String, Value)], in interpreter: Interpreter) throws -> Value {
        throw PyError(.typeError, "'\(typeName)' object is not callable")
    }
    public func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? { nil }
}

public final class PyList {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
}

/// An insertion-ordered dictionary, as Python 3.7+ guarantees.
public final class PyDict {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [HashKey: Int] = [:]
    /// Set for OrderedDict instances, so repr says so.
    public var isOrdered = false

    public init() {}

    public var count: Int { index.count }

    public func get(_ key: Value) throws -> Value? {
        guard let i = index[try HashKey(key)] else { return nil }
        return values[i]
    }

    public func set(_ key: Value, _ value: Value) throws {
        let k = try HashKey(key)
        if let i = index[k] { values[i] = value; return }
        index[k] = keys.count
        keys.append(key)
        values.append(value)
    }

    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        let k = try HashKey(key)
        guard let i = index.removeValue(forKey: k) else { return nil }
        let v = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        for (hk, j) in index where j > i { index[hk] = j - 1 }
        return v
    }

    public func removeAll() {
        keys = []; values = []; index = [:]
    }

    public var items: [(Value, Value)] { Array(zip(keys, values)) }
}

/// The hashable identity of a dict key or set element: equal Python values hash equal
/// (1, 1.0 and True are one key).
public enum HashKey: Hashable {
    case none, number(Double), bigInt(Int), str(String), tuple([HashKey]), identity(ObjectIdentifier), dtype(String)

    public init(_ v: Value) throws {
        switch v {
        case .none: self = .none
        case .bool(let b): self = .number(b ? 1 : 0)
        case .int(let i): self = Double(i).magnitude < 9.007199254740992e15 ? .number(Double(i)) : .bigInt(i)
        case .float(let d): self = .number(d)
        case .scalar(let s):
            switch s {
            case .int64(let i): self = .bigInt(Int(i))
            default: self = .number(s.doubleValue)
            }
        case .str(let s): self = .str(s)
        case .tuple(let items): self = .tuple(try items.map(HashKey.init))
        case .function(let f): self = .identity(ObjectIdentifier(f))
        case .builtin(let b): self = .identity(ObjectIdentifier(b))
        case .cls(let c): self = .identity(ObjectIdentifier(c))
        case .instance(let o): self = .identity(ObjectIdentifier(o))
        case .module(let m): self = .identity(ObjectIdentifier(m))
        case .object(let o): self = .identity(ObjectIdentifier(o))
        case .dtype(let d): self = .dtype(d.name)
        case .ellipsis: self = .str("\u{0}Ellipsis")
        case .range(let a, let b, let c): self = .tuple([.str("\u{0}range"), .bigInt(a), .bigInt(b), .bigInt(c)])
        case .list: throw PyError(.typeError, "unhashable type: 'list'")
        case .dict: throw PyError(.typeError, "unhashable type: 'dict'")
        case .array: throw PyError(.typeError, "unhashable type: 'numpy.ndarray'")
        case .slice: throw PyError(.typeError, "unhashable type: 'slice'")
        case .boundMethod(let m): self = .identity(ObjectIdentifier(m))
        }
    }
}

/// A function defined with `def` or `lambda`, with the scope it closes over.
public final class PyFunction {
    public let def: FunctionDef
    public let defaults: [Value?]
    public let closure: Scope?
    public let module: PyModule
    public var name: String
    public var qualifiedName: String

    init(def: FunctionDef, defaults: [Value?], closure: Scope?, module: PyModule) {
        self.def = def
        self.defaults = defaults
        self.closure = closure
        self.module = module
        self.name = def.name
        self.qualifiedName = def.name
    }
}

/// A function implemented in Swift, with a docstring for help().
public final class Builtin {
    public typealias Body = (_ args: [Value], _ kwargs: [(String, Value)], _ interpreter: Interpreter) throws -> Value
    public let name: String
    public let doc: String
    public let body: Body
    /// Parameter names offered by completion inside a call (`np.sum(x, ax` → `axis=`).
    public let parameterNames: [String]

    public init(_ name: String, doc: String = "", parameters: [String] = [], _ body: @escaping Body) {
        self.name = name
        self.doc = doc
        self.parameterNames = parameters
        self.body = body
    }
}

/// `obj.method` for a user class: the function with `self` bound.
public final class BoundMethod {
    public let receiver: Value
    public let function: PyFunction
    init(receiver: Value, function: PyFunction) {
        self.receiver = receiver
        self.function = function
    }
}

/// A user-defined class.
public final class PyClass {
    public let name: String
    public var attributes: [Name: Value]
    public let bases: [PyClass]
    /// Set for the built-in exception classes (Exception, ValueError...).
    public var isException: Bool

    init(name: String, attributes: [Name: Value], bases: [PyClass], isException: Bool = false) {
        self.name = name
        self.attributes = attributes
        self.bases = bases
        self.isException = isException || bases.contains { $0.isException }
    }

    /// Looks a name up in the class and its bases (depth-first, good enough without diamonds).
    func lookup(_ name: String) -> Value? { lookup(Name(name)) }

    func lookup(_ name: Name) -> Value? {
        if let v = attributes[name] { return v }
        for b in bases { if let v = b.lookup(name) { return v } }
        return nil
    }

    func isSubclass(of other: PyClass) -> Bool {
        if self === other { return true }
        return bases.contains { $0.isSubclass(of: other) }
    }
}

/// An instance of a user class; attributes live in a dict-like store.
public final class PyInstance {
    public let cls: PyClass
    public var attributes: [Name: Value] = [:]
    /// Attribute names in the order they were first set (for :vars and completion).
    public var order: [String] = []
    init(cls: PyClass) { self.cls = cls }

    func set(_ name: String, _ value: Value) { set(Name(name), value) }

    func set(_ key: Name, _ value: Value) {
        if attributes.updateValue(value, forKey: key) == nil { order.append(key.text) }
    }
}

/// A module: the user's workspace (`__main__`) or a built-in one like numpy.
public final class PyModule {
    public let name: String
    public var members: [Name: Value]
    public var doc: String
    public init(name: String, members: [String: Value] = [:], doc: String = "") {
        self.name = name
        self.members = Dictionary(uniqueKeysWithValues: members.map { (Name($0.key), $0.value) })
        self.doc = doc
    }
}

/// A function call's local variables, chained to the enclosing function's for closures.
///
/// A call has a handful of variables, so they sit side by side and a lookup scans them
/// comparing the names' precomputed hashes: quicker than a dictionary, and a call makes no
/// hash table (a dictionary per call was a tenth of the time of calling a small function).
public final class Scope {
    struct Slot {
        let name: Name
        var value: Value
    }

    let parent: Scope?
    let function: FunctionDef?
    /// Whether the function declares `global` or `nonlocal` names: looking up and binding
    /// names in most scopes then skips loading the function's name sets (each load and
    /// release of a set is an atomic operation, and names are looked up on every line).
    let declaresGlobals: Bool, declaresNonlocals: Bool
    /// A class body's namespace: functions defined in it do not see its names (Python's rule).
    var isClassBody = false
    private var slots: UnsafeMutablePointer<Slot>
    private var count = 0
    private var capacity: Int

    /// A scope with room for `capacity` variables made up front (a call's: its locals).
    init(parent: Scope?, function: FunctionDef?, capacity: Int = 8) {
        self.parent = parent
        self.function = function
        declaresGlobals = function?.declaresGlobals ?? false
        declaresNonlocals = function?.declaresNonlocals ?? false
        self.capacity = Swift.max(capacity, 1)
        slots = .allocate(capacity: self.capacity)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    @inline(__always)
    private func index(of name: Name) -> Int? {
        var i = 0
        while i < count {
            if slots[i].name == name { return i }
            i += 1
        }
        return nil
    }

    /// The variable's value, nil when unbound; assigning nil unbinds it.
    public subscript(name: Name) -> Value? {
        get {
            guard let i = index(of: name) else { return nil }
            return slots[i].value
        }
        set {
            if let i = index(of: name) {
                if let newValue { slots[i].value = newValue } else { _ = removeValue(forKey: name) }
                return
            }
            guard let newValue else { return }
            if count == capacity {
                let grown = UnsafeMutablePointer<Slot>.allocate(capacity: capacity * 2)
                grown.moveInitialize(from: slots, count: count)
                slots.deallocate()
                slots = grown
                capacity *= 2
            }
            (slots + count).initialize(to: Slot(name: name, value: newValue))
            count += 1
        }
    }

    /// Unbinds a variable, keeping the others in the order they were bound.
    @discardableResult
    public func removeValue(forKey name: Name) -> Value? {
        guard let i = index(of: name) else { return nil }
        let removed = (slots + i).move()
        (slots + i).moveInitialize(from: slots + i + 1, count: count - i - 1)
        count -= 1
        return removed.value
    }

    /// The variables in the order they were bound.
    public var variables: [(name: Name, value: Value)] {
        (0..<count).map { (slots[$0].name, slots[$0].value) }
    }
}

/// A host object that owns arrays a learner can write into (a network's parameters), so
/// the tutor can snapshot and restore them.
public protocol HoldsArrays: AnyObject {
    var heldArrays: [NDArray] { get }
}
