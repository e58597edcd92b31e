import json

import pytest

from shop import cli
from shop.utils import slugify


def test_transforms_registry():
    assert cli.TRANSFORMS["slug"] is slugify
    assert cli.TRANSFORMS["snake"]("Big Red Box") == "big_red_box"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["transform", "slug", "Hello Shop World"], "hello-shop-world"),
        (["transform", "short", "one two three four five six"], "one two three four five…"),
        (["transform", "upper", "abc"], "ABC"),
        (["price", "123456", "--currency", "gbp"], "£1,234.56"),
    ],
)
def test_main_prints(capsys, argv, expected):
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.strip() == expected


def test_feed_command(tmp_path, capsys):
    source = tmp_path / "supplier.json"
    source.write_text(
        json.dumps(
            {
                "items": [
                    {"sku": "A", "name": "Oak Board", "price_cents": 1200, "tags": ["wood"]},
                    {"sku": "B", "name": "Plain Cloth", "price_cents": 300},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert cli.main(["feed", str(source), "--tagged-only", "yes"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["id"], i["price"]) for i in items] == [("A", "€12.00")]


def test_feed_command_reports_errors(tmp_path, capsys):
    assert cli.main(["feed", str(tmp_path / "missing.json")]) == 2
    assert capsys.readouterr().err.startswith("error:")


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["--version"])
    assert excinfo.value.code == 0
    assert capsys.readouterr().out.strip() == "shop 1.4.0"
