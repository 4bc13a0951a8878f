s = 0
for i in range(10):
    if i == 7:
        break
    elif i % 2:
        continue
    s += i
while s > 0:
    s -= 4
s
