sq = lambda x: x[0] ** 2 + x[1] ** 2
sorted([3, 1, 2], key=lambda v: -v), sq([3.0, 4.0])
