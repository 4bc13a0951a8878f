print(len([1, 2]), abs(-2.5), round(2.675, 2), min(3, 1), max([4, 9]), sum(range(5)))
isinstance(1.0, float), type(3), str(None), int('12'), float('1e-3'), bool([]), dir()[:0]
