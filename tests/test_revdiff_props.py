"""Property tests of the diff's comparison changes against a brute-force version.

Random two-state dossiers (three sides, camps west = {a, b} and east = {c}, two
issues, each side's accepted range random or absent) are compared by
:mod:`negotiation.revdiff`; the expected changes are worked out here from the raw
intervals with nothing but min and max.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import revdiff
from negotiation.dossier import Dossier, Side
from negotiation.model import (
    Camp,
    DossierFile,
    Evidence,
    Issue,
    Period,
    Position,
    Range,
    ScalePoint,
    Source,
)

DAY = dt.date(2024, 1, 10)
SIDES = {"a": "west", "b": "west", "c": "east"}
ISSUES = ("first", "second")
SCALE_LEN = 7

Interval = tuple[int, int] | None


def build(ranges: dict[tuple[str, str], Interval]) -> Dossier:
    issues = tuple(
        Issue(
            id=i,
            title=i.capitalize(),
            scale=[ScalePoint(id=f"p{k}", label=f"P{k}") for k in range(SCALE_LEN)],
        )
        for i in ISSUES
    )
    sides = []
    for side, camp in SIDES.items():
        positions = []
        for issue in ISSUES:
            iv = ranges[(side, issue)]
            positions.append(
                Position(
                    id=f"{side}-{issue}",
                    issue=issue,
                    as_of=DAY,
                    stance="statement" if iv is None else "demand",
                    accepts=None if iv is None else Range(from_=f"p{iv[0]}", to=f"p{iv[1]}"),
                    summary="A position.",
                    evidence=[Evidence(source="src", quote="a quote")],
                )
            )
        sides.append(Side(side, side.upper(), None, camp, None, tuple(positions)))
    meta = DossierFile(
        id="d",
        title="D",
        summary="S.",
        period=Period(start=DAY, end=DAY),
        camps=[Camp(id="west", name="West"), Camp(id="east", name="East")],
    )
    source = Source(id="src", outlet="O", title="T", date=DAY, kind="news")
    return Dossier("d", "", meta, issues, tuple(sides), (source,))


placed = st.tuples(st.integers(0, SCALE_LEN - 1), st.integers(0, 2)).map(
    lambda t: (t[0], min(SCALE_LEN - 1, t[0] + t[1]))
)
interval = st.one_of(st.none(), placed, placed)  # mostly placed: gaps on both sides
states = st.fixed_dictionaries({(s, i): interval for s in SIDES for i in ISSUES})


@st.composite
def edits(draw: st.DrawFn) -> tuple[dict, dict]:
    """A state and the state after an edit of one to three ranges (a real commit)."""
    old = draw(states)
    new = dict(old)
    for key in draw(st.lists(st.sampled_from(sorted(old)), min_size=1, max_size=3)):
        iv, shift = new[key], draw(st.sampled_from([-2, -1, 1, 2, 0]))
        if iv is not None and shift:  # the usual edit: a range moves a step or two
            lo = min(max(iv[0] + shift, 0), SCALE_LEN - 1)
            new[key] = (lo, min(max(iv[1] + shift, lo), SCALE_LEN - 1))
        else:
            new[key] = draw(interval)
    return old, new


pairs = st.one_of(edits(), st.tuples(states, states))


def meet(ivs: list[tuple[int, int]]) -> Interval:
    lo, hi = max(i[0] for i in ivs), min(i[1] for i in ivs)
    return (lo, hi) if lo <= hi else None


def camp(ranges: dict, name: str, issue: str) -> tuple[str, Interval]:
    placed = [ranges[(s, issue)] for s, c in SIDES.items() if c == name and ranges[(s, issue)]]
    if not placed:
        return "not placed", None
    together = meet(placed)
    return ("split", None) if together is None else ("placed", together)


def party(ranges: dict, ref: str, issue: str) -> tuple[str, Interval]:
    if ref.startswith("camp:"):
        return camp(ranges, ref[5:], issue)
    iv = ranges[(ref, issue)]
    return ("not placed" if iv is None else "placed"), iv


def gap_state(ranges: dict, issue: str, parties: tuple[str, str]) -> tuple:
    (sw, w), (se, e) = (party(ranges, p, issue) for p in parties)
    if "split" in (sw, se):
        return "split", None, None
    if w is None or e is None:
        return "not placed", None, None
    both = meet([w, e])
    if both is not None:
        return "overlap", 0, both
    return "gap", max(w[0], e[0]) - min(w[1], e[1]), None


def expected_gap_kind(before: tuple, after: tuple) -> str | None:
    (sb, gb, ob), (sa, ga, oa) = before, after
    if sa == "gap" and sb != "gap":
        return "opened"
    if sb == "gap" and sa == "overlap":
        return "closed"
    if sb == sa == "gap" and ga != gb:
        return "widened" if ga > gb else "narrowed"
    if sb != sa or (sb == "overlap" and ob != oa):
        return "changed"
    return None


def all_sides_overlap(ranges: dict, issue: str) -> tuple[bool, Interval]:
    placed = [ranges[(s, issue)] for s in SIDES if ranges[(s, issue)]]
    if len(placed) < 2:
        return False, None
    together = meet(placed)
    return together is not None, together


@pytest.mark.parametrize("parties", [("camp:west", "camp:east"), ("a", "c")])
@settings(max_examples=150)
@given(pair=pairs)
def test_gap_changes_match_brute_force(pair: tuple[dict, dict], parties: tuple[str, str]) -> None:
    old, new = pair
    given_parties = None if parties[0].startswith("camp:") else parties  # camps: the default
    report = revdiff.diff_dossier(build(old), build(new), given_parties)
    assert report["comparison"]["parties"] == list(parties)
    got = {c["issue"]: c for c in report["comparison"]["gaps"]}
    for issue in ISSUES:
        before, after = gap_state(old, issue, parties), gap_state(new, issue, parties)
        kind = expected_gap_kind(before, after)
        if kind is None:
            assert issue not in got
            continue
        change = got[issue]
        assert change["kind"] == kind
        assert (change["before"]["status"], change["after"]["status"]) == (before[0], after[0])
        if before[0] == "gap":
            assert change["before"]["gap"] == before[1]
        if after[0] == "gap":
            assert change["after"]["gap"] == after[1]


@settings(max_examples=150)
@given(pairs)
def test_overlap_and_camp_changes_match_brute_force(pair: tuple[dict, dict]) -> None:
    old, new = pair
    report = revdiff.diff_dossier(build(old), build(new))
    overlaps = {c["issue"]: c for c in report["comparison"]["overlaps"]}
    camps = {(c["issue"], c["camp"]): c["kind"] for c in report["comparison"]["camps"]}
    for issue in ISSUES:
        (had, ob), (has, oa) = all_sides_overlap(old, issue), all_sides_overlap(new, issue)
        change = overlaps.get(issue)
        if has and not had:
            assert change is not None and change["kind"] == "gained"
            assert change["after"]["overlap"] == (
                f"P{oa[0]}" if oa[0] == oa[1] else f"P{oa[0]} – P{oa[1]}"
            )
        elif had and not has:
            assert change is not None and change["kind"] == "lost"
        elif had and has:
            assert (change is not None and change["kind"] == "moved") == (ob != oa)
        elif change is not None:
            assert change["kind"] == "blockers"
            assert change["before"]["blockers"] != change["after"]["blockers"]
        for name in ("west", "east"):
            was = camp(old, name, issue)[0] == "split"
            now = camp(new, name, issue)[0] == "split"
            expected = None if was == now else ("split" if now else "reunited")
            assert camps.get((issue, name)) == expected


@given(pairs)
def test_positions_changed_are_exactly_the_edited_ranges(pair: tuple[dict, dict]) -> None:
    old, new = pair
    report = revdiff.diff_dossier(build(old), build(new))
    changed = {c["id"] for c in report["positions"]["changed"]}
    assert changed == {f"{s}-{i}" for (s, i) in old if old[(s, i)] != new[(s, i)]}
    assert report["status"] == ("changed" if old != new else "unchanged")
