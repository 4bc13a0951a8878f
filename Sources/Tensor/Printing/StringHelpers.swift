#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// printf-style formatting through the C library (`String(cFormat: "%.3f", x)`).
    /// Foundation's `String(format:)` would do the same, but it lives in the full Foundation,
    /// whose libraries (ICU among them) cost several megabytes of resident memory at start-up.
    public init(cFormat format: String, _ arguments: CVarArg...) {
        var buffer = [CChar](repeating: 0, count: 128)
        let needed = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(needed) + 1)
            _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (newlines kept), as Foundation's
    /// `trimmingSpaces()` — which lives in the full Foundation.
    public func trimmingSpaces() -> String { trimming { $0.isWhitespace && !$0.isNewline } }

    /// Without leading and trailing line breaks.
    public func trimmingNewlines() -> String { trimming { $0.isNewline } }

    /// Without leading and trailing whitespace of any kind, line breaks included.
    public func trimmingWhitespace() -> String { trimming { $0.isWhitespace } }

    private func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }) else { return "" }
        let last = lastIndex(where: { !drop($0) })!
        return String(self[first...last])
    }
}
