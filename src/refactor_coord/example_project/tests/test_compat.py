import json
import sys

import pytest

from shop import compat


def test_load_json_config_merges_defaults(tmp_path):
    path = tmp_path / "shop.json"
    path.write_text(json.dumps({"currency": "USD", "debug": True}), encoding="utf-8")
    config = compat.load_config(path)
    assert config["currency"] == "USD"
    assert config["debug"] is True
    assert config["timeout"] == compat.DEFAULT_CONFIG["timeout"]


def test_load_config_rejects_non_object(tmp_path):
    path = tmp_path / "shop.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError):
        compat.load_config(path)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib needs Python 3.11")
def test_load_toml_config(tmp_path):
    path = tmp_path / "shop.toml"
    path.write_text('currency = "GBP"\ntimeout = 2.5\n', encoding="utf-8")
    assert compat.has_toml()
    config = compat.load_config(path)
    assert (config["currency"], config["timeout"]) == ("GBP", 2.5)


def test_toml_unavailable(tmp_path, monkeypatch):
    monkeypatch.setattr(compat, "tomllib", None)
    path = tmp_path / "shop.toml"
    path.write_text('currency = "GBP"\n', encoding="utf-8")
    assert not compat.has_toml()
    with pytest.raises(RuntimeError):
        compat.load_config(path)


def test_dump_config_round_trips():
    text = compat.dump_config({"b": 1, "a": [True]})
    assert text.index('"a"') < text.index('"b"')
    assert json.loads(text) == {"a": [True], "b": 1}
