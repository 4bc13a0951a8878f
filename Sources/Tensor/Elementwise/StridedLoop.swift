/// How an element-wise kernel walks up to three operands (inputs and output) over one
/// broadcast shape. Axes of length 1 are dropped and neighbouring axes merged wherever
/// every operand steps through them as one, so the common cases become a single row.
struct StridedLoop {
    /// The merged shape; never empty (a 0-d loop is one row of one element).
    private(set) var shape: [Int]
    /// Per operand, its strides along `shape`, in elements.
    private(set) var strides: [[Int]]
    private(set) var count: Int

    init(shape: [Int], strides operandStrides: [[Int]]) {
        var dims = [Int](), st = [[Int]](filling: [], count: operandStrides.count)
        var n = 1
        for (axis, d) in shape.enumerated() where d != 1 {
            n &*= d
            if let last = dims.last, operandStrides.indices.allSatisfy({ k in
                st[k].last! == operandStrides[k][axis] &* d }) {
                _ = last
                dims[dims.count - 1] &*= d
                for k in operandStrides.indices { st[k][st[k].count - 1] = operandStrides[k][axis] }
            } else {
                dims.append(d)
                for k in operandStrides.indices { st[k].append(operandStrides[k][axis]) }
            }
        }
        if dims.isEmpty || n == 0 {
            dims = [n == 0 ? 0 : 1]
            st = st.map { _ in [0] }
        }
        self.shape = dims
        self.strides = st
        self.count = n
    }

    /// Calls `row` once per innermost row with each operand's starting offset, the row
    /// length and the operands' inner strides. Offsets are relative to each operand's start.
    @inline(__always)
    func forEachRow(_ row: (_ offsets: UnsafePointer<Int>, _ length: Int, _ innerStrides: UnsafePointer<Int>) -> Void) {
        if count == 0 { return }
        let nd = shape.count, k = strides.count
        let inner = shape[nd - 1]
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * k + nd) { buf in
            let offsets = buf.baseAddress!, innerStrides = offsets + k, counter = innerStrides + k
            for j in 0..<k { offsets[j] = 0; innerStrides[j] = strides[j][nd - 1] }
            for a in 0..<nd { counter[a] = 0 }
            while true {
                row(offsets, inner, innerStrides)
                var axis = nd - 2
                while axis >= 0 {
                    counter[axis] += 1
                    for j in 0..<k { offsets[j] &+= strides[j][axis] }
                    if counter[axis] < shape[axis] { break }
                    for j in 0..<k { offsets[j] &-= strides[j][axis] &* shape[axis] }
                    counter[axis] = 0
                    axis -= 1
                }
                if axis < 0 { return }
            }
        }
    }
}

/// `out[i] = f(a[i], b[i])` over a loop plan with operands (a, b, out).
@inline(__always)
func zipRows<A, B, R>(_ loop: StridedLoop, _ a: UnsafePointer<A>, _ b: UnsafePointer<B>,
                      _ out: UnsafeMutablePointer<R>, _ f: (A, B) -> R) {
    loop.forEachRow { off, n, s in
        let pa = a + off[0], pb = b + off[1], po = out + off[2]
        let sa = s[0], sb = s[1], so = s[2]
        // In place (`W -= g`, `x *= 2`): the output is the left operand. Written through one
        // pointer, so the vectoriser's overlap check (out against a) does not send every
        // in-place update down its scalar loop.
        let inPlace = A.self == R.self && UnsafeRawPointer(po) == UnsafeRawPointer(pa)
        if so == 1 && sa == 1 && sb == 1 {
            if inPlace {
                for i in 0..<n { po[i] = f(unsafeBitCast(po[i], to: A.self), pb[i]) }
            } else {
                for i in 0..<n { po[i] = f(pa[i], pb[i]) }
            }
        } else if so == 1 && sa == 1 && sb == 0 {
            let y = pb[0]
            if inPlace {
                for i in 0..<n { po[i] = f(unsafeBitCast(po[i], to: A.self), y) }
            } else {
                for i in 0..<n { po[i] = f(pa[i], y) }
            }
        } else if so == 1 && sa == 0 && sb == 1 {
            let x = pa[0]
            for i in 0..<n { po[i] = f(x, pb[i]) }
        } else {
            for i in 0..<n { po[i &* so] = f(pa[i &* sa], pb[i &* sb]) }
        }
    }
}

/// `out[i] = f(a[i])` over a loop plan with operands (a, out).
@inline(__always)
func mapRows<A, R>(_ loop: StridedLoop, _ a: UnsafePointer<A>, _ out: UnsafeMutablePointer<R>, _ f: (A) -> R) {
    loop.forEachRow { off, n, s in
        let pa = a + off[0], po = out + off[1]
        let sa = s[0], so = s[1]
        if so == 1 && sa == 1 {
            for i in 0..<n { po[i] = f(pa[i]) }
        } else {
            for i in 0..<n { po[i &* so] = f(pa[i &* sa]) }
        }
    }
}

extension NDArray {
    /// Typed pointer to this view's first element, read-only: nothing may be written through
    /// it (deferred products reading this array are not run first, as they are for
    /// ``pointer(_:)``).
    @inline(__always)
    public func readPointer<T>(_ type: T.Type) -> UnsafePointer<T> {
        (storage.readBase + offset * dtype.itemSize).assumingMemoryBound(to: T.self)
    }
}
