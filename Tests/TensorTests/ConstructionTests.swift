import Testing
import Tensor

@Suite struct ConstructionTests {
    @Test func arangeAndLinspaceBitForBit() throws {
        typealias C = IX.Case
        var cases: [C] = [
            C("np.arange(0.0, 20.0, 0.1)") { IX.line(try arange(start: 0.0, stop: 20.0, step: 0.1)) },
            C("np.arange(-3.0, 3.0, 0.1)") { IX.line(try arange(start: -3.0, stop: 3.0, step: 0.1)) },
            C("np.arange(0.1, 1.0, 0.3, dtype=np.float32)") { IX.line(try arange(start: 0.1, stop: 1.0, step: 0.3, dtype: .float32)) },
            C("np.arange(1.0, 0.0, -0.07)") { IX.line(try arange(start: 1.0, stop: 0.0, step: -0.07)) },
            C("np.arange(0.0, 1.0, 0.0)") { IX.line(try arange(start: 0.0, stop: 1.0, step: 0.0)) },
            C("np.arange(0.0, np.nan, 1.0)") { IX.line(try arange(start: 0.0, stop: .nan, step: 1.0)) },
            C("np.arange(0.0, 5.0, 0.5, dtype=np.int64)") { IX.line(try arange(start: 0.0, stop: 5.0, step: 0.5, dtype: .int64)) },
            C("np.arange(10)") { IX.line(try arange(stop: Int64(10))) },
            C("np.arange(0, 10, 3)") { IX.line(try arange(start: Int64(0), stop: 10, step: 3)) },
            C("np.arange(10, 0, -3)") { IX.line(try arange(start: Int64(10), stop: 0, step: -3)) },
            C("np.arange(-7, 8, 4)") { IX.line(try arange(start: Int64(-7), stop: 8, step: 4)) },
            C("np.arange(5, 1)") { IX.line(try arange(start: Int64(5), stop: 1)) },
            C("np.arange(0, 10, 0)") { IX.line(try arange(start: Int64(0), stop: 10, step: 0)) },
            C("np.arange(5, dtype=np.float32)") { IX.line(try arange(stop: Int64(5), dtype: .float32)) },
            C("np.arange(5, dtype=np.uint8)") { IX.line(try arange(stop: Int64(5), dtype: .uint8)) },
            C("np.arange(5, dtype=bool)") { IX.line(try arange(stop: Int64(5), dtype: .bool)) },
            C("np.arange(2, dtype=bool)") { IX.line(try arange(stop: Int64(2), dtype: .bool)) },
            C("np.linspace(-1, 1, -1)") { IX.line(try linspace(-1, 1, num: -1)) },
            C("np.linspace(0, 10, 4, dtype=np.int64)") { IX.line(try linspace(0, 10, num: 4, dtype: .int64)) },
            C("np.linspace(-10, 10, 4, dtype=np.int64)") { IX.line(try linspace(-10, 10, num: 4, dtype: .int64)) },
        ]
        for (s, e, n, ep) in [(0.0, 1.0, 50, true), (-5.0, 5.0, 101, true), (0.0, 1.0, 7, false), (2.0, 2.0, 3, true),
                              (0.0, 1.0, 1, true), (0.0, 1.0, 0, true), (1e-3, 3.7, 13, true), (-0.3, 0.7, 10, false),
                              (1.0, 1.0 + 1e-15, 5, true)] {
            cases.append(C("np.linspace(\(s), \(e), \(n), endpoint=\(ep ? "True" : "False"))") {
                IX.line(try linspace(s, e, num: n, endpoint: ep))
            })
        }
        try IX.check(cases)
    }

