/// One element taken out of an array, keeping its dtype (NumPy's `np.float32(0.5)` and kin).
public enum Scalar: Equatable, Sendable {
    case bool(Bool)
    case uint8(UInt8)
    case int64(Int64)
    case float32(Float)
    case float64(Double)

    public var dtype: DType {
        switch self {
        case .bool: return .bool
        case .uint8: return .uint8
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    /// The value as a Double (exact for every dtype but large int64s).
    public var doubleValue: Double {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .uint8(let v): return Double(v)
        case .int64(let v): return Double(v)
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        }
    }

    /// Converts a Double into a scalar of `dtype`, with C-style casts as NumPy's astype does.
    public init(_ value: Double, as dtype: DType) {
        switch dtype {
        case .bool: self = .bool(value != 0)
        case .uint8: self = .uint8(value.isFinite ? UInt8(truncatingIfNeeded: Int64(clampingToInt64: value)) : 0)
        case .int64: self = .int64(Int64(clampingToInt64: value))
        case .float32: self = .float32(Float(value))
        case .float64: self = .float64(value)
        }
    }
}

extension Int64 {
    /// A cast that never traps: NaN becomes the minimum as on x86, out-of-range values clamp.
    public init(clampingToInt64 v: Double) {
        if v.isNaN { self = .min }
        else if v >= 9.223372036854775807e18 { self = .min }   // x86 cvttsd2si yields INT64_MIN
        else if v < -9.223372036854775808e18 { self = .min }
        else { self = Int64(v) }
    }
}

extension NDArray {
    /// Reads the element at a storage offset (in elements) as a typed scalar.
    @inline(__always)
    public func scalar(atStorageOffset o: Int) -> Scalar {
        let raw = storage.base
        switch dtype {
        case .bool: return .bool(raw.load(fromByteOffset: o, as: UInt8.self) != 0)
        case .uint8: return .uint8(raw.load(fromByteOffset: o, as: UInt8.self))
        case .int64: return .int64(raw.load(fromByteOffset: o * 8, as: Int64.self))
        case .float32: return .float32(raw.load(fromByteOffset: o * 4, as: Float.self))
        case .float64: return .float64(raw.load(fromByteOffset: o * 8, as: Double.self))
        }
    }

    /// Writes a scalar at a storage offset, casting it to this array's dtype.
    @inline(__always)
    public func setScalar(_ s: Scalar, atStorageOffset o: Int) {
        let raw = storage.base
        switch dtype {
        case .bool: raw.storeBytes(of: s.boolValue ? 1 : 0, toByteOffset: o, as: UInt8.self)
        case .uint8: raw.storeBytes(of: s.uint8Value, toByteOffset: o, as: UInt8.self)
        case .int64: raw.storeBytes(of: s.int64Value, toByteOffset: o * 8, as: Int64.self)
        case .float32: raw.storeBytes(of: Float(s.doubleValue), toByteOffset: o * 4, as: Float.self)
        case .float64: raw.storeBytes(of: s.doubleValue, toByteOffset: o * 8, as: Double.self)
        }
    }

    /// Storage offset of a multi-index (no bounds check; callers check).
    @inline(__always)
    public func storageOffset(of index: [Int]) -> Int {
        var o = offset
        for i in 0..<index.count { o += index[i] * strides[i] }
        return o
    }

    /// Element at a full multi-index, with negative indices and NumPy's bounds message.
    public func scalar(at index: [Int]) throws -> Scalar {
        guard index.count == ndim else {
            throw TensorError.index("too many indices for array: array is \(ndim)-dimensional, but \(index.count) were indexed")
        }
        var o = offset
        for (axis, i) in index.enumerated() {
            let n = shape[axis]
            let j = i < 0 ? i + n : i
            guard j >= 0, j < n else { throw TensorError.index("index \(i) is out of bounds for axis \(axis) with size \(n)") }
            o += j * strides[axis]
        }
        return scalar(atStorageOffset: o)
    }

    /// Calls `body` with the storage offset of every element, in C order.
    /// The innermost axis is a tight loop, so strided views cost little more than contiguous ones.
    @inline(__always)
    public func forEachOffset(_ body: (Int) throws -> Void) rethrows {
        if count == 0 { return }
        if isContiguous {
            for o in offset..<(offset + count) { try body(o) }
            return
        }
        try NDArray.forEachOffset(shape: shape, strides: strides, offset: offset, body)
    }

    /// The strided walk behind `forEachOffset`, for any shape/strides pair (broadcast views too).
    public static func forEachOffset(shape: [Int], strides: [Int], offset: Int, _ body: (Int) throws -> Void) rethrows {
        let nd = shape.count
        if nd == 0 { try body(offset); return }
        for d in shape where d == 0 { return }
        var counter = [Int](repeating: 0, count: nd)
        let last = nd - 1
        let innerN = shape[last], innerS = strides[last]
        var base = offset
        while true {
            var o = base
            for _ in 0..<innerN { try body(o); o += innerS }
            // Advance the outer counters like an odometer.
            var axis = last - 1
            while axis >= 0 {
                counter[axis] += 1
                base += strides[axis]
                if counter[axis] < shape[axis] { break }
                base -= strides[axis] * shape[axis]
                counter[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// All elements in C order as Doubles (for printing, tests and small conversions).
    public func toDoubles() -> [Double] {
        var out = [Double]()
        out.reserveCapacity(count)
        forEachOffset { out.append(scalar(atStorageOffset: $0).doubleValue) }
        return out
    }

    /// All elements in C order as typed scalars.
    public func toScalars() -> [Scalar] {
        var out = [Scalar]()
        out.reserveCapacity(count)
        forEachOffset { out.append(scalar(atStorageOffset: $0)) }
        return out
    }
}

extension Scalar {
    public var boolValue: Bool {
        switch self {
        case .bool(let b): return b
        case .uint8(let v): return v != 0
        case .int64(let v): return v != 0
        case .float32(let v): return v != 0
        case .float64(let v): return v != 0
        }
    }
    public var int64Value: Int64 {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .uint8(let v): return Int64(v)
        case .int64(let v): return v
        case .float32(let v): return Int64(clampingToInt64: Double(v))
        case .float64(let v): return Int64(clampingToInt64: v)
        }
    }
    public var uint8Value: UInt8 {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .uint8(let v): return v
        default: return UInt8(truncatingIfNeeded: int64Value)
        }
    }
}
