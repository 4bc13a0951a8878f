#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Float and Double with the C math library behind them, so one generic kernel serves both
/// dtypes and calls the same libm routines NumPy uses (results match it bit for bit).
protocol FloatElement: BinaryFloatingPoint {
    static func cPow(_ x: Self, _ y: Self) -> Self
    static func cExp(_ x: Self) -> Self
    static func cLog(_ x: Self) -> Self
    static func cLog10(_ x: Self) -> Self
    static func cLog2(_ x: Self) -> Self
    static func cExp2(_ x: Self) -> Self
    static func cExpm1(_ x: Self) -> Self
    static func cLog1p(_ x: Self) -> Self
    static func cTanh(_ x: Self) -> Self
    static func cSin(_ x: Self) -> Self
    static func cCos(_ x: Self) -> Self
    static func cTan(_ x: Self) -> Self
    static func cArctan(_ x: Self) -> Self
    static func cFmod(_ x: Self, _ y: Self) -> Self
    static func cRint(_ x: Self) -> Self
}

extension Double: FloatElement {
    @inline(__always) static func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    @inline(__always) static func cExp(_ x: Double) -> Double { exp(x) }
    @inline(__always) static func cLog(_ x: Double) -> Double { log(x) }
    @inline(__always) static func cLog10(_ x: Double) -> Double { log10(x) }
    @inline(__always) static func cLog2(_ x: Double) -> Double { log2(x) }
    @inline(__always) static func cExp2(_ x: Double) -> Double { exp2(x) }
    @inline(__always) static func cExpm1(_ x: Double) -> Double { expm1(x) }
    @inline(__always) static func cLog1p(_ x: Double) -> Double { log1p(x) }
    @inline(__always) static func cTanh(_ x: Double) -> Double { tanh(x) }
    @inline(__always) static func cSin(_ x: Double) -> Double { sin(x) }
    @inline(__always) static func cCos(_ x: Double) -> Double { cos(x) }
    @inline(__always) static func cTan(_ x: Double) -> Double { tan(x) }
    @inline(__always) static func cArctan(_ x: Double) -> Double { atan(x) }
    @inline(__always) static func cFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
    @inline(__always) static func cRint(_ x: Double) -> Double { rint(x) }
}

extension Float: FloatElement {
    @inline(__always) static func cPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    @inline(__always) static func cExp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func cLog(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func cLog10(_ x: Float) -> Float { log10f(x) }
    @inline(__always) static func cLog2(_ x: Float) -> Float { log2f(x) }
    @inline(__always) static func cExp2(_ x: Float) -> Float { exp2f(x) }
    @inline(__always) static func cExpm1(_ x: Float) -> Float { expm1f(x) }
    @inline(__always) static func cLog1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) static func cTanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func cSin(_ x: Float) -> Float { sinf(x) }
    @inline(__always) static func cCos(_ x: Float) -> Float { cosf(x) }
    @inline(__always) static func cTan(_ x: Float) -> Float { tanf(x) }
    @inline(__always) static func cArctan(_ x: Float) -> Float { atanf(x) }
    @inline(__always) static func cFmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
    @inline(__always) static func cRint(_ x: Float) -> Float { rintf(x) }
}

/// `a // b`: as ``floatDivmod(_:_:)``'s quotient, except that a zero divisor gives a / b
/// without computing fmod(a, 0), whose invalid flag NumPy's floor_divide does not raise.
@inline(__always)
func floatFloorDivide<T: FloatElement>(_ a: T, _ b: T) -> T {
    b == 0 ? a / b : floatDivmod(a, b).div
}

/// NumPy's `npy_divmod` for floats: Python's floor division and modulo (the remainder takes
/// the divisor's sign), with the quotient nudged so that `div * b + mod == a` holds closely.
@inline(__always)
func floatDivmod<T: FloatElement>(_ a: T, _ b: T) -> (div: T, mod: T) {
    var mod = T.cFmod(a, b)
    if b == 0 { return (a / b, mod) }
    var div = (a - mod) / b
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b; div -= 1 }
    } else {
        mod = b < 0 ? -0.0 : 0.0
    }
    var floordiv: T
    if div != 0 {
        floordiv = div.rounded(.down)
        if div - floordiv > 0.5 { floordiv += 1 }
    } else {
        floordiv = (a / b).sign == .minus ? -0.0 : 0.0
    }
    return (floordiv, mod)
}
