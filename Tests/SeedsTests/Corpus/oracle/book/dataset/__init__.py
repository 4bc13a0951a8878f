# The book's dataset/ package, written for the seeds corpus oracle.
