import numpy as np
def function_2(x):
    return x[0] ** 2 + x[1] ** 2
gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=0.1, step_num=100)
