try:
    1 / 0
except ZeroDivisionError as e:
    msg = str(e)
try:
    raise ValueError('bad')
except Exception:
    pass
msg
