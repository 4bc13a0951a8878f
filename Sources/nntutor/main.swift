// Entry point: see NNTutorCommand.swift for the command line.
NNTutorCommand.main()
