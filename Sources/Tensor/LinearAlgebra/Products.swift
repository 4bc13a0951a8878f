import CBLAS

/// `np.dot(a, b)`: scalar product for 1-d operands, matrix product for 2-d, and for N-d a sum
/// over the last axis of `a` and the second-to-last of `b`. Floats go through BLAS.
public func dot(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    if a.ndim == 0 || b.ndim == 0 { return try binary(.multiply, .array(a), .array(b)) }
    let k = a.shape[a.ndim - 1]
    let bAxis = b.ndim >= 2 ? b.ndim - 2 : 0
    guard k == b.shape[bAxis] else {
        throw TensorError.value("shapes \(compactShape(a.shape)) and \(compactShape(b.shape)) not aligned: \(k) (dim \(a.ndim - 1)) != \(b.shape[bAxis]) (dim \(bAxis))")
    }
    if a.ndim <= 2 && b.ndim <= 2 { return try matrixProduct(a, b, rules: .dot) }
    // General N-d: NumPy takes one scalar product per output element; so does this.
    let dtype = DType.promote(a.dtype, b.dtype)
    let compute: DType = dtype == .bool || dtype == .uint8 ? .int64 : dtype
    let x = a.dtype == compute ? a : try a.astype(compute)
    let y = b.dtype == compute ? b : try b.astype(compute)
    var shape = Array(a.shape.dropLast())
    shape += b.shape.enumerated().filter { $0.offset != bAxis }.map(\.element)
    // Not zeroed here: the loops below write every element, one scalar product each.
    let out = try NDArray(zeros: shape, dtype: compute, zeroed: false)
    if out.count > 0 && k == 0 { out.zeroFill() }
    if out.count > 0 && k > 0 {
        var rowOffsets = [Int](), columnOffsets = [Int]()
        NDArray.forEachOffset(shape: Array(x.shape.dropLast()), strides: Array(x.strides.dropLast()), offset: x.offset) { rowOffsets.append($0) }
        var bShape = b.shape, bStrides = y.strides
        bShape.remove(at: bAxis); bStrides.remove(at: bAxis)
        NDArray.forEachOffset(shape: bShape, strides: bStrides, offset: y.offset) { columnOffsets.append($0) }
        let sa = x.strides[x.ndim - 1], sb = y.strides[bAxis]
        switch compute {
        case .float64: try scalarProducts(Double.self, x, y, out, rowOffsets, columnOffsets, k, sa, sb)
        case .float32: try scalarProducts(Float.self, x, y, out, rowOffsets, columnOffsets, k, sa, sb)
        default:
            let pa = x.storage.base.assumingMemoryBound(to: Int64.self), pb = y.storage.base.assumingMemoryBound(to: Int64.self)
            let po = out.pointer(Int64.self)
            var i = 0
            for r in rowOffsets {
                try Interrupt.check()
                for c in columnOffsets {
                    var acc: Int64 = 0
                    for p in 0..<k { acc = acc &+ pa[r &+ p &* sa] &* pb[c &+ p &* sb] }
                    po[i] = acc
                    i += 1
                }
            }
        }
    }
    return dtype == compute ? out : try out.astype(dtype)
}

/// One BLAS dot per (row of a, column of b) pair, written in C order.
private func scalarProducts<T: BLASElement>(_: T.Type, _ x: NDArray, _ y: NDArray, _ out: NDArray,
                                            _ rows: [Int], _ columns: [Int], _ k: Int, _ sa: Int, _ sb: Int) throws {
    BLASThreads.configureOnce()
    let pa = UnsafePointer(x.storage.base.assumingMemoryBound(to: T.self))
    let pb = UnsafePointer(y.storage.base.assumingMemoryBound(to: T.self))
    let po = out.pointer(T.self)
    var i = 0
    for r in rows {
        try Interrupt.check()
        for c in columns {
            po[i] = blasDot(T.self, k, pa + r, sa, pb + c, sb)
            i += 1
        }
    }
}

/// BLAS wants positive increments; a negative one means the vector starts at its far end.
private func blasDot<T: BLASElement>(_: T.Type, _ n: Int, _ x: UnsafePointer<T>, _ incx: Int, _ y: UnsafePointer<T>, _ incy: Int) -> T {
    if incx > 0 && incy > 0 { return T.dot(n, x, incx, y, incy) }
    var acc: T = 0
    for p in 0..<n { acc += x[p &* incx] * y[p &* incy] }
    return acc
}

