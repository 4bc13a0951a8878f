import Testing
@testable import Tensor

/// Element-wise work on arrays of a million values and more is shared among workers by rows
/// (``LargeRows``): on one worker or two, every result must be the same, bit for bit.
@Suite(.serialized) struct LargeRowsTests {
    let rows = 21_000, width = 50

    func bits(_ a: NDArray) -> [UInt64] {
        a.dtype == .bool ? (0..<a.count).map { UInt64(a.readPointer(UInt8.self)[$0]) }
                         : (0..<a.count).map { a.readPointer(Double.self)[$0].bitPattern }
    }

    /// `h + b`, `h - column`, `h * 2`, `h / h`, `h <= 0`, `h == h`, `h.copy()` and `h[h <= 0] = 0`.
    func results() throws -> [[UInt64]] {
        let r = RandomState(seed: 8)
        let h = try r.standardNormal([rows, width]), b = try r.standardNormal([width]), c = try r.standardNormal([rows, 1])
        try h.set([.int(7), .int(3)], .python(.float(.nan)))
        try h.set([.int(rows - 1), .int(width - 1)], .python(.float(-.infinity)))
        var out = [
            try binary(.add, .array(h), .array(b)), try binary(.subtract, .array(h), .array(c)),
            try binary(.multiply, .array(h), .python(.float(2))), try binary(.divide, .array(h), .array(h)),
            try binary(.lessEqual, .array(h), .python(.int(0))), try binary(.equal, .array(h), .array(h)),
            try h.copy(),
        ].map(bits)
        let relu = try h.copy()
        try relu.set([.array(try binary(.lessEqual, .array(h), .python(.int(0))))], .python(.int(0)))
        out.append(bits(relu))
        return out
    }

    @Test func oneWorkerAndTwoAgree() throws {
        #expect(rows * width >= LargeRows.parallelElements)
        defer { WorkerTeam.availableOverride = nil }
        WorkerTeam.availableOverride = 1
        let one = try results()
        WorkerTeam.availableOverride = 2
        let two = try results()
        for (k, (a, b)) in zip(one, two).enumerated() { #expect(a == b, "result \(k)") }
        // And they are the operations' own values (a spot check against scalar arithmetic).
        let r = RandomState(seed: 8)
        let h = try r.standardNormal([rows, width]), b = try r.standardNormal([width])
        let i = 12_345 * width + 17
        #expect(one[0][i] == (h.readPointer(Double.self)[i] + b.readPointer(Double.self)[17]).bitPattern)
    }
}
