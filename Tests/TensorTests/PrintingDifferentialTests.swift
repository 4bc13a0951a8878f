import Foundation
import Testing
import Tensor

/// `repr` and `str` of random arrays (every dtype and rank, summaries, wrapping, scientific
/// switching, NaN/inf/-0) must match NumPy 2 character for character.
@Suite struct PrintingDifferentialTests {
    typealias Rng = OperationsFuzzTests.Rng

    static func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: "|") }

    static func magnitudeSample(_ shape: [Int], _ dtype: DType, _ rng: inout Rng) throws -> OperationsFuzzTests.Sample {
        // Values of one magnitude family per array, so both notations and all widths occur.
        let scale = [1.0, 1e-3, 1e-5, 1e3, 1e7, 1e9, 1e20, 1e-20][rng.int(0...7)]
        let integral = rng.chance(0.25)
        let n = shape.reduce(1, *)
        let scalars: [Scalar] = (0..<n).map { _ in
            if dtype.isFloatingPoint {
                var x = (rng.unit() - 0.4) * 10 * scale
                if integral { x = x.rounded() }
                if rng.chance(0.04) { x = [Double.nan, .infinity, -.infinity, -0.0, 0][rng.int(0...4)] }
                return dtype == .float32 ? .float32(Float(x)) : .float64(x)
            }
            return OperationsFuzzTests.value(dtype, &rng)
        }
        let a = try NDArray(scalars: scalars, shape: shape, dtype: dtype)
        let py = "mk(\(dtype.name.debugDescription), \(shape), [\(scalars.map(OperationsFuzzTests.bits).joined(separator: ","))])"
        return OperationsFuzzTests.Sample(array: a, python: py)
    }

    @Test func reprAndStrMatchNumPy() throws {
        var rng = Rng(state: 21)
        var cases = [IX.Case]()
        for i in 0..<500 {
            let dtype = rng.pick([DType.float64, .float64, .float32, .int64, .uint8, .bool])
            let rank = rng.int(0...4)
            var shape = (0..<rank).map { _ in rng.int(1...(rank <= 2 ? 12 : 4)) }
            if i % 50 == 0 { shape = [rng.int(1001...1300)] }          // summarised 1-d
            if i % 50 == 1 { shape = [rng.int(35...45), rng.int(30...40)] } // summarised 2-d
            if i % 60 == 2 { shape = [0, 3] }
            let s = try Self.magnitudeSample(shape, dtype, &rng)
            cases.append(IX.Case("repr(\(s.python)).replace(chr(10), '|')") { Self.oneLine(arrayRepr(s.array)) })
            cases.append(IX.Case("str(\(s.python)).replace(chr(10), '|')") { Self.oneLine(arrayStr(s.array)) })
        }
        try IX.check(cases, setup: OperationsFuzzTests.setup)
    }

    @Test func scalarsMatchNumPy() throws {
        var rng = Rng(state: 4)
        var cases = [IX.Case]()
        for _ in 0..<400 {
            let dtype = rng.pick(DType.allCases)
            let s = try Self.magnitudeSample([], dtype, &rng)
            let scalar = s.array.scalar(atStorageOffset: 0)
            cases.append(IX.Case("repr(\(s.python)[()])") { scalarRepr(scalar) })
            cases.append(IX.Case("str(\(s.python)[()])") { scalarStr(scalar) })
        }
        for x in [0.1 + 0.2, 1e16, 1e-5, 123456789012345678.0, 0.0001, -0.0, 1.0 / 3, 5e-324, 1.7976931348623157e308] {
            cases.append(IX.Case("repr(\(x.debugDescription))") { pythonFloatRepr(x) })
        }
        try IX.check(cases, setup: OperationsFuzzTests.setup)
    }

    @Test func seedsPrintTheirNumbers() throws {
        // Values the book prints, as NumPy 2 prints them.
        #expect(arrayStr(try NDArray([6, 8])) == "[6. 8.]")
        #expect(arrayRepr(try NDArray([0.0975, 0.5975])) == "array([0.0975, 0.5975])")
        #expect(scalarRepr(.float64(2.302584092994546)) == "np.float64(2.302584092994546)")
        #expect(arrayStr(try NDArray([-6.0e-10, 8.0e+00])) == "[-6.e-10  8.e+00]")
    }
}
