/// The reductions behind `np.sum`, `np.mean`, `a.max()` and friends.
public enum ReduceOp: String, CaseIterable, Sendable {
    case sum, prod, mean, max, min, any, all, std
    case variance = "var"

    /// NumPy's ufunc name for messages ("zero-size array to reduction operation maximum ...").
    var ufuncName: String {
        switch self {
        case .max: return "maximum"
        case .min: return "minimum"
        case .prod: return "multiply"
        default: return "add"
        }
    }
}

/// Reduces `a` over `axes` (nil: all axes; negative axes count from the end). A full
/// reduction gives a 0-d array. Sums follow NumPy's pairwise order, so values agree exactly.
public func reduce(_ op: ReduceOp, _ a: NDArray, axes: [Int]? = nil, keepdims: Bool = false, ddof: Int = 0) throws -> NDArray {
    let reduced = try axes.map { try normalizeAxes($0, ndim: a.ndim) } ?? Array(0..<a.ndim)
    switch op {
    case .mean:
        let total = try reduce(.sum, a.dtype.isFloatingPoint ? a : a.astype(.float64), axes: reduced, keepdims: keepdims)
        return try binary(.divide, .array(total), .python(.int(Int64(reducedCount(a, reduced)))))
    case .variance, .std:
        let x = a.dtype.isFloatingPoint ? a : try a.astype(.float64)
        let n = reducedCount(a, reduced)
        let mean = try binary(.divide, .array(try reduce(.sum, x, axes: reduced, keepdims: true)), .python(.int(Int64(n))))
        let deviation = try binary(.subtract, .array(x), .array(mean))
        let squares = try binary(.multiply, .array(deviation), .array(deviation))
        let total = try reduce(.sum, squares, axes: reduced, keepdims: keepdims)
        let v = try binary(.divide, .array(total), .python(.int(Int64(Swift.max(n - ddof, 0)))))
        return op == .std ? try unary(.sqrt, v) : v
    default:
        break
    }
    if reduced.count == 1, let out = try matrixReduce(op, a, axis: reduced[0], keepdims: keepdims) { return out }
    let layout = ReductionLayout(shape: a.shape, strides: a.strides, reduced: Set(reduced))
    let outDType: DType
    switch op {
    case .any, .all: outDType = .bool
    case .sum, .prod: outDType = a.dtype.isFloatingPoint ? a.dtype : .int64
    default: outDType = a.dtype
    }
    var outShape = layout.keptShape
    if keepdims { outShape = a.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element } }
    let out = try NDArray(zeros: outShape, dtype: outDType, zeroed: false)
    if out.count == 0 { return out }
    if layout.reducedCount == 0, op == .max || op == .min {
        throw TensorError.value("zero-size array to reduction operation \(op.ufuncName) which has no identity")
    }
    let x: NDArray
    switch op {
    case .any, .all: x = a.dtype == .bool ? a : try unary(.logicalNot, try unary(.logicalNot, a))
    default: x = a.dtype == outDType ? a : try a.astype(outDType)
    }
    let source = ReductionLayout(shape: x.shape, strides: x.strides, reduced: Set(reduced))
    switch outDType {
    case .float64: floatReduce(op, Double.self, x, source, out)
    case .float32: floatReduce(op, Float.self, x, source, out)
    case .int64: integerReduce(op, Int64.self, x, source, out)
    case .uint8: integerReduce(op, UInt8.self, x, source, out)
    case .bool:
        switch op {
        case .any, .max: run(x, source, out, UInt8(0), { $0 | $1 })
        default: run(x, source, out, UInt8(1), { $0 & $1 })   // all, min
        }
    }
    return out
}

private func reducedCount(_ a: NDArray, _ axes: [Int]) -> Int {
    var n = 1
    for axis in axes { n &*= a.shape[axis] }
    return n
}

private func floatReduce<T: FloatElement>(_ op: ReduceOp, _: T.Type, _ x: NDArray, _ layout: ReductionLayout, _ out: NDArray) {
    switch op {
    case .sum: run(x, layout, out, T(0), { $0 + $1 }, row: { pairwiseSum($0, $1, $2) })
    case .prod: run(x, layout, out, T(1), { $0 * $1 })
    case .max: run(x, layout, out, -T.infinity, { extremum($0, $1, largest: true) })
    case .min: run(x, layout, out, T.infinity, { extremum($0, $1, largest: false) })
    default: break
    }
}

private func integerReduce<T: FixedWidthInteger>(_ op: ReduceOp, _: T.Type, _ x: NDArray, _ layout: ReductionLayout, _ out: NDArray) {
    switch op {
    case .sum: run(x, layout, out, T(0), { $0 &+ $1 })
    case .prod: run(x, layout, out, T(1), { $0 &* $1 })
    case .max: run(x, layout, out, T.min, { Swift.max($0, $1) })
    case .min: run(x, layout, out, T.max, { Swift.min($0, $1) })
    default: break
    }
}

/// Runs a reduction with `combine`, starting every output at `identity`. In rows mode each
/// row is first reduced with `row` (pairwise for float sums, a left fold otherwise).
@inline(__always)
private func run<T>(_ x: NDArray, _ layout: ReductionLayout, _ out: NDArray, _ identity: T,
                    _ combine: (T, T) -> T, row: ((UnsafePointer<T>, Int, Int) -> T)? = nil) {
    let p = x.readPointer(T.self)
    let o = out.pointer(T.self)
    switch layout.mode {
    case .rows:
        var k = 0
        NDArray.forEachOffset(shape: layout.keptShape, strides: layout.keptStrides, offset: 0) { base in
            var acc = identity
            layout.forEachOuterOffset { outer in
                let start = p + (base &+ outer)
                if let row {
                    acc = combine(acc, row(start, layout.rowLength, layout.rowStride))
                } else {
                    for i in 0..<layout.rowLength { acc = combine(acc, start[i &* layout.rowStride]) }
                }
            }
            o[k] = acc
            k += 1
        }
    case .elements:
        o.update(repeating: identity, count: out.count)
        let loop = StridedLoop(shape: layout.keptShape, strides: [layout.keptStrides, NDArray.contiguousStrides(layout.keptShape)])
        layout.forEachOuterOffset { outer in
            let src = p + outer
            loop.forEachRow { off, n, s in
                let pa = src + off[0], po = o + off[1]
                let sa = s[0], so = s[1]
                for i in 0..<n { po[i &* so] = combine(po[i &* so], pa[i &* sa]) }
            }
        }
    }
}
