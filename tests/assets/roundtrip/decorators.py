import functools


def deco(arg):  # a decorator factory
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*a, **k):
            return fn(*a, **k)
        return inner
    return wrap


@deco(1)
@deco(
    2,  # trailing comment
)
def decorated(x, /, y, *, z=3):
    """Doc."""
    return x + y + z


class C:
    @property
    def p(self): return 1

    @staticmethod
    def s(): ...
