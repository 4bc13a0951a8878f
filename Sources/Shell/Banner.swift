/// The first screen: what this is and how to begin, in at most a dozen lines.
enum Banner {
    static func text(terminal: Terminal) -> String {
        let title = terminal.styled("nntutor \(NNTutorVersion.string)", "1")
        return """
        \(title) — learn how neural networks learn, by typing the code yourself.
        Python/NumPy syntax works here: try `x = np.arange(5)` then `x * 2`.
          :lessons   the lessons (in Lessons/, readable as Markdown)
          :help      commands and topics     help(len) or ?len  about a function
          Tab completes, Up/Ctrl-R recall history, Ctrl-C interrupts, Ctrl-D quits.
        """
    }
}

/// The version shown by `--version` and the banner.
public enum NNTutorVersion {
    public static let string = "0.1.0"
}
