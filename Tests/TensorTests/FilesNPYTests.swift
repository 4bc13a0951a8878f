import Foundation
import Testing
import Tensor

@Suite("Files: .npy interop with NumPy")
struct FilesNPYTests {
    /// Arrays written by NumPy: Swift must read them exactly and, saving them again,
    /// produce the very same bytes np.save produced.
    static let numpyCases = """
    import os
    d = sys.argv[1]
    rng = np.random.RandomState(3)
    cases = [
        ('f8_2d', rng.randn(3, 4)),
        ('f4_1d', rng.randn(5).astype(np.float32)),
        ('i8_0d', np.array(-7)),
        ('u1_3d', (np.arange(24) * 11 % 256).astype(np.uint8).reshape(2, 3, 4)),
        ('b1_1d', np.array([True, False, True])),
        ('empty', np.zeros((0, 3))),
        ('fortran', np.asfortranarray(rng.randn(3, 5))),
        ('fortran_3d', np.asfortranarray(np.arange(24.0).reshape(2, 3, 4))),
        ('transposed_i8', np.arange(6).reshape(2, 3).T),
        ('specials', np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308])),
        ('long_axis', np.ones(123456789 % 1000 + 100000, dtype=np.float32)[:7]),
        ('big_first_axis', np.zeros((12345678901, 0))),
    ]
    for name, a in cases:
        np.save(os.path.join(d, name + '.npy'), a)
        bits(a)
    """

    static let names = ["f8_2d", "f4_1d", "i8_0d", "u1_3d", "b1_1d", "empty", "fortran", "fortran_3d",
                        "transposed_i8", "specials", "long_axis", "big_first_axis"]

    @Test func readsNumPyFilesAndWritesIdenticalBytes() throws {
        let dir = try RIO.TempDir()
        let expected = try RIO.python(RIO.bitsHelper + Self.numpyCases, arguments: [dir.path]).split(separator: "\n").map(String.init)
        #expect(expected.count == Self.names.count)
        for (name, line) in zip(Self.names, expected) {
            let original = dir.file(name + ".npy")
            let a = try NPY.load(original)
            #expect(RIO.bits(a) == line, "\(name)")
            let written = try NPY.save(a, to: dir.file("swift_" + name))
            #expect(written == dir.file("swift_" + name + ".npy"))
            #expect(RIO.fileBytes(written) == RIO.fileBytes(original), "\(name): bytes differ from np.save")
        }
        let fortran = try NPY.load(dir.file("fortran.npy"))
        #expect(fortran.shape == [3, 5])
        #expect(try fortran.scalar(at: [1, 0]) == (try NPY.load(dir.file("fortran.npy")).scalar(at: [1, 0])))
    }

    @Test func numpyReadsWhatSwiftWrites() throws {
        let dir = try RIO.TempDir()
        let r = RandomState(seed: 9)
        let arrays: [(String, NDArray)] = [
            ("a", try r.randn(4, 2)),
            ("b", try NDArray(scalars: [.float32(1.5), .float32(-2), .float32(.nan)], shape: [3], dtype: .float32)),
            ("c", try r.randint(low: -1000, high: 1000, shape: [2, 2, 2])),
            ("d", try NDArray(scalars: [.uint8(0), .uint8(255)], shape: [2, 1], dtype: .uint8)),
            ("e", try NDArray(scalars: [.bool(true), .bool(false)], shape: [2], dtype: .bool)),
            ("f", try NDArray(scalar: .float64(3.25))),
            // A strided view (every other row): written in C order from a copy.
            ("g", NDArray(storage: try r.rand(6, 2).storage, dtype: .float64, shape: [3, 2], strides: [4, 1], offset: 0)),
            // A transposed view: Fortran-contiguous, so written with fortran_order True.
            ("h", NDArray(storage: try r.rand(2, 3).storage, dtype: .float64, shape: [3, 2], strides: [1, 3], offset: 0)),
        ]
        for (name, a) in arrays { try NPY.save(a, to: dir.file(name + ".npy")) }
        let script = RIO.bitsHelper + """
        import os
        for name in sys.argv[2:]:
            a = np.load(os.path.join(sys.argv[1], name + '.npy'))
            bits(a)
            with open(os.path.join(sys.argv[1], name + '.npy'), 'rb') as f: raw = f.read()
            np.save(os.path.join(sys.argv[1], 'np_' + name + '.npy'), a)
            with open(os.path.join(sys.argv[1], 'np_' + name + '.npy'), 'rb') as f: again = f.read()
            print('same' if raw == again else 'differ')
        """
        let lines = try RIO.python(script, arguments: [dir.path] + arrays.map(\.0)).split(separator: "\n").map(String.init)
        #expect(lines.count == 2 * arrays.count)
        for (k, (name, a)) in arrays.enumerated() where 2 * k + 1 < lines.count {
            #expect(lines[2 * k] == RIO.bits(a), "\(name)")
            #expect(lines[2 * k + 1] == "same", "\(name): np.save writes different bytes")
        }
    }

