"""Colour maths for the chart palette: sRGB ↔ CIELAB, WCAG contrast, CIEDE2000 colour
difference and simulated colour-vision deficiency (Machado, Oliveira & Fernandes 2009).

Pure functions (no streamlit, no plotly): :mod:`components.figure_style` builds the
camp palette with them and the tests check that no two sides are confusable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RGB = tuple[float, float, float]
LAB = tuple[float, float, float]

_WHITE = (0.95047, 1.0, 1.08883)  # D65

# Machado et al. (2009), severity 1.0, applied to linear RGB
CVD_MATRICES: dict[str, tuple[RGB, RGB, RGB]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def hex_rgb(colour: str) -> RGB:
    """'#RRGGBB' (or '#RGB') as sRGB channels in 0…1."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    r, g, b = (_to_linear(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio (1 … 21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def _f_inv(t: float) -> float:
    return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)


def linear_lab(rgb: Sequence[float]) -> LAB:
    r, g, b = rgb
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b
    fx, fy, fz = (_f(v / w) for v, w in zip((x, y, z), _WHITE, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def hex_lab(colour: str) -> LAB:
    """CIELAB (D65) of an sRGB hex colour."""
    return linear_lab([_to_linear(c) for c in hex_rgb(colour)])


def lab_linear(lab: Sequence[float]) -> RGB:
    L, a, b = lab
    fy = (L + 16) / 116
    x, y, z = (w * _f_inv(v) for v, w in zip((fy + a / 500, fy, fy - b / 200), _WHITE, strict=True))
    return (
        3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
        -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
        0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
    )


def lch_hex(lightness: float, chroma: float, hue: float) -> str | None:
    """The sRGB hex colour of CIE LCh(ab), or None when it lies outside the sRGB gamut."""
    h = math.radians(hue)
    lin = lab_linear((lightness, chroma * math.cos(h), chroma * math.sin(h)))
    if any(c < -1e-9 or c > 1 + 1e-9 for c in lin):
        return None
    return rgb_hex([_to_srgb(min(max(c, 0.0), 1.0)) for c in lin])


def in_gamut_lch(lightness: float, chroma: float, hue: float) -> str:
    """LCh with the chroma reduced (bisection) until the colour fits in sRGB."""
    found = lch_hex(lightness, chroma, hue)
    if found is not None:
        return found
    lo, hi = 0.0, chroma
    for _ in range(30):
        mid = (lo + hi) / 2
        if lch_hex(lightness, mid, hue) is None:
            hi = mid
        else:
            lo = mid
    return lch_hex(lightness, lo, hue) or rgb_hex([_to_srgb(lightness / 100)] * 3)


def lch(colour: str) -> tuple[float, float, float]:
    L, a, b = hex_lab(colour)
    return L, math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


def simulate(colour: str, deficiency: str) -> str:
    """How ``colour`` looks with a colour-vision deficiency ('protanopia', …)."""
    matrix = CVD_MATRICES[deficiency]
    lin = [_to_linear(c) for c in hex_rgb(colour)]
    out = [sum(m * c for m, c in zip(row, lin, strict=True)) for row in matrix]
    return rgb_hex([_to_srgb(min(max(c, 0.0), 1.0)) for c in out])


def ciede2000(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp = L2 - L1
    dCp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lbp = (L1 + L2) / 2
    Cbp = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbp = (h1p + h2p + 360) / 2
    else:
        hbp = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbp - 30))
        + 0.24 * math.cos(math.radians(2 * hbp))
        + 0.32 * math.cos(math.radians(3 * hbp + 6))
        - 0.20 * math.cos(math.radians(4 * hbp - 63))
    )
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(Cbp**7 / (Cbp**7 + 25**7))
    sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    sc = 1 + 0.045 * Cbp
    sh = 1 + 0.015 * Cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt(
        (dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh)
    )


def difference(c1: str, c2: str, deficiency: str | None = None) -> float:
    """CIEDE2000 between two hex colours, as seen normally or with ``deficiency``."""
    if deficiency:
        c1, c2 = simulate(c1, deficiency), simulate(c2, deficiency)
    return ciede2000(hex_lab(c1), hex_lab(c2))
