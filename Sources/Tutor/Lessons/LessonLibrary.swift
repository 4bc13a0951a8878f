import FoundationEssentials

/// Finds the lesson files: `$NNTUTOR_LESSONS`, else a `Lessons/` folder beside or above
/// the executable (a checkout's .build/release/nntutor), else the system share folder.
public enum LessonLibrary {
    public static func defaultDirectory(language: String = "en") -> String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["NNTUTOR_LESSONS"], !dir.isEmpty { return dir }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Lessons/\(language)")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return "/usr/share/nntutor/Lessons/\(language)"
    }

    /// Lesson files in a folder (NN-id.md), in number order; a single file is a list of one.
    public static func files(at path: String) -> [String] {
        var isDir = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return [] }
        if !isDir { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted().map { path + "/" + $0 }
    }

    public static func load(_ file: String) throws -> Lesson {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return try LessonParser.parse(text, path: file)
    }
}
