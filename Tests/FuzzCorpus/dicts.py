from collections import OrderedDict
d = OrderedDict()
d['Affine1'] = 1
d.update({'Relu1': 2})
list(d.keys()), list(reversed(list(d.values()))), d.get('x', 0)
