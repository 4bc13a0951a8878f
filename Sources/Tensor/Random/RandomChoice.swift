/// Sampling from populations: `choice`, `permutation` and `shuffle`, drawing from the
/// stream exactly as NumPy's legacy `RandomState` methods do.
extension RandomState {
    /// What `choice` samples from: `choice(5)` or `choice(array)`.
    public enum Population {
        case count(Int)
        case array(NDArray)
    }

    /// `choice(n, size, replace, p)`: int64 indices in [0, n).
    public func choice(_ n: Int, shape: [Int]? = nil, replace: Bool = true, p: NDArray? = nil) throws -> NDArray {
        try choice(.count(n), shape: shape, replace: replace, p: p)
    }

    /// `choice(n, count)` (with replacement, uniform) written into `out`: the same draws as
    /// ``choice(_:shape:replace:p:)``, for a training loop that must not allocate per step.
    public func choice(_ n: Int, count: Int, into out: UnsafeMutablePointer<Int64>) throws {
        guard n > 0 || count == 0 else { throw TensorError.value("a must be greater than 0 unless no samples are taken") }
        let span = UInt64(n - 1), g = generator
        for i in 0..<count { out[i] = Int64(bitPattern: RandomState.bounded(span, g)) }
    }

    /// `choice(a, size, replace, p)`: elements of the 1-d array `a` (its dtype is kept).
    public func choice(from a: NDArray, shape: [Int]? = nil, replace: Bool = true, p: NDArray? = nil) throws -> NDArray {
        try choice(.array(a), shape: shape, replace: replace, p: p)
    }

    /// `choice` from either kind of population, following `RandomState.choice` step by step.
    public func choice(_ population: Population, shape: [Int]?, replace: Bool = true, p: NDArray? = nil) throws -> NDArray {
        let sampleCount = try shape.map { try NDArray.checkedCount($0) }
        let popSize: Int
        switch population {
        case .count(let n):
            popSize = n
            if popSize <= 0 && sampleCount != 0 {
                throw TensorError.value("a must be greater than 0 unless no samples are taken")
            }
        case .array(let a):
            guard a.ndim == 1 else { throw TensorError.value("a must be 1-dimensional") }
            popSize = a.shape[0]
            if popSize == 0 && sampleCount != 0 {
                throw TensorError.value("'a' cannot be empty unless no samples are taken")
            }
        }
        let probabilities = try p.map { try checkedProbabilities($0, populationSize: popSize) }
        let size = sampleCount ?? 1

        let indices: NDArray
        if replace {
            if let probabilities {
                let cdf = cumulativeDistribution(probabilities)
                let uniforms = try randomSample(shape)
                indices = try NDArray(zeros: shape ?? [], dtype: .int64, zeroed: false)
                let u = uniforms.pointer(Double.self), out = indices.pointer(Int64.self)
                for i in 0..<indices.count { out[i] = Int64(searchSortedRight(cdf, u[i])) }
            } else {
                indices = try randint(low: 0, high: Int64(popSize), shape: shape)
            }
        } else {
            if size > popSize {
                throw TensorError.value("Cannot take a larger sample than population when 'replace=False'")
            }
            indices = try NDArray(zeros: shape ?? [], dtype: .int64, zeroed: false)
            let out = indices.pointer(Int64.self)
            if var weights = probabilities {
                guard weights.lazy.filter({ $0 > 0 }).count >= size else {
                    throw TensorError.value("Fewer non-zero entries in p than size")
                }
                try sampleDistinct(weights: &weights, count: size, into: out)
            } else {
                let order = try permutation(popSize)
                let src = order.pointer(Int64.self)
                for i in 0..<size { out[i] = src[i] }
            }
        }

        switch population {
        case .count: return indices
        case .array(let a): return try gather(a, indices)
        }
    }

    /// `permutation(n)`: a shuffled `arange(n)` (empty for n <= 0, as `np.arange` gives).
    public func permutation(_ n: Int) throws -> NDArray {
        let count = max(n, 0)
        let out = try NDArray(zeros: [count], dtype: .int64, zeroed: false)
        let p = out.pointer(Int64.self)
        for i in 0..<count { p[i] = Int64(i) }
        try shuffle(out)
        return out
    }

    /// `permutation(array)`: a shuffled copy, rows permuted along the first axis.
    public func permutation(_ a: NDArray) throws -> NDArray {
        guard a.ndim >= 1 else { throw TensorError.index("x must be an integer or at least 1-dimensional") }
        let out = try a.copy()
        try shuffle(out)
        return out
    }

