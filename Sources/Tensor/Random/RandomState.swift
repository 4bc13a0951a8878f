#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NumPy's legacy random number stream (`np.random.seed`, `np.random.rand`, ...), bit for bit.
///
/// A Mersenne Twister seeded as `np.random.RandomState` seeds it, plus the legacy
/// distributions, including the cached second value of the polar Box–Muller method:
/// that cache is part of the state, so `randn(3)` followed by `randn(3)` equals `randn(6)`.
///
/// Every method taking `shape: [Int]?` returns a 0-d array when `shape` is nil, the
/// counterpart of NumPy returning a scalar when `size=None`.
public final class RandomState {
    /// The stream behind the `np.random.*` functions.
    public static let global = RandomState()

    var generator: MT19937
    var hasGauss = false
    var cachedGauss = 0.0

    /// A stream seeded with `seed`, or from the system's entropy when `seed` is nil.
    public init(seed: UInt32? = nil) {
        generator = seed.map { MT19937(seed: $0) } ?? MT19937.fromEntropy()
    }

    /// A stream seeded with a sequence of 32-bit words (`RandomState([1, 2, 3])`).
    public init(seedArray: [UInt32]) {
        generator = MT19937(seedArray: seedArray)
    }

    /// Reseeds (`np.random.seed(n)`); nil draws a fresh seed from the system's entropy.
    public func seed(_ seed: UInt32?) {
        generator = seed.map { MT19937(seed: $0) } ?? MT19937.fromEntropy()
        hasGauss = false
        cachedGauss = 0
    }

    /// Reseeds from a sequence of 32-bit words (`np.random.seed([1, 2, 3])`).
    public func seed(array: [UInt32]) throws {
        guard !array.isEmpty else { throw TensorError.value("Seed must be non-empty") }
        generator = MT19937(seedArray: array)
        hasGauss = false
        cachedGauss = 0
    }

    /// Reseeds from a list of Python integers (`np.random.seed([1, 2, 3])`), with NumPy's checks.
    public func seed(ints: [Int64]) throws {
        guard !ints.isEmpty else { throw TensorError.value("Seed must be non-empty") }
        guard ints.allSatisfy({ $0 >= 0 && $0 <= Int64(UInt32.max) }) else {
            throw TensorError.value("Seed must be between 0 and 2**32 - 1")
        }
        try seed(array: ints.map { UInt32($0) })
    }

    /// Reseeds from any Python integer, with NumPy's range check.
    public func seed(int value: Int64) throws {
        guard value >= 0, value <= Int64(UInt32.max) else {
            throw TensorError.value("Seed must be between 0 and 2**32 - 1")
        }
        seed(UInt32(value))
    }

    // MARK: - State snapshots

    /// A copy of the whole stream state, as `np.random.get_state()` reports it.
    public struct State: Equatable, Sendable, Codable {
        /// The 624 words of the Mersenne Twister.
        public var key: [UInt32]
        /// Index of the next word to use (624 means "twist first").
        public var position: Int
        public var hasGauss: Bool
        public var cachedGaussian: Double

        public init(key: [UInt32], position: Int, hasGauss: Bool, cachedGaussian: Double) {
            self.key = key
            self.position = position
            self.hasGauss = hasGauss
            self.cachedGaussian = cachedGaussian
        }
    }

    /// The current state (`get_state()`).
    public func getState() -> State {
        State(key: generator.key, position: generator.position, hasGauss: hasGauss, cachedGaussian: cachedGauss)
    }

    /// Restores a state taken with ``getState()`` (`set_state(...)`).
    public func setState(_ state: State) throws {
        guard state.key.count == MT19937.stateLength else {
            throw TensorError.value("state must be 624 elements")
        }
        guard state.position >= 0, state.position <= MT19937.stateLength else {
            throw TensorError.value("state position must be between 0 and 624")
        }
        let restored = MT19937(seed: 0)
        restored.key = state.key
        restored.position = state.position
        generator = restored
        hasGauss = state.hasGauss
        cachedGauss = state.hasGauss ? state.cachedGaussian : 0
    }

    // MARK: - Continuous distributions

    /// Uniform doubles in [0, 1) (`random_sample`, `random`, `ranf`).
    public func randomSample(_ shape: [Int]? = nil) throws -> NDArray {
        let g = generator
        return try fill(shape) { _ in g.nextDouble() }
    }

    /// `np.random.rand(d0, d1, ...)`: uniform doubles in [0, 1); no dimensions gives a 0-d array.
    public func rand(_ dims: Int...) throws -> NDArray {
        try randomSample(dims.isEmpty ? nil : dims)
    }

    /// Standard normal doubles (`standard_normal`).
    public func standardNormal(_ shape: [Int]? = nil) throws -> NDArray {
        try fill(shape) { $0.gauss() }
    }

    /// `np.random.randn(d0, d1, ...)`: standard normal doubles.
    public func randn(_ dims: Int...) throws -> NDArray {
        try standardNormal(dims.isEmpty ? nil : dims)
    }

    /// `uniform(low, high, size)`: `low + (high - low) * random_sample()`.
    public func uniform(low: Double = 0, high: Double = 1, shape: [Int]? = nil) throws -> NDArray {
        let range = high - low
        guard range.isFinite else { throw TensorError(.overflowError, "Range exceeds valid bounds") }
        let g = generator
        return try fill(shape) { _ in low + range * g.nextDouble() }
    }

