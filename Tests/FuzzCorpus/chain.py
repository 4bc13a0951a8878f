a = 1 < 2 <= 3 != 4 > 0
b = not a or a and None is None
[a, b, 5 in [1, 5], 'z' not in 'abc']
