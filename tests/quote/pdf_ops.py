"""Reads a PDF's drawing operations back: which colour each text is drawn in, on which fill.

A small parser of the (decompressed) page content streams, enough for fpdf2's output: it
follows the fill colour (``rg``/``g``, saved and restored by ``q``/``Q``), the rectangles filled
with it (``re`` … ``f``) and each text show (``Tj``/``TJ``) at its ``Td``/``Tm`` position. The
background of a text is the last rectangle filled under its first glyph, else the white page.
Not a test module.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

Colour = tuple[float, float, float]
WHITE: Colour = (1.0, 1.0, 1.0)
_STREAM = re.compile(rb"<<(?P<dict>.*?)>>\s*stream\r?\n(?P<data>.*?)\r?\nendstream", re.S)
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)|\[(?:\((?:\\.|[^\\)])*\)|[^\]])*\]|/[^\s/\[\]()<>]+|<<|>>|[^\s/\[\]()<>]+",
    re.S,
)
_NUMBER = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)$")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Colour

    def contains(self, x: float, y: float) -> bool:
        left, right = sorted((self.x, self.x + self.w))
        bottom, top = sorted((self.y, self.y + self.h))
        return left <= x <= right and bottom <= y <= top


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float
    y: float
    colour: Colour
    background: Colour
    page: int

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.colour, self.background)


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance of an sRGB colour with components in 0..1."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: Colour, second: Colour) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page_streams(pdf: bytes) -> list[bytes]:
    """Decompressed content streams that draw text, in file order (fpdf2: one per page)."""
    pages = []
    for match in _STREAM.finditer(pdf):
        header, data = match.group("dict"), match.group("data")
        if b"/Subtype /Image" in header or b"/XObject" in header:
            continue
        if b"/FlateDecode" in header:
            try:
                data = zlib.decompress(data)
            except zlib.error:
                continue
        if b" Tj" in data or b"TJ" in data:
            pages.append(data)
    return pages


def _string(token: bytes) -> str:
    body = token[1:-1]
    body = re.sub(rb"\\([()\\])", rb"\1", body)
    return body.decode("latin-1")


def text_runs(pdf: bytes) -> list[TextRun]:
    """Every text shown in the document with its colour and the fill under it."""
    runs: list[TextRun] = []
    for page, stream in enumerate(page_streams(pdf), start=1):
        runs += _page_runs(stream, page)
    return runs


def _page_runs(stream: bytes, page: int) -> list[TextRun]:
    fill: Colour = (0.0, 0.0, 0.0)
    saved: list[Colour] = []
    path: list[tuple[float, float, float, float]] = []
    rects: list[Rect] = []
    runs: list[TextRun] = []
    operands: list[bytes] = []
    x = y = 0.0
    for token in _TOKEN.findall(stream):
        if _NUMBER.match(token) or token[:1] in (b"(", b"[", b"/"):
            operands.append(token)
            continue
        numbers = [float(t) for t in operands if _NUMBER.match(t)]
        if token == b"q":
            saved.append(fill)
        elif token == b"Q" and saved:
            fill = saved.pop()
        elif token == b"rg" and len(numbers) >= 3:
            fill = (numbers[-3], numbers[-2], numbers[-1])
        elif token == b"g" and numbers:
            fill = (numbers[-1],) * 3
        elif token == b"re" and len(numbers) >= 4:
            path.append((numbers[-4], numbers[-3], numbers[-2], numbers[-1]))
        elif token in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            rects += [Rect(*box, fill) for box in path]
            path = []
        elif token in (b"n", b"S", b"s"):
            path = []
        elif token == b"BT":
            x = y = 0.0
        elif token == b"Td" and len(numbers) >= 2:
            x, y = x + numbers[-2], y + numbers[-1]
        elif token == b"Tm" and len(numbers) >= 6:
            x, y = numbers[-2], numbers[-1]
        elif token in (b"Tj", b"TJ") and operands:
            text = "".join(_string(t) for t in re.findall(rb"\((?:\\.|[^\\)])*\)", operands[-1]))
            under = [rect for rect in rects if rect.contains(x + 1, y + 1)]
            background = under[-1].fill if under else WHITE
            runs.append(TextRun(text, x, y, fill, background, page))
        operands = []
    return runs
