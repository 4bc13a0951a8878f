#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies elements between strided views of the same shape, casting between dtypes the way
/// NumPy's unsafe `astype` does. The building block of concatenate, assignment and gathers.
enum ElementCopy {
    /// Writes every element of `src` (same shape as `dst`; it may be a stride-0 broadcast view)
    /// into `dst`, converting to `dst.dtype`. The two must not overlap in memory.
    static func assign(_ dst: NDArray, from src: NDArray) {
        assign(dstBase: dst.storage.base, dstOffset: dst.offset, dstStrides: dst.strides, dstType: dst.dtype,
               srcBase: src.storage.base, srcOffset: src.offset, srcStrides: src.strides, srcType: src.dtype,
               shape: dst.shape)
    }

    static func assign(dstBase: UnsafeMutableRawPointer, dstOffset: Int, dstStrides: [Int], dstType: DType,
                       srcBase: UnsafeMutableRawPointer, srcOffset: Int, srcStrides: [Int], srcType: DType,
                       shape: [Int]) {
        var count = 1
        for d in shape { count &*= d }
        if count == 0 { return }
        // Whole-block copy when both sides are plain C-ordered memory of one dtype.
        if dstType == srcType,
           NDArray.isCContiguous(shape: shape, strides: dstStrides),
           NDArray.isCContiguous(shape: shape, strides: srcStrides) {
            let size = dstType.itemSize
            memmove(dstBase + dstOffset * size, srcBase + srcOffset * size, count * size)
            return
        }
        // Otherwise walk the outer axes and run a tight loop along the innermost one.
        let nd = shape.count
        let inner = nd == 0 ? 1 : shape[nd - 1]
        let dIn = nd == 0 ? 0 : dstStrides[nd - 1], sIn = nd == 0 ? 0 : srcStrides[nd - 1]
        let row = RowCopier(dstType: dstType, srcType: srcType)
        if nd <= 1 {
            row.copy(dstBase, dstOffset, dIn, srcBase, srcOffset, sIn, inner)
            return
        }
        var counter = [Int](repeating: 0, count: nd - 1)
        var d = dstOffset, s = srcOffset
        while true {
            row.copy(dstBase, d, dIn, srcBase, s, sIn, inner)
            var axis = nd - 2
            while axis >= 0 {
                counter[axis] += 1
                d &+= dstStrides[axis]; s &+= srcStrides[axis]
                if counter[axis] < shape[axis] { break }
                d &-= dstStrides[axis] &* shape[axis]; s &-= srcStrides[axis] &* shape[axis]
                counter[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

/// One strided row copy with a fixed (destination, source) dtype pair, chosen once per call.
struct RowCopier {
    let dstType: DType
    let srcType: DType

    @inline(__always)
    func copy(_ dst: UnsafeMutableRawPointer, _ dOff: Int, _ dStride: Int,
              _ src: UnsafeMutableRawPointer, _ sOff: Int, _ sStride: Int, _ n: Int) {
        switch srcType {
        case .bool: from(UInt8.self, dst, dOff, dStride, src, sOff, sStride, n)
        case .uint8: from(UInt8.self, dst, dOff, dStride, src, sOff, sStride, n)
        case .int64: from(Int64.self, dst, dOff, dStride, src, sOff, sStride, n)
        case .float32: from(Float.self, dst, dOff, dStride, src, sOff, sStride, n)
        case .float64: from(Double.self, dst, dOff, dStride, src, sOff, sStride, n)
        }
    }

    @inline(__always)
    private func from<S: CastSource>(_: S.Type, _ dst: UnsafeMutableRawPointer, _ dOff: Int, _ dStride: Int,
                                     _ src: UnsafeMutableRawPointer, _ sOff: Int, _ sStride: Int, _ n: Int) {
        let s = src.assumingMemoryBound(to: S.self) + sOff
        let srcIsBool = srcType == .bool
        switch dstType {
        case .bool:
            let d = dst.assumingMemoryBound(to: UInt8.self) + dOff
            for i in 0..<n { d[i &* dStride] = s[i &* sStride].isNonZero ? 1 : 0 }
        case .uint8:
            let d = dst.assumingMemoryBound(to: UInt8.self) + dOff
            if srcIsBool { for i in 0..<n { d[i &* dStride] = s[i &* sStride].isNonZero ? 1 : 0 } }
            else { for i in 0..<n { d[i &* dStride] = s[i &* sStride].asUInt8 } }
        case .int64:
            let d = dst.assumingMemoryBound(to: Int64.self) + dOff
            if srcIsBool { for i in 0..<n { d[i &* dStride] = s[i &* sStride].isNonZero ? 1 : 0 } }
            else { for i in 0..<n { d[i &* dStride] = s[i &* sStride].asInt64 } }
        case .float32:
            let d = dst.assumingMemoryBound(to: Float.self) + dOff
            if srcIsBool { for i in 0..<n { d[i &* dStride] = s[i &* sStride].isNonZero ? 1 : 0 } }
            else { for i in 0..<n { d[i &* dStride] = s[i &* sStride].asFloat } }
        case .float64:
            let d = dst.assumingMemoryBound(to: Double.self) + dOff
            if srcIsBool { for i in 0..<n { d[i &* dStride] = s[i &* sStride].isNonZero ? 1 : 0 } }
            else { for i in 0..<n { d[i &* dStride] = s[i &* sStride].asDouble } }
        }
    }
}

/// Element types a cast can read from, with C-style conversions that never trap.
protocol CastSource {
    var isNonZero: Bool { get }
    var asUInt8: UInt8 { get }
    var asInt64: Int64 { get }
    var asFloat: Float { get }
    var asDouble: Double { get }
}

extension UInt8: CastSource {
    @inline(__always) var isNonZero: Bool { self != 0 }
    @inline(__always) var asUInt8: UInt8 { self }
    @inline(__always) var asInt64: Int64 { Int64(self) }
    @inline(__always) var asFloat: Float { Float(self) }
    @inline(__always) var asDouble: Double { Double(self) }
}

extension Int64: CastSource {
    @inline(__always) var isNonZero: Bool { self != 0 }
    @inline(__always) var asUInt8: UInt8 { UInt8(truncatingIfNeeded: self) }
    @inline(__always) var asInt64: Int64 { self }
    @inline(__always) var asFloat: Float { Float(self) }
    @inline(__always) var asDouble: Double { Double(self) }
}

extension Float: CastSource {
    @inline(__always) var isNonZero: Bool { self != 0 }
    @inline(__always) var asUInt8: UInt8 { UInt8(truncatingIfNeeded: Int64(clampingToInt64: Double(self))) }
    @inline(__always) var asInt64: Int64 { Int64(clampingToInt64: Double(self)) }
    @inline(__always) var asFloat: Float { self }
    @inline(__always) var asDouble: Double { Double(self) }
}

extension Double: CastSource {
    @inline(__always) var isNonZero: Bool { self != 0 }
    @inline(__always) var asUInt8: UInt8 { UInt8(truncatingIfNeeded: Int64(clampingToInt64: self)) }
    @inline(__always) var asInt64: Int64 { Int64(clampingToInt64: self) }
    @inline(__always) var asFloat: Float { Float(self) }
    @inline(__always) var asDouble: Double { self }
}

extension NDArray {
    /// Sets every element of this view to `value`, cast to the array's dtype (`a.fill(v)`).
    public func fill(_ value: Scalar) {
        if count == 0 { return }
        switch dtype {
        case .bool: fillTyped(UInt8(value.boolValue ? 1 : 0))
        case .uint8: fillTyped(value.uint8Value)
        case .int64: fillTyped(value.int64Value)
        case .float32:
            if case .float32(let f) = value { fillTyped(f) } else { fillTyped(Float(value.doubleValue)) }
        case .float64: fillTyped(value.doubleValue)
        }
    }

    private func fillTyped<T>(_ v: T) {
        let base = storage.base.assumingMemoryBound(to: T.self)
        if isContiguous {
            (base + offset).update(repeating: v, count: count)
            return
        }
        forEachOffset { base[$0] = v }
    }

    /// True when this array and `other` may touch the same bytes (same storage, overlapping spans).
    func mayShareMemory(with other: NDArray) -> Bool {
        guard storage === other.storage, count > 0, other.count > 0 else { return false }
        let a = byteSpan(), b = other.byteSpan()
        return a.lowerBound < b.upperBound && b.lowerBound < a.upperBound
    }

    /// The range of storage bytes this view can touch.
    private func byteSpan() -> Range<Int> {
        var lo = offset, hi = offset
        for (d, s) in zip(shape, strides) where d > 1 {
            if s > 0 { hi &+= s &* (d - 1) } else { lo &+= s &* (d - 1) }
        }
        return (lo &* dtype.itemSize)..<((hi &+ 1) &* dtype.itemSize)
    }
}
