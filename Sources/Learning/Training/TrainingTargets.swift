import Tensor

/// A target array decoded once per training run: each row's class (the first maximum of a
/// one-hot row, as np.argmax) and whether the kernel can train on the row — so a training
/// step reads labels instead of scanning ten floats per row.
final class TrainingTargets {
    let count: Int
    let labels: UnsafeMutablePointer<Int32>
    /// False for a row that is not exactly one-hot (the book's backward then uses y - t as
    /// it is, which the kernel does not do) or whose label is not a class: the general path
    /// then trains (and reports the error the book's code would raise).
    let trainable: UnsafeMutablePointer<Bool>

    /// `t`: labels (uint8 or int64, one per row) or one-hot float64 rows of `classes` values,
    /// contiguous (``TrainingKernel/accepts(_:_:inputs:outputs:)`` checks).
    init(_ t: NDArray, classes: Int) {
        count = t.shape[0]
        labels = .allocate(capacity: Swift.max(count, 1))
        trainable = .allocate(capacity: Swift.max(count, 1))
        for row in 0..<count {
            switch t.dtype {
            case .uint8:
                let label = Int(t.readPointer(UInt8.self)[row])
                labels[row] = Int32(label)
                trainable[row] = label < classes
            case .int64:
                let label = t.readPointer(Int64.self)[row]
                labels[row] = Int32(clamping: label)
                trainable[row] = label >= 0 && label < classes
            default:
                let p = t.readPointer(Double.self) + row * classes
                var best = 0
                for k in 1..<classes where p[k] > p[best] || (p[k].isNaN && !p[best].isNaN) { best = k }
                labels[row] = Int32(best)
                trainable[row] = (0..<classes).allSatisfy { p[$0] == ($0 == best ? 1 : 0) }
            }
        }
    }

    deinit {
        labels.deallocate()
        trainable.deallocate()
    }
}
