extension NDArray {
    /// `a[items] = value` (the agreed entry point): an array is broadcast and cast unsafely to
    /// `a.dtype`; a Python scalar is converted with Python's checks (NaN or inf into an integer
    /// array, or an int out of uint8's range, is an error as in NumPy).
    public func set(_ items: [IndexItem], _ value: Operand) throws {
        switch value {
        case .array(let a): try assign(items, .array(a))
        case .python(.bool(let b)): try assign(items, .bool(b))
        case .python(.int(let i)): try assign(items, .int(i))
        case .python(.float(let x)): try assign(items, .float(x))
        }
    }
}
