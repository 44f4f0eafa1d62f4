"""The camp palette: sides of one camp share an Okabe–Ito hue family, sides with no
camp are grey, every colour reaches 3:1 on both theme backgrounds, and no two sides of
a many-sided dossier are confusable, also under simulated colour-vision deficiency.

Confusable is measured with CIEDE2000 (ΔE00) between every pair of side colours:

* at least :data:`MIN_DE_NORMAL` (10) with normal vision: clearly different marks;
* at least :data:`MIN_DE_CVD` (5) under simulated deuteranopia and protanopia
  (Machado et al. 2009, full severity): still told apart at a glance. Within a camp
  the shades differ mostly in lightness, which these deficiencies keep; the names on
  the axes and legends and the stance symbols carry identity too.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from components import colour, figures
from negotiation import analysis
from negotiation.loader import load_dossier

ROOT = Path(__file__).resolve().parents[1]
LONG = ROOT / "tests" / "fixtures" / "long-dossier" / "river-basin-treaty"
EXAMPLE = ROOT / "positions" / "russia-west-2022"
BACKGROUNDS = {"light": "#FFFFFF", "dark": "#0E1117"}
MIN_DE_NORMAL = 10.0
MIN_DE_CVD = 5.0
DEFICIENCIES = ("deuteranopia", "protanopia")


def _colours(folder: Path) -> tuple[dict[str, str], object]:
    dossier, problems = load_dossier(folder)
    assert dossier is not None and problems == []
    refs = [p.ref for p in analysis.parties(dossier)]
    return figures.party_colours(refs, {s.id: s.camp for s in dossier.sides}), dossier


# --------------------------------------------------------------------------- colour maths


def test_ciede2000_matches_sharma_reference_pairs() -> None:
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17 and 25
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ]
    for a, b, expected in pairs:
        assert colour.ciede2000(a, b) == pytest.approx(expected, abs=1e-4)


def test_lab_round_trip_and_known_values() -> None:
    assert colour.hex_lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert colour.hex_lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)
    L, C, h = colour.lch("#0072B2")
    assert colour.lch_hex(L, C, h) == "#0072B2"
    assert colour.lch_hex(50, 150, 30) is None  # far outside sRGB
    assert colour.in_gamut_lch(50, 150, 30) is not None


def test_simulated_deficiencies_collapse_red_and_green() -> None:
    red, green = "#D55E00", "#009E73"
    assert colour.difference(red, green) > 40
    # the matrices keep greys grey and bring a red–green pair together
    assert colour.simulate("#808080", "deuteranopia") == pytest.approx("#808080")
    for deficiency in DEFICIENCIES:
        assert colour.difference(red, "#6BA100", deficiency) < colour.difference(red, "#6BA100") / 2


# --------------------------------------------------------------------------- palette


@pytest.mark.parametrize("folder", [LONG, EXAMPLE], ids=["long", "example"])
def test_every_party_colour_reaches_3_to_1_on_both_backgrounds(folder: Path) -> None:
    colours, _ = _colours(folder)
    for ref, value in colours.items():
        for name, bg in BACKGROUNDS.items():
            assert colour.contrast(value, bg) >= 3.0, f"{ref} {value} on {name} {bg}"


@pytest.mark.parametrize("folder", [LONG, EXAMPLE], ids=["long", "example"])
def test_no_two_sides_are_confusable(folder: Path) -> None:
    colours, dossier = _colours(folder)
    sides = [s.id for s in dossier.sides]
    assert len(set(colours[s] for s in sides)) == len(sides)
    for a, b in itertools.combinations(sides, 2):
        de = colour.difference(colours[a], colours[b])
        assert de >= MIN_DE_NORMAL, f"{a} {colours[a]} vs {b} {colours[b]}: ΔE00 {de:.1f}"
        for deficiency in DEFICIENCIES:
            de = colour.difference(colours[a], colours[b], deficiency)
            assert de >= MIN_DE_CVD, f"{deficiency}: {a} vs {b}: ΔE00 {de:.1f}"


def test_long_dossier_has_nine_sides_and_camp_hue_families() -> None:
    colours, dossier = _colours(LONG)
    assert len(dossier.sides) >= 7
    hue = {ref: colour.lch(value) for ref, value in colours.items()}
    for camp in dossier.camps:
        members = dossier.camp_members(camp.id)
        family = {ref: hue[ref] for ref in [*members, "camp:" + camp.id]}
        hues = [h for _, _, h in family.values()]
        assert max(hues) - min(hues) < 20, f"camp {camp.id} mixes hues {family}"
        assert all(c > 25 for _, c, _ in family.values())  # a colour, not a grey
    loners = [s.id for s in dossier.sides if not s.camp]
    assert len(loners) == 3
    assert all(hue[ref][1] < 8 for ref in loners)  # the neutral grey family
    # two camps never share a base hue
    camp_hues = [hue["camp:" + c.id][2] for c in dossier.camps]
    for a, b in itertools.combinations(camp_hues, 2):
        assert min(abs(a - b), 360 - abs(a - b)) > 20


def test_without_camps_every_side_gets_its_own_hue() -> None:
    refs = [f"s{n}" for n in range(7)]
    colours = figures.party_colours(refs)
    assert len(set(colours.values())) == 7
    for a, b in itertools.combinations(refs, 2):
        assert colour.difference(colours[a], colours[b]) >= MIN_DE_NORMAL
    # beyond the seven hues the colours stay distinct
    assert len(set(figures.party_colours([f"s{n}" for n in range(10)]).values())) == 10
