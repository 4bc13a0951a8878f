import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-user lesson progress at `$XDG_STATE_HOME/nntutor/progress.json`, saved after every
/// step. A corrupt file is moved aside with a warning; the tutor never fails because of it.
public final class ProgressStore {
    public struct LessonProgress: Codable, Equatable {
        /// Index of the step the learner is on (0-based).
        public var step: Int = 0
        /// Steps passed, by index.
        public var passed: [Int] = []
        public var finished: Bool = false
        public var updated: String = ""
    }

    struct File: Codable {
        var version: Int = 1
        var greeted: Bool = false
        var current: String?
        var lessons: [String: LessonProgress] = [:]
    }

    public let path: String
    private var file = File()
    /// Set when loading found a problem (shown once to the learner).
    public private(set) var warning: String?

    public init(path: String) {
        self.path = path
        load()
    }

    public static func defaultPath(stateDirectory: String) -> String { stateDirectory + "/progress.json" }

    private func load() {
        guard let bytes = AtomicFile.read(path) else { return }
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
            rename(path, aside)
            warning = "Your progress file was unreadable; it was moved to \(aside) and progress starts afresh."
            file = File()
        }
    }

    private func save() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(file) else { return }
        makeParentDirectories(path)
        do {
            try AtomicFile.write([UInt8](data), to: path)
        } catch {
            warning = "Could not save progress: \(error)"
        }
    }

    public var greeted: Bool {
        get { file.greeted }
        set { file.greeted = newValue; save() }
    }

    /// The lesson the learner was last in.
    public var currentLesson: String? {
        get { file.current }
        set { file.current = newValue; save() }
    }

    public func progress(for lesson: String) -> LessonProgress? { file.lessons[lesson] }

    public func update(_ lesson: String, _ change: (inout LessonProgress) -> Void) {
        var p = file.lessons[lesson] ?? LessonProgress()
        change(&p)
        p.updated = Date().formatted(.iso8601)
        file.lessons[lesson] = p
        save()
    }

    /// Forgets one lesson, or everything when `lesson` is nil.
    public func reset(_ lesson: String?) {
        if let lesson {
            file.lessons.removeValue(forKey: lesson)
            if file.current == lesson { file.current = nil }
        } else {
            file.lessons = [:]
            file.current = nil
        }
        save()
    }

    private func makeParentDirectories(_ file: String) {
        guard let slash = file.lastIndex(of: "/") else { return }
        let dir = String(file[..<slash])
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
}
