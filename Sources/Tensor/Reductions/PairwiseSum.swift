/// NumPy's pairwise summation of a strided row: blocks of up to 128 elements are summed with
/// eight interleaved accumulators, longer rows are split in halves (at a multiple of 8).
/// Reproducing the exact grouping makes `np.sum` results agree bit for bit.
@inline(__always)
func pairwiseSum<T: FloatElement>(_ p: UnsafePointer<T>, _ n: Int, _ stride: Int) -> T {
    if n < 8 {
        var res: T = -0.0
        for i in 0..<n { res += p[i &* stride] }
        return res
    }
    if n <= 128 {
        var r0 = p[0], r1 = p[stride], r2 = p[2 &* stride], r3 = p[3 &* stride]
        var r4 = p[4 &* stride], r5 = p[5 &* stride], r6 = p[6 &* stride], r7 = p[7 &* stride]
        var i = 8
        let whole = n - n % 8
        while i < whole {
            let q = p + i &* stride
            r0 += q[0]; r1 += q[stride]; r2 += q[2 &* stride]; r3 += q[3 &* stride]
            r4 += q[4 &* stride]; r5 += q[5 &* stride]; r6 += q[6 &* stride]; r7 += q[7 &* stride]
            i += 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += p[i &* stride]; i += 1 }
        return res
    }
    var half = n / 2
    half -= half % 8
    return pairwiseSum(p, half, stride) + pairwiseSum(p + half &* stride, n - half, stride)
}

/// `np.sum` of `n` float64 values `stride` apart, grouped exactly as NumPy groups them
/// (for kernels outside this module that must agree with NumPy bit for bit).
public func numpySum(_ p: UnsafePointer<Double>, count n: Int, stride: Int = 1) -> Double {
    pairwiseSum(p, n, stride)
}
