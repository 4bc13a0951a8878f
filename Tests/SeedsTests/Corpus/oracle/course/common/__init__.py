# A course's variant of the book's common/ package (teacher data first), used by seed 003.
