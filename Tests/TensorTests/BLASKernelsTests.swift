import Foundation
import Testing
@testable import Tensor

/// OpenBLAS must not be left on kernels without AVX2 on a CPU that has it (Debian's 0.3.21
/// does not know recent Xeons' models and falls back to its Prescott kernels).
@Suite struct BLASKernelsTests {
    static var cpuHasAVX2: Bool {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let set = Set(flags.split(separator: " "))
        return set.contains("avx2") && set.contains("fma")
    }

    @Test func kernelsUseTheVectorUnitsTheCPUHas() throws {
        let a = try RandomState(seed: 1).standardNormal([64, 64])
        let p = try matmul(a, a)
        #expect(p.shape == [64, 64])
        let kernels = try #require(BLASThreads.kernels, "OpenBLAS reports its kernels")
        if Self.cpuHasAVX2 && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            #expect(["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"].contains(kernels.lowercased()), "\(kernels)")
        }
    }
}
