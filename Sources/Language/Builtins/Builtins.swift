import FoundationEssentials
import Tensor

extension Interpreter {
    func installBuiltins() {
        func add(_ name: String, _ doc: String, _ params: [String] = [], _ body: @escaping Builtin.Body) {
            builtins[Name(name)] = .builtin(Builtin(name, doc: doc, parameters: params, body))
        }

        add("print", "print(*values, sep=' ', end='\\n')\n\nPrints the values, separated by sep and followed by end.\n\n>>> print('loss:', 0.5)\nloss: 0.5", ["sep", "end"]) { args, kwargs, interp in
            var sep = " ", end = "\n"
            for (k, v) in kwargs {
                switch k {
                case "sep": if case .str(let s) = v { sep = s } else if case .none = v {} else { throw PyError(.typeError, "sep must be None or a string, not \(interp.typeName(v))") }
                case "end": if case .str(let s) = v { end = s } else if case .none = v {} else { throw PyError(.typeError, "end must be None or a string, not \(interp.typeName(v))") }
                case "flush", "file": break
                default: throw PyError(.typeError, "'\(k)' is an invalid keyword argument for print()")
                }
            }
            interp.output(try args.map { try interp.str($0) }.joined(separator: sep) + end)
            return .none
        }
        add("len", "len(obj)\n\nThe number of items: elements of a list, keys of a dict, rows of an array.\n\n>>> len([3, 1, 4])\n3") { args, _, interp in
            guard args.count == 1 else { throw PyError(.typeError, "len() takes exactly one argument (\(args.count) given)") }
            return .int(try interp.length(args[0]))
        }
        add("range", "range(stop) or range(start, stop[, step])\n\nThe integers from start up to (not including) stop.\n\n>>> list(range(3))\n[0, 1, 2]") { args, _, interp in
            let ints = try args.map { try interp.integer($0, "range") }
            switch ints.count {
            case 1: return .range(0, ints[0], 1)
            case 2: return .range(ints[0], ints[1], 1)
            case 3:
                if ints[2] == 0 { throw PyError(.valueError, "range() arg 3 must not be zero") }
                return .range(ints[0], ints[1], ints[2])
            default: throw PyError(.typeError, "range expected at most 3 arguments, got \(ints.count)")
            }
        }
        add("list", "list(iterable=())\n\nA new list of the iterable's items.\n\n>>> list((1, 2))\n[1, 2]") { args, _, interp in
            .list(PyList(args.isEmpty ? [] : try interp.iterate(args[0]).all()))
        }
        add("tuple", "tuple(iterable=())\n\nA tuple of the iterable's items.") { args, _, interp in
            .tuple(args.isEmpty ? [] : try interp.iterate(args[0]).all())
        }
        add("dict", "dict(**kwargs) or dict(iterable_of_pairs)\n\nA new dictionary.\n\n>>> dict(a=1)\n{'a': 1}") { args, kwargs, interp in
            let d = PyDict()
            try interp.update(d, with: args.first, kwargs)
            return .dict(d)
        }
        add("set", "set(iterable=())\n\nA set of the unique items.") { args, _, interp in
            try interp.makeSet(args.isEmpty ? [] : try interp.iterate(args[0]).all())
        }
        add("str", "str(object='')\n\nThe object as text (what print shows).") { args, _, interp in
            .str(args.isEmpty ? "" : try interp.str(args[0]))
        }
        add("repr", "repr(object)\n\nThe object as the REPL echoes it.") { args, _, interp in
            guard args.count == 1 else { throw PyError(.typeError, "repr() takes exactly one argument (\(args.count) given)") }
            return .str(try interp.repr(args[0]))
        }
        add("int", "int(x=0)\n\nAn integer: truncates floats toward zero, parses strings.\n\n>>> int(3.7)\n3") { args, _, interp in
            guard let a = args.first else { return .int(0) }
            return try interp.toInt(a)
        }
        add("float", "float(x=0.0)\n\nA floating-point number.\n\n>>> float('1e-4')\n0.0001") { args, _, interp in
            guard let a = args.first else { return .float(0) }
            return .float(try interp.toFloat(a))
        }
        add("bool", "bool(x=False)\n\nThe truth value of x.") { args, _, interp in
            .bool(args.isEmpty ? false : try interp.truthy(args[0]))
        }
        add("abs", "abs(x)\n\nThe absolute value (element-wise for arrays).") { args, _, interp in
            guard args.count == 1 else { throw PyError(.typeError, "abs() takes exactly one argument (\(args.count) given)") }
            switch args[0] {
            case .int(let i):
                if i == .min { throw PyError(.overflowError, "integer overflow") }
                return .int(abs(i))
            case .float(let d): return .float(abs(d))
            case .bool(let b): return .int(b ? 1 : 0)
            case .array, .scalar: return try NumPyBridge.callNumpy("abs", args, [], interp)
            default: throw PyError(.typeError, "bad operand type for abs(): '\(interp.typeName(args[0]))'")
            }
        }
        add("round", "round(number, ndigits=None)\n\nRounds half to even, as Python does.\n\n>>> round(0.12345, 3)\n0.123", ["ndigits"]) { args, kwargs, interp in
            guard let x = args.first else { throw PyError(.typeError, "round() missing required argument 'number' (pos 1)") }
            let nd = args.count > 1 ? args[1] : (kwargs.first { $0.0 == "ndigits" }?.1 ?? .none)
            return try interp.round(x, nd)
        }
        add("min", "min(iterable) or min(a, b, ...)\n\nThe smallest item.", ["key", "default"]) { args, kwargs, interp in
            try interp.extreme(args, kwargs, wantMax: false)
        }
        add("max", "max(iterable) or max(a, b, ...)\n\nThe largest item.\n\n>>> max(10, 5)\n10", ["key", "default"]) { args, kwargs, interp in
            try interp.extreme(args, kwargs, wantMax: true)
        }
        add("sum", "sum(iterable, start=0)\n\nAdds the items.\n\n>>> sum([1, 2, 3])\n6") { args, kwargs, interp in
            guard let a = args.first else { throw PyError(.typeError, "sum() takes at least 1 positional argument (0 given)") }
            var total: Value = args.count > 1 ? args[1] : (kwargs.first { $0.0 == "start" }?.1 ?? .int(0))
            let it = try interp.iterate(a)
            while let v = try it.next() { total = try interp.binary(.add, total, v) }
            return total
        }
        add("enumerate", "enumerate(iterable, start=0)\n\nPairs (index, item).\n\n>>> list(enumerate('ab'))\n[(0, 'a'), (1, 'b')]", ["start"]) { args, kwargs, interp in
            guard let a = args.first else { throw PyError(.typeError, "enumerate() missing required argument 'iterable'") }
            var i = try interp.integer(args.count > 1 ? args[1] : (kwargs.first { $0.0 == "start" }?.1 ?? .int(0)), "enumerate")
            let it = try interp.iterate(a)
            return .object(IteratorObject(name: "enumerate", ValueIterator {
                guard let v = try it.next() else { return nil }
                defer { i += 1 }
                return .tuple([.int(i), v])
            }))
        }
        add("zip", "zip(*iterables)\n\nTuples taking one item from each iterable, stopping at the shortest.") { args, _, interp in
            let its = try args.map { try interp.iterate($0) }
            return .object(IteratorObject(name: "zip", ValueIterator {
                if its.isEmpty { return nil }
                var items: [Value] = []
                for it in its { guard let v = try it.next() else { return nil }; items.append(v) }
                return .tuple(items)
            }))
        }
        add("map", "map(function, iterable, ...)\n\nApplies the function to every item.") { args, _, interp in
            guard args.count >= 2 else { throw PyError(.typeError, "map() must have at least two arguments.") }
            let f = args[0]
            let its = try args.dropFirst().map { try interp.iterate($0) }
            return .object(IteratorObject(name: "map", ValueIterator {
                var items: [Value] = []
                for it in its { guard let v = try it.next() else { return nil }; items.append(v) }
                return try interp.call(f, items, [])
            }))
        }
        add("filter", "filter(function, iterable)\n\nThe items for which the function is true.") { args, _, interp in
            guard args.count == 2 else { throw PyError(.typeError, "filter expected 2 arguments, got \(args.count)") }
            let f = args[0]
            let it = try interp.iterate(args[1])
            return .object(IteratorObject(name: "filter", ValueIterator {
                while let v = try it.next() {
                    let keep: Bool
                    if case .none = f { keep = try interp.truthy(v) } else { keep = try interp.truthy(try interp.call(f, [v], [])) }
                    if keep { return v }
                }
                return nil
            }))
        }
        add("sorted", "sorted(iterable, key=None, reverse=False)\n\nA new sorted list.", ["key", "reverse"]) { args, kwargs, interp in
            guard let a = args.first else { throw PyError(.typeError, "sorted expected 1 argument, got 0") }
            return .list(PyList(try interp.sortedValues(try interp.iterate(a).all(), kwargs)))
        }
        add("reversed", "reversed(sequence)\n\nThe items in reverse order.") { args, _, interp in
            guard let a = args.first else { throw PyError(.typeError, "reversed expected 1 argument, got 0") }
            return .object(IteratorObject(name: "list_reverseiterator", ValueIterator(try interp.iterate(a).all().reversed())))
        }
        add("any", "any(iterable)\n\nTrue if any item is true.") { args, _, interp in
            let it = try interp.iterate(args.first ?? .list(PyList([])))
            while let v = try it.next() { if try interp.truthy(v) { return .bool(true) } }
            return .bool(false)
        }
        add("all", "all(iterable)\n\nTrue if every item is true.") { args, _, interp in
            let it = try interp.iterate(args.first ?? .list(PyList([])))
            while let v = try it.next() { if !(try interp.truthy(v)) { return .bool(false) } }
            return .bool(true)
        }
        add("iter", "iter(iterable)\n\nAn iterator over the iterable.") { args, _, interp in
            guard let a = args.first else { throw PyError(.typeError, "iter expected 1 argument, got 0") }
            if case .object(let o) = a, o is IteratorObject { return a }
            return .object(IteratorObject(name: "iterator", try interp.iterate(a)))
        }
        add("next", "next(iterator[, default])\n\nThe iterator's next item.") { args, _, interp in
            guard case .object(let o)? = args.first, let it = o as? IteratorObject else {
                throw PyError(.typeError, "'\(args.first.map { interp.typeName($0) } ?? "NoneType")' object is not an iterator")
            }
            if let v = try it.iterator.next() { return v }
            if args.count > 1 { return args[1] }
            throw PyError(.stopIteration, "")
        }
        add("divmod", "divmod(a, b)\n\n(a // b, a % b).") { args, _, interp in
            guard args.count == 2 else { throw PyError(.typeError, "divmod expected 2 arguments, got \(args.count)") }
            return .tuple([try interp.binary(.floorDiv, args[0], args[1]), try interp.binary(.mod, args[0], args[1])])
        }
        add("pow", "pow(base, exp)\n\nbase ** exp.") { args, _, interp in
            guard args.count == 2 else { throw PyError(.typeError, "pow expected 2 arguments, got \(args.count)") }
            return try interp.binary(.pow, args[0], args[1])
        }
        add("format", "format(value, spec='')\n\nFormats a value: format(0.5, '.3f') gives '0.500'.") { args, _, interp in
            guard let v = args.first else { throw PyError(.typeError, "format expected at least 1 argument, got 0") }
            var spec = ""
            if args.count > 1, case .str(let s) = args[1] { spec = s }
            return .str(try Formatting.format(v, spec: spec, interp))
        }
        add("isinstance", "isinstance(obj, class_or_tuple)\n\nWhether obj is an instance of the class.") { args, _, interp in
            guard args.count == 2 else { throw PyError(.typeError, "isinstance expected 2 arguments, got \(args.count)") }
            return .bool(try interp.isInstance(args[0], args[1]))
        }
        add("type", "type(obj)\n\nThe object's type.\n\n>>> type(1.5)\n<class 'float'>") { args, _, interp in
            guard args.count == 1 else { throw PyError(.typeError, "type() takes 1 argument") }
            return interp.typeOf(args[0])
        }
        add("hasattr", "hasattr(obj, name)\n\nWhether the object has the attribute.") { args, _, interp in
            guard args.count == 2, case .str(let n) = args[1] else { throw PyError(.typeError, "hasattr(): attribute name must be string") }
            return .bool((try? interp.getAttribute(args[0], n)) != nil)
        }
        add("getattr", "getattr(obj, name[, default])\n\nThe attribute called name.") { args, _, interp in
            guard args.count >= 2, case .str(let n) = args[1] else { throw PyError(.typeError, "getattr(): attribute name must be string") }
            do { return try interp.getAttribute(args[0], n) } catch { if args.count > 2 { return args[2] }; throw error }
        }
        add("setattr", "setattr(obj, name, value)\n\nSets the attribute.") { args, _, interp in
            guard args.count == 3, case .str(let n) = args[1] else { throw PyError(.typeError, "setattr(): attribute name must be string") }
            try interp.setAttribute(args[0], n, args[2])
            return .none
        }
        add("callable", "callable(obj)\n\nWhether obj can be called.") { args, _, _ in
            switch args.first {
            case .function?, .builtin?, .boundMethod?, .cls?, .dtype?: return .bool(true)
            default: return .bool(false)
            }
        }
        add("id", "id(obj)\n\nAn integer identifying the object.") { args, _, _ in
            switch args.first {
            case .list(let l)?: return .int(ObjectIdentifier(l).hashValue)
            case .dict(let d)?: return .int(ObjectIdentifier(d).hashValue)
            case .array(let a)?: return .int(ObjectIdentifier(a).hashValue)
            case .instance(let i)?: return .int(ObjectIdentifier(i).hashValue)
            default: return .int(0)
            }
        }
        add("dir", "dir(obj)\n\nThe names an object offers (or the workspace's names).") { args, _, interp in
            if let a = args.first { return .list(PyList(interp.attributeNames(of: a).map { .str($0) })) }
            return .list(PyList(interp.main.members.keys.sorted().map { .str($0.text) }))
        }
        add("help", "help(obj)\n\nShows the documentation of a function, module or class.") { args, _, interp in
            interp.output(interp.helpText(args.first ?? .none) + "\n")
            return .none
        }
        add("input", "input(prompt='')\n\nReads a line from the keyboard.") { args, _, interp in
            if let p = args.first { interp.output(try interp.str(p)) }
            guard let line = readLine() else { throw PyError(typeName: "EOFError", message: "EOF when reading a line") }
            return .str(line)
        }
        add("object", "object()\n\nThe base of every class.") { _, _, _ in .none }
        add("exit", "exit()\n\nUse :quit or Ctrl-D to leave nntutor.") { _, _, interp in
            interp.output("Use :quit or Ctrl-D (i.e. EOF) to exit\n"); return .none
        }
        builtins["quit"] = builtins["exit"]
        builtins["Ellipsis"] = .ellipsis
        builtins["__name__"] = .str("__main__")

        // Exception classes, with Python's hierarchy for `except` matching.
        func exceptionClass(_ name: String, _ base: String?) {
            let bases = base.flatMap { exceptionClasses[$0] }.map { [$0] } ?? []
            let c = PyClass(name: name, attributes: [:], bases: bases, isException: true)
            exceptionClasses[name] = c
            builtins[Name(name)] = .cls(c)
        }
        exceptionClass("BaseException", nil)
        exceptionClass("Exception", "BaseException")
        exceptionClass("KeyboardInterrupt", "BaseException")
        for (n, b) in [("ArithmeticError", "Exception"), ("ZeroDivisionError", "ArithmeticError"), ("OverflowError", "ArithmeticError"),
                       ("LookupError", "Exception"), ("IndexError", "LookupError"), ("KeyError", "LookupError"),
                       ("ValueError", "Exception"), ("TypeError", "Exception"), ("NameError", "Exception"),
                       ("UnboundLocalError", "NameError"), ("AttributeError", "Exception"), ("RuntimeError", "Exception"),
                       ("RecursionError", "RuntimeError"), ("NotImplementedError", "RuntimeError"), ("MemoryError", "Exception"),
                       ("ImportError", "Exception"), ("ModuleNotFoundError", "ImportError"), ("AssertionError", "Exception"),
                       ("StopIteration", "Exception"), ("OSError", "Exception"), ("FileNotFoundError", "OSError"), ("PermissionError", "OSError"),
                       ("SyntaxError", "Exception"), ("IndentationError", "SyntaxError"), ("EOFError", "Exception"),
                       ] {
            exceptionClass(n, b)
        }
        // numpy.exceptions.AxisError is both a ValueError and an IndexError, as in NumPy.
        exceptionClasses["numpy.exceptions.AxisError"] = PyClass(name: "AxisError", attributes: [:],
            bases: [exceptionClasses["ValueError"]!, exceptionClasses["IndexError"]!], isException: true)
        // NumPy's ufunc errors print under their full names but are caught as TypeError.
        for name in ["numpy._core._exceptions._UFuncOutputCastingError", "numpy._core._exceptions._UFuncNoLoopError"] {
            exceptionClasses[name] = PyClass(name: name, attributes: [:], bases: [exceptionClasses["TypeError"]!], isException: true)
        }
        StandardModules.register(in: self)
        LearningModule.register(in: self)
        registerModule("numpy") { interp in NumPyModule.make(interp) }
        registerModule("numpy.random") { interp in RandomModule.make(interp) }
        registerModule("matplotlib") { _ in PyModule(name: "matplotlib") }
        registerModule("matplotlib.pyplot") { interp in PyplotModule.make(interp) }
    }

