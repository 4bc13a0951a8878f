extension Array {
    /// `count` copies of `value`, as `init(repeating:count:)` gives them. That initialiser
    /// calls the standard library's unspecialised allocator, which looks the array type's
    /// metadata up at run time on every call (a tenth of a small NumPy operation's time went
    /// there: shapes, strides and argument lists are made on every operation); appending to
    /// a reserved array takes the specialised path.
    @inlinable
    public init(filling value: Element, count: Int) {
        self.init()
        reserveCapacity(count)
        for _ in 0..<count { append(value) }
    }
}
