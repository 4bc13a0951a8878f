import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The right-hand side of `a[items] = value`.
enum AssignedValue {
    /// An array (or NumPy scalar as a 0-d array): broadcast, then cast unsafely like NumPy.
    case array(NDArray)
    /// A Python scalar: converted with Python's checks (NaN into an int array is an error).
    case bool(Bool)
    case int(Int64)
    case float(Double)

    /// The Python scalar converted for an array of `dtype`, with NumPy's errors.
    func scalar(for dtype: DType) throws -> Scalar? {
        switch self {
        case .array: return nil
        case .bool(let b): return Scalar(b ? 1 : 0, as: dtype)
        case .int(let i): return try AssignedValue.convert(int: i, to: dtype)
        case .float(let x):
            if dtype.isFloatingPoint || dtype == .bool { return Scalar(x, as: dtype) }
            if x.isNaN { throw TensorError.value("cannot convert float NaN to integer") }
            if x.isInfinite { throw TensorError(.overflowError, "cannot convert float infinity to integer") }
            let t = x.rounded(.towardZero)
            guard t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else {
                throw TensorError(.overflowError, "Python int too large to convert to C long")
            }
            return try AssignedValue.convert(int: Int64(t), to: dtype)
        }
    }

    private static func convert(int i: Int64, to dtype: DType) throws -> Scalar {
        switch dtype {
        case .uint8:
            guard i >= 0, i <= 255 else { throw TensorError(.overflowError, "Python integer \(i) out of bounds for uint8") }
            return .uint8(UInt8(i))
        case .int64: return .int64(i)
        case .bool: return .bool(i != 0)
        case .float32: return .float32(Float(i))
        case .float64: return .float64(Double(i))
        }
    }
}

extension NDArray {
    /// `a[items] = value` for an array value: broadcast to the selection and cast to `a.dtype`.
    public func set(_ items: [IndexItem], array value: NDArray) throws {
        try assign(items, .array(value))
    }

    /// `a[items] = value` for a NumPy scalar: stored as a 0-d array would be.
    public func set(_ items: [IndexItem], scalar value: Scalar) throws {
        try assign(items, .array(try NDArray(scalar: value)))
    }

    /// `a[items] = True/False` (a Python bool).
    public func set(_ items: [IndexItem], bool value: Bool) throws { try assign(items, .bool(value)) }

    /// `a[items] = 3` (a Python int): out-of-range values for uint8 are an OverflowError.
    public func set(_ items: [IndexItem], int value: Int64) throws { try assign(items, .int(value)) }

    /// `a[items] = 0.5` (a Python float): truncated into integer arrays; NaN there is an error.
    public func set(_ items: [IndexItem], float value: Double) throws { try assign(items, .float(value)) }

    func assign(_ items: [IndexItem], _ value: AssignedValue) throws {
        let fill = try value.scalar(for: dtype)
        // `out[mask] = 0` with a mask shaped like the array: one pass, no index lists.
        if let fill, items.count == 1, case .array(let m) = items[0], m.dtype == .bool, m.ndim > 0, m.shape == shape {
            maskedFill(m, fill)
            return
        }
        let plan = try indexPlan(items)
        if !plan.isAdvanced {
            let target = plan.view
            if let fill { target.fill(fill); return }
            guard case .array(var v) = value else { return }
            guard let b = broadcastForAssignment(v, to: target.shape) else {
                throw TensorError.value("could not broadcast input array from shape \(NDArray.reshapeDescription(v.shape)) into shape \(NDArray.reshapeDescription(target.shape))")
            }
            v = b
            // a[1:] = a[:-1]: read the whole value before writing any of it.
            if v.mayShareMemory(with: target) { v = try v.copy() ; v = broadcastForAssignment(v, to: target.shape)! }
            ElementCopy.assign(target, from: v)
            return
        }
        try scatter(plan, value, fill)
    }

    /// Writes `fill` wherever `mask` (same shape as self) is true: ReLU's `out[mask] = 0`.
    private func maskedFill(_ mask: NDArray, _ fill: Scalar) {
        switch dtype {
        case .bool: maskedFill(mask, UInt8(fill.boolValue ? 1 : 0))
        case .uint8: maskedFill(mask, fill.uint8Value)
        case .int64: maskedFill(mask, fill.int64Value)
        case .float32: maskedFill(mask, Float(fill.doubleValue))
        case .float64:
            if mask.isContiguous && isContiguous {
                let d = pointer(Double.self), m = mask.readPointer(UInt8.self), value = fill.doubleValue
                LargeRows.forEachShare(of: self) { first, n, width in
                    nn_masked_fill_f64(d + first * width, m + first * width, Int64(n * width), value)
                }
            } else {
                maskedFill(mask, fill.doubleValue)
            }
        }
    }

