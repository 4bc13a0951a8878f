import Testing
import Tensor

@Suite struct IndexingTests {
    let a: NDArray      // np.arange(24.).reshape(2, 3, 4)
    let m: NDArray      // np.arange(12).reshape(3, 4)
    let v: NDArray      // np.arange(6.)

    init() throws {
        a = try IX.range([2, 3, 4])
        m = try IX.range([3, 4], .int64)
        v = try IX.range([6])
    }

    static let setup = "a = np.arange(24.).reshape(2, 3, 4)\nm = np.arange(12).reshape(3, 4)\nv = np.arange(6.)"

    @Test func basicIndexingAgainstNumPy() throws {
        typealias C = IX.Case
        let (a, m, v) = (a, m, v)
        func g(_ x: NDArray, _ items: [IndexItem]) throws -> String { IX.line(try x.get(items)) }
        try IX.check([
            C("v[2]") { try g(v, [.int(2)]) },
            C("v[-1]") { try g(v, [.int(-1)]) },
            C("v[6]") { try g(v, [.int(6)]) },
            C("v[-7]") { try g(v, [.int(-7)]) },
            C("v[1, 2]") { try g(v, [.int(1), .int(2)]) },
            C("a[1, 2, 3]") { try g(a, [.int(1), .int(2), .int(3)]) },
            C("a[1, -1]") { try g(a, [.int(1), .int(-1)]) },
            C("a[1, 2, 3, ...]") { try g(a, [.int(1), .int(2), .int(3), .ellipsis]) },
            C("a[..., 1]") { try g(a, [.ellipsis, .int(1)]) },
            C("a[..., 1, ...]") { try g(a, [.ellipsis, .int(1), .ellipsis]) },
            C("a[0, ..., 1:3]") { try g(a, [.int(0), .ellipsis, .slice(1, 3, nil)]) },
            C("a[:, None, 1]") { try g(a, [.all, .newAxis, .int(1)]) },
            C("a[None]") { try g(a, [.newAxis]) },
            C("v[None, :, None]") { try g(v, [.newAxis, .all, .newAxis]) },
            C("v[::2]") { try g(v, [.slice(nil, nil, 2)]) },
            C("v[::-1]") { try g(v, [.slice(nil, nil, -1)]) },
            C("v[::-2]") { try g(v, [.slice(nil, nil, -2)]) },
            C("v[4:1:-1]") { try g(v, [.slice(4, 1, -1)]) },
            C("v[-2:]") { try g(v, [.slice(-2, nil, nil)]) },
            C("v[-100:100]") { try g(v, [.slice(-100, 100, nil)]) },
            C("v[100:-100:-1]") { try g(v, [.slice(100, -100, -1)]) },
            C("v[1:10:-1]") { try g(v, [.slice(1, 10, -1)]) },
            C("v[5:2]") { try g(v, [.slice(5, 2, nil)]) },
            C("v[::0]") { try g(v, [.slice(nil, nil, 0)]) },
            C("a[:, ::-1, 1::2]") { try g(a, [.all, .slice(nil, nil, -1), .slice(1, nil, 2)]) },
            C("a[1][::-1][1]") { try g(try (try a.ixView([.int(1)])).ixView([.slice(nil, nil, -1)]), [.int(1)]) },
            C("m[np.array(1)]") { try g(m, [.array(try NDArray(scalar: .int64(1)))]) },
            C("m[np.array(1), np.array(2)]") { try g(m, [.array(try NDArray(scalar: .int64(1))), .array(try NDArray(scalar: .int64(2)))]) },
            C("np.float64(3)[()]") { try g(try NDArray(scalar: .float64(3)), []) },
            C("np.array(3.)[...]") { try g(try NDArray(scalar: .float64(3)), [.ellipsis]) },
            C("np.array(3.)[None]") { try g(try NDArray(scalar: .float64(3)), [.newAxis]) },
            C("np.array(3.)[0]") { try g(try NDArray(scalar: .float64(3)), [.int(0)]) },
        ], setup: Self.setup)
    }

