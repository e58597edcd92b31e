"""Command-line entry point: ``python -m shop.cli COMMAND ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from shop import __version__
from shop.catalog.feeds import export_feed, parse_feed
from shop.utils import format_price, parse_bool, slugify, truncate_words

#: Text transforms selectable with ``shop transform KIND TEXT``.
TRANSFORMS: dict[str, Callable[[str], str]] = {
    "slug": slugify,
    "snake": lambda text: slugify(text, sep="_"),
    "short": lambda text: truncate_words(text, 5),
    "upper": str.upper,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shop", description="Shop utilities.")
    parser.add_argument("--version", action="version", version=f"shop {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    transform = sub.add_parser("transform", help="apply a text transform")
    transform.add_argument("kind", choices=sorted(TRANSFORMS))
    transform.add_argument("text")

    price = sub.add_parser("price", help="format an amount in cents")
    price.add_argument("cents", type=int)
    price.add_argument("--currency", default="EUR")

    feed = sub.add_parser("feed", help="convert a supplier feed file to a shop feed")
    feed.add_argument("path", type=Path)
    feed.add_argument("--currency", default="EUR")
    feed.add_argument("--tagged-only", default="no", help="skip untagged products (yes/no)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "transform":
        print(TRANSFORMS[args.kind](args.text))
    elif args.command == "price":
        print(format_price(args.cents, args.currency))
    elif args.command == "feed":
        try:
            tagged_only = parse_bool(args.tagged_only)
            products = parse_feed(args.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if tagged_only:
            products = [p for p in products if p.tags]
        print(export_feed(products, args.currency))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
