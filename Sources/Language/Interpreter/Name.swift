/// A variable or attribute name as a dictionary key.
///
/// Workspaces and scopes are dictionaries keyed by name, probed several times per executed
/// line; Swift's String hashing (SipHash with a per-process seed) was a third of the time
/// of a simple loop. A name hashes its bytes once, cheaply, when it is made, and the
/// dictionaries reuse that number. (Hash flooding is not a concern: a learner's own names.)
public struct Name: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let text: String
    @usableFromInline let hash: Int

    @inlinable
    public init(_ text: String) {
        self.text = text
        // FNV-1a over the UTF-8 bytes.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        hash = Int(bitPattern: UInt(h))
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { text }

    @inlinable
    public static func == (a: Name, b: Name) -> Bool { a.hash == b.hash && a.text == b.text }

    public static func < (a: Name, b: Name) -> Bool { a.text < b.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// Dictionaries ask for this directly; mixing in their seed keeps copies between
    /// tables of different sizes from clustering.
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        var h = UInt(bitPattern: hash ^ seed) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(bitPattern: h)
    }

    public func hasPrefix(_ prefix: String) -> Bool { text.hasPrefix(prefix) }
}
