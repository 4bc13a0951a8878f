# A stand-in for matplotlib (not installed on the test machines): see pyplot.py.
