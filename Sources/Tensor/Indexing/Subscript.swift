#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NDArray {
    /// `a[items]` with NumPy's semantics: basic indexing (integers, slices, `...`, `None`)
    /// returns a view sharing storage, or a scalar when every axis got an integer; integer
    /// and boolean arrays (fancy indexing) return a new array.
    public func get(_ items: [IndexItem]) throws -> IndexResult {
        if items.count == 2, case .array(let rows) = items[0], case .array(let columns) = items[1],
           let picked = try pick(rows, columns) {
            return .array(picked)
        }
        let plan = try indexPlan(items)
        if !plan.isAdvanced {
            if plan.isScalar { return .scalar(scalar(atStorageOffset: plan.view.offset)) }
            return .array(plan.view)
        }
        return .array(try gather(plan))
    }

    /// `a[rows, columns]` for a 2-d array and two 1-d int64 arrays of one length — the book's
    /// `y[np.arange(batch_size), t]` — one element per pair, without planning the general
    /// case. Nil when the subscript is anything else or an index is out of bounds (the
    /// general path then raises NumPy's error).
    private func pick(_ rows: NDArray, _ columns: NDArray) throws -> NDArray? {
        guard ndim == 2, rows.ndim == 1, columns.ndim == 1, rows.dtype == .int64, columns.dtype == .int64,
              rows.count == columns.count, rows.count > 0 else { return nil }
        let (height, width) = (shape[0], shape[1])
        let r = rows.readPointer(Int64.self), c = columns.readPointer(Int64.self)
        let (rs, cs) = (rows.strides[0], columns.strides[0])
        var offsets = [Int](filling: 0, count: rows.count)
        for k in 0..<rows.count {
            var i = Int(r[k &* rs]), j = Int(c[k &* cs])
            if i < 0 { i &+= height }
            if j < 0 { j &+= width }
            guard i >= 0, i < height, j >= 0, j < width else { return nil }
            offsets[k] = offset &+ i &* strides[0] &+ j &* strides[1]
        }
        let out = try NDArray(zeros: [rows.count], dtype: dtype, zeroed: false)
        let size = dtype.itemSize, src = storage.readBase, dst = out.storage.base
        for (k, s) in offsets.enumerated() {
            switch size {
            case 8: (dst + k &* 8).storeBytes(of: src.loadUnaligned(fromByteOffset: s &* 8, as: UInt64.self), as: UInt64.self)
            case let bytes: memcpy(dst + k &* bytes, src + s &* bytes, bytes)
            }
        }
        return out
    }

    /// Copies the selected elements of an advanced subscript into a new C-ordered array.
    /// Each selected block along the trailing axes is copied as one run when it is contiguous
    /// (`x_train[batch_mask]` copies whole rows).
    private func gather(_ plan: IndexPlan) throws -> NDArray {
        if let picked = try PickedRows.array(picking: plan, from: self) { return picked }
        let out = try NDArray(zeros: plan.resultShape, dtype: dtype, zeroed: false)
        if out.count == 0 { return out }
        let v = plan.view
        let size = dtype.itemSize
        let post = BlockLayout(view: v, axes: plan.postAxes)
        let src = storage.readBase, dst = out.storage.base
        if plan.preAxes.isEmpty, post.isContiguous, copiesInParallel(runs: plan.blockOffsets.count, bytes: post.count &* size) {
            try Interrupt.check()
            copyRuns(from: src, at: plan.blockOffsets, first: v.offset, elementSize: size, bytes: post.count &* size, to: dst)
            return out
        }
        var d = 0   // destination element index
        try NDArray.forEachOffset(shape: plan.preAxes.map { v.shape[$0] }, strides: plan.preAxes.map { v.strides[$0] },
                                  offset: v.offset) { pre in
            try Interrupt.check()
            for b in plan.blockOffsets {
                let s = pre &+ b
                if post.isContiguous {
                    switch post.count &* size {
                    case 8: (dst + d &* size).storeBytes(of: src.loadUnaligned(fromByteOffset: s &* size, as: UInt64.self), as: UInt64.self)
                    case 4: (dst + d &* size).storeBytes(of: src.loadUnaligned(fromByteOffset: s &* size, as: UInt32.self), as: UInt32.self)
                    case 1: (dst + d).storeBytes(of: src.loadUnaligned(fromByteOffset: s &* size, as: UInt8.self), as: UInt8.self)
                    case let bytes: memcpy(dst + d &* size, src + s &* size, bytes)
                    }
                } else {
                    ElementCopy.assign(dstBase: dst, dstOffset: d, dstStrides: post.contiguousStrides, dstType: dtype,
                                       srcBase: UnsafeMutableRawPointer(mutating: src), srcOffset: s, srcStrides: post.strides, srcType: dtype,
                                       shape: post.shape)
                }
                d &+= post.count
            }
        }
        return out
    }
}

/// The trailing axes copied as one block per selected position.
struct BlockLayout {
    let shape: [Int]
    let strides: [Int]
    let contiguousStrides: [Int]
    let count: Int
    let isContiguous: Bool

    init(view: NDArray, axes: [Int]) {
        shape = axes.map { view.shape[$0] }
        strides = axes.map { view.strides[$0] }
        contiguousStrides = NDArray.contiguousStrides(shape)
        count = shape.reduce(1, &*)
        isContiguous = NDArray.isCContiguous(shape: shape, strides: strides)
    }
}