/// `a @ b` / `np.matmul`: 1-d operands are promoted to a row or column and the extra axis
/// removed afterwards; leading axes broadcast as a stack of matrices.
public func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    let signature = "(n?,k),(k,m?)->(n?,m?)"
    for (i, x) in [a, b].enumerated() where x.ndim == 0 {
        throw TensorError.value("matmul: Input operand \(i) does not have enough dimensions (has 0, gufunc core with signature \(signature) requires 1)")
    }
    let k = a.shape[a.ndim - 1], kb = b.ndim == 1 ? b.shape[0] : b.shape[b.ndim - 2]
    guard k == kb else {
        throw TensorError.value("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \(signature) (size \(kb) is different from \(k))")
    }
    if a.ndim <= 2 && b.ndim <= 2 {
        return try matrixProduct(a, b, rules: .matmul)
    }
    let a3 = a.ndim == 1 ? try a.reshaped([1, k]) : a
    let b3 = b.ndim == 1 ? try b.reshaped([k, 1]) : b
    let batch = try broadcastShapes(Array(a3.shape.dropLast(2)), Array(b3.shape.dropLast(2)))
    let m = a3.shape[a3.ndim - 2], n = b3.shape[b3.ndim - 1]
    let left = try broadcast(a3, to: batch + [m, k]), right = try broadcast(b3, to: batch + [k, n])
    let dtype = DType.promote(a.dtype, b.dtype)
    let out = try NDArray(zeros: batch + [m, n], dtype: dtype, zeroed: false)
    let batchCount = try NDArray.checkedCount(batch)
    let leftBatchStrides = Array(left.strides.dropLast(2)), rightBatchStrides = Array(right.strides.dropLast(2))
    var offsetsA = [Int](), offsetsB = [Int]()
    NDArray.forEachOffset(shape: batch, strides: leftBatchStrides, offset: left.offset) { offsetsA.append($0) }
    NDArray.forEachOffset(shape: batch, strides: rightBatchStrides, offset: right.offset) { offsetsB.append($0) }
    for i in 0..<batchCount {
        if i % 64 == 63 { try Interrupt.check() }
        let x = NDArray(storage: left.storage, dtype: left.dtype, shape: [m, k], strides: Array(left.strides.suffix(2)), offset: offsetsA[i])
        let y = NDArray(storage: right.storage, dtype: right.dtype, shape: [k, n], strides: Array(right.strides.suffix(2)), offset: offsetsB[i])
        let slice = NDArray(storage: out.storage, dtype: dtype, shape: [m, n], strides: [n, 1], offset: i &* m &* n)
        let product = try matrixProduct(x, y, rules: .matmul)
        ElementCopy.assign(slice, from: product)
    }
    var shape = out.shape
    if b.ndim == 1 { shape.removeLast() }
    if a.ndim == 1 { shape.remove(at: shape.count - (b.ndim == 1 ? 1 : 2)) }
    return try out.reshaped(shape)
}

/// `np.outer(a, b)`: `a.ravel()[:, None] * b.ravel()[None, :]`, computed by the multiply
/// ufunc exactly as NumPy does.
public func outer(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    let x = try a.contiguous().reshaped([a.count, 1]), y = try b.contiguous().reshaped([1, b.count])
    return try binary(.multiply, .array(x), .array(y))
}

/// NumPy reaches BLAS differently from `np.dot` and from `matmul`, and the rounding follows
/// the route: `dot` copies awkward views and always uses BLAS (a one-element operand becomes
/// a scaling); `matmul` uses BLAS only for views BLAS can read in place and otherwise sums
/// each product left to right.
enum ProductRules { case dot, matmul }

/// Product of operands with at most two axes each (shapes already checked).
func matrixProduct(_ a: NDArray, _ b: NDArray, rules: ProductRules) throws -> NDArray {
    let dtype = DType.promote(a.dtype, b.dtype)
    if dtype == .float64, let product = try SparseProducts.product(a, b) { return product }
    let compute: DType = dtype == .bool || dtype == .uint8 ? .int64 : dtype
    let x = a.dtype == compute ? a : try a.astype(compute)
    let y = b.dtype == compute ? b : try b.astype(compute)
    if let product = try deferredProduct(x, y) { return product }
    let m = x.ndim == 2 ? x.shape[0] : 1, k = x.shape[x.ndim - 1]
    let n = y.ndim == 2 ? y.shape[1] : 1
    var shape = [Int]()
    if x.ndim == 2 { shape.append(m) }
    if y.ndim == 2 { shape.append(n) }
    // Not zeroed here: BLAS's gemm with beta 0 writes every element without reading it, and
    // the other routes zero what they may leave unwritten.
    let out = try NDArray(zeros: shape, dtype: compute, zeroed: false)
    if out.count > 0 && k == 0 { out.zeroFill() }
    if out.count > 0 && k > 0 {
        let left = try x.ndim == 2 ? x : x.reshaped([1, k])
        let right = try y.ndim == 2 ? y : y.reshaped([k, 1])
        switch compute {
        case .float64: try floatProduct(Double.self, left, right, out, rules, scalarShaped: (isScalarShaped(a), isScalarShaped(b)))
        case .float32: try floatProduct(Float.self, left, right, out, rules, scalarShaped: (isScalarShaped(a), isScalarShaped(b)))
        default: try sequentialProduct(Int64.self, left, right, out, zero: 0, { $0 &+ $1 &* $2 })
        }
    }
    return dtype == compute ? out : try out.astype(dtype)
}