    @Test func readsOtherVersionsAndWidensIntegers() throws {
        let dir = try RIO.TempDir()
        let script = RIO.bitsHelper + """
        import os
        d = sys.argv[1]
        a = np.arange(-6, 6).reshape(3, 4)
        for v in [(1, 0), (2, 0), (3, 0)]:
            with open(os.path.join(d, 'v%d.npy' % v[0]), 'wb') as f:
                np.lib.format.write_array(f, a.astype(np.float64), version=v)
        for t in ['i1', 'i2', 'i4', 'u2', 'u4']:
            np.save(os.path.join(d, t + '.npy'), np.asfortranarray(a.astype(t) if t[0] == 'i' else (a + 6).astype(t)))
        bits(a.astype(np.float64))
        for t in ['i1', 'i2', 'i4']: bits(a)
        for t in ['u2', 'u4']: bits(a + 6)
        """
        let lines = try RIO.python(script, arguments: [dir.path]).split(separator: "\n").map(String.init)
        for v in 1...3 { #expect(RIO.bits(try NPY.load(dir.file("v\(v).npy"))) == lines[0], "version \(v)") }
        for (k, t) in ["i1", "i2", "i4", "u2", "u4"].enumerated() {
            let a = try NPY.load(dir.file(t + ".npy"))
            #expect(a.dtype == .int64)
            #expect(RIO.bits(a) == lines[1 + k], "\(t)")
        }
    }

    @Test func malformedFilesAreErrorsNamingTheFile() throws {
        let dir = try RIO.TempDir()
        let script = """
        import numpy as np, os, sys
        d = sys.argv[1]
        p = lambda n: os.path.join(d, n)
        np.save(p('full.npy'), np.zeros((28, 28)))
        raw = open(p('full.npy'), 'rb').read()
        open(p('truncated.npy'), 'wb').write(raw[:128 + 100])
        open(p('header_cut.npy'), 'wb').write(raw[:40])
        open(p('magic.npy'), 'wb').write(b'PK\\x03\\x04' + raw[4:])
        open(p('empty.npy'), 'wb').write(b'')
        np.save(p('object.npy'), np.array([1, 'a', None], dtype=object), allow_pickle=True)
        np.save(p('big.npy'), np.arange(4, dtype='>f8'))
        np.save(p('half.npy'), np.arange(4, dtype=np.float16))
        np.save(p('complex.npy'), np.arange(4, dtype=np.complex128))
        np.save(p('structured.npy'), np.zeros(2, dtype=[('x', '<f8'), ('y', '<i4')]))
        def custom(name, header):
            h = header.encode('latin1')
            h += b' ' * (64 - (10 + len(h) + 1) % 64) + b'\\n'
            open(p(name), 'wb').write(b'\\x93NUMPY\\x01\\x00' + len(h).to_bytes(2, 'little') + h + b'\\0' * 64)
        custom('keys.npy', "{'descr': '<f8', 'shape': (2,), }")
        custom('syntax.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ")
        custom('shape.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }")
        custom('order.npy', "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }")
        custom('huge.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }")
        custom('py2.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }")
        custom('nested.npy', "{'descr': " + "(" * 3000 + ")" * 3000 + "}")
        h = b"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" + b' ' * 20000 + b'\\n'
        open(p('long.npy'), 'wb').write(b'\\x93NUMPY\\x02\\x00' + len(h).to_bytes(4, 'little') + h)
        custom('version.npy', "{}")
        raw = bytearray(open(p('version.npy'), 'rb').read()); raw[6] = 4
        open(p('version.npy'), 'wb').write(raw)
        """
        _ = try RIO.python(script, arguments: [dir.path])
        func err(_ name: String) -> String? { RIO.errorText { _ = try NPY.load(dir.file(name)) } }
        let f = dir.file
        #expect(err("truncated.npy") == "ValueError: \(f("truncated.npy")): truncated data: expected 6272 bytes, found 100")
        #expect(err("header_cut.npy") == "ValueError: \(f("header_cut.npy")): truncated header: expected 118 bytes, found 30")
        #expect(err("magic.npy") == "ValueError: \(f("magic.npy")): not a .npy file: the magic string is not correct")
        #expect(err("empty.npy") == "ValueError: \(f("empty.npy")): empty file, not a .npy file")
        #expect(err("object.npy") == "ValueError: \(f("object.npy")): Object arrays cannot be loaded when allow_pickle=False")
        #expect(err("big.npy") == "ValueError: \(f("big.npy")): big-endian data (dtype '>f8') is not supported; save it little-endian")
        #expect(err("half.npy")?.hasPrefix("ValueError: \(f("half.npy")): unsupported dtype '<f2'") == true)
        #expect(err("complex.npy")?.hasPrefix("ValueError: \(f("complex.npy")): unsupported dtype '<c16'") == true)
        #expect(err("structured.npy")?.hasPrefix("ValueError: \(f("structured.npy")): structured arrays") == true)
        #expect(err("keys.npy") == "ValueError: \(f("keys.npy")): header does not contain the correct keys: ['descr', 'shape']")
        #expect(err("syntax.npy")?.hasPrefix("ValueError: \(f("syntax.npy")): cannot parse header") == true)
        #expect(err("shape.npy") == "ValueError: \(f("shape.npy")): shape is not valid: (2, -1)")
        #expect(err("order.npy") == "ValueError: \(f("order.npy")): fortran_order is not a valid bool: 0")
        #expect(err("huge.npy") == "ValueError: \(f("huge.npy")): truncated data: expected 800000000000 bytes, found 64")
        #expect(err("version.npy") == "ValueError: \(f("version.npy")): unsupported .npy format version 4.0; NumPy writes 1.0, 2.0 and 3.0")
        #expect(try NPY.load(f("py2.npy")).shape == [2, 3])
        #expect(err("nested.npy")?.hasPrefix("ValueError: \(f("nested.npy")): cannot parse header (too deeply nested): '{") == true)
        #expect((err("nested.npy")?.count ?? 0) < 400)
        #expect(err("long.npy") == "ValueError: \(f("long.npy")): header info length (20058) is large and may not be safe to load securely")
        #expect(err("missing.npy") == "FileNotFoundError: [Errno 2] No such file or directory: '\(f("missing.npy"))'")
        #expect(RIO.errorText { _ = try NPY.load("") } == "FileNotFoundError: [Errno 2] No such file or directory: ''")
        #expect(RIO.errorText { _ = try NPY.load(dir.path) } == "OSError: [Errno 21] Is a directory: '\(dir.path)'")
        #expect(RIO.errorText { try NPY.save(try NDArray([1]), to: f("no/such/dir/x.npy")) }
                == "FileNotFoundError: [Errno 2] No such file or directory: '\(f("no/such/dir/x.npy"))'")
    }

