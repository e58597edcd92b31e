from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar, overload

T = TypeVar("T")


class Box(Generic[T]):
    value: T
    items: list[dict[str, tuple[int, ...]]] = []

    def map(self, f: Callable[[T], "T"]) -> Box[T]:
        return self


@overload
def g(x: int) -> int: ...
@overload
def g(x: str) -> str: ...
def g(x: int | str) -> int | str:
    return x


Alias = dict[str, "Box[int]"]
