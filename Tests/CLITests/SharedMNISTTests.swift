import Foundation
import TestSupport
import Testing

/// MNIST loaded by several sessions at once is one copy in memory: the decoded cache is
/// mapped, so its pages are shared (each process's proportional share, Pss, is a third
/// of its resident size with three sessions) and a learner's write copies only the pages
/// it touches, privately.
@Suite(.serialized) struct SharedMNISTTests {
    static var dataDirectory: String? { LessonWalkTests.environment()["NNTUTOR_DATA_DIR"] }

    @Test(.enabled(if: SharedMNISTTests.dataDirectory != nil, "needs the MNIST files (NNTUTOR_DATA_DIR or ../shared/datasets/mnist)"))
    func threeSessionsShareOneCopyAndWritesStayPrivate() throws {
        // A cache of its own: the test starts the sessions on an empty one.
        let cache = Scratch.directory("shared-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let env = NNTutor.sandboxEnvironment(["NNTUTOR_DATA_DIR": Self.dataDirectory!, "XDG_CACHE_HOME": cache])
        // Started together on an empty cache: one decodes, the others wait and map its files.
        let sessions = try (0..<3).map { _ in try LiveSession(environment: env) }
        for s in sessions {
            // Sums read every page of the four arrays.
            s.send("(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)\n"
                   + "print('sums', float(x_train.sum()), float(t_train.sum()), float(x_test.sum()))\n")
        }
        let outputs = sessions.map { $0.read(until: "sums") }
        let sums = outputs.map { $0.split(separator: "\n").first { $0.hasPrefix("sums") }.map(String.init) ?? $0 }
        #expect(sums[0].contains(" 60000.0 "), "\(sums[0])")
        #expect(Set(sums).count == 1, "the same data in every session: \(sums)")
        let decoded = cache + "/nntutor/decoded/"
        let files = try FileManager.default.contentsOfDirectory(atPath: decoded).filter { $0.hasSuffix(".npy") }
        let used = files.filter { $0.contains("images-f32") || $0.contains("onehot") }
        let copyKB = try used.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: decoded + $1)[.size] as! Int) } / 1024
        #expect(copyKB > 200_000, "x_train, x_test and one-hot labels as float arrays: \(copyKB) kB")
        for s in sessions {
            let m = ProcessMemory.mappings(of: s.pid, under: decoded)
            #expect(m.rss > copyKB * 9 / 10, "every page is resident in each session: \(m.rss) of \(copyKB) kB")
            #expect(abs(m.pss - m.rss / 3) < copyKB / 20, "three sessions share the pages: Pss \(m.pss), Rss \(m.rss)")
            #expect(m.privateBytes < 1024, "no private copy: \(m.privateBytes) kB")
            let total = ProcessMemory.total(of: s.pid)
            #expect(total.anonymous < copyKB / 4, "the data is not copied into the heap: RssAnon \(total.anonymous) kB")
        }
        // A learner writing into x_train copies one page, for that session only.
        sessions[0].send("x_train[0, 0] = 5.0\nprint('wrote', x_train[0, 0])\n")
        sessions[0].read(until: "wrote")
        sessions[1].send("print('other', x_train[0, 0])\n")
        #expect(sessions[1].read(until: "other").contains("other 0.0"), "the other sessions still see the file's values")
        let writer = ProcessMemory.mappings(of: sessions[0].pid, under: decoded)
        #expect(writer.privateBytes >= 4 && writer.privateBytes <= 64, "copy-on-write of the touched page only: \(writer.privateBytes) kB")
        for s in sessions { s.finish() }
        #expect(sessions.allSatisfy { $0.process.terminationStatus == 0 })
    }

    /// A script gives back what decoding MNIST allocated: the decoded copies are freed once
    /// their files are mapped, and their pages go back to the system, not to the heap.
    @Test(.enabled(if: SharedMNISTTests.dataDirectory != nil, "needs the MNIST files (NNTUTOR_DATA_DIR or ../shared/datasets/mnist)"))
    func decodingLeavesNoCopyInTheHeap() throws {
        let cache = Scratch.directory("decode-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let env = NNTutor.sandboxEnvironment(["NNTUTOR_DATA_DIR": Self.dataDirectory!, "XDG_CACHE_HOME": cache])
        let script = """
            from dataset.mnist import load_mnist
            import time
            (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
            print('loaded', x_train.shape)
            time.sleep(20)
            """
        let s = try LiveSession(arguments: ["-c", script], environment: env)
        #expect(s.read(until: "loaded").contains("loaded (60000, 784)"))
        let heapKB = ProcessMemory.total(of: s.pid).anonymous
        #expect(heapKB < 60_000, "the decoded arrays (220 MB) are not kept in the heap: RssAnon \(heapKB) kB")
        s.process.terminate()
    }
}
