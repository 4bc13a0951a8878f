/// NumPy's print options (`np.set_printoptions`), with NumPy 2's defaults.
public struct PrintOptions: Sendable {
    /// Digits after the decimal point (positional) or in the mantissa (scientific).
    public var precision = 8
    /// Arrays with more elements than this are summarised with `...`.
    public var threshold = 1000
    /// Items shown at each end of a summarised axis.
    public var edgeitems = 3
    /// Characters per line before wrapping.
    public var linewidth = 75
    /// Never use scientific notation for small numbers; print them as 0.
    public var suppress = false
    /// "maxprec" (default), "maxprec_equal", "fixed" or "unique".
    public var floatmode = "maxprec"
    /// "-" (default), "+" or " ".
    public var sign = "-"

    public init() {}

    /// The options in force, changed by `np.set_printoptions`.
    nonisolated(unsafe) public static var current = PrintOptions()
}
