import Foundation

// The interpreter recurses on the native stack; a large dedicated stack lets Python's
// default depth of 1000 calls work even in debug builds (only touched pages cost memory).
let worker = Thread {
    // The root command takes an optional script FILE, which would swallow a subcommand's
    // name; the subcommands are therefore dispatched by their first word here.
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "lessons": LessonsCommand.main(Array(arguments.dropFirst()))
    case "learn": LearnCommand.main(Array(arguments.dropFirst()))
    case "demo": DemoCommand.main(Array(arguments.dropFirst()))
    default: NNTutorCommand.main()
    }
}
worker.stackSize = 1 << 30
worker.start()
while true { sleep(1000) }
