"""``analysis.last_change``: the as-of state a view is kept per. Checked against a
brute-force scan of every position, and by what it promises: two dates with the same
``last_change`` give the same tables, charts' data and paths."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import analysis, paths
from negotiation.dossier import Dossier, Side
from negotiation.model import Camp, DossierFile, Period, Source
from tests.paths_helpers import D0, SCALE_LEN, make_issue, make_position

SIDES = ("s0", "s1", "s2", "s3")
ISSUES = ("i0", "i1", "i2")
DAYS = 12

interval = st.tuples(st.integers(0, SCALE_LEN - 1), st.integers(0, SCALE_LEN - 1)).map(
    lambda t: (min(t), max(t))
)
entry = st.tuples(
    st.sampled_from(SIDES),
    st.sampled_from(ISSUES),
    st.integers(0, DAYS - 1),
    st.one_of(st.none(), interval),
)


def dossier_of(entries: list[tuple[str, str, int, tuple[int, int] | None]]) -> Dossier:
    """Sides s0..s3 (s2 and s3 in camp ``c``), positions at day offsets from D0."""
    by_side: dict[str, list] = {s: [] for s in SIDES}
    for n, (side, issue, day, rng) in enumerate(entries):
        by_side[side].append(
            make_position(f"{side}-{issue}-{n}", issue, rng, as_of=D0 + dt.timedelta(days=day))
        )
    camps = {"s2": "c", "s3": "c"}
    sides = tuple(
        Side(
            id=s,
            name=s.upper(),
            short=None,
            camp=camps.get(s),
            description=None,
            positions=tuple(ps),
        )
        for s, ps in by_side.items()
    )
    meta = DossierFile(
        id="as-of",
        title="As-of test",
        summary="In-memory test dossier.",
        period=Period(start=D0, end=D0 + dt.timedelta(days=DAYS)),
        camps=[Camp(id="c", name="C")],
    )
    return Dossier(
        id="as-of",
        path="",
        meta=meta,
        issues=tuple(make_issue(i) for i in ISSUES),
        sides=sides,
        sources=(Source(id="src", outlet="Src", title="T", date=D0, kind="news"),),
    )


def brute_last_change(d: Dossier, parties, issues, day: dt.date) -> dt.date:
    sides = set()
    for ref in parties:
        sides.update(d.camp_members(ref[5:]) if ref.startswith("camp:") else [ref])
    days = [
        p.as_of
        for s in d.sides
        if s.id in sides
        for p in s.positions
        if (issues is None or p.issue in issues) and p.as_of <= day
    ]
    return max(days, default=analysis.NOTHING_YET)


parties_st = st.lists(st.sampled_from([*SIDES, "camp:c"]), min_size=1, max_size=3, unique=True)
issues_st = st.one_of(st.none(), st.lists(st.sampled_from(ISSUES), min_size=1, unique=True))
day_st = st.integers(-1, DAYS).map(lambda k: D0 + dt.timedelta(days=k))


@settings(max_examples=150, deadline=None)
@given(st.lists(entry, max_size=25), parties_st, issues_st, day_st)
def test_last_change_equals_brute_force(entries, parties, issues, day):
    d = dossier_of(entries)
    assert analysis.last_change(d, parties, issues, day) == brute_last_change(
        d, parties, issues, day
    )
    assert analysis.last_change(d, parties, issues, None) is None


def same(x: object, y: object) -> bool:
    if isinstance(x, pd.DataFrame):
        return x.equals(y) if isinstance(y, pd.DataFrame) else False
    return x == y


@settings(max_examples=120, deadline=None)
@given(
    st.lists(entry, max_size=25),
    st.lists(st.sampled_from([*SIDES, "camp:c"]), min_size=2, max_size=3, unique=True),
    issues_st,
    day_st,
)
def test_dates_with_the_same_last_change_give_the_same_results(entries, parties, issues, d1):
    """At ``d1`` and at the day its state began (a different day in most examples),
    every table and path is the same."""
    d = dossier_of(entries)
    began = analysis.last_change(d, parties, issues, d1)
    d2 = D0 - dt.timedelta(days=1) if began == analysis.NOTHING_YET else began
    assert analysis.last_change(d, parties, issues, d2) == began
    a, b = parties[0], parties[1]
    wanted = list(ISSUES) if issues is None else issues
    for build in (
        lambda day: analysis.gap_table(d, a, b, day, issues=issues),
        lambda day: analysis.overlap_table(d, parties, day, issues=issues),
        lambda day: paths.concessions_table(d, parties, day, issues=issues),
        lambda day: paths.weights_table(d, parties, day, issues=issues),
        lambda day: paths.trades_table(d, a, b, day, issues=issues),
        lambda day: [paths.issue_paths(d, i, parties, day) for i in wanted],
    ):
        first, second = build(d1), build(d2)
        if isinstance(first, list):
            assert [repr(x) for x in first] == [repr(x) for x in second]
        else:
            assert same(first, second)


@settings(max_examples=100, deadline=None)
@given(st.lists(entry, max_size=25), parties_st, st.sampled_from(ISSUES), day_st)
def test_in_force_ids_are_the_positions_in_force(entries, parties, issue, day):
    d = dossier_of(entries)
    sides = analysis.as_of.member_sides(d, parties)
    expected = []
    for side in sides:
        pos = analysis.in_force(d, side, issue, day)
        expected.append(pos.id if pos is not None else None)
    assert analysis.as_of.in_force_ids(d, parties, issue, day) == tuple(expected)
    members = {m for p in parties if p.startswith("camp:") for m in d.camp_members(p[5:])}
    assert set(sides) == {p for p in parties if not p.startswith("camp:")} | members


def _loaded() -> list[Dossier]:
    from pathlib import Path

    from negotiation import loader

    roots = [Path("positions"), Path("tests/fixtures/long-dossier")]
    return [d for root in roots for d in loader.load_positions([root]).dossiers.values()]


def test_dates_with_the_same_characterisation_state_count_the_same_verdicts():
    """Every date of the example and the long dossier (and a day before, between and
    after): same state, same characterisations, agreement and frames."""
    checked = 0
    for d in _loaded():
        days = d.dates()
        probes = sorted(
            {days[0] - dt.timedelta(days=1), days[-1] + dt.timedelta(days=1), *days}
            | {x + dt.timedelta(days=1) for x in days}
        )
        by_state: dict[object, list[dt.date]] = {}
        for day in probes:
            by_state.setdefault(analysis.characterisation_state(d, day), []).append(day)
        for state, group in by_state.items():
            cutoffs = [analysis.characterisation_cutoff(d, x) for x in group]
            ids = [tuple(analysis.characterisations_frame(d, c)["id"]) for c in cutoffs]
            assert len(set(ids)) == 1, (d.id, state, group)
            agreements = [analysis.agreement_table(d, c) for c in cutoffs]
            assert all(a.equals(agreements[0]) for a in agreements)
            tables = [analysis.frames_table(d, c) for c in cutoffs]
            assert all(t.equals(tables[0]) for t in tables)
            checked += len(group)
    assert checked > 20
