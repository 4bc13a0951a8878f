#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Tensor

/// An MNIST-format data set: four IDX files, their expected content checksums, and where to
/// find or fetch them.
public struct IDXDataSet: Sendable {
    public struct Part: Sendable {
        public let file: String
        public let sha256: String?
    }
    public let name: String
    public let trainImages: Part, trainLabels: Part, testImages: Part, testLabels: Part
    public var parts: [Part] { [trainImages, trainLabels, testImages, testLabels] }

    /// The MNIST digits, with the SHA-256 of each file's decompressed content.
    public static let mnist = IDXDataSet(
        name: "mnist",
        trainImages: Part(file: "train-images-idx3-ubyte", sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        trainLabels: Part(file: "train-labels-idx1-ubyte", sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        testImages: Part(file: "t10k-images-idx3-ubyte", sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        testLabels: Part(file: "t10k-labels-idx1-ubyte", sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"))

    /// Fashion-MNIST as Debian's dataset-fashion-mnist installs it.
    public static let fashion = IDXDataSet(
        name: "fashion-mnist",
        trainImages: Part(file: "train-images-idx3-ubyte", sha256: nil),
        trainLabels: Part(file: "train-labels-idx1-ubyte", sha256: nil),
        testImages: Part(file: "t10k-images-idx3-ubyte", sha256: nil),
        testLabels: Part(file: "t10k-labels-idx1-ubyte", sha256: nil))
}

/// The book's `load_mnist`: `((x_train, t_train), (x_test, t_test))`.
public struct LoadedDataSet {
    public let trainImages: NDArray, trainLabels: NDArray, testImages: NDArray, testLabels: NDArray
}

public enum MNIST {
    /// Set by `--data-dir`; wins over the environment.
    nonisolated(unsafe) public static var dataDirectoryOverride: String?

    /// --data-dir, else NNTUTOR_DATA_DIR, else $XDG_CACHE_HOME/nntutor/mnist (~/.cache/...).
    public static func dataDirectory() -> String {
        if let d = dataDirectoryOverride, !d.isEmpty { return d }
        if let d = environment("NNTUTOR_DATA_DIR"), !d.isEmpty { return d }
        return cacheRoot() + "/mnist"
    }

    static func cacheRoot() -> String {
        if let x = environment("XDG_CACHE_HOME"), x.hasPrefix("/") { return x + "/nntutor" }
        return (environment("HOME") ?? "/tmp") + "/.cache/nntutor"
    }

    static func environment(_ key: String) -> String? { getenv(key).map { String(cString: $0) } }

    /// Loads the data set with the book's options. Images are float32 in [0, 1] when
    /// `normalize` (uint8 otherwise), (N, 784) when `flatten` else (N, 1, 28, 28); labels are
    /// uint8, or float64 one-hot rows with `oneHotLabel`. Missing files are downloaded (MNIST
    /// only). Decoded arrays are cached as .npy files and memory-mapped on later loads, so
    /// sessions on one machine share one copy.
    public static func load(_ set: IDXDataSet = .mnist, normalize: Bool = true, flatten: Bool = true,
                            oneHotLabel: Bool = false, directory: String? = nil,
                            progress: ((String, Int, Int?) -> Void)? = nil) throws -> LoadedDataSet {
        let dir = directory ?? dataDirectory()
        var sources = [String]()
        for part in set.parts {
            if let found = existingFile(dir, part.file) { sources.append(found); continue }
            guard set.name == "mnist" else {
                throw TensorError(.fileNotFoundError, "\(set.name) is not installed: \(dir)/\(part.file)(.gz) is missing (apt-get install dataset-fashion-mnist)")
            }
            sources.append(try Downloader.fetch(part, into: dir, progress: progress))
        }
        let cache = DecodedCache(sources: sources)
        func images(_ i: Int) throws -> NDArray {
            let raw = try cache.array(named: "images-u8-\(i)") { try decode(sources[i], set.parts[i], images: true) }
            var x = raw
            if normalize {
                x = try cache.array(named: "images-f32-\(i)") {
                    // The book: astype(float32), then /= 255.0 in float32.
                    try binary(.divide, .array(try raw.astype(.float32)), .python(.float(255.0)))
                }
            }
            let n = x.shape[0]
            return try flatten ? x.reshaped([n, 784]) : x.reshaped([n, 1, 28, 28])
        }
        func labels(_ i: Int) throws -> NDArray {
            let t = try cache.array(named: "labels-\(i)") { try decode(sources[i], set.parts[i], images: false) }
            guard oneHotLabel else { return t }
            // Cached too: 60 000 one-hot rows are 4.8 MB per session otherwise.
            return try cache.array(named: "labels-onehot-\(i)") {
                let hot = try NDArray(zeros: [t.count, 10])
                let p = hot.pointer(Double.self), q = t.readPointer(UInt8.self)
                for r in 0..<t.count where q[r] < 10 { p[r * 10 + Int(q[r])] = 1 }
                return hot
            }
        }
        return LoadedDataSet(trainImages: try images(0), trainLabels: try labels(1),
                             testImages: try images(2), testLabels: try labels(3))
    }

    static func existingFile(_ dir: String, _ name: String) -> String? {
        for candidate in [dir + "/" + name + ".gz", dir + "/" + name] where access(candidate, R_OK) == 0 {
            return candidate
        }
        return nil
    }

    /// Decompresses, checks the checksum and parses one IDX file into a uint8 array.
    static func decode(_ path: String, _ part: IDXDataSet.Part, images: Bool) throws -> NDArray {
        let bytes = try IDXFile.contents(of: path)
        // The header first: "not a label file" or "truncated" says more than a checksum.
        let (shape, offset) = try IDXFile.parse(bytes, path: path, expectImages: images)
        if let want = part.sha256 {
            let got = SHA256.hash(data: bytes).map { String(format2: $0) }.joined()
            guard got == want else {
                throw IDXFile.problem(path, "content does not match the published MNIST checksum (sha256 \(got.prefix(12))…, expected \(want.prefix(12))…); delete it to download a fresh copy")
            }
        }
        let out = try NDArray(zeros: shape, dtype: .uint8, zeroed: false)
        bytes.withUnsafeBytes { src in
            out.storage.base.copyMemory(from: src.baseAddress! + offset, byteCount: bytes.count - offset)
        }
        return out
    }
}

extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
