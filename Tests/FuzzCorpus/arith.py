x = 3 ** 2 // 4 % 5
y = -x + 2.5 * 1e3
x, y, x @ 1 if False else (x, y)