/// NumPy's `dot` treats shapes (1,), (0,) and (1, 1) as scalars.
private func isScalarShaped(_ a: NDArray) -> Bool {
    (a.ndim == 1 && a.shape[0] <= 1) || (a.ndim == 2 && a.shape[0] <= 1 && a.shape[1] == 1)
}

/// NumPy's `is_blasable2d`: unit steps along the second axis and a leading stride that
/// covers a row.
private func blasable(_ s1: Int, _ s2: Int, _ d2: Int) -> Bool {
    s2 == 1 && s1 >= d2 && s1 <= Int(Int32.max)
}

private func floatProduct<T: BLASElement>(_: T.Type, _ a: NDArray, _ b: NDArray, _ out: NDArray,
                                         _ rules: ProductRules, scalarShaped: (Bool, Bool)) throws {
    BLASThreads.configureOnce()
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    guard k <= Int(Int32.max), m <= Int(Int32.max), n <= Int(Int32.max) else {
        try sequentialProduct(T.self, a, b, out, zero: 0, { $0 + $1 * $2 })
        return
    }
    var x = a, y = b
    if rules == .dot {
        if scalarShaped.0 || scalarShaped.1 {
            // BLAS's axpy with a zero factor leaves the output untouched: NumPy's dot then
            // answers 0 even against inf or NaN.
            let scalar = scalarShaped.1 ? y : x, other = scalarShaped.1 ? x : y
            let alpha = scalar.readPointer(T.self)[0]
            if alpha == 0 && other.count > 1 { out.zeroFill(); return }
            try sequentialProduct(T.self, a, b, out, zero: 0, { $0 + $1 * $2 })
            return
        }
    }
    // Views BLAS cannot read are copied into C order first (as NumPy 2 does for both).
    if !(blasable(x.strides[0], x.strides[1], k) || blasable(x.strides[1], x.strides[0], m)) { x = try x.copy() }
    if !(blasable(y.strides[0], y.strides[1], n) || blasable(y.strides[1], y.strides[0], k)) { y = try y.copy() }
    let (as0, as1) = (x.strides[0], x.strides[1]), (bs0, bs1) = (y.strides[0], y.strides[1])
    let aC = blasable(as0, as1, k), aF = blasable(as1, as0, m)
    let bC = blasable(bs0, bs1, n), bF = blasable(bs1, bs0, k)
    let pa = x.readPointer(T.self), pb = y.readPointer(T.self), c = out.pointer(T.self)
    if m == 1 && n == 1 {
        c[0] = 0 + blasDot(T.self, k, pa, as1, pb, bs0)
    } else if m == 1 && (bC || bF) && as1 >= 1 {
        // Row vector times matrix: y = Bᵀ x. (gemv scales y by beta 0 first, which some
        // OpenBLAS versions do as a multiplication: y must hold numbers.)
        out.zeroFill()
        if bC { T.gemv(CblasTrans, k, n, pb, bs0, pa, as1, c, 1) }
        else { T.gemv(CblasNoTrans, n, k, pb, bs1, pa, as1, c, 1) }
    } else if n == 1 && (aC || aF) && bs0 >= 1 {
        out.zeroFill()
        if aC { T.gemv(CblasNoTrans, m, k, pa, as0, pb, bs0, c, 1) }
        else { T.gemv(CblasTrans, k, m, pa, as1, pb, bs0, c, 1) }
    } else if m > 1 && n > 1 && k > 1 && (aC || aF) && (bC || bF) || (rules == .dot && m > 1 && n > 1) {
        gemm(T.self, x, y, c)
    } else {
        try sequentialProduct(T.self, x, y, out, zero: 0, { $0 + $1 * $2 })
    }
}

