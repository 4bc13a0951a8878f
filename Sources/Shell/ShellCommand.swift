/// A `:`-command such as `:help` or `:vars`; the tutor registers its own (`:lesson`, `:next`...).
public struct ShellCommand {
    public var name: String
    public var usage: String
    public var summary: String
    public var run: (_ arguments: String) -> Void

    public init(name: String, usage: String = "", summary: String, run: @escaping (_ arguments: String) -> Void) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.run = run
    }
}
