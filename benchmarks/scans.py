"""Scans made the way they really arise, from our own born-digital PDFs.

Each page of a source PDF is rasterised (pypdfium2) at 150-300 dpi and put
through what a scanner or a phone does to paper: a slant of up to ±2°, a
quarter or half turn (a page fed sideways), blur, sensor noise, JPEG
artefacts, uneven light, a red seal stamped over part of the page, a page
photographed slightly off-square (a perspective warp). The result is written
as a scanned PDF (page images, no text layer), a multi-page TIFF, or one PNG
or JPEG per page.

A scan's truth is its source's: the gold record of the source PDF
(``fixtures/<case>/expected.json``, ``benchmarks/corpus/<id>.gold.json``), so
nothing is re-labelled by hand. ``SOURCES`` lists the PDFs with a gold record;
``make`` writes one scan, ``make_set`` a set with a manifest (scan -> gold).

    python -m benchmarks.scans OUT_DIR [--count N] [--seed S] [--profiles office,photo]
    python -m benchmarks.scans fixtures/scans --fixtures     # the committed scans

Used by ``benchmarks/ocr.py`` and by the tests (``tests/test_ocr.py``), never by
the package.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Profile:
    """What happens to each page: ranges are drawn from per page."""

    name: str
    dpi: tuple[int, int] = (200, 200)
    colour: bool = False
    skew: float = 0.0  # degrees, at most (either way)
    turn: tuple[int, ...] = (0,)  # quarter turns clockwise to choose from
    blur: float = 0.0  # Gaussian sigma in pixels at 200 dpi, at most
    noise: float = 0.0  # sensor noise sigma (0-255), at most
    jpeg: int | None = None  # JPEG quality (lower is worse); None: lossless
    light: float = 0.0  # darkest corner's light, 0-1 below full
    seal: bool = False  # a red seal over the last page's lower half
    perspective: float = 0.0  # corner shift as a share of the page's width, at most


PROFILES = {
    p.name: p
    for p in (
        Profile("clean"),
        Profile("office", dpi=(150, 300), skew=2.0, noise=6.0, jpeg=80, blur=0.6),
        Profile("stamped", dpi=(200, 250), colour=True, skew=1.5, noise=5.0, jpeg=85, seal=True),
        Profile("turned", dpi=(150, 200), skew=1.0, turn=(1, 2, 3), noise=4.0, jpeg=85),
        Profile(
            "photo",
            dpi=(200, 250),
            colour=True,
            skew=1.5,
            blur=0.9,
            noise=8.0,
            jpeg=70,
            light=0.35,
            seal=True,
            perspective=0.012,
        ),
    )
}


def sources() -> list[tuple[Path, Path]]:
    """Our born-digital PDFs with a gold record: (source PDF, gold JSON)."""
    out = []
    for gold in sorted((ROOT / "fixtures").glob("**/expected.json")):
        pdf = gold.parent / "source.pdf"
        if pdf.exists():
            out.append((pdf, gold))
    for gold in sorted((ROOT / "benchmarks" / "corpus").glob("*.gold.json")):
        pdf = gold.with_name(gold.name.replace(".gold.json", ".pdf"))
        if pdf.exists():
            out.append((pdf, gold))
    real = ROOT.parent / "shared" / "real" / "hongze_2024.pdf"
    gold = ROOT / "fixtures" / "hongze_2024" / "expected.json"
    if (
        real.exists()
        and gold.exists()
        and (ROOT / "fixtures" / "hongze_2024" / "source.pdf") not in [s for s, _ in out]
    ):
        out.append((real, gold))
    return out


def rasterise(pdf: Path | bytes, dpi: float, pages: Sequence[int] | None = None) -> Iterator[Any]:
    """The pages of ``pdf`` (0-based ``pages``, default all) as RGB numpy arrays."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        for i in pages if pages is not None else range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72)
            yield np.array(bitmap.to_pil().convert("RGB"))
            page.close()
    finally:
        doc.close()


