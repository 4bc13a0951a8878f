#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Mersenne Twister MT19937 bit generator, seeded the way NumPy's legacy `RandomState` seeds it.
///
/// Only the raw stream lives here (32-bit words, 64-bit words and 53-bit doubles); the
/// distributions built on it are in ``RandomState``. A class over a raw buffer because the
/// word loop is the innermost loop of every random draw.
final class MT19937 {
    static let stateLength = 624
    private static let shift = 397
    private static let matrixA: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    /// The 624-word state vector and the index of the next word to temper.
    private let mt = UnsafeMutablePointer<UInt32>.allocate(capacity: MT19937.stateLength)
    var position: Int

    deinit { mt.deallocate() }

    /// The state vector as an array (for snapshots).
    var key: [UInt32] {
        get { Array(UnsafeBufferPointer(start: mt, count: MT19937.stateLength)) }
        set { for i in 0..<min(newValue.count, MT19937.stateLength) { mt[i] = newValue[i] } }
    }

    /// NumPy's `mt19937_seed` (Matsumoto–Nishimura `init_genrand`), used for an integer seed.
    init(seed: UInt32) {
        var s = seed
        for i in 0..<MT19937.stateLength {
            mt[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        position = MT19937.stateLength
    }

    /// NumPy's `mt19937_init_by_array`, used when the seed is a sequence of integers.
    convenience init(seedArray: [UInt32]) {
        self.init(seed: 19_650_218)
        let n = MT19937.stateLength
        let length = max(seedArray.count, 1)
        var i = 1, j = 0
        for _ in 0..<max(n, length) {
            let previous = mt[i - 1]
            let word = seedArray.isEmpty ? 0 : seedArray[j]
            mt[i] = (mt[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ word &+ UInt32(truncatingIfNeeded: j)
            i += 1; j += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            if j >= length { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = mt[i - 1]
            mt[i] = (mt[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
        }
        mt[0] = 0x8000_0000   // guarantees a non-zero state
        position = n
    }

    /// A state filled from the system's entropy, as NumPy does for an unseeded `RandomState`.
    static func fromEntropy() -> MT19937 {
        let generator = MT19937(seed: 0)
        var words = [UInt32](repeating: 0, count: stateLength)
        let filled = words.withUnsafeMutableBytes { buffer -> Bool in
            let fd = open("/dev/urandom", O_RDONLY)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var done = 0
            while done < buffer.count {
                let r = read(fd, buffer.baseAddress! + done, buffer.count - done)
                if r <= 0 { return false }
                done += r
            }
            return true
        }
        if !filled {
            // No /dev/urandom: fall back to the clock and the process id, still unpredictable enough.
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            let mixed = UInt32(truncatingIfNeeded: ts.tv_nsec) ^ UInt32(truncatingIfNeeded: ts.tv_sec) ^ UInt32(truncatingIfNeeded: getpid())
            return MT19937(seedArray: [mixed, UInt32(truncatingIfNeeded: ts.tv_sec >> 32)])
        }
        words[0] = 0x8000_0000
        generator.key = words
        generator.position = stateLength
        return generator
    }

    /// Regenerates all 624 words (the "twist").
    private func twist() {
        let n = MT19937.stateLength, m = MT19937.shift
        @inline(__always) func mix(_ a: UInt32, _ b: UInt32, _ far: UInt32) -> UInt32 {
            let y = (a & MT19937.upperMask) | (b & MT19937.lowerMask)
            return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MT19937.matrixA)
        }
        for i in 0..<(n - m) { mt[i] = mix(mt[i], mt[i + 1], mt[i + m]) }
        for i in (n - m)..<(n - 1) { mt[i] = mix(mt[i], mt[i + 1], mt[i + m - n]) }
        mt[n - 1] = mix(mt[n - 1], mt[0], mt[m - 1])
        position = 0
    }

    /// The next tempered 32-bit word.
    @inline(__always)
    func next32() -> UInt32 {
        if position >= MT19937.stateLength { twist() }
        var y = mt[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// Two words, the first one high, as NumPy's `mt19937_next64`.
    @inline(__always)
    func next64() -> UInt64 {
        let high = UInt64(next32())
        return (high << 32) | UInt64(next32())
    }

    /// A double in [0, 1) with 53 random bits: 27 bits of one word and 26 of the next.
    @inline(__always)
    func nextDouble() -> Double {
        let a = next32() >> 5, b = next32() >> 6
        return (Double(a) * 67_108_864.0 + Double(b)) / 9_007_199_254_740_992.0
    }

    /// A uniform integer in [0, max] by masked rejection (NumPy's `random_interval`,
    /// which the legacy shuffle and permutation use).
    @inline(__always)
    func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = MT19937.mask(covering: max)
        if max <= 0xffff_ffff {
            while true {
                let v = UInt64(next32()) & mask
                if v <= max { return v }
            }
        }
        while true {
            let v = next64() & mask
            if v <= max { return v }
        }
    }

    /// The smallest all-ones bit mask that covers `value`.
    @inline(__always)
    static func mask(covering value: UInt64) -> UInt64 {
        var m = value
        m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32
        return m
    }
}
