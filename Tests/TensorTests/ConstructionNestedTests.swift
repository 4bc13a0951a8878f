import Testing
import Tensor

@Suite struct ConstructionNestedTests {
    typealias N = Nested
    static func f(_ x: Double) -> N { .scalar(.float(x)) }
    static func i(_ x: Int64) -> N { .scalar(.int(x)) }
    static func b(_ x: Bool) -> N { .scalar(.bool(x)) }

    @Test func nestedListsAgainstNumPy() throws {
        typealias C = IX.Case
        let (f, i, b) = (Self.f, Self.i, Self.b)
        func arr(_ n: N, _ d: DType? = nil) throws -> String { IX.line(try array(from: n, dtype: d)) }
        let f32 = try IX.range([3], .float32)
        try IX.check([
            C("np.array([1, 2, 3])") { try arr(.list([i(1), i(2), i(3)])) },
            C("np.array([[1.5, 2], [3, 4]])") { try arr(.list([.list([f(1.5), i(2)]), .list([i(3), i(4)])])) },
            C("np.array([True, False])") { try arr(.list([b(true), b(false)])) },
            C("np.array([True, 2])") { try arr(.list([b(true), i(2)])) },
            C("np.array(3.5)") { try arr(f(3.5)) },
            C("np.array([])") { try arr(.list([])) },
            C("np.array([[], []])") { try arr(.list([.list([]), .list([])])) },
            C("np.array([np.float32(1), np.float32(2.5)])") { try arr(.list([.typed(.float32(1)), .typed(.float32(2.5))])) },
            C("np.array([np.float32(1), 2.0])") { try arr(.list([.typed(.float32(1)), f(2)])) },
            C("np.array([np.uint8(3), True])") { try arr(.list([.typed(.uint8(3)), b(true)])) },
            C("np.array([np.uint8(3), 300])") { try arr(.list([.typed(.uint8(3)), i(300)])) },
            C("np.array([np.arange(3, dtype=np.float32), [1, 2, 3]])") { try arr(.list([.array(f32), .list([i(1), i(2), i(3)])])) },
            C("np.array([np.arange(3, dtype=np.float32), np.arange(3, dtype=np.float32)[::-1]])") {
                try arr(.list([.array(f32), .array(try f32.ixView([.slice(nil, nil, -1)]))]))
            },
            C("np.array([[1, 2], [3]])") { try arr(.list([.list([i(1), i(2)]), .list([i(3)])])) },
            C("np.array([[1, 2], [3, [4]]])") { try arr(.list([.list([i(1), i(2)]), .list([i(3), .list([i(4)])])])) },
            C("np.array([[[1], [2]], [[3], [4, 5]]])") {
                try arr(.list([.list([.list([i(1)]), .list([i(2)])]), .list([.list([i(3)]), .list([i(4), i(5)])])]))
            },
            C("np.array([1, [2]])") { try arr(.list([i(1), .list([i(2)])])) },
            C("np.array([[1, 2], 3])") { try arr(.list([.list([i(1), i(2)]), i(3)])) },
            C("np.array([np.arange(2.), 5])") { try arr(.list([.array(try IX.range([2])), i(5)])) },
            C("np.array([[1], []])") { try arr(.list([.list([i(1)]), .list([])])) },
            C("np.array([1.7, -2.5], dtype=np.int64)") { try arr(.list([f(1.7), f(-2.5)]), .int64) },
            C("np.array([1.7, np.nan], dtype=np.int64)") { try arr(.list([f(1.7), f(.nan)]), .int64) },
            C("np.array([300, 2], dtype=np.uint8)") { try arr(.list([i(300), i(2)]), .uint8) },
            C("np.array([0.5, 0], dtype=bool)") { try arr(.list([f(0.5), i(0)]), .bool) },
            C("np.array([0.1, 0.2], dtype=np.float32)") { try arr(.list([f(0.1), f(0.2)]), .float32) },
            C("np.array([[1, 2]], dtype=np.float64)") { try arr(.list([.list([i(1), i(2)])]), .float64) },
        ])
    }

    @Test func operandAssignment() throws {
        let x = try zeros([2, 3])
        try x.set([.int(1)], .python(.int(4)))
        try x.set([.int(0), .int(2)], .python(.float(0.5)))
        try x.set([.all, .int(0)], .array(try NDArray([7, 8])))
        #expect(x.toDoubles() == [7, 0, 0.5, 8, 4, 4])
        let n = try zeros([2], dtype: .int64)
        #expect(IX.errorText { try n.set([.int(0)], .python(.float(.nan))) } == "ValueError: cannot convert float NaN to integer")
    }
}
