/// NumPy's .npz archives (`np.savez`, `np.savez_compressed`, `np.load` of an archive):
/// a zip file with one .npy member per array, named `<name>.npy`.
public enum NPZ {
    /// Saves named arrays as `path`, adding `.npz` when missing as `np.savez` does;
    /// `compressed` deflates the members (`np.savez_compressed`). Returns the path written.
    @discardableResult
    public static func save(_ arrays: [(String, NDArray)], to path: String, compressed: Bool = false) throws -> String {
        let target = path.hasSuffix(".npz") ? path : path + ".npz"
        var seen = Set<String>()
        var members: [(String, [UInt8])] = []
        for (name, array) in arrays {
            guard seen.insert(name).inserted else { throw TensorError.value("Cannot use un-named variables and keyword \(name)") }
            members.append((name + ".npy", try NPY.encode(array)))
        }
        let bytes = try ZipArchive.archive(members, compressed: compressed, name: target)
        let writer = try AtomicFileWriter(path: target)
        try writer.write(bytes)
        try writer.commit()
        return target
    }

    /// The arrays in an archive, in stored order, named without the `.npy` suffix.
    /// Members that are not .npy files are skipped, as they are not arrays.
    public static func load(_ path: String) throws -> [(String, NDArray)] {
        let bytes = try InputFile(path: path).readAll()
        return try load(bytes: bytes, name: path)
    }

    static func load(bytes: [UInt8], name: String) throws -> [(String, NDArray)] {
        var arrays: [(String, NDArray)] = []
        for (member, contents) in try ZipArchive.members(of: bytes, name: name) where member.hasSuffix(".npy") {
            let key = String(member.dropLast(4))
            arrays.append((key, try NPY.decode(contents, name: "\(name): \(member)")))
        }
        return arrays
    }

    /// True when the file starts like a zip archive (what `np.load` checks to choose
    /// between an archive and a single array).
    public static func isArchive(_ path: String) throws -> Bool {
        let file = try InputFile(path: path)
        var head = [UInt8](repeating: 0, count: 4)
        let got = try head.withUnsafeMutableBytes { try file.read(into: $0.baseAddress!, count: 4) }
        return got == 4 && (head == [0x50, 0x4b, 0x03, 0x04] || head == [0x50, 0x4b, 0x05, 0x06])
    }
}

/// What `np.load` returns: one array, or the named arrays of an archive.
public enum LoadedFile {
    case array(NDArray)
    case archive([(String, NDArray)])

    /// `np.load(path)`: an .npz archive or a single .npy array, told apart by their first bytes.
    public static func load(_ path: String) throws -> LoadedFile {
        try NPZ.isArchive(path) ? .archive(try NPZ.load(path)) : .array(try NPY.load(path))
    }
}