    /// `shuffle(x)`: permutes `x` in place along its first axis (writes through views), by
    /// NumPy's legacy Fisher–Yates walk from the last row down to the second.
    public func shuffle(_ a: NDArray) throws {
        guard a.ndim >= 1 else { throw TensorError.type("len() of unsized object") }
        let n = a.shape[0]
        guard n > 1 else { return }
        let itemSize = a.dtype.itemSize
        let rowStride = a.strides[0] * itemSize
        // Byte offsets of one row's elements relative to the row start.
        var rowOffsets: [Int] = []
        NDArray.forEachOffset(shape: Array(a.shape.dropFirst()), strides: Array(a.strides.dropFirst()), offset: 0) {
            rowOffsets.append($0 * itemSize)
        }
        let base = a.storage.base + a.offset * itemSize
        for i in stride(from: n - 1, through: 1, by: -1) {
            if i & 0xfff == 0 { try Interrupt.check() }
            let j = Int(generator.interval(UInt64(i)))
            if i == j { continue }
            let rowI = base + i * rowStride, rowJ = base + j * rowStride
            for o in rowOffsets {
                swapBytes(rowI + o, rowJ + o, itemSize)
            }
        }
    }

    /// `shuffle(list)` for a Python list (any values): the same draws and swaps as for an array.
    public func shuffle<Element>(_ list: inout [Element]) {
        guard list.count > 1 else { return }
        for i in stride(from: list.count - 1, through: 1, by: -1) {
            let j = Int(generator.interval(UInt64(i)))
            if i != j { list.swapAt(i, j) }
        }
    }

    // MARK: - Helpers

    /// Validates `p` as NumPy does and returns it as doubles.
    private func checkedProbabilities(_ p: NDArray, populationSize: Int) throws -> [Double] {
        var tolerance = Double.ulpOfOne.squareRoot()
        if p.dtype == .float32 { tolerance = max(tolerance, Double(Float.ulpOfOne).squareRoot()) }
        guard p.ndim == 1 else { throw TensorError.value("'p' must be 1-dimensional") }
        guard p.count == populationSize else { throw TensorError.value("'a' and 'p' must have same size") }
        let values = p.toDoubles()
        // Kahan summation, as NumPy's check uses.
        var sum = values.first ?? 0, carry = 0.0
        for v in values.dropFirst() {
            let y = v - carry
            let t = sum + y
            carry = (t - sum) - y
            sum = t
        }
        if sum.isNaN { throw TensorError.value("probabilities contain NaN") }
        if values.contains(where: { $0 < 0 }) { throw TensorError.value("probabilities are not non-negative") }
        if !(abs(sum - 1) <= tolerance) { throw TensorError.value("probabilities do not sum to 1") }
        return values
    }

    /// `cumsum(p) / cumsum(p)[-1]`, summed left to right as `np.cumsum` does.
    private func cumulativeDistribution(_ p: [Double]) -> [Double] {
        var cdf = [Double](repeating: 0, count: p.count)
        var running = 0.0
        for i in 0..<p.count { running += p[i]; cdf[i] = running }
        if let total = cdf.last { for i in 0..<cdf.count { cdf[i] /= total } }
        return cdf
    }

    /// `np.searchsorted(cdf, x, side='right')`: how many entries are <= x.
    private func searchSortedRight(_ cdf: [Double], _ x: Double) -> Int {
        var lo = 0, hi = cdf.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Weighted sampling without replacement: draw a batch, keep first occurrences of new
    /// indices, zero their weights, repeat until enough are found (NumPy's loop).
    private func sampleDistinct(weights: inout [Double], count: Int, into out: UnsafeMutablePointer<Int64>) throws {
        var found = 0
        while found < count {
            try Interrupt.check()
            let uniforms = try randomSample([count - found])
            for k in 0..<found { weights[Int(out[k])] = 0 }
            let cdf = cumulativeDistribution(weights)
            var seen = Set<Int>()
            var fresh: [Int] = []
            let u = uniforms.pointer(Double.self)
            for i in 0..<uniforms.count {
                let index = searchSortedRight(cdf, u[i])
                if seen.insert(index).inserted { fresh.append(index) }
            }
            for index in fresh { out[found] = Int64(index); found += 1 }
        }
    }

    /// `a[indices]` for a 1-d `a`: a new array shaped like `indices`, with `a`'s dtype.
    private func gather(_ a: NDArray, _ indices: NDArray) throws -> NDArray {
        let out = try NDArray(zeros: indices.shape, dtype: a.dtype, zeroed: false)
        let itemSize = a.dtype.itemSize
        let src = a.storage.base + a.offset * itemSize
        let step = a.strides[0] * itemSize
        let idx = indices.pointer(Int64.self)
        for i in 0..<indices.count {
            (out.storage.base + i * itemSize).copyMemory(from: src + Int(idx[i]) * step, byteCount: itemSize)
        }
        return out
    }
}

@inline(__always)
private func swapBytes(_ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer, _ count: Int) {
    switch count {
    case 8:
        let t = a.load(as: UInt64.self); a.storeBytes(of: b.load(as: UInt64.self), as: UInt64.self); b.storeBytes(of: t, as: UInt64.self)
    case 4:
        let t = a.load(as: UInt32.self); a.storeBytes(of: b.load(as: UInt32.self), as: UInt32.self); b.storeBytes(of: t, as: UInt32.self)
    default:
        for k in 0..<count {
            let t = a.load(fromByteOffset: k, as: UInt8.self)
            a.storeBytes(of: b.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self)
            b.storeBytes(of: t, toByteOffset: k, as: UInt8.self)
        }
    }
}
