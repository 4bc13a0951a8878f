#if canImport(Glibc)
import Glibc
#endif

/// Who is at the keyboard when a whole class shares one server account over SSH.
///
/// With `ExposeAuthInfo yes`, sshd puts the public key the student logged in with in the
/// file named by `SSH_USER_AUTH`. The teacher lists each student's key in the account's
/// authorized_keys (or `$NNTUTOR_ROSTER`) with the student's name as the key's comment;
/// that line names the student. Only the teacher can edit that file (the students' forced
/// command gives them no shell and no file access outside their folder), so the name
/// cannot be forged by a student.
public struct ClassroomIdentity: Equatable {
    /// The name from the roster, reduced to characters safe in a file name.
    public let name: String

    /// The identity for this session, or nil when sshd exposed no key (a per-student
    /// account, or a local session).
    static func current(environment env: [String: String]) -> Result<ClassroomIdentity, Problem>? {
        guard let authFile = env["SSH_USER_AUTH"], !authFile.isEmpty else { return nil }
        guard let auth = readTextFile(authFile) else { return .failure(.unreadable(authFile)) }
        guard let key = loginKey(auth) else { return .failure(.noPublicKey) }
        let roster = env["NNTUTOR_ROSTER"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "") + "/.ssh/authorized_keys")
        guard let text = readTextFile(roster) else { return .failure(.unreadable(roster)) }
        guard let name = nameOf(key: key, in: text) else { return .failure(.unnamed(roster)) }
        return .success(ClassroomIdentity(name: name))
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case unreadable(String), noPublicKey, unnamed(String)

        var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .noPublicKey: return "this session was not opened with a public key"
            case .unnamed(let roster): return "your key has no name in \(roster) (the teacher writes each student's name after the key)"
            }
        }
    }

    /// The key blob of the first public-key method in an SSH_USER_AUTH file
    /// ("publickey ssh-ed25519 AAAA...").
    static func loginKey(_ auth: String) -> String? {
        for line in auth.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 3, words[0] == "publickey" { return String(words[2]) }
        }
        return nil
    }

    /// The comment of the authorized_keys line holding `key`, made safe for a folder
    /// name; nil when the key is not listed or has no comment.
    static func nameOf(key: String, in authorizedKeys: String) -> String? {
        for line in authorizedKeys.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") { continue }
            // Options may come first and may hold quoted spaces, so find the blob itself.
            let words = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard let k = words.firstIndex(where: { $0 == key }), k + 1 < words.count else { continue }
            return safeName(String(words[k + 1]))
        }
        return nil
    }

    /// Letters, digits, '.', '_' and '-' kept; anything else becomes '_'; no leading dot.
    static func safeName(_ s: String) -> String? {
        var out = String(s.prefix(64).map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") ? c : "_"
        })
        while out.hasPrefix(".") { out.removeFirst() }
        return out.isEmpty ? nil : out
    }
}