    private func maskedFill<T>(_ mask: NDArray, _ value: T) {
        let m = mask.storage.base.assumingMemoryBound(to: UInt8.self)
        let dst = storage.base.assumingMemoryBound(to: T.self)
        if mask.isContiguous && isContiguous {
            // A select, not a branch: ReLU's masks are a coin toss per element.
            let mp = m + mask.offset, d = dst + offset
            for i in 0..<count { d[i] = mp[i] != 0 ? value : d[i] }
            return
        }
        var offsets = [Int]()
        offsets.reserveCapacity(count)
        forEachOffset { offsets.append($0) }
        var i = 0
        mask.forEachOffset { o in
            if m[o] != 0 { dst[offsets[i]] = value }
            i += 1
        }
    }

    /// Advanced assignment: the value is first laid out as the selection's result would be
    /// (a fresh buffer, so overlapping sources are safe), then written block by block.
    private func scatter(_ plan: IndexPlan, _ value: AssignedValue, _ fill: Scalar?) throws {
        let shape = plan.resultShape
        let buffer = try NDArray(zeros: fill == nil ? shape : [], dtype: dtype, zeroed: false)
        if let fill {
            buffer.setScalar(fill, atStorageOffset: 0)
        } else if case .array(let v) = value {
            if plan.isSingleFullMask {
                let n = plan.blockShape.first ?? 0
                if v.ndim > 1 {
                    throw TensorError.type("NumPy boolean array indexing assignment requires a 0 or 1-dimensional input, input has \(v.ndim) dimensions")
                }
                if v.count != 1 && v.count != n {
                    throw TensorError.value("NumPy boolean array indexing assignment cannot assign \(v.count) input values to the \(n) output values where the mask is true")
                }
            }
            guard let b = broadcastForAssignment(v, to: shape) else {
                throw TensorError.value("shape mismatch: value array of shape \(NDArray.reshapeDescription(v.shape)) could not be broadcast to indexing result of shape \(NDArray.reshapeDescription(shape))")
            }
            ElementCopy.assign(buffer, from: b)
        }
        let v = plan.view
        let size = dtype.itemSize
        let post = BlockLayout(view: v, axes: plan.postAxes)
        let src = buffer.storage.base, dst = storage.base
        let repeats = fill != nil
        let zeroStrides = [Int](repeating: 0, count: post.shape.count)
        var s = 0   // element index into the buffer
        try NDArray.forEachOffset(shape: plan.preAxes.map { v.shape[$0] }, strides: plan.preAxes.map { v.strides[$0] },
                                  offset: v.offset) { pre in
            try Interrupt.check()
            for b in plan.blockOffsets {
                let d = pre &+ b
                if post.isContiguous && !repeats {
                    memcpy(dst + d &* size, src + s &* size, post.count &* size)
                } else {
                    ElementCopy.assign(dstBase: dst, dstOffset: d, dstStrides: post.strides, dstType: dtype,
                                       srcBase: src, srcOffset: repeats ? 0 : s,
                                       srcStrides: repeats ? zeroStrides : post.contiguousStrides, srcType: dtype,
                                       shape: post.shape)
                }
                if !repeats { s &+= post.count }
            }
        }
    }
}

/// A stride-0 view of `a` presenting it with `shape` (NumPy assignment broadcasting, which also
/// drops extra leading axes of length one), or nil when it does not fit.
/// Kept here until tensor-ops' `broadcast(_:to:)` can replace it.
func broadcastForAssignment(_ a: NDArray, to shape: [Int]) -> NDArray? {
    var aShape = a.shape, aStrides = a.strides
    while aShape.count > shape.count {
        guard aShape.first == 1 else { return nil }
        aShape.removeFirst(); aStrides.removeFirst()
    }
    let lead = shape.count - aShape.count
    var strides = [Int](repeating: 0, count: shape.count)
    for i in 0..<aShape.count {
        let n = shape[lead + i]
        if aShape[i] == n { strides[lead + i] = n == 1 ? 0 : aStrides[i] }
        else if aShape[i] == 1 { strides[lead + i] = 0 }
        else { return nil }
    }
    return NDArray(storage: a.storage, dtype: a.dtype, shape: shape, strides: strides, offset: a.offset)
}
