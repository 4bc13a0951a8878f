(a, b), (c, d) = (1, 2), [3, 4]
for i, (k, v) in enumerate(zip('xy', [5, 6])):
    print(i, k, v)
a, b, c, d
