import os


def f():
    return os.sep  # comment


x = [
    1,
]
