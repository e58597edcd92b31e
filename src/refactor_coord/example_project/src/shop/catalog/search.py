"""Naive full-text search over catalog products."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import shop.utils as u
from ..utils import WORD_RE

from .products import Product


@dataclass(frozen=True)
class SearchHit:
    product: Product
    score: int
    snippet: str


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lowercase word tokens."""
    return [m.group(0).lower() for m in WORD_RE.finditer(text)]


class SearchIndex:
    """An inverted index from tokens to product SKUs."""

    def __init__(self, products: Iterable[Product] = (), snippet_words: int = 8) -> None:
        self.snippet_words = snippet_words
        self._products: dict[str, Product] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        for product in products:
            self.add(product)

    def add(self, product: Product) -> None:
        self._products[product.sku] = product
        text = " ".join([product.name, product.description, *product.tags])
        for token in tokenize(text):
            self._index[token].add(product.sku)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Rank products by how many query tokens they contain."""
        scores: dict[str, int] = defaultdict(int)
        for token in set(tokenize(query)):
            for sku in self._index.get(token, ()):
                scores[sku] += 1
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = []
        for sku, score in ranked[:limit]:
            product = self._products[sku]
            snippet = u.truncate_words(product.description, self.snippet_words)
            hits.append(SearchHit(product, score, snippet))
        return hits