    // MARK: Helpers used by builtins

    func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .range(let a, let b, let s): return rangeCount(a, b, s)
        case .array(let a):
            guard let n = a.shape.first else { throw PyError(.typeError, "len() of unsized object") }
            return n
        case .object(let o):
            if let s = o as? PySet { return s.list.items.count }
            if let d = o as? DictView { return d.dict.count }
            if let m = try o.attribute("__len__", in: self) { return try integer(try call(m, [], []), "__len__") }
        case .instance(let inst):
            if case .function(let f)? = inst.cls.lookup("__len__") { return try integer(try callFunction(f, [v], []), "__len__") }
        default: break
        }
        throw PyError(.typeError, "object of type '\(typeName(v))' has no len()")
    }

    func integer(_ v: Value, _ what: String) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .scalar(let s) where s.dtype.isInteger || s.dtype == .bool: return Int(s.int64Value)
        default: throw PyError(.typeError, "'\(typeName(v))' object cannot be interpreted as an integer")
        }
    }

    func toInt(_ v: Value) throws -> Value {
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PyError(.valueError, "cannot convert float NaN to integer") }
            if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
            guard d.magnitude < 9.2e18 else { throw PyError(.overflowError, "int too large for nntutor's 64-bit int") }
            return .int(Int(d))
        case .str(let s):
            let t = s.trimmingSpaces().replacing("_", with: "")
            guard let i = Int(t) else { throw PyError(.valueError, "invalid literal for int() with base 10: \(Interpreter.quote(s))") }
            return .int(i)
        case .scalar(let s): return try toInt(NumPyBridge.pythonValue(s))
        // NumPy 2.4 converts only 0-d arrays (the length-1 leniency is gone).
        case .array(let a) where a.ndim == 0: return try toInt(NumPyBridge.pythonValue(a.toScalars()[0]))
        case .array: throw PyError(.typeError, "only 0-dimensional arrays can be converted to Python scalars")
        default: throw PyError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(typeName(v))'")
        }
    }

    func toFloat(_ v: Value) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .str(let s):
            let t = s.trimmingSpaces().lowercased()
            switch t {
            case "nan", "+nan", "-nan": return .nan
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            default:
                guard let d = Double(t.replacing("_", with: "")) else { throw PyError(.valueError, "could not convert string to float: \(Interpreter.quote(s))") }
                return d
            }
        case .scalar(let s): return s.doubleValue
        case .array(let a) where a.ndim == 0: return a.toScalars()[0].doubleValue
        case .array: throw PyError(.typeError, "only 0-dimensional arrays can be converted to Python scalars")
        default: throw PyError(.typeError, "float() argument must be a string or a real number, not '\(typeName(v))'")
        }
    }

    func round(_ x: Value, _ ndigits: Value) throws -> Value {
        switch x {
        case .scalar, .array: return try NumPyBridge.callNumpy("round", [x] + (ndigits.isNone ? [] : [ndigits]), [], self)
        case .int(let i): return ndigits.isNone ? .int(i) : .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if case .none = ndigits {
                if d.isNaN { throw PyError(.valueError, "cannot convert float NaN to integer") }
                if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
                return .int(Int(d.rounded(.toNearestOrEven)))
            }
            let n = try integer(ndigits, "round")
            return .float(Interpreter.roundHalfEven(d, n))
        default: throw PyError(.typeError, "type \(typeName(x)) doesn't define __round__ method")
        }
    }

    /// Python's round(x, n): correctly rounded via the decimal string, half to even.
    static func roundHalfEven(_ d: Double, _ n: Int) -> Double {
        guard d.isFinite, n < 300 else { return d }
        if n < -308 { return 0 * d }
        // printf rounds the exact binary value half to even, as CPython's dtoa does; strtod
        // then reads the digits back correctly rounded.
        if n >= 0 { return Double(String(cFormat: "%.\(n)f", d)) ?? d }
        // n < 0: round the integer part's digits at 10^-n, half to even; a non-zero fraction
        // means the value lies beyond the halfway point, so it is never a tie.
        let whole = d.rounded(.towardZero)
        let fractionIsZero = d == whole
        var digits = Array(String(cFormat: "%.0f", Swift.abs(whole)).utf8).map { Int($0) - 48 }
        let cut = digits.count + n
        if cut < 0 { return 0 * d }
        let kept = Array(digits[..<cut]), dropped = Array(digits[cut...])
        let first = dropped.first ?? 0
        let restIsZero = dropped.dropFirst().allSatisfy { $0 == 0 } && fractionIsZero
        let lastKept = kept.last ?? 0
        let roundUp = first > 5 || (first == 5 && (!restIsZero || lastKept % 2 == 1))
        digits = kept
        if roundUp {
            var i = digits.count - 1
            while i >= 0 && digits[i] == 9 { digits[i] = 0; i -= 1 }
            if i >= 0 { digits[i] += 1 } else { digits.insert(1, at: 0) }
        }
        if digits.isEmpty { return 0 * d }
        let text = (d < 0 ? "-" : "") + digits.map(String.init).joined() + "e\(-n)"
        return Double(text) ?? d
    }

    func extreme(_ args: [Value], _ kwargs: [(String, Value)], wantMax: Bool) throws -> Value {
        let name = wantMax ? "max" : "min"
        let key = kwargs.first { $0.0 == "key" }?.1
        let items = args.count == 1 ? try iterate(args[0]).all() : args
        guard var best = items.first else {
            if let d = kwargs.first(where: { $0.0 == "default" })?.1 { return d }
            throw PyError(.valueError, "\(name)() iterable argument is empty")
        }
        var bestKey = try key.map { try call($0, [best], []) } ?? best
        for v in items.dropFirst() {
            let k = try key.map { try call($0, [v], []) } ?? v
            if try truthy(try compare(wantMax ? .gt : .lt, k, bestKey)) { best = v; bestKey = k }
        }
        return best
    }

    func sortedValues(_ items: [Value], _ kwargs: [(String, Value)]) throws -> [Value] {
        let key = kwargs.first { $0.0 == "key" }?.1
        let reverse = try kwargs.first { $0.0 == "reverse" }.map { try truthy($0.1) } ?? false
        let keys = try items.map { item in try key.map { k in try call(k, [item], []) } ?? item }
        var order = Array(items.indices)
        var failure: Error?
        // A stable merge sort keeps Python's guarantee for equal keys.
        order = try mergeSort(order) { a, b in
            do { return try self.truthy(try self.compare(.lt, keys[a], keys[b])) } catch { failure = error; return false }
        }
        if let failure { throw failure }
        if reverse {
            order = try mergeSort(Array(items.indices)) { a, b in
                do { return try self.truthy(try self.compare(.gt, keys[a], keys[b])) } catch { failure = error; return false }
            }
            if let failure { throw failure }
        }
        return order.map { items[$0] }
    }

    private func mergeSort(_ a: [Int], _ less: (Int, Int) throws -> Bool) throws -> [Int] {
        if a.count <= 1 { return a }
        let mid = a.count / 2
        let l = try mergeSort(Array(a[..<mid]), less), r = try mergeSort(Array(a[mid...]), less)
        var out: [Int] = []
        out.reserveCapacity(a.count)
        var i = 0, j = 0
        while i < l.count && j < r.count {
            if try less(r[j], l[i]) { out.append(r[j]); j += 1 } else { out.append(l[i]); i += 1 }
        }
        out.append(contentsOf: l[i...]); out.append(contentsOf: r[j...])
        return out
    }

    func isInstance(_ v: Value, _ cls: Value) throws -> Bool {
        switch cls {
        case .tuple(let items): return try items.contains { try isInstance(v, $0) }
        case .cls(let c):
            if case .instance(let inst) = v { return inst.cls.isSubclass(of: c) }
            return false
        case .builtin(let b):
            switch (b.name, v) {
            case ("int", .int), ("int", .bool), ("float", .float), ("str", .str), ("list", .list), ("tuple", .tuple),
                 ("dict", .dict), ("bool", .bool), ("object", _): return true
            case ("float", .scalar(let s)): return s.dtype == .float64
            case ("int", .scalar(let s)): return s.dtype == .int64
            default: return false
            }
        case .dtype(let d):
            if case .scalar(let s) = v { return s.dtype == d }
            return false
        case .object(let o as TypeObject):
            return typeName(v) == o.name || (o.name == "numpy.ndarray" && { if case .array = v { return true }; return false }())
        default:
            throw PyError(.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    func typeOf(_ v: Value) -> Value {
        switch v {
        case .int: return builtins["int"]!
        case .float: return builtins["float"]!
        case .str: return builtins["str"]!
        case .list: return builtins["list"]!
        case .tuple: return builtins["tuple"]!
        case .dict(let d): return d.isOrdered ? .object(TypeObject(name: "collections.OrderedDict")) : builtins["dict"]!
        case .bool: return builtins["bool"]!
        case .instance(let i): return .cls(i.cls)
        case .scalar(let s): return .dtype(s.dtype)
        default: return .object(TypeObject(name: typeName(v)))
        }
    }

    func helpText(_ v: Value) -> String {
        switch v {
        case .builtin(let b): return b.doc.isEmpty ? "\(b.name)(...)\n\n(no documentation)" : b.doc
        case .function(let f):
            let params = f.def.parameters.map { $0.name }.joined(separator: ", ")
            return "\(f.name)(\(params))" + (f.def.docstring.map { "\n\n" + $0 } ?? "")
        case .boundMethod(let m): return helpText(.function(m.function))
        case .module(let m):
            let names = attributeNames(of: v)
            return "Module \(m.name)" + (m.doc.isEmpty ? "" : "\n\n" + m.doc) + "\n\nMembers: " + names.joined(separator: ", ")
        case .cls(let c): return "class \(c.name)\n\nMethods: " + attributeNames(of: v).joined(separator: ", ")
        case .object(let o):
            if let doc = try? o.attribute("__doc__", in: self), case .str(let s) = doc { return s }
            return "\(o.typeName) object. Attributes: " + o.attributeNames.joined(separator: ", ")
        case .dtype(let d): return "numpy.\(d.name): a NumPy scalar type and dtype.\n\n>>> np.\(d.name)(1)\n"
        case .array: return "numpy.ndarray: an n-dimensional array. Attributes: " + attributeNames(of: v).joined(separator: ", ")
        default: return "Help on \(typeName(v)) object."
        }
    }
}

extension Interpreter {
    /// `dict.update(other, **kwargs)`: a mapping, or an iterable of key/value pairs.
    func update(_ d: PyDict, with source: Value?, _ kwargs: [(String, Value)]) throws {
        if let source {
            if case .dict(let other) = source {
                for (k, v) in other.items { try d.set(k, v) }
            } else {
                for pair in try iterate(source).all() {
                    let kv = try iterate(pair).all()
                    guard kv.count == 2 else { throw PyError(.valueError, "dictionary update sequence element has length \(kv.count); 2 is required") }
                    try d.set(kv[0], kv[1])
                }
            }
        }
        for (k, v) in kwargs { try d.set(.str(k), v) }
    }
}

extension Value {
    public var isNone: Bool { if case .none = self { return true }; return false }
}

/// A one-shot iterator (enumerate, zip, map...): iterable once, like Python's.
final class IteratorObject: HostObject {
    let name: String
    let iterator: ValueIterator
    init(name: String, _ iterator: ValueIterator) { self.name = name; self.iterator = iterator }
    var typeName: String { name }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? { nil }
    func repr(in interpreter: Interpreter) throws -> String { "<\(name) object>" }
    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? {
        let it = iterator
        return AnyIterator { try? it.next() }
    }
}

/// A type that is not a class of the workspace: `type(x)` for arrays, modules and the like.
final class TypeObject: HostObject {
    let name: String
    init(name: String) { self.name = name }
    var typeName: String { "type" }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? {
        name == "__name__" ? .str(self.name.split(separator: ".").last.map(String.init) ?? self.name) : nil
    }
    func repr(in interpreter: Interpreter) throws -> String { "<class '\(name)'>" }
}