    @Test func fancyAndBooleanIndexingAgainstNumPy() throws {
        typealias C = IX.Case
        let (a, m, v) = (a, m, v)
        func g(_ x: NDArray, _ items: [IndexItem]) throws -> String { IX.line(try x.get(items)) }
        func i(_ xs: [Int64], _ shape: [Int]? = nil) throws -> IndexItem { .array(try IX.ints(xs, shape: shape)) }
        func b(_ xs: [Bool], _ shape: [Int]? = nil) throws -> IndexItem { .array(try IX.bools(xs, shape: shape)) }
        let rowMask = try IX.bools([true, false, true])
        try IX.check([
            C("v[[0, 2, -1, 2]]") { try g(v, [try i([0, 2, -1, 2])]) },
            C("v[[[0, 1], [2, 3]]]") { try g(v, [try i([0, 1, 2, 3], [2, 2])]) },
            C("m[np.arange(3), [1, 0, 3]]") { try g(m, [.array(try arange(stop: Int64(3))), try i([1, 0, 3])]) },
            // One element per (row, column) pair, as the book's cross-entropy picks them.
            C("m[[2, -1, 0, 0], [3, -1, -2, 1]]") { try g(m, [try i([2, -1, 0, 0]), try i([3, -1, -2, 1])]) },
            C("m[[2, -3], [-4, 0]]") { try g(m, [try i([2, -3]), try i([-4, 0])]) },
            C("m[[0, 3], [0, 0]]") { try g(m, [try i([0, 3]), try i([0, 0])]) },
            C("m[[0, -4], [0, 0]]") { try g(m, [try i([0, -4]), try i([0, 0])]) },
            C("m[[0, 1], [0, 4]]") { try g(m, [try i([0, 1]), try i([0, 4])]) },
            C("m[::-1, ::2][[0, 2], [1, 0]]") {
                try g(try m.ixView([.slice(nil, nil, -1), .slice(nil, nil, 2)]), [try i([0, 2]), try i([1, 0])])
            },
            C("a[1][[0, 2], [3, 1]]") { try g(try a.ixView([.int(1)]), [try i([0, 2]), try i([3, 1])]) },
            C("np.arange(6, dtype=np.float32).reshape(3, 2)[[2, 0], [1, 1]]") {
                try g(try IX.range([3, 2], .float32), [try i([2, 0]), try i([1, 1])])
            },
            C("m[[0, 2]]") { try g(m, [try i([0, 2])]) },
            C("m[[0, 2], :]") { try g(m, [try i([0, 2]), .all]) },
            C("m[:, [3, 0]]") { try g(m, [.all, try i([3, 0])]) },
            C("m[::-1, [3, 0]]") { try g(m, [.slice(nil, nil, -1), try i([3, 0])]) },
            C("m[1:, [[0], [1]]]") { try g(m, [.slice(1, nil, nil), try i([0, 1], [2, 1])]) },
            C("m[[0, 1], [0, 1, 2]]") { try g(m, [try i([0, 1]), try i([0, 1, 2])]) },
            C("m[[0, 1], [[0], [2]]]") { try g(m, [try i([0, 1]), try i([0, 2], [2, 1])]) },
            C("m[[0, 5]]") { try g(m, [try i([0, 5])]) },
            C("m[:, [0, -5]]") { try g(m, [.all, try i([0, -5])]) },
            C("m[np.array([1.0])]") { try g(m, [.array(try NDArray([1.0]))]) },
            C("a[:, [0, 2], 1]") { try g(a, [.all, try i([0, 2]), .int(1)]) },
            C("a[1, :, [0, 2]]") { try g(a, [.int(1), .all, try i([0, 2])]) },
            C("a[[0, 1], :, [0, 2]]") { try g(a, [try i([0, 1]), .all, try i([0, 2])]) },
            C("a[..., [1, 3]]") { try g(a, [.ellipsis, try i([1, 3])]) },
            C("a[:, None, [1, 2]]") { try g(a, [.all, .newAxis, try i([1, 2])]) },
            C("a[[1], None]") { try g(a, [try i([1]), .newAxis]) },
            C("v[v > 2]") { try g(v, [try b([false, false, false, true, true, true])]) },
            C("m[[True, False, True]]") { try g(m, [.array(rowMask)]) },
            C("m[[True, False, True], 1:]") { try g(m, [.array(rowMask), .slice(1, nil, nil)]) },
            C("m[[True, False, True], [0, 3]]") { try g(m, [.array(rowMask), try i([0, 3])]) },
            C("m[m % 3 == 0]") {
                try g(m, [try b((0..<12).map { $0 % 3 == 0 }, [3, 4])])
            },
            C("a[a[..., 0] > 5]") {
                try g(a, [try b([false, false, true, true, true, true], [2, 3])])
            },
            C("m[[True, False]]") { try g(m, [try b([true, false])]) },
            C("m[:, [True, False]]") { try g(m, [.all, try b([true, false])]) },
            C("m[np.array(True)]") { try g(m, [try b([true], [])]) },
            C("m[np.array(False)]") { try g(m, [try b([false], [])]) },
            C("v[[True, False, True, False, True, False], None]") { try g(v, [try b([true, false, true, false, true, false]), .newAxis]) },
            C("m[[0, 1], [0, 1], [0, 1]]") { try g(m, [try i([0, 1]), try i([0, 1]), try i([0, 1])]) },
            C("np.arange(6, dtype=np.float32).reshape(3, 2)[[2, 0, 2]]") {
                try g(try IX.range([3, 2], .float32), [try i([2, 0, 2])])
            },
            C("np.arange(6, dtype=np.uint8)[np.array([5, 1], np.uint8)]") {
                try g(try IX.range([6], .uint8), [.array(try NDArray(scalars: [.uint8(5), .uint8(1)], shape: [2], dtype: .uint8))])
            },
        ], setup: Self.setup)
    }

