"""Every customer document rendered from real engine quotes: PDF pages to PNG (kept), contrast.

The PNGs are artifacts for people to look at; the path is printed. The contrast test reads the
PDF's drawing operations (tests/quote/pdf_ops.py): every text colour against the fill under it
must reach WCAG AA (4.5:1) — the table's heading fill once leaked into every row (black on navy).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF

from tests.quote.documents_gallery import (
    ARTIFACTS,
    GALLERY,
    gallery_whatsapp_text,
    render_gallery_pdf,
)
from tests.quote.pdf_ops import contrast_ratio, text_runs

WCAG_AA = 4.5
NAVY = (20 / 255, 60 / 255, 120 / 255)


@pytest.fixture(scope="module")
def out_dir() -> Path:
    directory = ARTIFACTS / "documents"
    directory.mkdir(parents=True, exist_ok=True)
    print(f"\nrendered documents: {directory}")  # noqa: T201 (the artifacts' path, for people)
    return directory


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_every_text_meets_wcag_aa_against_its_fill(name: str) -> None:
    runs = text_runs(render_gallery_pdf(name))

    failing = [(run.text, round(run.contrast, 2)) for run in runs if run.contrast < WCAG_AA]
    assert len(runs) > 80
    assert not failing
    lowest = min(runs, key=lambda run: run.contrast)
    print(f"\n{name}: {len(runs)} texts, lowest contrast {lowest.contrast:.2f} ({lowest.text!r})")  # noqa: T201


def test_table_rows_are_dark_on_light_and_headings_light_on_navy() -> None:
    runs = text_runs(render_gallery_pdf("techo-isodec-maldonado"))
    heading = next(run for run in runs if run.text == "Descripción")
    row = next(run for run in runs if run.text.startswith("ISODEC EPS 100mm"))

    assert heading.background == pytest.approx(NAVY, abs=0.01)
    assert heading.contrast >= WCAG_AA
    assert sum(row.background) > 2.7  # white row
    assert row.contrast >= 12


def test_the_checker_catches_the_old_leak() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.set_fill_color(20, 60, 120)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(60, 6, "Varilla roscada", fill=True)

    (run,) = text_runs(bytes(pdf.output()))
    assert run.contrast < 2
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", sorted(GALLERY))
def test_pdf_pages_render_to_png(name: str, out_dir: Path) -> None:
    pdf_path = out_dir / f"{name}.pdf"
    pdf_path.write_bytes(render_gallery_pdf(name))
    for old in out_dir.glob(f"{name}-*.png"):
        old.unlink()

    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", str(pdf_path), str(out_dir / name)],
        check=True,
        timeout=60,
    )

    pages = sorted(out_dir.glob(f"{name}-*.png"))
    assert pages
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
    print(f"\n{name}: {', '.join(str(page) for page in pages)}")  # noqa: T201


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_whatsapp_summary_is_kept_beside_its_pdf(name: str, out_dir: Path) -> None:
    text = gallery_whatsapp_text(name)
    path = out_dir / f"{name}.whatsapp.txt"
    path.write_text(text, encoding="utf-8")

    assert "✅ *Total con IVA: USD " in text
    assert len(text.splitlines()) <= 25
    print(f"\n{name}: {path}")  # noqa: T201
