name = 'loss'
v = 0.0975
f'{name}: {v:.3f} {v!r} {42:>6d}'
'-'.join(['a', 'b']).upper().split('-')
