import Foundation
import Testing
import Tensor

/// Damaged files must give errors, never crash the process: every truncation and many
/// single-byte corruptions of a valid .npy and .npz are loaded.
@Suite("Files: damaged input never crashes")
struct FilesRobustnessTests {
    static func damagedVariants(of raw: [UInt8]) -> [[UInt8]] {
        var variants: [[UInt8]] = (0..<raw.count).map { Array(raw.prefix($0)) }
        var state: UInt64 = 0x1234_5678
        for _ in 0..<600 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var copy = raw
            let position = Int((state >> 33) % UInt64(raw.count))
            copy[position] = UInt8(truncatingIfNeeded: state >> 13)
            variants.append(copy)
        }
        return variants
    }

    @Test func damagedNPYFiles() throws {
        let dir = try RIO.TempDir()
        let a = try NDArray((0..<12).map(Double.init), shape: [3, 4])
        let raw = try NPY.encode(a)
        var loaded = 0, failed = 0
        for (k, bytes) in Self.damagedVariants(of: raw).enumerated() {
            let path = dir.file("d\(k).npy")
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do { _ = try NPY.load(path); loaded += 1 } catch is TensorError { failed += 1 }
            do { _ = try NPY.decode(bytes, name: "mem"); } catch is TensorError {}
            do { _ = try NPY.load(path, memoryMapped: true).toDoubles() } catch is TensorError {}
        }
        #expect(failed >= raw.count)   // every truncation fails
        #expect(loaded > 0)           // flips inside the data still load
    }

    @Test(arguments: [false, true])
    func damagedNPZFiles(compressed: Bool) throws {
        let dir = try RIO.TempDir()
        let path = try NPZ.save([("w", try NDArray([1, 2, 3, 4])), ("b", try NDArray(zeros: [2, 2], dtype: .int64))],
                                to: dir.file("ok.npz"), compressed: compressed)
        let raw = RIO.fileBytes(path)
        var failed = 0
        for (k, variant) in Self.damagedVariants(of: raw).enumerated() {
            let p = dir.file("d\(k).npz")
            FileManager.default.createFile(atPath: p, contents: Data(variant))
            do { _ = try NPZ.load(p) } catch is TensorError { failed += 1 }
        }
        #expect(failed >= raw.count - 1)
    }
}