    /// `normal(loc, scale, size)`: `loc + scale * gauss()`.
    public func normal(loc: Double = 0, scale: Double = 1, shape: [Int]? = nil) throws -> NDArray {
        guard !(scale < 0) else { throw TensorError.value("scale < 0") }
        return try fill(shape) { loc + scale * $0.gauss() }
    }

    /// NumPy's `legacy_gauss`: the polar Box–Muller method, which makes values in pairs and
    /// hands out the second one on the next call.
    func gauss() -> Double {
        if hasGauss {
            hasGauss = false
            let value = cachedGauss
            cachedGauss = 0
            return value
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * generator.nextDouble() - 1
            x2 = 2 * generator.nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        cachedGauss = f * x1
        hasGauss = true
        return f * x2
    }

    // MARK: - Integers

    /// `randint(low, high, size, dtype)`; `high` nil means [0, low). The dtype is int64
    /// (NumPy's default), uint8 or bool; the narrow ones draw bytes and bits from buffered
    /// 32-bit words exactly as NumPy does, so their streams differ from int64's.
    public func randint(low: Int64, high: Int64? = nil, shape: [Int]? = nil, dtype: DType = .int64) throws -> NDArray {
        let (lo, hi) = high.map { (low, $0) } ?? (0, low)
        guard !dtype.isFloatingPoint else {
            throw TensorError.type("Unsupported dtype dtype('\(dtype.name)') for randint")
        }
        // NumPy returns an empty array before looking at the bounds.
        if let shape, try NDArray.checkedCount(shape) == 0 {
            return try NDArray(zeros: shape, dtype: dtype)
        }
        if dtype != .int64 {
            let top: Int64 = dtype == .uint8 ? 256 : 2
            guard lo >= 0 else { throw TensorError.value("low is out of bounds for \(dtype.name)") }
            guard hi <= top else { throw TensorError.value("high is out of bounds for \(dtype.name)") }
        }
        guard lo < hi else { throw TensorError.value(lo == 0 ? "high <= 0" : "low >= high") }
        switch dtype {
        case .uint8: return try narrowRandint(offset: UInt8(lo), span: UInt8(hi - 1 - lo), shape: shape, bool: false)
        case .bool: return try narrowRandint(offset: UInt8(lo), span: UInt8(hi - 1 - lo), shape: shape, bool: true)
        default:
            // hi > lo, so the closed upper bound hi - 1 cannot overflow.
            return try randint(in: lo...(hi - 1), shape: shape)
        }
    }

    /// uint8 and bool draws: NumPy's `random_buffered_bounded_uint8` / `_bool`, which hand
    /// out a 32-bit word a byte (or a bit) at a time, the buffer starting empty on each call.
    private func narrowRandint(offset: UInt8, span: UInt8, shape: [Int]?, bool: Bool) throws -> NDArray {
        let out = try NDArray(zeros: shape ?? [], dtype: bool ? .bool : .uint8, zeroed: false)
        let p = out.pointer(UInt8.self)
        let g = generator
        var buffer: UInt32 = 0, left = 0
        let mask = UInt8(truncatingIfNeeded: MT19937.mask(covering: UInt64(span)))
        for i in 0..<out.count {
            if span == 0 { p[i] = offset; continue }
            if bool {
                if left == 0 { buffer = g.next32(); left = 31 } else { buffer >>= 1; left -= 1 }
                p[i] = UInt8(buffer & 1)
                continue
            }
            var value: UInt8
            repeat {
                if left == 0 { buffer = g.next32(); left = 3 } else { buffer >>= 8; left -= 1 }
                value = UInt8(truncatingIfNeeded: buffer)
                if span == 0xff { break }
                value &= mask
            } while value > span
            p[i] = offset &+ value
        }
        return out
    }

    /// `randint(low, high + 1, size)` for a closed range, which also reaches `Int64.max`
    /// (`randint(0, 2**63)` is `randint(in: 0...Int64.max)`).
    public func randint(in range: ClosedRange<Int64>, shape: [Int]? = nil) throws -> NDArray {
        let lo = range.lowerBound
        let span = UInt64(bitPattern: range.upperBound &- lo)   // wraps correctly into UInt64
        let out = try NDArray(zeros: shape ?? [], dtype: .int64, zeroed: false)
        let p = out.pointer(Int64.self)
        let g = generator
        for i in 0..<out.count {
            if i & 0xffff == 0xffff { try Interrupt.check() }
            p[i] = lo &+ Int64(bitPattern: RandomState.bounded(span, g))
        }
        return out
    }

    /// A uniform integer in [0, span]: NumPy's `random_bounded_uint64_fill` with masking on,
    /// which takes 32-bit draws when the span fits in 32 bits and 64-bit draws otherwise.
    @inline(__always)
    static func bounded(_ span: UInt64, _ g: MT19937) -> UInt64 {
        if span == 0 { return 0 }
        if span == 0xffff_ffff { return UInt64(g.next32()) }
        if span == .max { return g.next64() }
        return g.interval(span)
    }

    // MARK: - Helpers

    /// A new float64 array of `shape` (0-d for nil) filled in C order by `draw`.
    @inline(__always)
    private func fill(_ shape: [Int]?, _ draw: (RandomState) -> Double) throws -> NDArray {
        let out = try NDArray(zeros: shape ?? [], dtype: .float64, zeroed: false)
        let p = out.pointer(Double.self)
        var i = 0
        while i < out.count {
            if i & 0xffff == 0xffff { try Interrupt.check() }
            p[i] = draw(self)
            i += 1
        }
        return out
    }
}