    @Test func assignmentAgainstNumPy() throws {
        typealias C = IX.Case
        func s(_ x: NDArray, _ items: [IndexItem], _ set: (NDArray) throws -> Void) throws -> String {
            let c = try x.copy()
            _ = items
            try set(c)
            return IX.line(c)
        }
        let (a, m, v) = (a, m, v)
        func i(_ xs: [Int64], _ shape: [Int]? = nil) throws -> IndexItem { .array(try IX.ints(xs, shape: shape)) }
        func b(_ xs: [Bool], _ shape: [Int]? = nil) throws -> IndexItem { .array(try IX.bools(xs, shape: shape)) }
        let maskM = (0..<12).map { $0 % 5 < 2 }
        try IX.check([
            C("setitem(v.copy(), 2, 7)") { try s(v, []) { try $0.set([.int(2)], int: 7) } },
            C("setitem(m.copy(), (1, 2), 2.9)") { try s(m, []) { try $0.set([.int(1), .int(2)], float: 2.9) } },
            C("setitem(m.copy(), (1, 2), -2.9)") { try s(m, []) { try $0.set([.int(1), .int(2)], float: -2.9) } },
            C("setitem(m.copy(), 0, np.nan)") { try s(m, []) { try $0.set([.int(0)], float: .nan) } },
            C("setitem(m.copy(), 0, np.inf)") { try s(m, []) { try $0.set([.int(0)], float: .infinity) } },
            C("setitem(m.copy(), 0, 1e20)") { try s(m, []) { try $0.set([.int(0)], float: 1e20) } },
            C("setitem(np.zeros(3, np.uint8), 0, 300)") { try s(try zeros([3], dtype: .uint8), []) { try $0.set([.int(0)], int: 300) } },
            C("setitem(np.zeros(3, np.uint8), 0, -1)") { try s(try zeros([3], dtype: .uint8), []) { try $0.set([.int(0)], int: -1) } },
            C("setitem(np.zeros(3, np.uint8), slice(None), np.array([300., -1., 2.5]))") {
                try s(try zeros([3], dtype: .uint8), []) { try $0.set([.all], array: try NDArray([300, -1, 2.5])) }
            },
            C("setitem(np.zeros(3, bool), 1, 0.5)") { try s(try zeros([3], dtype: .bool), []) { try $0.set([.int(1)], float: 0.5) } },
            C("setitem(np.zeros(2, np.float32), 1, 1e300)") { try s(try zeros([2], dtype: .float32), []) { try $0.set([.int(1)], float: 1e300) } },
            C("setitem(m.copy(), slice(None), np.array([1.5, 2.5, 3.5, -4.5]))") {
                try s(m, []) { try $0.set([.all], array: try NDArray([1.5, 2.5, 3.5, -4.5])) }
            },
            C("setitem(m.copy(), (slice(None), 1), np.array([1, 2]))") {
                try s(m, []) { try $0.set([.all, .int(1)], array: try IX.ints([1, 2])) }
            },
            C("setitem(a.copy(), (slice(None), slice(None)), np.zeros((3, 2)))") {
                try s(a, []) { try $0.set([.all, .all], array: try zeros([3, 2])) }
            },
            C("setitem(v.copy(), slice(None, None, -2), np.array([[10., 20., 30.]]))") {
                try s(v, []) { try $0.set([.slice(nil, nil, -2)], array: try NDArray([10, 20, 30], shape: [1, 3])) }
            },
            C("setitem(a.copy(), (Ellipsis, 0), np.arange(3.))") {
                try s(a, []) { try $0.set([.ellipsis, .int(0)], array: try IX.range([3])) }
            },
            C("setitem(v.copy(), [0, 2, 0], 9)") { try s(v, []) { try $0.set([try i([0, 2, 0])], int: 9) } },
            C("setitem(v.copy(), [0, 2, 0], np.array([1., 2., 3.]))") {
                try s(v, []) { try $0.set([try i([0, 2, 0])], array: try NDArray([1, 2, 3])) }
            },
            C("setitem(v.copy(), [0, 1], np.array([1., 2., 3.]))") {
                try s(v, []) { try $0.set([try i([0, 1])], array: try NDArray([1, 2, 3])) }
            },
            C("setitem(m.copy(), (np.arange(3), [1, 0, 3]), -1)") {
                try s(m, []) { try $0.set([.array(try arange(stop: Int64(3))), try i([1, 0, 3])], int: -1) }
            },
            C("setitem(m.copy(), (np.arange(3), [1, 0, 3]), np.array([0.5, 1.5, 2.5]))") {
                try s(m, []) { try $0.set([.array(try arange(stop: Int64(3))), try i([1, 0, 3])], array: try NDArray([0.5, 1.5, 2.5])) }
            },
            C("setitem(m.copy(), (slice(None), [0, 2]), np.array([[7], [8], [9]]))") {
                try s(m, []) { try $0.set([.all, try i([0, 2])], array: try IX.ints([7, 8, 9], shape: [3, 1])) }
            },
            C("setitem(m.copy(), [2, 0], np.array([1, 2, 3, 4]))") {
                try s(m, []) { try $0.set([try i([2, 0])], array: try IX.ints([1, 2, 3, 4])) }
            },
            C("setitem(m.copy(), np.arange(12).reshape(3, 4) % 5 < 2, 0)") {
                try s(m, []) { try $0.set([try b(maskM, [3, 4])], int: 0) }
            },
            C("setitem(m.copy(), np.arange(12).reshape(3, 4) % 5 < 2, np.arange(5) * 10)") {
                try s(m, []) { try $0.set([try b(maskM, [3, 4])], array: try IX.ints([0, 10, 20, 30, 40])) }
            },
            C("setitem(m.copy(), np.arange(12).reshape(3, 4) % 5 < 2, np.arange(4))") {
                try s(m, []) { try $0.set([try b(maskM, [3, 4])], array: try IX.ints([0, 1, 2, 3])) }
            },
            C("setitem(m.copy(), np.arange(12).reshape(3, 4) % 5 < 2, np.array([5]))") {
                try s(m, []) { try $0.set([try b(maskM, [3, 4])], array: try IX.ints([5])) }
            },
            C("setitem(m.copy(), [True, False, True], np.array([1, 2, 3, 4]))") {
                try s(m, []) { try $0.set([try b([true, false, true])], array: try IX.ints([1, 2, 3, 4])) }
            },
            C("setitem(m.copy(), [True, False, True], np.array([1, 2, 3]))") {
                try s(m, []) { try $0.set([try b([true, false, true])], array: try IX.ints([1, 2, 3])) }
            },
            C("setitem(v.copy(), v > 2, np.array([1., 2.]))") {
                try s(v, []) { try $0.set([try b([false, false, false, true, true, true])], array: try NDArray([1, 2])) }
            },
            C("setitem(v.copy(), v > 2, np.array([[1.], [2.]]))") {
                try s(v, []) { try $0.set([try b([false, false, false, true, true, true])], array: try NDArray([1, 2], shape: [2, 1])) }
            },
            C("setitem(v.copy(), v > 2, np.array([4.]))") {
                try s(v, []) { try $0.set([try b([false, false, false, true, true, true])], array: try NDArray([4])) }
            },
            C("setitem(v.copy(), v > 2, 0)") {
                try s(v, []) { try $0.set([try b([false, false, false, true, true, true])], int: 0) }
            },
            C("setitem(a.copy()[:, ::2], a[:, ::2, 0] > 3, -1.)") {
                try s(try a.ixView([.all, .slice(nil, nil, 2)]), []) {
                    try $0.set([try b([false, true, true, true], [2, 2])], float: -1)
                }
            },
            C("setitem(m.copy(), (slice(None), [0, 9]), 1)") { try s(m, []) { try $0.set([.all, try i([0, 9])], int: 1) } },
        ], setup: Self.setup)
    }

