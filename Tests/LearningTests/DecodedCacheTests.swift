import Foundation
import Testing
import TestSupport
import Tensor
@testable import Learning

/// The decoded-data cache keeps copies only of data files that still exist as they were.
@Suite struct DecodedCacheTests {
    static func source(_ dir: String, _ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static func files(_ dir: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    }

    @Test func entriesOfChangedOrRemovedSourcesGoWhenSomethingIsDecoded() throws {
        let data = Scratch.directory("sources"), cacheDir = Scratch.directory("decoded")
        let kept = try Self.source(data, "kept.idx", "kept")
        let removed = try Self.source(data, "removed.idx", "removed")
        let changed = try Self.source(data, "changed.idx", "changed")
        let caches = [kept, removed, changed].map { DecodedCache(sources: [$0], directory: cacheDir) }
        for cache in caches { _ = try cache.array(named: "images-u8-0") { try NDArray(zeros: [4]) } }
        #expect(try Self.files(cacheDir).filter { $0.hasSuffix(".npy") }.count == 3)

        try FileManager.default.removeItem(atPath: removed)
        try "changed again".write(toFile: changed, atomically: false, encoding: .utf8)
        // An entry from before sources files were kept, and a half-written file of a process
        // that has exited (an exited child's id), and one of a process still running (ours).
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let unlisted = "0123456789abcdef-labels-1.npy"
        let halfWritten = ".0123456789abcdef-labels-1.npy.tmp-\(exited.processIdentifier)-1f"
        let beingWritten = ".0123456789abcdef-labels-3.npy.tmp-\(getpid())-2e"
        for name in [unlisted, halfWritten, beingWritten] {
            FileManager.default.createFile(atPath: cacheDir + "/" + name, contents: Data([1]))
        }
        // A hit decodes nothing and removes nothing.
        _ = try caches[0].array(named: "images-u8-0") { Issue.record("decoded again"); return try NDArray(zeros: [4]) }
        #expect(try Self.files(cacheDir).contains(unlisted))

        let fresh = try Self.source(data, "fresh.idx", "fresh")
        let a = try DecodedCache(sources: [fresh], directory: cacheDir).array(named: "labels-1") { try NDArray(zeros: [2]) }
        #expect(a.shape == [2])

        let left = try Self.files(cacheDir)
        let keptKey = caches[0].key, freshKey = DecodedCache.key(for: [fresh])
        #expect(left == [keptKey + ".sources", keptKey + "-images-u8-0.npy", keptKey + "-images-u8-0.lock",
                         freshKey + ".sources", freshKey + "-labels-1.npy", freshKey + "-labels-1.lock", beingWritten],
                "\(left.sorted())")
        // The kept entry is still read from the cache.
        _ = try caches[0].array(named: "images-u8-0") { Issue.record("decoded again"); return try NDArray(zeros: [4]) }
    }

    @Test func keysOfTheSameFilesAreTheSameAndNamesAreRecognised() throws {
        let data = Scratch.directory("sources")
        let a = try Self.source(data, "a.idx", "a")
        #expect(DecodedCache.key(for: [a]) == DecodedCache.key(for: [a]))
        #expect(DecodedCache.key(for: [a]) != DecodedCache.key(for: [a, a]))
        #expect(DecodedCache.keyPrefix(of: "0123456789abcdef-images-f32-0.npy") == "0123456789abcdef")
        #expect(DecodedCache.keyPrefix(of: "0123456789abcdef.sources") == "0123456789abcdef")
        #expect(DecodedCache.keyPrefix(of: "mnist") == nil)
        #expect(DecodedCache.keyPrefix(of: "0123456789ABCDEF-x.npy") == nil)
        #expect(DecodedCache.isAbandonedTemporaryFile(".x.npy.tmp-\(getpid())-ab") == false)
        #expect(DecodedCache.isAbandonedTemporaryFile("x.npy") == false)
    }
}
