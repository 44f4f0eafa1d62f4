"""Sensitivity of the paths to agreement (negotiation.paths.sensitivity) against brute force:
the meeting points and trades recomputed on dossiers built by hand with the priorities
left out, or with one inferred placement left out (and the side not placed from then)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from paths_helpers import D0, SCALE_LEN, make_issue, make_position

from negotiation import paths
from negotiation.dossier import Dossier, Side
from negotiation.model import Camp, DossierFile, Period, Source
from negotiation.paths import sensitivity as sens

EARLIER = D0 - dt.timedelta(days=5)
LATER = D0 + dt.timedelta(days=5)
ISSUES = ("i0", "i1", "i2")
PRIORITIES = (None, "low", "medium", "high", "core")

# one side on one issue: (range or None, priority, inferred, earlier range or None)
Entry = tuple[Any, str | None, bool, Any]


def _dossier(spec: Mapping[str, Mapping[str, Entry]], camps: Mapping[str, str] | None = None):
    """A dossier from ``spec``: side -> issue -> entry. The entry's position is dated D0
    (id ``side-issue``), with ``basis: inferred`` and notes when ``inferred``; an
    earlier range gives a position dated EARLIER (id ``side-issue-old``)."""
    camps = dict(camps or {})
    sides = []
    for sid, issues in spec.items():
        positions = []
        for iid, (rng, priority, inferred, old) in issues.items():
            if old is not None:
                positions.append(make_position(f"{sid}-{iid}-old", iid, old, as_of=EARLIER))
            pos = make_position(f"{sid}-{iid}", iid, rng, priority=priority)
            if inferred:
                pos = pos.model_copy(update={"basis": "inferred", "notes": f"read from {sid}"})
            positions.append(pos)
        sides.append(
            Side(
                id=sid,
                name=sid.upper(),
                short=None,
                camp=camps.get(sid),
                description=None,
                positions=tuple(positions),
            )
        )
    meta = DossierFile(
        id="sens",
        title="Sensitivity test",
        summary="In-memory test dossier.",
        period=Period(start=dt.date(2022, 1, 1), end=dt.date(2022, 1, 31)),
        camps=[Camp(id=c, name=c.capitalize()) for c in dict.fromkeys(camps.values())],
    )
    return Dossier(
        id="sens",
        path="",
        meta=meta,
        issues=tuple(make_issue(i) for i in ISSUES),
        sides=tuple(sides),
        sources=(Source(id="src", outlet="Src", title="T", date=D0, kind="news"),),
    )


def _no_priorities(spec):
    return {s: {i: (e[0], None, e[2], e[3]) for i, e in iss.items()} for s, iss in spec.items()}


def _removed(spec, side, issue):
    """By hand: the side has no position on the issue at D0 (neither the inferred one
    nor the earlier one it replaced)."""
    out = {s: dict(iss) for s, iss in spec.items()}
    del out[side][issue]
    return out


@st.composite
def interval(draw):
    lo = draw(st.integers(0, SCALE_LEN - 1))
    return lo, draw(st.integers(lo, SCALE_LEN - 1))


entry = st.tuples(
    st.one_of(st.none(), interval()),
    st.sampled_from(PRIORITIES),
    st.booleans(),
    st.one_of(st.none(), interval()),
)
spec_st = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.dictionaries(st.sampled_from(ISSUES), entry, min_size=1, max_size=3),
    min_size=2,
    max_size=3,
)


def _outcome(m):
    return tuple(m.points), m.point


def _placed(m, n):
    return bool(m.stands) and not (len(m.stands) == 1 and n > 1)


@given(spec_st, st.booleans())
@settings(max_examples=150, deadline=None)
def test_meeting_sensitivity_equals_brute_force(spec, use_camp):
    camps = {"b": "bee", "c": "bee"} if use_camp and "b" in spec and "c" in spec else {}
    d = _dossier(spec, camps)
    sides = list(spec)
    parties = [s for s in sides if s not in camps] + (["camp:bee"] if camps else [])
    eq_by_hand = _dossier(_no_priorities(spec), camps)
    for issue in ISSUES:
        got = sens.meeting_sensitivity(d, issue, parties, D0)
        base = paths.meeting(d, issue, parties, D0)
        n = len(parties)
        if not _placed(base, n):
            assert not got.changed and sens.meeting_sentences(got) == []
            continue
        eq = paths.meeting(eq_by_hand, issue, parties, D0)
        assert (got.equal_priorities is None) == (_outcome(eq) == _outcome(base))
        if got.equal_priorities is not None and tuple(eq.points) != tuple(base.points):
            assert got.equal_priorities == sens.points_text(
                d.issue_by_id[issue], eq.points, eq.point
            )
        expected = []
        for side in sides:
            e = spec[side].get(issue)
            if e is None or not e[2] or e[0] is None:
                continue
            alt = paths.meeting(_dossier(_removed(spec, side, issue), camps), issue, parties, D0)
            if not _placed(alt, n):
                expected.append((f"{side}-{issue}", side, sens.NOT_PLACED))
            elif _outcome(alt) != _outcome(base):
                expected.append((f"{side}-{issue}", side, "changed"))
        got_rows = [
            (p, s, r if r == sens.NOT_PLACED else "changed") for p, s, r in got.without_inferred
        ]
        assert sorted(got_rows) == sorted(expected)
        assert bool(sens.meeting_sentences(got)) == got.changed
        assert set(got.defaulted) == {s.party for s in base.stands if s.weight.defaulted}


def _terms(r):
    return (r["a_to"], r["b_to"], int(r["a_steps"]), int(r["b_steps"]), bool(r["efficient"]))


@given(spec_st)
@settings(max_examples=100, deadline=None)
def test_trade_sensitivity_equals_brute_force(spec):
    d = _dossier(spec)
    a, b = list(spec)[:2]
    base = paths.trades_table(d, a, b, D0)
    got = sens.trade_sensitivity(d, a, b, D0)
    assert set(got) == {(r["a_concedes"], r["b_concedes"]) for _, r in base.iterrows()}
    eq = paths.trades_table(_dossier(_no_priorities(spec)), a, b, D0)
    eq_by = {(r["a_concedes"], r["b_concedes"]): r for _, r in eq.iterrows()}
    for _, row in base.iterrows():
        key = (row["a_concedes"], row["b_concedes"])
        s = got[key]
        e = eq_by[key]  # the same issues have gaps: a trade never depends on priorities
        same = (int(e["rank"]), bool(e["efficient"])) == (int(row["rank"]), bool(row["efficient"]))
        assert (s.equal_priorities is None) == same
        expected = []
        for issue in key:
            for side in (a, b):
                ent = spec[side].get(issue)
                if ent is None or not ent[2] or ent[0] is None:
                    continue
                alt = paths.trades_table(_dossier(_removed(spec, side, issue)), a, b, D0)
                alt_by = {(r["a_concedes"], r["b_concedes"]): r for _, r in alt.iterrows()}
                if key not in alt_by:
                    expected.append((f"{side}-{issue}", side, sens.NOT_PLACED))
                elif _terms(alt_by[key]) != _terms(row):
                    expected.append((f"{side}-{issue}", side, "changed"))
        got_rows = [
            (p, sd, r if r == sens.NOT_PLACED else "changed") for p, sd, r in s.without_inferred
        ]
        assert got_rows == expected
        assert bool(sens.trade_sentences(s)) == s.changed


def test_without_position_keeps_as_of_semantics():
    spec = {
        "a": {"i0": ((1, 2), None, True, (4, 5))},
        "b": {"i0": ((3, 3), None, False, None)},
    }
    d = _dossier(spec)
    later = make_position("a-i0-new", "i0", (0, 0), as_of=LATER)
    d = _with_positions(d, "a", later)
    w = sens.without_position(d, "a-i0")
    from negotiation import analysis

    before = analysis.in_force(w, "a", "i0", EARLIER)
    assert before is not None and before.id == "a-i0-old" and before.accepts is not None
    at = analysis.in_force(w, "a", "i0", D0)
    assert at is not None and at.id == "a-i0" and at.accepts is None  # not the old one back
    assert analysis.in_force(w, "a", "i0", LATER).id == "a-i0-new"
    # the meeting at D0: a is not placed, so the pair is not placed
    assert not _placed(paths.meeting(w, "i0", ["a", "b"], D0), 2)
    assert _placed(paths.meeting(w, "i0", ["a", "b"], EARLIER), 1)
    # the original dossier is untouched
    assert analysis.in_force(d, "a", "i0", D0).accepts is not None
    s = sens.meeting_sensitivity(d, "i0", ["a", "b"], D0)
    assert s.without_inferred == (("a-i0", "a", sens.NOT_PLACED),)
    (sentence,) = sens.meeting_sentences(s)
    assert sentence.startswith("Rests on 1 inferred range: A on I0 (read from a)")


def _with_positions(d: Dossier, side: str, *extra) -> Dossier:
    from dataclasses import replace

    sides = tuple(
        replace(s, positions=s.positions + tuple(extra)) if s.id == side else s for s in d.sides
    )
    return replace(d, sides=sides)


def test_equal_priorities_is_a_new_dossier_with_the_same_ids():
    spec = {
        "a": {"i0": ((0, 0), "core", False, None)},
        "b": {"i0": ((5, 5), "low", False, None)},
    }
    d = _dossier(spec)
    e = sens.with_equal_priorities(d)
    assert e is not d and e is sens.with_equal_priorities(d)  # kept on the memo
    assert [p.id for _, p in e.positions()] == [p.id for _, p in d.positions()]
    assert all(p.priority is None and not p.priority_evidence for _, p in e.positions())
    assert any(p.priority for _, p in d.positions())
    s = sens.meeting_sensitivity(d, "i0", ["a", "b"], D0)
    assert s.equal_priorities == "any point on the scale (all 6 tie)"
    assert sens.meeting_sentences(s) == [
        "With equal priorities the meeting point would be any point on the scale (all 6 tie)."
    ]
    assert sens.every_priority_defaulted(s) is None
    plain = sens.meeting_sensitivity(e, "i0", ["a", "b"], D0)
    assert not plain.changed and sens.meeting_sentences(plain) == []
    assert sens.every_priority_defaulted(plain) == "Every priority here is defaulted."


# --------------------------------------------------------------------------- export, brief


def _example():
    from pathlib import Path

    from negotiation import loader

    root = Path(__file__).resolve().parents[1] / "positions"
    return loader.load_positions([root]).dossiers["russia-west-2022"]


EXAMPLE_DAY = dt.date(2022, 1, 18)
PAIR = ("camp:russia", "camp:west")


def test_the_export_adds_the_sensitivity_as_new_keys_only():
    from negotiation import export

    d = _example()
    tables = export.comparison_tables(d, date=EXAMPLE_DAY, gap_parties=PAIR)
    conc = tables["concessions"]
    assert list(conc.columns) == ["scope", *paths.CONCESSION_COLUMNS, *export.SENSITIVITY_COLUMNS]
    pair = conc[conc["scope"] == "pair"].reset_index(drop=True)
    plain = paths.concessions_table(d, list(PAIR), EXAMPLE_DAY)
    for col in paths.CONCESSION_COLUMNS:  # the existing keys keep their values
        assert list(pair[col].astype(object)) == list(plain[col].astype(object)), col
    nato = pair[pair["issue"] == "nato-non-expansion"].iloc[0]
    assert nato["sensitivity_equal_priorities"] == "any point on the scale (all 5 tie)"
    assert nato["sensitivity_rests_on"] == []  # the example has no inferred placement
    trades = tables["trades"]
    assert list(trades.columns) == [*paths.TRADE_COLUMNS, *export.SENSITIVITY_COLUMNS]
    assert trades["sensitivity_equal_priorities"].head(10).isna().all()
    assert trades["sensitivity_equal_priorities"].notna().any()


def test_the_brief_says_what_the_meeting_points_rest_on():
    from negotiation.brief import build_brief

    d = _example()
    brief = build_brief(d, date=EXAMPLE_DAY, a=PAIR[0], b=PAIR[1])
    (sec,) = [s for s in brief.sections if s.title.startswith("What the meeting points")]
    assert sec.title == "What the meeting points of Russia and The West rest on"
    first = sec.items[0]
    assert first.text.startswith("NATO non-expansion: the meeting point (now “")
    assert "With equal priorities the meeting point would be any point on the scale" in first.text
    assert first.citations
    assert brief.sections[-1].title == "How sources characterise them"


def test_long_notes_are_cut_at_a_word():
    assert sens._short("Read from the speech.") == "Read from the speech"
    long = "word " * 60
    cut = sens._short(long)
    assert cut.endswith(" …") and len(cut) <= sens.NOTES_SHOWN + 2
    assert "  " not in sens._short("two\n  lines")


def test_the_meeting_point_under_each_reading() -> None:
    """The certainty fixture: the Operator's lease term is contested (Gazette reading
    20-30 years, Minutes reading 10-20 years); the meeting point with the City differs
    by reading, and is computed on each reading's dossier exactly."""
    from negotiation.analysis import readings
    from negotiation.loader import load_dossier
    from negotiation.paths import meeting, meeting_sensitivity, meeting_sentences
    from negotiation.paths.sensitivity import points_text

    d, _ = load_dossier(Path(__file__).parent / "fixtures/certainty/harbour-certainty")
    refs = ("city", "port-operator")
    sens = meeting_sensitivity(d, "lease-term", refs)
    issue = d.issue_by_id["lease-term"]
    expected = []
    for combo in readings.combinations(d, "lease-term", None, refs).items:
        m = meeting(readings.variant(d, combo.choice), "lease-term", refs)
        expected.append(points_text(issue, m.points, m.point))
    assert [point for _, point in sens.by_reading] == expected
    assert [words for words, _ in sens.by_reading] == [
        "Gazette reading of Seaport Terminals Ltd",
        "Minutes reading of Seaport Terminals Ltd",
    ]
    assert meeting_sentences(sens)[-1].startswith("Under each reading: Gazette reading")
    assert sens.changed


def test_trades_under_each_reading() -> None:
    """A contested side is not placed, so its trades are in no base table; under each
    reading they are exactly the trades of that reading's dossier."""
    from negotiation.analysis import readings
    from negotiation.loader import load_dossier
    from negotiation.paths import trades_table, trades_under_readings

    d, _ = load_dossier(Path(__file__).parent / "fixtures/certainty/harbour-certainty")
    found = dict(trades_under_readings(d, "city", "port-operator"))
    assert trades_table(d, "city", "port-operator").empty
    combos = readings.combinations(d, "lease-term", None, ("city", "port-operator"))
    for combo in combos.items:
        words = "; ".join(f"{label} of Seaport Terminals Ltd" for _, label in combo.labels)
        expected = trades_table(readings.variant(d, combo.choice), "city", "port-operator")
        assert len(found[words]) == len(expected)
    assert len(found["Gazette reading of Seaport Terminals Ltd"]) == 2
    assert found["Minutes reading of Seaport Terminals Ltd"] == ()
    example, _ = load_dossier(Path(__file__).parents[1] / "positions/russia-west-2022")
    assert trades_under_readings(example, "russia", "united-states") == ()
