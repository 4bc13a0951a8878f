import Foundation
import Testing
import Tensor

@Suite("Files: .npz interop with NumPy")
struct FilesNPZTests {
    @Test(arguments: [false, true])
    func readsArchivesNumPyWrites(compressed: Bool) throws {
        let dir = try RIO.TempDir()
        let script = RIO.bitsHelper + """
        r = np.random.RandomState(1)
        arrays = dict(W1=r.randn(4, 3), b1=np.zeros(3), t=np.arange(5), mask=np.array([True, False]),
                      img=np.arange(12, dtype=np.uint8).reshape(3, 4), f=np.asfortranarray(r.rand(2, 3).astype(np.float32)))
        (np.savez_compressed if sys.argv[2] == '1' else np.savez)(sys.argv[1], r.rand(2), **arrays)
        for k, v in np.load(sys.argv[1] + '.npz').items():
            print(k)
            bits(v)
        """
        let lines = try RIO.python(script, arguments: [dir.file("w"), compressed ? "1" : "0"]).split(separator: "\n").map(String.init)
        let loaded = try NPZ.load(dir.file("w.npz"))
        var actual: [String] = []
        for (name, a) in loaded { actual.append(name); actual.append(RIO.bits(a)) }
        #expect(actual == lines)
        #expect(loaded.map(\.0) == ["W1", "b1", "t", "mask", "img", "f", "arr_0"])
        guard case .archive(let viaLoad) = try LoadedFile.load(dir.file("w.npz")) else {
            Issue.record("np.load of an .npz should give an archive"); return
        }
        #expect(viaLoad.count == 7)
    }

    @Test(arguments: [false, true])
    func numpyReadsArchivesSwiftWrites(compressed: Bool) throws {
        let dir = try RIO.TempDir()
        let r = RandomState(seed: 4)
        let arrays: [(String, NDArray)] = [
            ("W1", try r.randn(50, 20)), ("b1", try NDArray(zeros: [20])), ("idx", try r.permutation(7)),
            ("flags", try NDArray(scalars: [.bool(true), .bool(false), .bool(true)], shape: [3], dtype: .bool)),
            ("pixels", try NDArray(scalars: (0..<6).map { .uint8(UInt8($0 * 40)) }, shape: [2, 3], dtype: .uint8)),
            ("half", try NDArray(scalars: [.float32(0.5)], shape: [], dtype: .float32)),
        ]
        let path = try NPZ.save(arrays, to: dir.file("params"), compressed: compressed)
        #expect(path == dir.file("params.npz"))
        let script = RIO.bitsHelper + """
        import zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        print(' '.join(str(i.compress_type) for i in z.infolist()))
        for k, v in np.load(sys.argv[1]).items():
            print(k)
            bits(v)
        """
        let lines = try RIO.python(script, arguments: [path]).split(separator: "\n").map(String.init)
        var expected = [Array(repeating: compressed ? "8" : "0", count: arrays.count).joined(separator: " ")]
        for (name, a) in arrays { expected.append(name); expected.append(RIO.bits(a)) }
        #expect(lines == expected)
        // And back again.
        let again = try NPZ.load(path)
        #expect(again.map { RIO.bits($0.1) } == arrays.map { RIO.bits($0.1) })
        if compressed {
            // The members must really have been deflated (the zero block shrinks).
            let stored = try NPZ.save(arrays, to: dir.file("stored.npz"), compressed: false)
            #expect(RIO.fileBytes(path).count < RIO.fileBytes(stored).count - 100)
        }
    }

    @Test func malformedArchivesAreErrorsNamingTheFile() throws {
        let dir = try RIO.TempDir()
        let good = try NPZ.save([("a", try NDArray([1, 2, 3])), ("b", try NDArray([4]))], to: dir.file("good.npz"))
        let raw = RIO.fileBytes(good)
        func write(_ name: String, _ data: [UInt8]) -> String {
            let p = dir.file(name)
            FileManager.default.createFile(atPath: p, contents: Data(data))
            return p
        }
        let truncated = write("truncated.npz", Array(raw.prefix(raw.count - 30)))
        #expect(RIO.errorText { _ = try NPZ.load(truncated) }?.hasPrefix("ValueError: \(truncated): ") == true)
        var flipped = raw
        flipped[30 + 5 + 128 + 3] ^= 0xff   // a byte inside the first member's array data
        let corrupt = write("crc.npz", flipped)
        #expect(RIO.errorText { _ = try NPZ.load(corrupt) } == "ValueError: \(corrupt): bad CRC-32 for member 'a.npy'")
        let notZip = write("text.npz", Array("hello, this is not an archive at all".utf8))
        #expect(RIO.errorText { _ = try NPZ.load(notZip) } == "ValueError: \(notZip): not a zip file (no end of central directory record)")
        let short = write("short.npz", [0x50, 0x4b])
        #expect(RIO.errorText { _ = try NPZ.load(short) } == "ValueError: \(short): not a zip file (too short)")
        let missing = dir.file("missing.npz")
        #expect(RIO.errorText { _ = try NPZ.load(missing) } == "FileNotFoundError: [Errno 2] No such file or directory: '\(missing)'")
        // A member whose .npy data is damaged: the error names the archive and the member.
        let script = """
        import zipfile, sys
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr('x.npy', b'\\x93NUMPY\\x01\\x00\\x20\\x00' + b'{garbage')
            z.writestr('notes.txt', b'ignored')
        """
        let badMember = dir.file("member.npz")
        _ = try RIO.python(script, arguments: [badMember])
        #expect(RIO.errorText { _ = try NPZ.load(badMember) }?.hasPrefix("ValueError: \(badMember): x.npy: truncated header: expected 32 bytes, found 8") == true)
        #expect(RIO.errorText { _ = try NPZ.save([("a", try NDArray([1])), ("a", try NDArray([2]))], to: dir.file("dup.npz")) }
                == "ValueError: Cannot use un-named variables and keyword a")
    }

    @Test func loadedFileTellsArraysFromArchives() throws {
        let dir = try RIO.TempDir()
        let path = try NPY.save(try NDArray([1.5, 2.5]), to: dir.file("single"))
        guard case .array(let a) = try LoadedFile.load(path) else { Issue.record("expected an array"); return }
        #expect(a.toDoubles() == [1.5, 2.5])
    }
}
