from common.functions import softmax, cross_entropy_error, sigmoid
import numpy as np
y = softmax(np.array([0.3, 2.9, 4.0]))
cross_entropy_error(y, np.array([0, 0, 1])), sigmoid(np.array([-1.0, 0.0, 1.0]))
