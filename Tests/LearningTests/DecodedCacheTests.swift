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
        // An entry from before sources files were kept; a half-written file untouched for two
        // hours (its writer is gone) and one written a minute ago.
        let unlisted = "0123456789abcdef-labels-1.npy"
        let halfWritten = ".0123456789abcdef-labels-1.npy.tmp-4242-1f"
        let beingWritten = ".0123456789abcdef-labels-3.npy.tmp-4243-2e"
        for (name, age) in [(unlisted, 0), (halfWritten, 7200), (beingWritten, 60)] {
            #expect(FileManager.default.createFile(atPath: cacheDir + "/" + name, contents: Data([1])))
            var times = [timeval(tv_sec: time(nil) - age, tv_usec: 0), timeval(tv_sec: time(nil) - age, tv_usec: 0)]
            #expect(utimes(cacheDir + "/" + name, &times) == 0)
        }
        // A hit decodes nothing and removes nothing.
        _ = try caches[0].array(named: "images-u8-0") { Issue.record("decoded again"); return try NDArray(zeros: [4]) }
        #expect(try Self.files(cacheDir).contains(unlisted))

        let fresh = try Self.source(data, "fresh.idx", "fresh")
        let a = try DecodedCache(sources: [fresh], directory: cacheDir).array(named: "labels-1") { try NDArray(zeros: [2]) }
        #expect(a.shape == [2])

        let left = try Self.files(cacheDir)
        let keptKey = caches[0].key, freshKey = DecodedCache(sources: [fresh], directory: cacheDir).key
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
        #expect(DecodedCache.isAbandonedTemporaryFile("x.npy", at: a, now: time(nil) + 86400) == false)
        #expect(DecodedCache.isAbandonedTemporaryFile(".a.idx.tmp-1-ab", at: a, now: time(nil) + 86400))
        #expect(DecodedCache.isAbandonedTemporaryFile(".a.idx.tmp-1-ab", at: a) == false)
    }

    /// A relative data folder is recorded as the absolute path it names, so a session started
    /// in another folder judges the same files (not its own folder's); two data folders keep
    /// their entries side by side; an entry whose sources this process cannot check stays.
    @Test func relativeAndUncheckableSourcesDoNotCostOthersTheirEntries() throws {
        let top = Scratch.directory("folders"), cacheDir = Scratch.directory("decoded")
        for folder in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: top + "/\(folder)/mnist", withIntermediateDirectories: true)
            _ = try Self.source(top + "/\(folder)/mnist", "labels.idx", folder)
        }
        // The same file named from the working folder, without changing it (tests run at once).
        let up = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
        var keys = [String]()
        for folder in ["a", "b", "a"] {
            let file = top + "/\(folder)/mnist/labels.idx"
            let cache = DecodedCache(sources: [up + file.dropFirst()], directory: cacheDir)
            #expect(cache.sources == [file])
            var decoded = false
            _ = try cache.array(named: "labels-1") { decoded = true; return try NDArray(zeros: [1]) }
            #expect(decoded == (keys.count < 2), "the second look at a decodes nothing")
            keys.append(cache.key)
        }
        #expect(keys[0] == keys[2] && keys[0] != keys[1])
        #expect(try Self.files(cacheDir).filter { $0.hasSuffix(".npy") }.count == 2)

        // A sources file naming a file behind a folder this process may not search: kept.
        let hidden = top + "/hidden"
        try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
        let secret = try Self.source(hidden, "labels.idx", "secret")
        let key = DecodedCache.key(for: [secret])
        #expect(chmod(hidden, 0) == 0)
        defer { chmod(hidden, 0o755) }
        var st = stat()
        if stat(secret, &st) != 0 && errno == EACCES {   // root may search it anyway
            #expect(!DecodedCache.isStale(key: key, sourcesFile: try Self.source(top, "k.sources", secret)))
        }
        #expect(DecodedCache.isStale(key: key, sourcesFile: top + "/missing.sources"))
    }
}
