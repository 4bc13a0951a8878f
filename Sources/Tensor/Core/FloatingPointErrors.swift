import CKernels

/// The floating-point errors NumPy reports by default (`np.seterr`: divide, over and invalid
/// warn; under is ignored), read from the thread's IEEE exception flags — which the CPU
/// sets as it computes, so watching an operation costs two register reads, not a pass over
/// its result. Work shared with other threads reports back through ``raise(_:)``.
public struct FloatingPointErrors: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    // The bits of CKernels/fp_flags.h.
    public static let divideByZero = FloatingPointErrors(rawValue: 1)
    public static let overflow = FloatingPointErrors(rawValue: 2)
    public static let invalid = FloatingPointErrors(rawValue: 4)

    /// Clears this thread's flags, before an operation.
    @inline(__always)
    public static func clear() { nn_fp_flags_clear() }

    /// The errors raised on this thread since ``clear()``.
    @inline(__always)
    public static func raised() -> FloatingPointErrors { FloatingPointErrors(rawValue: Int(nn_fp_flags_raised())) }

    /// Sets `errors` on this thread, as if it had computed what raised them elsewhere.
    public static func raise(_ errors: FloatingPointErrors) { nn_fp_flags_raise(Int32(errors.rawValue)) }

    /// NumPy's words for each error, in the order NumPy reports them.
    public var descriptions: [String] {
        var d: [String] = []
        if contains(.divideByZero) { d.append("divide by zero") }
        if contains(.overflow) { d.append("overflow") }
        if contains(.invalid) { d.append("invalid value") }
        return d
    }
}
