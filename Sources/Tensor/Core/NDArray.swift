/// A NumPy-style n-dimensional array: a typed, strided view onto shared ``Storage``.
///
/// `NDArray` is a class because NumPy arrays are mutable objects: two names can hold the
/// same array, and basic slicing returns a view whose writes show through. Strides and the
/// offset are counted in elements, not bytes.
public final class NDArray {
    public let storage: Storage
    public let dtype: DType
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    /// Number of elements (the product of `shape`).
    public let count: Int
    /// True when the elements are laid out in C order with no gaps, the fast path.
    public let isContiguous: Bool

    /// A view onto existing storage. The caller guarantees the view stays inside it.
    public init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int = 0) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
        var n = 1
        for d in shape { n &*= d }
        self.count = n
        self.isContiguous = NDArray.isCContiguous(shape: shape, strides: strides)
    }

    /// A new zero-filled (or uninitialised, for `np.empty`) C-contiguous array.
    public convenience init(zeros shape: [Int], dtype: DType = .float64, zeroed: Bool = true) throws {
        let n = try NDArray.checkedCount(shape)
        let (bytes, overflow) = n.multipliedReportingOverflow(by: dtype.itemSize)
        if overflow { throw TensorError(.memoryError, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
        let storage = try Storage(byteCount: bytes, zeroed: zeroed)
        self.init(storage: storage, dtype: dtype, shape: shape, strides: NDArray.contiguousStrides(shape))
    }

    /// Zeroes the elements of a contiguous array made without zeroing (`zeroed: false`).
    func zeroFill() {
        precondition(isContiguous)
        UnsafeMutableRawPointer(pointer(UInt8.self)).initializeMemory(as: UInt8.self, repeating: 0, count: nbytes)
    }

    public var ndim: Int { shape.count }
    public var nbytes: Int { count * dtype.itemSize }

    /// Typed pointer to the first element of this view (not of the storage).
    @inline(__always)
    public func pointer<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        (storage.base + offset * dtype.itemSize).assumingMemoryBound(to: T.self)
    }

    /// Row-major strides for a shape, in elements.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](filling: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = acc
            acc &*= max(shape[i], 1)
        }
        return strides
    }

    static func isCContiguous(shape: [Int], strides: [Int]) -> Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            if shape[i] == 0 { return true }
            if shape[i] != 1 && strides[i] != expected { return false }
            expected &*= shape[i]
        }
        return true
    }

    /// The element count of a shape, refusing negative dimensions and overflow.
    public static func checkedCount(_ shape: [Int]) throws -> Int {
        var n = 1
        for d in shape {
            if d < 0 { throw TensorError.value("negative dimensions are not allowed") }
            let (m, o) = n.multipliedReportingOverflow(by: d)
            if o { throw TensorError.value("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
            n = m
        }
        return n
    }
}
