COUNTER = 0
x = 1


def bump():
    global COUNTER, x
    COUNTER += 1


def outer():
    y = 0

    def inner():
        nonlocal y
        y += 1
    inner()
    return y
