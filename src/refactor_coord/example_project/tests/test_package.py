import shop


def test_reexports():
    from shop.client import fetch
    from shop.utils import slugify

    assert shop.slugify is slugify
    assert shop.fetch is fetch
    assert {"slugify", "fetch"} <= set(shop.__all__)


def test_version_matches_project():
    assert shop.__version__ == "1.4.0"