def degrade(rgb: Any, profile: Profile, rng: random.Random, *, dpi: float, last: bool) -> Any:
    """One page image put through the profile's scanner or camera."""
    import cv2

    img = rgb.astype(np.float32)
    h, w = img.shape[:2]
    if profile.seal and last:
        img = _seal(img, rng, dpi)
    if profile.light:
        img = _light(img, rng, profile.light)
    if profile.perspective:
        img = _perspective(img, rng, profile.perspective)
    angle = rng.uniform(-profile.skew, profile.skew) if profile.skew else 0.0
    if angle:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(250, 250, 250))
    if profile.blur:
        sigma = rng.uniform(0.3, profile.blur) * dpi / 200
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    if profile.noise:
        sigma = rng.uniform(profile.noise / 2, profile.noise)
        gen = np.random.default_rng(rng.randrange(2**32))
        img = img + gen.normal(0, sigma, img.shape[:2])[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    turn = rng.choice(profile.turn)
    if turn:
        img = np.ascontiguousarray(np.rot90(img, -turn))
    if not profile.colour:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    if profile.jpeg:
        img = _jpeg(img, profile.jpeg + rng.randrange(-5, 6))
    return img


def _seal(img: Any, rng: random.Random, dpi: float) -> Any:
    """A red seal (ring, star, arc of text-like ticks) multiplied over the lower page."""
    import cv2

    h, w = img.shape[:2]
    r = int(0.8 * dpi)  # about 40 mm across
    cx = int(w * rng.uniform(0.55, 0.75))
    cy = int(h * rng.uniform(0.55, 0.85))
    mask = np.zeros((h, w), np.uint8)
    cv2.circle(mask, (cx, cy), r, 255, max(3, r // 14))
    pts = []
    for k in range(10):
        rad = r * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    cv2.fillPoly(mask, [np.array(pts, np.int32)], 255)
    for k in range(18):  # the agency's name around the ring, as strokes
        a = math.pi * (0.9 + 1.2 * k / 17)
        x, y = cx + 0.72 * r * math.cos(a), cy + 0.72 * r * math.sin(a)
        cv2.ellipse(mask, (int(x), int(y)), (r // 14, r // 9), math.degrees(a), 0, 360, 255, -1)
    alpha = (mask.astype(np.float32) / 255.0 * rng.uniform(0.7, 0.9))[..., None]
    red = np.array([215, 40, 45], np.float32)
    return img * (1 - alpha) + (img * red / 255.0) * alpha


def _light(img: Any, rng: random.Random, depth: float) -> Any:
    """Light falling off towards one corner, and a warm paper tint."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.choice([(0, 0), (w, 0), (0, h), (w, h)])
    d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / math.hypot(w, h)
    field = 1.0 - depth * (1.0 - d) ** 2
    tint = np.array([1.0, 0.97, 0.9], np.float32)
    return img * field[..., None] * tint


def _perspective(img: Any, rng: random.Random, share: float) -> Any:
    import cv2

    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + np.float32(
        [[rng.uniform(-1, 1) * share * w, rng.uniform(-1, 1) * share * w] for _ in range(4)]
    )
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(90, 90, 90))


def _jpeg(img: Any, quality: int) -> Any:
    import cv2

    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, max(10, min(95, quality))])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)


def scan_pages(
    pdf: Path | bytes, profile: Profile, seed: int, pages: Sequence[int] | None = None
) -> tuple[list[Any], float]:
    """The degraded page images of ``pdf`` and the dpi they were made at."""
    rng = random.Random(seed)
    dpi = rng.randint(*profile.dpi)
    raster = list(rasterise(pdf, dpi, pages))
    out = [
        degrade(p, profile, rng, dpi=dpi, last=i == len(raster) - 1) for i, p in enumerate(raster)
    ]
    return out, dpi


def write(images: Sequence[Any], out: Path, dpi: float, quality: int = 85) -> Path:
    """The page images as a scanned PDF, a TIFF, or (one page) a PNG or JPEG -- by suffix."""
    from PIL import Image

    frames = [Image.fromarray(im) for im in images]
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        frames[0].save(
            out, save_all=True, append_images=frames[1:], resolution=dpi, quality=quality
        )
    elif suffix in (".tif", ".tiff"):
        frames[0].save(
            out, save_all=True, append_images=frames[1:], dpi=(dpi, dpi), compression="tiff_lzw"
        )
    elif suffix in (".jpg", ".jpeg"):
        if len(frames) != 1:
            raise ValueError("a JPEG holds one page")
        frames[0].save(out, dpi=(round(dpi), round(dpi)), quality=quality)
    else:
        if len(frames) != 1:
            raise ValueError("a PNG holds one page")
        buf = io.BytesIO()
        frames[0].save(buf, format="PNG", dpi=(round(dpi), round(dpi)), optimize=True)
        out.write_bytes(buf.getvalue())
    return out


def make(
    pdf: Path,
    out: Path,
    profile: str | Profile,
    seed: int,
    pages: Sequence[int] | None = None,
    quality: int = 85,
) -> Path:
    """One scan of ``pdf`` at ``out`` (its suffix says the container)."""
    prof = PROFILES[profile] if isinstance(profile, str) else profile
    images, dpi = scan_pages(pdf, prof, seed, pages)
    return write(images, out, dpi, quality)


def broken_sources() -> list[tuple[Path, Path]]:
    """The sources whose gold lists deliberate inconsistencies (rules their figures break)."""
    from gxparse.score import expected_breaks

    return [
        (pdf, gold)
        for pdf, gold in sources()
        if expected_breaks(json.loads(gold.read_text(encoding="utf-8")))
    ]


def make_set(
    out_dir: Path,
    count: int,
    seed: int = 0,
    profiles: Sequence[str] = tuple(PROFILES),
    *,
    broken: bool = False,
) -> list[dict[str, Any]]:
    """``count`` scans of sources drawn at random, as scanned PDFs, with ``manifest.json``;
    with ``broken``, one scan of each source with deliberate inconsistencies instead."""
    rng = random.Random(seed)
    pool = broken_sources() if broken else sources()
    count = len(pool) if broken else count
    rows = []
    for i in range(count):
        pdf, gold = pool[i] if broken else pool[rng.randrange(len(pool))]
        name = profiles[i % len(profiles)]
        out = out_dir / f"{'broken' if broken else 'scan'}_{i:03d}_{name}.pdf"
        make(pdf, out, name, seed * 1000 + i)
        rows.append({"scan": out.name, "source": _rel(pdf), "gold": _rel(gold), "profile": name})
    (out_dir / "manifest.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return rows


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def blank_page(dpi: int = 150) -> Any:
    """An A4 page with nothing on it but a scanner's noise."""
    gen = np.random.default_rng(0)
    h, w = round(11.69 * dpi), round(8.27 * dpi)
    return np.clip(gen.normal(245, 4, (h, w)), 0, 255).astype(np.uint8)


def not_a_report(dpi: int = 150) -> Any:
    """A 'photo' with no report in it: shaded shapes and a little sign text."""
    import cv2

    gen = np.random.default_rng(1)
    h, w = round(8.27 * dpi), round(11.69 * dpi)
    img = np.zeros((h, w, 3), np.uint8)
    for y in range(h):
        img[y] = (120 + 80 * y / h, 160, 200 - 60 * y / h)
    for _ in range(12):
        c = tuple(int(v) for v in gen.integers(0, 255, 3))
        cv2.circle(
            img,
            (int(gen.integers(0, w)), int(gen.integers(0, h))),
            int(gen.integers(20, 200)),
            c,
            -1,
        )
    cv2.putText(img, "EXIT", (w // 3, h // 2), cv2.FONT_HERSHEY_SIMPLEX, 4, (255, 255, 255), 8)
    return img


# the committed scans (fixtures/scans): source case, profile, seed, file name, pages (0-based)
FIXTURES = (
    ("generated/pdf_2019_basic", "office", 11, "pdf_2019_basic.office.pdf", None),
    ("generated/pdf_2021_broken_r3", "stamped", 12, "pdf_2021_broken_r3.stamped.pdf", None),
    ("generated/pdf_2021_unruled_serif_10pt", "photo", 13, "pdf_2021_unruled_serif_10pt.photo.pdf", None),
    ("generated/pdf_2019_basic", "turned", 14, "pdf_2019_basic.p2.turned.jpg", (1,)),
)


def make_fixtures(out_dir: Path = ROOT / "fixtures" / "scans", dpi: int = 150) -> list[dict[str, Any]]:
    """The committed scan fixtures, small (150 dpi), with a manifest naming each one's gold
    (the pictured PDFs of ``benchmarks/pictured.py`` keep their rows)."""
    manifest = out_dir / "manifest.json"
    kept = [
        r
        for r in (json.loads(manifest.read_text("utf-8")) if manifest.exists() else [])
        if r.get("profile") == "pictured"
    ]
    rows = []
    for case, profile, seed, name, pages in FIXTURES:
        source = ROOT / "fixtures" / case / "source.pdf"
        prof = replace(PROFILES[profile], dpi=(dpi, dpi))
        make(source, out_dir / name, prof, seed, pages, quality=55)
        rows.append(
            {
                "scan": name,
                "source": _rel(source),
                "gold": _rel(source.parent / "expected.json"),
                "profile": profile,
                "seed": seed,
                "pages": None if pages is None else [p + 1 for p in pages],
            }
        )
    rows += kept
    manifest.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profiles", default=",".join(PROFILES))
    ap.add_argument("--fixtures", action="store_true", help="write the committed fixtures to OUT")
    args = ap.parse_args(argv)
    if args.fixtures:
        rows = make_fixtures(args.out)
        print(f"{len(rows)} scan fixtures in {args.out}")
        return 0
    rows = make_set(args.out, args.count, args.seed, tuple(args.profiles.split(",")))
    print(f"{len(rows)} scans in {args.out} (manifest.json names each one's gold)")
    return 0


__all__ = [
    "PROFILES",
    "Profile",
    "blank_page",
    "degrade",
    "make",
    "make_set",
    "not_a_report",
    "rasterise",
    "replace",
    "scan_pages",
    "sources",
    "write",
]

if __name__ == "__main__":
    raise SystemExit(main())
