def outer(n):
    def inner(k):
        return n + k
    return inner
g = outer(3)
[g(i) for i in range(4) if i % 2]