/// c = x · y for 2-d operands BLAS can read as they are (C or Fortran order).
private func gemm<T: BLASElement>(_: T.Type, _ x: NDArray, _ y: NDArray, _ c: UnsafeMutablePointer<T>) {
    let m = x.shape[0], k = x.shape[1], n = y.shape[1]
    let (as0, as1) = (x.strides[0], x.strides[1]), (bs0, bs1) = (y.strides[0], y.strides[1])
    let aC = blasable(as0, as1, k), bC = blasable(bs0, bs1, n)
    SplitGEMM.gemm(T.self, aC ? CblasNoTrans : CblasTrans, bC ? CblasNoTrans : CblasTrans, m, n, k,
                   x.readPointer(T.self), aC ? as0 : as1, y.readPointer(T.self), bC ? bs0 : bs1, c, n)
}

/// Large float products are computed when first read (``Storage/deferred(byteCount:reading:fill:)``):
/// the first Affine layer's backward returns `np.dot(dout, W.T)`, which nothing reads. Nil
/// when the product is small, or its operands need copying first.
private func deferredProduct(_ x: NDArray, _ y: NDArray) throws -> NDArray? {
    guard x.ndim == 2, y.ndim == 2, x.dtype == y.dtype, x.dtype == .float64 || x.dtype == .float32 else { return nil }
    let m = x.shape[0], k = x.shape[1], n = y.shape[1]
    guard m > 1, n > 1, k > 1, m <= Int(Int32.max), n <= Int(Int32.max), k <= Int(Int32.max),
          Double(m) * Double(n) * Double(k) >= Double(SplitGEMM.minimumBlockWork),
          blasable(x.strides[0], x.strides[1], k) || blasable(x.strides[1], x.strides[0], m),
          blasable(y.strides[0], y.strides[1], n) || blasable(y.strides[1], y.strides[0], k) else { return nil }
    let shape = [m, n], dtype = x.dtype
    let count = try NDArray.checkedCount(shape)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    guard !overflow else { return nil }
    BLASThreads.configureOnce()
    x.storage.fillIfDeferred()
    y.storage.fillIfDeferred()
    let storage = try Storage.deferred(byteCount: bytes, reading: [x.storage, y.storage]) { block in
        if dtype == .float64 { gemm(Double.self, x, y, block.assumingMemoryBound(to: Double.self)) }
        else { gemm(Float.self, x, y, block.assumingMemoryBound(to: Float.self)) }
    }
    return NDArray(storage: storage, dtype: dtype, shape: shape, strides: NDArray.contiguousStrides(shape))
}

/// The textbook loop NumPy falls back to: each output element sums its products in order.
private func sequentialProduct<T>(_: T.Type, _ a: NDArray, _ b: NDArray, _ out: NDArray, zero: T,
                                  _ step: (T, T, T) -> T) throws {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    let pa = a.readPointer(T.self), pb = b.readPointer(T.self), c = out.pointer(T.self)
    let (ar, ac) = (a.strides[0], a.strides[1]), (br, bc) = (b.strides[0], b.strides[1])
    for i in 0..<m {
        if i % 64 == 63 { try Interrupt.check() }
        for j in 0..<n {
            var acc = zero
            for p in 0..<k { acc = step(acc, pa[i &* ar &+ p &* ac], pb[p &* br &+ j &* bc]) }
            c[i &* n &+ j] = acc
        }
    }
}

protocol BLASElement: FloatElement {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                     _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
                     _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
    static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ a: UnsafePointer<Self>, _ lda: Int,
                     _ x: UnsafePointer<Self>, _ incx: Int, _ y: UnsafeMutablePointer<Self>, _ incy: Int)
    static func dot(_ n: Int, _ x: UnsafePointer<Self>, _ incx: Int, _ y: UnsafePointer<Self>, _ incy: Int) -> Self
}

extension Double: BLASElement {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                     _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                     _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }
    static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                     _ x: UnsafePointer<Double>, _ incx: Int, _ y: UnsafeMutablePointer<Double>, _ incy: Int) {
        cblas_dgemv(CblasRowMajor, t, Int32(m), Int32(n), 1, a, Int32(lda), x, Int32(incx), 0, y, Int32(incy))
    }
    static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ incx: Int, _ y: UnsafePointer<Double>, _ incy: Int) -> Double {
        cblas_ddot(Int32(n), x, Int32(incx), y, Int32(incy))
    }
}

extension Float: BLASElement {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                     _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                     _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }
    static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                     _ x: UnsafePointer<Float>, _ incx: Int, _ y: UnsafeMutablePointer<Float>, _ incy: Int) {
        cblas_sgemv(CblasRowMajor, t, Int32(m), Int32(n), 1, a, Int32(lda), x, Int32(incx), 0, y, Int32(incy))
    }
    static func dot(_ n: Int, _ x: UnsafePointer<Float>, _ incx: Int, _ y: UnsafePointer<Float>, _ incy: Int) -> Float {
        cblas_sdot(Int32(n), x, Int32(incx), y, Int32(incy))
    }
}