    @Test func memoryMappedLoadsMatchAndStayPrivate() throws {
        let dir = try RIO.TempDir()
        let r = RandomState(seed: 8)
        let cases: [NDArray] = [
            try r.randn(30, 7),
            NDArray(storage: try r.rand(4, 5).storage, dtype: .float64, shape: [5, 4], strides: [1, 5], offset: 0),
            try r.randint(low: 0, high: 256, shape: [9], dtype: .uint8),
            try r.randint(low: 0, high: 2, shape: [9], dtype: .bool),   // read, not mapped
            try NDArray(zeros: [0, 3]),
        ]
        for (k, a) in cases.enumerated() {
            let path = try NPY.save(a, to: dir.file("m\(k)"))
            let before = RIO.fileBytes(path)
            let mapped = try NPY.load(path, memoryMapped: true)
            #expect(RIO.bits(mapped) == RIO.bits(a))
            #expect(mapped.strides == (try NPY.load(path)).strides)
            if mapped.count > 0 {
                mapped.setScalar(.float64(42), atStorageOffset: mapped.offset)
                #expect(RIO.fileBytes(path) == before, "writes must not reach the file")
            }
        }
    }

    @Test func savingIsAtomicAndLeavesNoTemporaryFiles() throws {
        let dir = try RIO.TempDir()
        let path = dir.file("w.npy")
        try NPY.save(try NDArray([1, 2, 3]), to: path)
        try NPY.save(try NDArray([4, 5]), to: path)
        #expect(try NPY.load(path).toDoubles() == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["w.npy"])
    }
}
