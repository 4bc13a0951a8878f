import Testing
import Tensor

@Suite("Random: state, errors, unseeded use")
struct RandomStateTests {
    @Test func snapshotRestoresTheStreamIncludingTheGaussCache() throws {
        let r = RandomState(seed: 5)
        _ = try r.randn(3)   // leaves a cached gaussian behind
        let saved = r.getState()
        #expect(saved.hasGauss)
        let first = try r.randn(5).toDoubles() + r.rand(4).toDoubles()
        try r.setState(saved)
        let again = try r.randn(5).toDoubles() + r.rand(4).toDoubles()
        #expect(first == again)
    }

    @Test func splitCallsEqualOneCall() throws {
        let a = RandomState(seed: 11), b = RandomState(seed: 11)
        let split = try a.randn(3).toDoubles() + a.randn(4).toDoubles()
        #expect(split == (try b.randn(7).toDoubles()))
    }

    @Test func shapesAndDtypes() throws {
        let r = RandomState(seed: 0)
        #expect(try r.rand().shape == [])
        #expect(try r.rand(2, 3).shape == [2, 3])
        #expect(try r.randint(low: 3, shape: [4]).dtype == .int64)
        #expect(try r.randn(0).count == 0)
        #expect(try r.permutation(-2).shape == [0])
        let values = try r.randint(low: -3, high: 3, shape: [1000]).toScalars().map(\.int64Value)
        #expect(values.allSatisfy { (-3..<3).contains($0) })
        #expect(Set(values).count == 6)
    }

    @Test func shuffleWritesThroughAStridedView() throws {
        let r = RandomState(seed: 3)
        let base = try NDArray((0..<10).map(Double.init))
        // Every other element: a view with stride 2 onto the same storage.
        let view = NDArray(storage: base.storage, dtype: .float64, shape: [5], strides: [2], offset: 0)
        try r.shuffle(view)
        let all = base.toDoubles()
        #expect(Set(stride(from: 0, to: 10, by: 2).map { all[$0] }) == [0, 2, 4, 6, 8])
        #expect(stride(from: 1, to: 10, by: 2).map { all[$0] } == [1, 3, 5, 7, 9])
    }

    @Test func errorsUseNumPyWording() throws {
        let r = RandomState(seed: 0)
        func message(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let e as TensorError { return e.description } catch { return "\(error)" }
        }
        #expect(message { _ = try r.randint(low: 5, high: 5) } == "ValueError: low >= high")
        #expect(message { _ = try r.randint(low: -1) } == "ValueError: high <= 0")
        #expect(message { _ = try r.randint(low: 0, high: -3) } == "ValueError: high <= 0")
        #expect(message { _ = try r.randint(low: -3, high: -5) } == "ValueError: low >= high")
        #expect(try r.randint(low: 0, high: 0, shape: [2, 0]).shape == [2, 0])
        #expect(try r.choice(0, shape: [0]).shape == [0])
        #expect(message { _ = try r.randint(low: -1, high: 5, shape: [3], dtype: .uint8) } == "ValueError: low is out of bounds for uint8")
        #expect(message { _ = try r.randint(low: 0, high: 257, shape: [3], dtype: .uint8) } == "ValueError: high is out of bounds for uint8")
        #expect(message { _ = try r.randint(low: 0, high: 3, shape: [3], dtype: .bool) } == "ValueError: high is out of bounds for bool")
        #expect(message { _ = try r.randint(low: 0, high: 3, shape: [3], dtype: .float32) } == "TypeError: Unsupported dtype dtype('float32') for randint")
        #expect(message { _ = try r.choice(0, shape: [3]) } == "ValueError: a must be greater than 0 unless no samples are taken")
        #expect(message { _ = try r.choice(5, shape: [6], replace: false) } == "ValueError: Cannot take a larger sample than population when 'replace=False'")
        #expect(message { _ = try r.choice(2, shape: [3], p: try NDArray([0.5, 0.6])) } == "ValueError: probabilities do not sum to 1")
        #expect(message { _ = try r.choice(2, shape: [3], p: try NDArray([-0.5, 1.5])) } == "ValueError: probabilities are not non-negative")
        #expect(message { _ = try r.choice(2, shape: [3], p: try NDArray([.nan, 1.5])) } == "ValueError: probabilities contain NaN")
        #expect(message { _ = try r.choice(5, shape: [3], p: try NDArray([0.5, 0.5])) } == "ValueError: 'a' and 'p' must have same size")
        #expect(message { _ = try r.choice(3, shape: [3], replace: false, p: try NDArray([0, 0.5, 0.5])) } == "ValueError: Fewer non-zero entries in p than size")
        #expect(message { _ = try r.choice(from: try NDArray([1, 2], shape: [1, 2]), shape: [3]) } == "ValueError: a must be 1-dimensional")
        #expect(message { _ = try r.permutation(try NDArray(scalar: .float64(3))) } == "IndexError: x must be an integer or at least 1-dimensional")
        #expect(message { try r.shuffle(try NDArray(scalar: .float64(3))) } == "TypeError: len() of unsized object")
        #expect(message { _ = try r.normal(scale: -1, shape: [3]) } == "ValueError: scale < 0")
        #expect(message { _ = try r.uniform(low: -1e308, high: 1e308, shape: [3]) } == "OverflowError: Range exceeds valid bounds")
        #expect(message { try r.seed(int: 1 << 32) } == "ValueError: Seed must be between 0 and 2**32 - 1")
        #expect(message { try r.seed(int: -1) } == "ValueError: Seed must be between 0 and 2**32 - 1")
        #expect(message { try r.seed(ints: []) } == "ValueError: Seed must be non-empty")
        #expect(message { try r.seed(ints: [3, -1]) } == "ValueError: Seed must be between 0 and 2**32 - 1")
        #expect(message { _ = try r.rand(-1) } == "ValueError: negative dimensions are not allowed")
    }

    @Test func unseededStreamsDiffer() throws {
        let a = RandomState(), b = RandomState()
        #expect(try a.rand(4).toDoubles() != b.rand(4).toDoubles())
    }
}
