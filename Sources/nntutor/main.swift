print("nntutor")
