"""load_mnist as the book's dataset/mnist.py returns it, read from the gzip'd IDX files in
$NNTUTOR_DATA_DIR (else the shared copy above the checkout, else /work/shared/datasets/mnist).
Nothing is downloaded."""
import gzip
import os

import numpy as np

_FILES = {
    'train_img': 'train-images-idx3-ubyte.gz',
    'train_label': 'train-labels-idx1-ubyte.gz',
    'test_img': 't10k-images-idx3-ubyte.gz',
    'test_label': 't10k-labels-idx1-ubyte.gz',
}


def _data_dir():
    env = os.environ.get('NNTUTOR_DATA_DIR')
    if env:
        return env
    d = os.path.dirname(os.path.abspath(__file__))
    while d != '/':
        d = os.path.dirname(d)
        candidate = os.path.join(d, 'shared', 'datasets', 'mnist')
        if os.path.isdir(candidate):
            return candidate
    return '/work/shared/datasets/mnist'


def _read(name, header):
    with gzip.open(os.path.join(_data_dir(), _FILES[name]), 'rb') as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def load_mnist(normalize=True, flatten=True, one_hot_label=False):
    data = {
        'train_img': _read('train_img', 16).reshape(-1, 784),
        'test_img': _read('test_img', 16).reshape(-1, 784),
        'train_label': _read('train_label', 8),
        'test_label': _read('test_label', 8),
    }
    if normalize:
        for key in ('train_img', 'test_img'):
            data[key] = data[key].astype(np.float32)
            data[key] /= 255.0
    if one_hot_label:
        for key in ('train_label', 'test_label'):
            labels = data[key]
            rows = np.zeros((labels.size, 10))
            rows[np.arange(labels.size), labels] = 1
            data[key] = rows
    if not flatten:
        for key in ('train_img', 'test_img'):
            data[key] = data[key].reshape(-1, 1, 28, 28)
    return (data['train_img'], data['train_label']), (data['test_img'], data['test_label'])
