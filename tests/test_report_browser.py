"""The report page in a real browser: Debian's Chromium, headless, from its command line only.

The sample campaign's page is written to a file and loaded twice: ``--dump-dom`` gives the DOM
after rendering (read back with the standard library's HTML parser) and ``--screenshot`` a PNG
of a 1280x2000 window (decoded here with zlib and struct), kept as an artefact in
``$REFCOORD_ARTIFACTS`` (else the test's temporary directory).

Without Chromium the test is skipped, unless ``REFCOORD_REQUIRE_BROWSER`` is set (CI sets it):
then it fails, so that a CI machine without a browser cannot pass it silently.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_render_report import check_sample_page, parse_html, sample_page

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 2000
#: the chart's total line in the light scheme (``--total`` in report.html.j2)
TOTAL_LINE = (0x05, 0x50, 0xAE)
#: an overdue row's background in the light scheme (``--bad-bg``)
OVERDUE_ROW = (0xFF, 0xEB, 0xE9)
#: Chromium's switches: headless, no sandbox (containers run as root), and no network of its own
SWITCHES = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)


def _chromium() -> Path:
    found = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if found:
        return Path(found)
    if os.environ.get("REFCOORD_REQUIRE_BROWSER") is None:
        pytest.skip("no Chromium (apt-get install chromium); set REFCOORD_REQUIRE_BROWSER to fail")
    pytest.fail(
        f"REFCOORD_REQUIRE_BROWSER is set but Chromium is missing ({CHROMIUM} and no chromium "
        "on PATH): install it with `apt-get install -y chromium` (.ci/run does)",
        pytrace=False,
    )


def _run(chromium: Path, profile: Path, *args: str) -> str:
    """Chromium's stdout for these arguments, with a fresh profile directory."""
    command = [str(chromium), *SWITCHES, f"--user-data-dir={profile}", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium took over 60 s: {' '.join(command)}", pytrace=False)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-15:])
        pytest.fail(f"Chromium exited with {done.returncode}:\n{tail}", pytrace=False)
    return done.stdout


# -- PNG, with the standard library ------------------------------------------------------------


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        yield kind, body
        at += 12 + length


def _add(a: bytes, b: bytes) -> bytes:
    """Bytewise ``a + b`` modulo 256, on whole rows at once (no carry crosses a byte)."""
    if not a:
        return a
    low, high = int.from_bytes(b"\x7f" * len(a), "big"), int.from_bytes(b"\x80" * len(a), "big")
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(len(a), "big")


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def _unfilter(kind: int, row: bytes, up: bytes, bpp: int) -> bytes:
    """One scanline's bytes, its filter undone (PNG specification, section 9)."""
    if kind == 0:
        return row
    if kind == 2:
        return _add(row, up)
    out = bytearray(row)
    for i in range(len(out)):
        left = out[i - bpp] if i >= bpp else 0
        if kind == 1:
            out[i] = (out[i] + left) & 255
        elif kind == 3:
            out[i] = (out[i] + ((left + up[i]) >> 1)) & 255
        else:
            corner = up[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + _paeth(left, up[i], corner)) & 255
    return bytes(out)


def _rgb(rgba: bytes) -> bytes:
    out = bytearray(len(rgba) // 4 * 3)
    for channel in range(3):
        out[channel::3] = rgba[channel::4]
    return bytes(out)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB pixels (3 bytes each) of an 8-bit RGB or RGBA PNG
    (alpha dropped)."""
    chunks = list(_chunks(data))
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, color, interlace) in ((8, 2, 0), (8, 6, 0)), (depth, color, interlace)
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * bpp + 1
    assert len(raw) == stride * height, "truncated image data"
    rows, up = [], bytes(width * bpp)
    for y in range(height):
        line = raw[y * stride : (y + 1) * stride]
        up = _unfilter(line[0], line[1:], up, bpp)
        rows.append(up if bpp == 3 else _rgb(up))
    return width, height, rows


def pixel_counts(rows: list[bytes]) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour."""
    counts: Counter[tuple[int, int, int]] = Counter()
    for row, same in Counter(rows).items():
        for colour, n in Counter(zip(row[0::3], row[1::3], row[2::3], strict=True)).items():
            counts[colour] += n * same
    return counts


# -- the test ----------------------------------------------------------------------------------


def _artifacts(tmp_path: Path) -> Path:
    where = os.environ.get("REFCOORD_ARTIFACTS")
    folder = Path(where) if where else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_report_renders_in_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    started = time.monotonic()
    page = tmp_path / "report.html"
    page.write_text(sample_page(), encoding="utf-8")
    dom = _run(chromium, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    png = tmp_path / "report.png"
    size = f"--window-size={WIDTH},{HEIGHT}"
    _run(chromium, tmp_path / "profile-png", f"--screenshot={png}", size, page.as_uri())
    artifacts = _artifacts(tmp_path)
    shutil.copyfile(page, artifacts / "report-browser.html")
    kept = shutil.copyfile(png, artifacts / "report-browser.png")

    doc = parse_html(dom)
    check_sample_page(doc)
    chart = doc.one("svg", id="burndown")
    assert chart.one("title", id="burndown-title").text().startswith("Burndown")

    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT), f"screenshot {width}x{height} ({kept})"
    colours = pixel_counts(rows)
    background, most = colours.most_common(1)[0]
    assert background == (255, 255, 255), f"the page is not on its light background ({kept})"
    drawn = width * height - most
    assert drawn > width * height // 20, f"only {drawn} pixels differ from the page ({kept})"
    assert colours[TOTAL_LINE] > 500, f"no burndown line painted ({kept})"
    assert colours[OVERDUE_ROW] > 2_000, f"no overdue row painted ({kept})"
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"the browser test took {elapsed:.1f} s"


def test_a_missing_browser_skips_only_when_it_is_not_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(__name__ + ".CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("REFCOORD_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _chromium()
    monkeypatch.setenv("REFCOORD_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REFCOORD_REQUIRE_BROWSER is set"):
        _chromium()
