import Foundation

// The interpreter recurses on the native stack; a large dedicated stack lets Python's
// default depth of 1000 calls work even in debug builds (only touched pages cost memory).
let worker = Thread {
    NNTutorCommand.main()
}
worker.stackSize = 1 << 30
worker.start()
while true { sleep(1000) }
