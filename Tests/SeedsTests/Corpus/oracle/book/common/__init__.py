# The book's common/ package, written for the seeds corpus oracle (see ../../README.md).
