import FoundationEssentials

extension Interpreter {
    /// The path a program's file name refers to. Outside classroom mode, the name itself.
    /// With a sandbox, names are relative to the sandbox directory and may not leave it:
    /// an absolute path or a `..` component is a PermissionError, as a locked-down Python
    /// would report it.
    func userPath(_ name: String) throws -> String {
        guard let root = sandboxDirectory else { return name }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        if name.hasPrefix("/") || name.hasPrefix("~") || parts.contains("..") {
            throw PyError(.permissionError, "[Errno 13] Permission denied: '\(name)' (in classroom mode files live in your own folder; use a plain name such as 'weights.npy')")
        }
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root + "/" + parts.joined(separator: "/")
    }
}
