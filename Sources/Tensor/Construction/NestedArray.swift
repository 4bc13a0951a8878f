/// A Python value handed to `np.array`: nested lists/tuples of Python scalars, NumPy scalars
/// and arrays.
public indirect enum Nested {
    /// A Python bool, int or float.
    case scalar(PythonScalar)
    /// A NumPy scalar such as `np.float32(0.5)`.
    case typed(Scalar)
    /// A list or tuple.
    case list([Nested])
    /// An array, contributing its own axes.
    case array(NDArray)
}

/// `np.array(obj, dtype)`: the shape is discovered from the nesting (a ragged nesting is NumPy's
/// "inhomogeneous shape" ValueError) and the dtype, unless given, is the promotion of the
/// leaves: Python bools → bool, ints → int64, floats → float64, NumPy scalars and arrays
/// their own dtype. Explicit integer dtypes refuse NaN and out-of-range Python numbers as NumPy does.
public func array(from value: Nested, dtype: DType? = nil) throws -> NDArray {
    var discovery = ShapeDiscovery()
    discovery.visit(value, depth: 0)
    if discovery.isRagged {
        throw TensorError.value("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(discovery.shape.count) dimensions. The detected shape was \(formatShape(discovery.shape)) + inhomogeneous part.")
    }
    let shape = discovery.shape
    let out = try NDArray(zeros: shape, dtype: dtype ?? discovery.dtype ?? .float64, zeroed: false)
    var cursor = 0
    try write(value, into: out, cursor: &cursor, strict: dtype != nil)
    return out
}

/// Writes the leaves of `value` in C order into the contiguous `out`, starting at `cursor`.
private func write(_ value: Nested, into out: NDArray, cursor: inout Int, strict: Bool) throws {
    switch value {
    case .list(let items):
        for item in items { try write(item, into: out, cursor: &cursor, strict: strict) }
        if items.count > 256 { try Interrupt.check() }
    case .typed(let s):
        out.setScalar(s, atStorageOffset: cursor)
        cursor += 1
    case .scalar(let p):
        let v: AssignedValue
        switch p {
        case .bool(let b): v = .bool(b)
        case .int(let i): v = .int(i)
        case .float(let x): v = .float(x)
        }
        // Inferred dtypes always hold the value; an explicit one gets Python's conversion checks.
        let s = strict ? try v.scalar(for: out.dtype)! : Scalar(pythonScalar: p, as: out.dtype)
        out.setScalar(s, atStorageOffset: cursor)
        cursor += 1
    case .array(let a):
        let slot = NDArray(storage: out.storage, dtype: out.dtype, shape: a.shape,
                           strides: NDArray.contiguousStrides(a.shape), offset: cursor)
        ElementCopy.assign(slot, from: a)
        cursor += a.count
    }
}

extension Scalar {
    /// A Python scalar as an element of `dtype`, for dtypes known to hold it.
    init(pythonScalar p: PythonScalar, as dtype: DType) {
        switch p {
        case .bool(let b): self = Scalar(b ? 1 : 0, as: dtype)
        case .int(let i):
            switch dtype {
            case .int64: self = .int64(i)
            case .uint8: self = .uint8(UInt8(truncatingIfNeeded: i))
            default: self = Scalar(Double(i), as: dtype)
            }
        case .float(let x): self = Scalar(x, as: dtype)
        }
    }
}

/// NumPy's shape and dtype discovery over a nesting. `shape` holds the dimensions every
/// branch agreed on so far; a disagreement truncates it and marks the nesting ragged.
private struct ShapeDiscovery {
    var shape: [Int] = []
    /// Depth at which the first leaf was found: the array's ndim unless something disagrees.
    var leafDepth: Int? = nil
    var isRagged = false
    var dtype: DType? = nil

    mutating func visit(_ value: Nested, depth: Int) {
        switch value {
        case .list(let items):
            sequence(length: items.count, depth: depth)
            for item in items {
                visit(item, depth: depth + 1)
            }
        case .array(let a):
            for (k, n) in a.shape.enumerated() { sequence(length: n, depth: depth + k) }
            leaf(a.dtype, depth: depth + a.ndim)
        case .typed(let s):
            leaf(s.dtype, depth: depth)
        case .scalar(let p):
            switch p {
            case .bool: leaf(.bool, depth: depth)
            case .int: leaf(.int64, depth: depth)
            case .float: leaf(.float64, depth: depth)
            }
        }
    }

    private mutating func sequence(length: Int, depth: Int) {
        if let leafDepth, depth >= leafDepth {
            // A sequence where others had scalars.
            markRagged(at: leafDepth)
            return
        }
        if depth < shape.count {
            if shape[depth] != length { markRagged(at: depth) }
        } else if depth == shape.count, !isRagged {
            shape.append(length)
        }
    }

    private mutating func leaf(_ t: DType, depth: Int) {
        dtype = dtype.map { DType.promote($0, t) } ?? t
        if let leafDepth {
            if depth != leafDepth { markRagged(at: min(depth, leafDepth)) }
        } else {
            leafDepth = depth
            if depth < shape.count { markRagged(at: depth) }
        }
    }

    private mutating func markRagged(at depth: Int) {
        isRagged = true
        if depth < shape.count { shape.removeLast(shape.count - depth) }
        leafDepth = min(leafDepth ?? depth, depth)
    }
}