    @Test func basicIndexingSharesMemory() throws {
        let x = try IX.range([3, 4])
        let row = try x.ixView([.int(1)])
        try row.set([.slice(nil, nil, 2)], float: -5)
        #expect(x.toDoubles() == [0, 1, 2, 3, -5, 5, -5, 7, 8, 9, 10, 11])
        let col = try x.ixView([.all, .slice(nil, nil, -1)])
        #expect(col.storage === x.storage)
        try col.set([.all, .int(0)], array: try NDArray([100, 200, 300]))
        #expect(try x.scalar(at: [2, 3]) == .float64(300))
        // Fancy indexing copies: writing the result leaves the base alone.
        guard case .array(let picked) = try x.get([.array(try IX.ints([0, 0]))]) else { Issue.record("expected array"); return }
        #expect(picked.storage !== x.storage)
        try picked.set([.all], int: 0)
        #expect(try x.scalar(at: [0, 0]) == .float64(0))
        #expect(try x.scalar(at: [0, 1]) == .float64(1))
    }

    @Test func overlappingAssignmentReadsTheValueFirst() throws {
        typealias C = IX.Case
        let v = v
        try IX.check([
            C("setitem(v, slice(1, None), v[:-1])") {
                try v.set([.slice(1, nil, nil)], array: try v.ixView([.slice(nil, -1, nil)])); return IX.line(v)
            },
            C("setitem(w, slice(None, -1), w[1:])") {
                let w = try IX.range([6])
                try w.set([.slice(nil, -1, nil)], array: try w.ixView([.slice(1, nil, nil)])); return IX.line(w)
            },
            C("setitem(u, slice(None), u[::-1])") {
                let w = try IX.range([6])
                try w.set([.all], array: try w.ixView([.slice(nil, nil, -1)])); return IX.line(w)
            },
            C("setitem(n, slice(None), n.T)") {
                let n = try IX.range([3, 3])
                try n.set([.all], array: n.T); return IX.line(n)
            },
        ], setup: "v = np.arange(6.); w = np.arange(6.); u = np.arange(6.); n = np.arange(9.).reshape(3, 3)")
    }

    @Test func paperGatherOfTrainingRowsIsFast() throws {
        // x_train[batch_mask]: 100 rows of 784 float32 out of 60000, many times.
        let x = try zeros([60000, 784], dtype: .float32)
        try x.set([.int(59999), .int(783)], float: 1.5)
        let idx = try IX.ints((0..<100).map { Int64(($0 * 613) % 60000) } + [])
        let mask = try IX.ints([59999] + (1..<100).map { Int64($0 * 7) })
        let clock = ContinuousClock()
        let t = try clock.measure {
            for _ in 0..<200 { _ = try x.get([.array(idx)]) }
        }
        guard case .array(let r) = try x.get([.array(mask)]) else { Issue.record("expected array"); return }
        #expect(r.shape == [100, 784])
        #expect(try r.scalar(at: [0, 783]) == .float32(1.5))
        #expect(t < .seconds(2), "200 gathers took \(t)")
    }
}
