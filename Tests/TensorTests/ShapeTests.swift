import Testing
import Tensor

@Suite struct ShapeTests {
    @Test func reshapeTransposeSqueezeAgainstNumPy() throws {
        let a = try IX.range([2, 3, 4])
        let b = try IX.range([6])
        typealias C = IX.Case
        try IX.check([
            C("a.reshape(4, 6)") { IX.line(try a.reshaped([4, 6])) },
            C("a.reshape(-1, 4)") { IX.line(try a.reshaped([-1, 4])) },
            C("a.reshape(2, -1)") { IX.line(try a.reshaped([2, -1])) },
            C("a.reshape(-1)") { IX.line(try a.reshaped([-1])) },
            C("b.reshape(4)") { IX.line(try b.reshaped([4])) },
            C("b.reshape(4, -1)") { IX.line(try b.reshaped([4, -1])) },
            C("b.reshape(2, 4)") { IX.line(try b.reshaped([2, 4])) },
            C("b.reshape(-1, -1)") { IX.line(try b.reshaped([-1, -1])) },
            C("b.reshape(-1, 0)") { IX.line(try b.reshaped([-1, 0])) },
            C("np.zeros((0, 3)).reshape(0, -1)") { IX.line(try zeros([0, 3]).reshaped([0, -1])) },
            C("a.transpose(1, 2, 0).reshape(3, 8)") { IX.line(try a.transposed([1, 2, 0]).reshaped([3, 8])) },
            C("a[:, ::2].reshape(-1)") { IX.line(try a.ixView([.all, .slice(nil, nil, 2)]).reshaped([-1])) },
            C("a[:, :, ::-1].reshape(6, 4)") { IX.line(try a.ixView([.all, .all, .slice(nil, nil, -1)]).reshaped([6, 4])) },
            C("a.T") { IX.line(a.T) },
            C("a.transpose()") { IX.line(try a.transposed()) },
            C("a.transpose(0, 2, 1)") { IX.line(try a.transposed([0, 2, 1])) },
            C("a.transpose(-1, 0, 1)") { IX.line(try a.transposed([-1, 0, 1])) },
            C("a.transpose(0, 1)") { IX.line(try a.transposed([0, 1])) },
            C("a.transpose(0, 0, 1)") { IX.line(try a.transposed([0, 0, 1])) },
            C("a.transpose(0, 1, 3)") { IX.line(try a.transposed([0, 1, 3])) },
            C("a.transpose(0, 1, -4)") { IX.line(try a.transposed([0, 1, -4])) },
            C("a.T.flatten()") { IX.line(try a.T.flatten()) },
            C("a.T.ravel()") { IX.line(try a.T.ravel()) },
            C("np.zeros((1, 3, 1)).squeeze()") { IX.line(try zeros([1, 3, 1]).squeezed()) },
            C("np.zeros((1, 3, 1)).squeeze(2)") { IX.line(try zeros([1, 3, 1]).squeezed(axes: [2])) },
            C("np.zeros((1, 3, 1)).squeeze(1)") { IX.line(try zeros([1, 3, 1]).squeezed(axes: [1])) },
            C("np.zeros((1, 3, 1)).squeeze(3)") { IX.line(try zeros([1, 3, 1]).squeezed(axes: [3])) },
            C("np.expand_dims(a, 0)") { IX.line(try a.expandingDims(0)) },
            C("np.expand_dims(a, -1)") { IX.line(try a.expandingDims(-1)) },
            C("np.expand_dims(a, 2)") { IX.line(try a.expandingDims(2)) },
            C("np.expand_dims(a, 4)") { IX.line(try a.expandingDims(4)) },
            C("np.expand_dims(a, -5)") { IX.line(try a.expandingDims(-5)) },
            C("np.expand_dims(a, (0, 2))") { IX.line(try a.expandingDims(axes: [0, 2])) },
        ], setup: "a = np.arange(24.).reshape(2, 3, 4)\nb = np.arange(6.)")
    }

    @Test func reshapeIsAViewWhenTheLayoutAllows() throws {
        let a = try IX.range([4, 6])
        let r = try a.reshaped([2, 12])
        #expect(r.storage === a.storage)
        // Every other row, reshaped: rows stay contiguous among themselves, so still a view.
        let rows = try a.ixView([.slice(nil, nil, 2)])
        let rr = try rows.reshaped([2, 2, 3])
        #expect(rr.storage === a.storage)
        try rr.set([.int(1), .int(0), .int(0)], float: -1)
        #expect(try a.scalar(at: [2, 0]) == .float64(-1))
        // A transpose cannot be flattened without copying.
        let t = try a.T.reshaped([24])
        #expect(t.storage !== a.storage)
        #expect(try a.ravel().storage === a.storage)
        #expect(try a.flatten().storage !== a.storage)
        #expect(try a.T.ravel().storage !== a.storage)
    }

    @Test func normalizeAxisUsesNumPysAxisError() throws {
        #expect(try normalizeAxis(-1, ndim: 3) == 2)
        #expect(try normalizeAxis(0, ndim: 1) == 0)
        #expect(IX.errorText { _ = try normalizeAxis(2, ndim: 2) } == "numpy.exceptions.AxisError: axis 2 is out of bounds for array of dimension 2")
        #expect(IX.errorText { _ = try normalizeAxis(-3, ndim: 2) } == "numpy.exceptions.AxisError: axis -3 is out of bounds for array of dimension 2")
        #expect(IX.errorText { _ = try normalizeAxis(0, ndim: 0) } == "numpy.exceptions.AxisError: axis 0 is out of bounds for array of dimension 0")
    }
}

extension NDArray {
    /// Basic indexing that must produce a view (test convenience).
    func ixView(_ items: [IndexItem]) throws -> NDArray {
        guard case .array(let a) = try get(items) else { throw TensorError.value("expected an array") }
        return a
    }
}