    @Test func filledArraysEyeAndMeshgrid() throws {
        typealias C = IX.Case
        let x = try arange(start: Int64(0), stop: 3)
        let y = try linspace(0, 1, num: 2)
        try IX.check([
            C("np.zeros((2, 3))") { IX.line(try zeros([2, 3])) },
            C("np.zeros(3, dtype=np.uint8)") { IX.line(try zeros([3], dtype: .uint8)) },
            C("np.zeros(-1)") { IX.line(try zeros([-1])) },
            C("np.ones((2, 2), dtype=bool)") { IX.line(try ones([2, 2], dtype: .bool)) },
            C("np.ones(3, dtype=np.float32)") { IX.line(try ones([3], dtype: .float32)) },
            C("np.full((2,), 7)") { IX.line(try full([2], .int64(7))) },
            C("np.full((2,), 0.1, dtype=np.float32)") { IX.line(try full([2], .float64(0.1), dtype: .float32)) },
            C("np.full((2, 1), True)") { IX.line(try full([2, 1], .bool(true))) },
            C("np.zeros_like(np.arange(4))") { IX.line(try zerosLike(try arange(stop: Int64(4)))) },
            C("np.ones_like(np.arange(4), dtype=np.float64)") { IX.line(try onesLike(try arange(stop: Int64(4)), dtype: .float64)) },
            C("np.full_like(np.arange(4), 2.7)") { IX.line(try fullLike(try arange(stop: Int64(4)), .float64(2.7))) },
            C("np.eye(3)") { IX.line(try eye(3)) },
            C("np.eye(3, 4, k=-1, dtype=np.int64)") { IX.line(try eye(3, 4, k: -1, dtype: .int64)) },
            C("np.eye(2, 5, k=2)") { IX.line(try eye(2, 5, k: 2)) },
            C("np.eye(3, k=5)") { IX.line(try eye(3, k: 5)) },
            C("np.eye(0)") { IX.line(try eye(0)) },
            C("np.meshgrid(np.arange(3), np.linspace(0, 1, 2))[0]") { IX.line(try meshgrid([x, y])[0]) },
            C("np.meshgrid(np.arange(3), np.linspace(0, 1, 2))[1]") { IX.line(try meshgrid([x, y])[1]) },
            C("np.meshgrid(np.arange(3), np.arange(2), np.arange(4))[2]") {
                IX.line(try meshgrid([x, try arange(stop: Int64(2)), try arange(stop: Int64(4))])[2])
            },
            C("np.meshgrid(np.arange(3))[0]") { IX.line(try meshgrid([x])[0]) },
        ])
        // meshgrid returns copies that can be written independently.
        let g = try meshgrid([x, y])
        #expect(g[0].storage !== x.storage)
    }

    @Test func joiningAgainstNumPy() throws {
        typealias C = IX.Case
        let a = try IX.range([2, 2]), b = try IX.range([2, 3], .int64), c = try IX.range([2])
        let f = try IX.range([3, 2], .float32)
        try IX.check([
            C("np.concatenate([a, a])") { IX.line(try concatenate([a, a])) },
            C("np.concatenate([a, b], axis=1)") { IX.line(try concatenate([a, b], axis: 1)) },
            C("np.concatenate([a, b.T[:2]], axis=-1)") { IX.line(try concatenate([a, try b.T.ixView([.slice(nil, 2, nil)])], axis: -1)) },
            C("np.concatenate([a, b])") { IX.line(try concatenate([a, b])) },
            C("np.concatenate([a, c])") { IX.line(try concatenate([a, c])) },
            C("np.concatenate([a, a], axis=2)") { IX.line(try concatenate([a, a], axis: 2)) },
            C("np.concatenate([a, b], axis=None)") { IX.line(try concatenate([a, b], axis: nil)) },
            C("np.concatenate([])") { IX.line(try concatenate([])) },
            C("np.concatenate([np.float64(1), np.float64(2)])") {
                IX.line(try concatenate([try NDArray(scalar: .float64(1)), try NDArray(scalar: .float64(2))]))
            },
            C("np.concatenate([b, f.T])") { IX.line(try concatenate([b, f.T])) },
            C("np.concatenate([b[:, ::-1], np.zeros((1, 3), np.uint8)])") {
                IX.line(try concatenate([try b.ixView([.all, .slice(nil, nil, -1)]), try zeros([1, 3], dtype: .uint8)]))
            },
            C("np.stack([a, a])") { IX.line(try stack([a, a])) },
            C("np.stack([a, a], axis=-1)") { IX.line(try stack([a, a], axis: -1)) },
            C("np.stack([a, a], axis=3)") { IX.line(try stack([a, a], axis: 3)) },
            C("np.stack([a, b])") { IX.line(try stack([a, b])) },
            C("np.stack([])") { IX.line(try stack([])) },
            C("np.vstack([c, c])") { IX.line(try vstack([c, c])) },
            C("np.vstack([a, c])") { IX.line(try vstack([a, c])) },
            C("np.vstack([np.zeros(2), np.zeros(3)])") { IX.line(try vstack([try zeros([2]), try zeros([3])])) },
            C("np.hstack([c, c, b[0]])") { IX.line(try hstack([c, c, try b.ixView([.int(0)])])) },
            C("np.hstack([a, b])") { IX.line(try hstack([a, b])) },
            C("np.hstack([np.zeros((2, 2)), np.zeros((3, 2))])") { IX.line(try hstack([try zeros([2, 2]), try zeros([3, 2])])) },
        ], setup: """
        a = np.arange(4.).reshape(2, 2); b = np.arange(6).reshape(2, 3); c = np.arange(2.)
        f = np.arange(6, dtype=np.float32).reshape(3, 2)
        """)
    }
}
