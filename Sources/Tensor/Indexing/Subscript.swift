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
        let plan = try indexPlan(items)
        if !plan.isAdvanced {
            if plan.isScalar { return .scalar(scalar(atStorageOffset: plan.view.offset)) }
            return .array(plan.view)
        }
        return .array(try gather(plan))
    }

    /// Copies the selected elements of an advanced subscript into a new C-ordered array.
    /// Each selected block along the trailing axes is copied as one run when it is contiguous
    /// (`x_train[batch_mask]` copies whole rows).
    private func gather(_ plan: IndexPlan) throws -> NDArray {
        let out = try NDArray(zeros: plan.resultShape, dtype: dtype, zeroed: false)
        if out.count == 0 { return out }
        let v = plan.view
        let size = dtype.itemSize
        let post = BlockLayout(view: v, axes: plan.postAxes)
        let src = storage.readBase, dst = out.storage.base
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
