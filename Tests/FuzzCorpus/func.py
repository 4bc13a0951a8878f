def f(x, h=1e-4, *, scale=1):
    return scale * (f2(x + h) - f2(x - h)) / (2 * h)
def f2(x):
    return 0.01 * x ** 2 + 0.1 * x
f(5), f(10, scale=2)
