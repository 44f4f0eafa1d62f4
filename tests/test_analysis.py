"""Tests of negotiation.analysis on a small hand-made dossier, plus property tests."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import analysis as an
from negotiation.dossier import Dossier, Side
from negotiation.model import (
    AboutRef,
    Camp,
    Characterisation,
    Dimension,
    DossierFile,
    Event,
    Evidence,
    Frame,
    Issue,
    Period,
    Position,
    Range,
    ScalePoint,
    Source,
)

D = dt.date


# --------------------------------------------------------------------------- fixture


def scale(*ids: str) -> list[ScalePoint]:
    return [ScalePoint(id=i, label=i.replace("-", " ").capitalize()) for i in ids]


def pos(
    pid: str,
    issue: str,
    as_of: dt.date,
    stance: str = "demand",
    accepts: str | tuple[str, str] | None = None,
    ideal: str | None = None,
    conditions: tuple[str, ...] = (),
) -> Position:
    acc = Range(**{"from": accepts[0], "to": accepts[1]}) if isinstance(accepts, tuple) else accepts
    return Position(
        id=pid,
        issue=issue,
        as_of=as_of,
        stance=stance,
        accepts=acc,
        ideal=ideal,
        summary=f"Summary of {pid}.",
        evidence=[Evidence(source="tass", quote="A quote.")],
        conditions=list(conditions),
    )


def side(sid: str, name: str, camp: str | None, *positions: Position) -> Side:
    return Side(
        id=sid,
        name=name,
        short=name[:3],
        camp=camp,
        description=None,
        positions=tuple(positions),
    )


ISSUES = (
    Issue(
        id="enlargement",
        title="NATO enlargement",
        scale=scale("open-door", "no-timetable", "moratorium", "binding-ban"),
    ),
    Issue(
        id="missiles",
        title="Missiles",
        scale=scale("no-limits", "transparency", "moratorium", "treaty"),
    ),
    Issue(id="exercises", title="Exercises", scale=scale("none", "notification", "limits")),
)

OUTCOME = Dimension(
    id="outcome",
    label="Outcome",
    scale=scale("breakdown", "deadlock", "no-breakthrough", "breakthrough"),
)


def make_dossier() -> Dossier:
    meta = DossierFile(
        id="test",
        title="Test talks",
        summary="A small hand-made dossier.",
        period=Period(start=D(2022, 1, 1), end=D(2022, 1, 31)),
        camps=[Camp(id="west", name="The West"), Camp(id="east", name="The East")],
        events=[Event(id="geneva", date=D(2022, 1, 10), title="Geneva round")],
        dimensions=[OUTCOME],
        frames=[
            Frame(id="hostage", label="Hostage negotiation"),
            Frame(id="divorce", label="Divorce"),
        ],
    )
    sides = (
        side(
            "russia",
            "Russia",
            "east",
            pos(
                "ru-enl-1", "enlargement", D(2022, 1, 1), accepts="binding-ban", ideal="binding-ban"
            ),
            pos(
                "ru-enl-2",
                "enlargement",
                D(2022, 1, 12),
                accepts=("moratorium", "binding-ban"),
                ideal="binding-ban",
                conditions=("written", "binding"),
            ),
            pos("ru-mis", "missiles", D(2022, 1, 1), "proposal", ("moratorium", "treaty")),
            pos("ru-ex", "exercises", D(2022, 1, 1), "proposal", ("notification", "limits")),
        ),
        side(
            "belarus",
            "Belarus",
            "east",
            pos("by-enl", "enlargement", D(2022, 1, 5), "statement", ideal="binding-ban"),
        ),
        side(
            "us",
            "United States",
            "west",
            pos("us-enl", "enlargement", D(2022, 1, 1), "rejection", ("open-door", "no-timetable")),
            pos(
                "us-mis",
                "missiles",
                D(2022, 1, 10),
                "offer",
                ("transparency", "moratorium"),
                ideal="transparency",
            ),
            pos("us-ex", "exercises", D(2022, 1, 10), "offer", "limits"),
        ),
        side(
            "nato",
            "NATO",
            "west",
            pos("nato-enl", "enlargement", D(2022, 1, 1), "rejection", "open-door"),
            pos("nato-mis", "missiles", D(2022, 1, 12), "offer", "transparency"),
            pos("nato-ex", "exercises", D(2022, 1, 12), "offer", ("none", "notification")),
        ),
        side("osce", "OSCE", None, pos("osce-ex", "exercises", D(2022, 1, 13), "statement")),
    )
    sources = (
        Source(id="tass", outlet="TASS", title="T", date=D(2022, 1, 10), kind="news"),
        Source(id="mt", outlet="Moscow Times", title="M", date=D(2022, 1, 11), kind="news"),
        Source(id="cr", outlet="Carnegie", title="C", date=D(2022, 1, 12), kind="think-tank"),
    )

    def ch(cid, source, value, about="talks", voice=None, frames=(), date=None):
        return Characterisation(
            id=cid,
            source=source,
            about=about,
            dimension="outcome",
            value=value,
            quote="Quote.",
            voice=voice,
            frames=list(frames),
            date=date,
        )

    chars = (
        ch("c1", "tass", "deadlock", frames=("hostage",)),
        ch("c2", "mt", "deadlock", voice="Expert A", frames=("hostage", "divorce")),
        ch("c3", "mt", "no-breakthrough", voice="Expert B", date=D(2022, 1, 9)),
        ch("c4", "cr", "breakdown", about=AboutRef(issue="missiles")),
        ch("c5", "tass", "breakthrough", about=AboutRef(issue="missiles")),
    )
    return Dossier(
        id="test",
        path="",
        meta=meta,
        issues=ISSUES,
        sides=sides,
        sources=sources,
        characterisations=chars,
    )


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return make_dossier()


def row(df: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for k, v in where.items():
        mask &= df[k] == v
    sub = df[mask]
    assert len(sub) == 1, (where, sub)
    return sub.iloc[0]


# --------------------------------------------------------------------------- parties


def test_parties_and_labels(dossier):
    ps = an.parties(dossier)
    assert [p.ref for p in ps] == [
        "russia",
        "belarus",
        "us",
        "nato",
        "osce",
        "camp:west",
        "camp:east",
    ]
    west = ps[5]
    assert west.kind == "camp" and west.members == ("us", "nato") and west.label == "The West"
    assert ps[0].kind == "side" and ps[0].members == ("russia",)
    assert an.party_label(dossier, "us") == "United States"
    assert an.party_label(dossier, "camp:east") == "The East"
    assert an.party_label(dossier, "nobody") == "nobody"
    with pytest.raises(an.UnknownPartyError):
        an.resolve_party(dossier, "camp:nowhere")
    with pytest.raises(an.UnknownPartyError):
        an.gap_table(dossier, "russia", "mars")


# --------------------------------------------------------------------------- positions


def test_positions_frame(dossier):
    df = an.positions_frame(dossier)
    assert len(df) == 12
    for col in [
        "side",
        "side_name",
        "camp",
        "issue",
        "issue_title",
        "position",
        "as_of",
        "stance",
        "ideal",
        "ideal_index",
        "accepts_from",
        "accepts_to",
        "lo",
        "hi",
        "scale_len",
        "summary",
        "n_evidence",
        "conditions",
    ]:
        assert col in df.columns
    assert str(df["as_of"].dtype) == "datetime64[ns]"
    for col in ("lo", "hi", "ideal_index"):
        assert str(df[col].dtype) == "Int64"
    r = row(df, position="ru-enl-2")
    assert (r["lo"], r["hi"], r["ideal_index"], r["scale_len"]) == (2, 3, 3, 4)
    assert r["conditions"] == "written; binding"
    assert r["range_label"] == "Moratorium – Binding ban"
    assert r["as_of"] == pd.Timestamp("2022-01-12")
    b = row(df, position="by-enl")
    assert pd.isna(b["lo"]) and pd.isna(b["hi"]) and not b["placed"]
    # ordered by issue, then side, then date
    assert list(df["issue"])[:5] == ["enlargement"] * 5
    assert list(df[df.issue == "enlargement"]["position"])[:2] == ["ru-enl-1", "ru-enl-2"]


def test_positions_frame_empty():
    d = Dossier(id="e", path="", meta=make_dossier().meta)
    df = an.positions_frame(d)
    assert df.empty and "lo" in df.columns and str(df["lo"].dtype) == "Int64"
    assert an.gap_table(d, "camp:west", "camp:east").empty


def test_positions_as_of(dossier):
    latest = an.positions_as_of(dossier)
    assert len(latest) == 11
    assert row(latest, side="russia", issue="enlargement")["position"] == "ru-enl-2"
    early = an.positions_as_of(dossier, D(2022, 1, 5))
    assert row(early, side="russia", issue="enlargement")["position"] == "ru-enl-1"
    assert set(early["position"]) == {
        "ru-enl-1",
        "ru-mis",
        "ru-ex",
        "by-enl",
        "us-enl",
        "nato-enl",
    }
    assert an.positions_as_of(dossier, "2021-12-31").empty
    # a Timestamp or a datetime works too
    assert len(an.positions_as_of(dossier, pd.Timestamp("2022-01-05"))) == 6


def test_scale_frame(dossier):
    sf = an.scale_frame(dossier, "exercises")
    assert list(sf["label"]) == ["None", "Notification", "Limits"]
    assert list(sf["index"]) == [0, 1, 2]


# --------------------------------------------------------------------------- intervals


def test_compare_basic():
    assert an.compare((0, 2), (1, 3)) == an.Comparison((1, 2), 0)
    assert an.compare((0, 1), (3, 3)) == an.Comparison(None, 2)
    assert an.compare((3, 3), (0, 1)) == an.Comparison(None, 2)
    assert an.compare((1, 1), (2, 2)).gap == 1
    assert an.compare(None, (1, 2)) == an.Comparison(None, None)
    assert an.compare((1, 2), None).status == "not placed"
    assert an.compare((0, 0), (0, 0)).status == "overlap"
    assert an.compare((0, 0), (2, 2)).status == "gap"
    with pytest.raises(ValueError):
        an.compare((2, 1), (0, 0))
    assert an.normalised_gap(2, 5) == 0.5
    assert an.normalised_gap(None, 5) is None


def test_intersect():
    assert an.intersect([(0, 3), (1, 4), (2, 2)]) == (2, 2)
    assert an.intersect([(0, 1), (2, 3)]) is None
    assert an.intersect([]) is None
    assert an.intersect([None, (1, 2)]) == (1, 2)


def test_blockers_examples():
    assert an.blockers({"a": (0, 1), "b": (0, 2)}) == ()
    assert an.blockers({"a": (0, 1), "b": (2, 3), "c": (0, 3)}) == ("a",)
    assert an.all_minimal_blocker_sets({"a": (0, 1), "b": (2, 3), "c": (0, 3)}) == (
        ("a",),
        ("b",),
    )
    # one outlier blocks a deal everyone else could make
    ranges = {"us": (0, 1), "nato": (0, 2), "ru": (3, 3), "fr": (1, 2)}
    assert an.blockers(ranges) == ("ru",)
    # two sides must go
    ranges = {"a": (0, 0), "b": (4, 4), "c": (2, 2), "d": (1, 3), "e": (2, 3)}
    assert an.blockers(ranges) == ("a", "b")
    assert an.blockers({}) == ()
    assert an.blockers({"a": (1, 1)}) == ()


def test_blockers_fast_for_many_parties():
    ranges = {f"s{i:02d}": (i % 7, i % 7 + 1) for i in range(25)}
    ranges["far"] = (40, 40)
    got = an.blockers(ranges)
    assert "far" in got
    rest = [v for k, v in ranges.items() if k not in got]
    assert an.intersect(rest) is not None


# --------------------------------------------------------------------------- party ranges


def test_party_range_side_and_camp(dossier):
    r = an.party_range(dossier, "russia", "enlargement")
    assert r.interval == (2, 3) and r.kind == "side" and r.stance == "demand"
    assert r.status == "placed" and r.position == "ru-enl-2"
    r = an.party_range(dossier, "russia", "enlargement", D(2022, 1, 5))
    assert r.interval == (3, 3)
    west = an.party_range(dossier, "camp:west", "missiles")
    assert west.interval == (1, 1) and not west.split and west.placed == ("us", "nato")
    east = an.party_range(dossier, "camp:east", "enlargement")
    assert east.interval == (2, 3) and east.not_placed == ("belarus",)
    assert east.no_position == ()
    ex = an.party_range(dossier, "camp:west", "exercises")
    assert ex.split and ex.interval is None and ex.status == "split"
    assert ex.blockers == ("us",)
    none = an.party_range(dossier, "osce", "enlargement")
    assert none.interval is None and none.no_position == ("osce",)
    assert none.status == "not placed"
    with pytest.raises(KeyError):
        an.party_range(dossier, "russia", "nowhere")


# --------------------------------------------------------------------------- gap table


def test_gap_table_two_sides(dossier):
    gt = an.gap_table(dossier, "russia", "us")
    assert list(gt["issue"]) == ["enlargement", "missiles", "exercises"]
    enl = row(gt, issue="enlargement")
    assert enl["status"] == "gap" and enl["gap"] == 1
    assert enl["gap_norm"] == pytest.approx(1 / 3)
    assert (enl["a_lo"], enl["a_hi"], enl["b_lo"], enl["b_hi"]) == (2, 3, 0, 1)
    assert enl["a_from_label"] == "Moratorium" and enl["b_to_label"] == "No timetable"
    assert pd.isna(enl["overlap_lo"])
    mis = row(gt, issue="missiles")
    assert mis["status"] == "overlap" and mis["gap"] == 0
    assert (mis["overlap_lo"], mis["overlap_hi"]) == (2, 2)
    assert mis["overlap_from_label"] == "Moratorium"
    assert str(gt["gap"].dtype) == "Int64"


def test_gap_table_dates_issues_and_camps(dossier):
    early = an.gap_table(dossier, "russia", "us", D(2022, 1, 5), issues=["enlargement", "missiles"])
    assert list(early["issue"]) == ["enlargement", "missiles"]
    assert row(early, issue="enlargement")["gap"] == 2
    assert row(early, issue="missiles")["status"] == "not placed"
    assert pd.isna(row(early, issue="missiles")["gap_norm"])
    camps = an.gap_table(dossier, "camp:east", "camp:west")
    assert row(camps, issue="enlargement")["gap"] == 2  # east (2,3) vs west (0,0)
    assert row(camps, issue="missiles")["gap"] == 1
    ex = row(camps, issue="exercises")
    assert ex["status"] == "split" and ex["b_split"] and not ex["a_split"]
    osce = an.gap_table(dossier, "osce", "russia")
    assert set(osce["status"]) == {"not placed"}


# --------------------------------------------------------------------------- overlap table


def test_overlap_table(dossier):
    ot = an.overlap_table(dossier, ["russia", "us", "nato"])
    enl = row(ot, issue="enlargement")
    assert enl["status"] == "gap" and enl["blockers"] == ("russia",)
    assert enl["blocker_labels"] == ("Russia",)
    assert enl["spread"] == 2
    mis = row(ot, issue="missiles")
    assert mis["status"] == "gap" and mis["blockers"] == ("russia",)
    ex = row(ot, issue="exercises")
    assert ex["status"] == "gap" and ex["blockers"] == ("us",)  # us or nato: first given
    two = an.overlap_table(dossier, ["russia", "us"])
    assert row(two, issue="missiles")["status"] == "overlap"
    assert row(two, issue="missiles")["blockers"] == ()
    assert (row(two, issue="missiles")["overlap_lo"], row(two, issue="missiles")["overlap_hi"]) == (
        2,
        2,
    )
    with_osce = an.overlap_table(dossier, ["osce", "russia"], issues=["enlargement"])
    r = with_osce.iloc[0]
    assert r["status"] == "not placed" and r["not_placed"] == ("osce",) and r["n_placed"] == 1
    camps = an.overlap_table(dossier, ["camp:west", "russia"], issues=["exercises"])
    r = camps.iloc[0]
    assert r["split"] == ("camp:west",) and r["status"] == "not placed"


# --------------------------------------------------------------------------- camps


def test_camp_table(dossier):
    ct = an.camp_table(dossier)
    assert len(ct) == 3 * 2
    ex = row(ct, issue="exercises", camp="west")
    assert ex["split"] and ex["status"] == "split" and pd.isna(ex["lo"])
    assert ex["members"] == ("us", "nato") and ex["n_placed"] == 2
    enl = row(ct, issue="enlargement", camp="east")
    assert (enl["lo"], enl["hi"]) == (2, 3) and enl["not_placed"] == ("belarus",)
    assert enl["from_label"] == "Moratorium"
    mis = row(ct, issue="missiles", camp="west")
    assert (mis["lo"], mis["hi"]) == (1, 1) and not mis["split"]
    early = an.camp_table(dossier, D(2022, 1, 11))
    assert not row(early, issue="exercises", camp="west")["split"]


# --------------------------------------------------------------------------- movement


def test_movement_table(dossier):
    mv = an.movement_table(dossier, D(2022, 1, 5), D(2022, 1, 14))
    ru = row(mv, side="russia", issue="enlargement")
    assert (ru["old_lo"], ru["old_hi"], ru["new_lo"], ru["new_hi"]) == (3, 3, 2, 3)
    assert ru["steps"] == -0.5
    assert ru["other"] == "camp:west"
    assert ru["direction"] == "towards"
    assert ru["distance_before"] == 3 and ru["distance_after"] == 2
    us = row(mv, side="us", issue="missiles")
    assert us["direction"] == "new" and pd.isna(us["old_lo"])
    osce = row(mv, side="osce", issue="exercises")
    assert osce["direction"] == "new" and pd.isna(osce["other"])
    # unchanged positions have no row
    assert not ((mv.side == "us") & (mv.issue == "enlargement")).any()
    assert str(mv["old_as_of"].dtype) == "datetime64[ns]"
    # explicit pair
    mv2 = an.movement_table(dossier, D(2022, 1, 5), D(2022, 1, 14), a="russia", b="us")
    assert row(mv2, side="russia", issue="enlargement")["other"] == "us"
    assert row(mv2, side="russia", issue="enlargement")["direction"] == "towards"
    assert pd.isna(row(mv2, side="nato", issue="missiles")["other"])  # in neither a nor b
    mv3 = an.movement_table(dossier, D(2022, 1, 5), D(2022, 1, 14), a="russia", b="camp:west")
    assert row(mv3, side="nato", issue="missiles")["other"] == "russia"
    assert pd.isna(row(mv2, side="osce", issue="exercises")["other"])
    with pytest.raises(ValueError):
        an.movement_table(dossier, D(2022, 1, 14), D(2022, 1, 5))
    with pytest.raises(ValueError):
        an.movement_table(dossier, D(2022, 1, 5), D(2022, 1, 14), a="russia")


def test_movement_away_and_ideal_shift():
    base = make_dossier()
    sides = (
        side(
            "a",
            "A",
            None,
            pos("a1", "exercises", D(2022, 1, 1), accepts=("notification", "limits")),
            pos("a2", "exercises", D(2022, 1, 9), accepts="limits"),
            pos("a3", "missiles", D(2022, 1, 1), "statement", ideal="treaty"),
            pos("a4", "missiles", D(2022, 1, 9), "statement", ideal="transparency"),
        ),
        side("b", "B", None, pos("b1", "exercises", D(2022, 1, 1), accepts="none")),
    )
    meta = base.meta.model_copy(update={"camps": []})
    d = Dossier(id="t", path="", meta=meta, issues=ISSUES, sides=sides)
    mv = an.movement_table(d, D(2022, 1, 2), None)
    ex = row(mv, side="a", issue="exercises")
    assert ex["other"] == "b" and ex["direction"] == "away" and ex["steps"] == 0.5
    mis = row(mv, side="a", issue="missiles")
    assert mis["steps"] == -2 and mis["direction"] == "moved"  # b has no missiles range


# --------------------------------------------------------------------------- characterisations


def test_characterisations_frame(dossier):
    cf = an.characterisations_frame(dossier)
    assert len(cf) == 5
    c1 = row(cf, id="c1")
    assert c1["voice"] == "TASS" and c1["own_voice"]
    assert c1["topic"] == "talks" and c1["about_kind"] == "talks"
    assert c1["value_index"] == 1 and c1["value_label"] == "Deadlock" and c1["scale_len"] == 4
    assert c1["frames"] == ("hostage",)
    assert c1["date"] == pd.Timestamp("2022-01-10")
    c3 = row(cf, id="c3")
    assert c3["voice"] == "Expert B" and c3["date"] == pd.Timestamp("2022-01-09")
    c4 = row(cf, id="c4")
    assert c4["topic"] == "issue:missiles" and c4["about_label"] == "Missiles"
    assert c4["source_kind"] == "think-tank" and c4["outlet"] == "Carnegie"
    assert str(cf["source_date"].dtype) == "datetime64[ns]"


def test_agreement_table(dossier):
    at = an.agreement_table(dossier)
    assert list(at["topic"]) == ["talks", "issue:missiles"]
    talks = row(at, topic="talks")
    assert talks["counts"] == (0, 2, 1, 0)
    assert talks["n"] == 3 and talks["n_sources"] == 2 and talks["n_voices"] == 3
    assert talks["modal_label"] == "Deadlock"
    assert talks["min_label"] == "Deadlock" and talks["max_label"] == "No breakthrough"
    assert talks["agreement"] == pytest.approx(an.agreement_index([0, 2, 1, 0]))
    mis = row(at, topic="issue:missiles")
    assert mis["agreement"] == pytest.approx(-1.0)
    assert mis["modal_label"] == "Breakdown / Breakthrough"


def test_frames_table(dossier):
    ft = an.frames_table(dossier)
    assert list(ft["frame"]) == ["hostage", "divorce"]
    h = row(ft, frame="hostage")
    assert h["count"] == 2 and h["sources"] == ("tass", "mt")
    assert h["voices"] == ("TASS", "Expert A")
    assert row(ft, frame="divorce")["count"] == 1


# --------------------------------------------------------------------------- agreement index


def test_agreement_index_known_values():
    assert an.agreement_index([0, 5, 0]) == 1
    assert an.agreement_index([0, 1, 0]) == 1
    assert an.agreement_index([1, 0, 1]) == -1
    assert an.agreement_index([1, 1, 1]) == 0
    assert an.agreement_index([3, 3, 3, 3, 3]) == pytest.approx(0)
    assert an.agreement_index([4, 0, 0, 0, 4]) == -1
    assert an.agreement_index([7, 0, 0, 0]) == 1
    # the worked example of van der Eijk (2001), also agrmt's documented value
    assert an.agreement_index([30, 40, 210, 130, 530, 50, 10]) == pytest.approx(0.6113333, 1e-6)
    assert math.isnan(an.agreement_index([0, 0, 0]))
    assert an.agreement_index([2, 2]) == 0 and an.agreement_index([0, 2]) == 1
    with pytest.raises(ValueError):
        an.agreement_index([1, -1, 0])


# --------------------------------------------------------------------------- coverage, overview


def test_coverage_and_unplaced(dossier):
    cov = an.coverage_table(dossier)
    cells = set(zip(cov["issue"], cov["side"], strict=True))
    assert cells == {
        ("enlargement", "osce"),
        ("missiles", "belarus"),
        ("missiles", "osce"),
        ("exercises", "belarus"),
    }
    un = an.unplaced_positions(dossier)
    assert set(un["position"]) == {"by-enl", "osce-ex"}
    assert set(un["reason"]) == {"no accepted range"}
    no_ev = pos("x", "exercises", D(2022, 1, 1), accepts="none").model_copy(update={"evidence": []})
    d = Dossier(
        id="t",
        path="",
        meta=dossier.meta,
        issues=ISSUES,
        sides=(side("x", "X", None, no_ev),),
    )
    un = an.unplaced_positions(d)
    assert list(un["reason"]) == ["no evidence"]


def test_overview_matrix(dossier):
    m = an.overview_matrix(dossier)
    assert list(m.index) == ["NATO enlargement", "Missiles", "Exercises"]
    assert list(m.columns) == ["Russia", "Belarus", "United States", "NATO", "OSCE"]
    assert m.loc["NATO enlargement", "Russia"] == "demand · Moratorium – Binding ban"
    assert m.loc["NATO enlargement", "NATO"] == "rejection · Open door"
    assert m.loc["NATO enlargement", "Belarus"] == "statement"
    assert m.loc["NATO enlargement", "OSCE"] == an.NONE_CELL
    early = an.overview_matrix(dossier, D(2022, 1, 2))
    assert early.loc["NATO enlargement", "Russia"] == "demand · Binding ban"


def test_headline_counts(dossier):
    h = an.headline_counts(dossier, "russia", "us")
    assert h["issues_with_overlap"] == 2 and h["issues_with_gap"] == 1
    assert h["issues_not_placed"] == 0 and h["camp_splits"] == 1
    assert h["widest_gap"] == {
        "issue": "enlargement",
        "issue_title": "NATO enlargement",
        "steps": 1,
        "gap_norm": pytest.approx(1 / 3),
    }
    h = an.headline_counts(dossier, "camp:east", "camp:west", D(2022, 1, 11))
    assert h["issues_with_gap"] == 1 and h["issues_with_overlap"] == 2
    assert h["widest_gap"]["steps"] == 3
    assert h["issues_split"] == 0 and h["camp_splits"] == 0
    h = an.headline_counts(dossier, "russia", "us", D(2021, 1, 1))
    assert h["widest_gap"] is None and h["issues_not_placed"] == 3


# --------------------------------------------------------------------------- properties

SCALE = 9


@st.composite
def intervals(draw, k: int = SCALE):
    a = draw(st.integers(0, k - 1))
    b = draw(st.integers(0, k - 1))
    return (min(a, b), max(a, b))


@given(intervals(), intervals())
def test_compare_symmetric_and_gap_zero_iff_overlap(a, b):
    ab, ba = an.compare(a, b), an.compare(b, a)
    assert ab == ba
    assert (ab.gap == 0) == (ab.overlap is not None)
    assert ab.gap is not None and ab.gap >= 0
    if ab.overlap is not None:
        lo, hi = ab.overlap
        assert a[0] <= lo <= hi <= a[1] and b[0] <= lo <= hi <= b[1]
    else:
        # the gap is the distance between the nearest ends
        assert ab.gap == min(abs(x - y) for x in a for y in b)


@given(st.lists(intervals(), min_size=1, max_size=8), intervals())
def test_adding_a_party_never_widens_the_overlap(ivs, extra):
    before = an.intersect(ivs)
    after = an.intersect([*ivs, extra])
    if before is None:
        assert after is None
    elif after is not None:
        assert before[0] <= after[0] <= after[1] <= before[1]


def _brute_min_blockers(ranges: dict[str, tuple[int, int]]) -> tuple[int, set[tuple[str, ...]]]:
    keys = list(ranges)
    for size in range(len(keys) + 1):
        found = set()
        for combo in itertools.combinations(keys, size):
            rest = [ranges[k] for k in keys if k not in combo]
            if len(rest) <= 1 or an.intersect(rest) is not None:
                found.add(combo)
        if found:
            return size, found
    raise AssertionError("unreachable")


@given(st.lists(intervals(), min_size=0, max_size=7))
@settings(max_examples=300)
def test_blockers_are_minimal_and_reopen_overlap(ivs):
    ranges = {f"p{i}": iv for i, iv in enumerate(ivs)}
    got = an.blockers(ranges)
    if an.intersect(ranges.values()) is not None or len(ranges) < 2:
        assert got == ()
        return
    rest = [v for k, v in ranges.items() if k not in got]
    assert an.intersect(rest) is not None
    size, all_sets = _brute_min_blockers(ranges)
    assert len(got) == size
    assert set(an.all_minimal_blocker_sets(ranges)) == all_sets
    assert got == min(all_sets)  # lexicographically first in the order given


@given(st.lists(st.one_of(st.none(), intervals(4)), min_size=1, max_size=5))
def test_camp_range_is_intersection_of_members(member_ivs):
    ids = ("open-door", "no-timetable", "moratorium", "binding-ban")
    sides = []
    for i, iv in enumerate(member_ivs):
        accepts = None if iv is None else (ids[iv[0]], ids[iv[1]])
        p = pos(f"p{i}", "enlargement", D(2022, 1, 1), accepts=accepts)
        sides.append(side(f"s{i}", f"S{i}", "west", p))
    d = Dossier(id="t", path="", meta=make_dossier().meta, issues=ISSUES, sides=tuple(sides))
    r = an.party_range(d, "camp:west", "enlargement")
    placed = [iv for iv in member_ivs if iv is not None]
    assert r.interval == an.intersect(placed)
    assert r.split == (len(placed) >= 2 and an.intersect(placed) is None)
    assert len(r.placed) + len(r.not_placed) == len(member_ivs)
    ct = an.camp_table(d)
    c = row(ct, issue="enlargement", camp="west")
    assert bool(c["split"]) == r.split
    if r.interval is not None:
        assert (c["lo"], c["hi"]) == r.interval


counts_st = st.lists(st.integers(0, 20), min_size=2, max_size=9).filter(lambda c: sum(c) > 0)


@given(counts_st, st.integers(1, 5))
def test_agreement_bounded_and_scale_invariant(counts, factor):
    a = an.agreement_index(counts)
    assert -1 <= a <= 1
    assert an.agreement_index([c * factor for c in counts]) == pytest.approx(a)
    assert an.agreement_index(list(reversed(counts))) == pytest.approx(a)


@given(st.integers(2, 10), st.data())
def test_agreement_single_category_is_one(k, data):
    i = data.draw(st.integers(0, k - 1))
    n = data.draw(st.integers(1, 50))
    counts = [0] * k
    counts[i] = n
    assert an.agreement_index(counts) == 1


# --------------------------------------------------------------------------- later additions


def test_evidence_and_events(dossier):
    ev = an.evidence_frame(dossier, "enlargement")
    assert list(ev["position"]) == ["ru-enl-1", "ru-enl-2", "by-enl", "us-enl", "nato-enl"]
    assert set(ev["outlet"]) == {"TASS"} and set(ev["quote"]) == {"A quote."}
    assert str(ev["as_of"].dtype) == "datetime64[ns]" and ev["date"].isna().all()
    assert len(an.evidence_frame(dossier)) == 12
    assert an.evidence_frame(dossier)["reading"].isna().all()  # no readings here
    evs = an.events_frame(dossier)
    assert list(evs["id"]) == ["geneva"]
    assert evs.iloc[0]["positions"] == ("us-mis", "us-ex") and evs.iloc[0]["n_positions"] == 2


def test_agreement_table_orders_topics_by_dossier(dossier):
    extra = (
        Characterisation(
            id="c6",
            source="cr",
            about=AboutRef(issue="enlargement"),
            dimension="outcome",
            value="deadlock",
            quote="Q.",
        ),
        Characterisation(id="c7", source="cr", dimension="outcome", value="nowhere", quote="Q."),
    )
    d = Dossier(
        id="t",
        path="",
        meta=dossier.meta,
        issues=dossier.issues,
        sides=dossier.sides,
        sources=dossier.sources,
        characterisations=dossier.characterisations[3:] + extra + dossier.characterisations[:3],
    )
    at = an.agreement_table(d)
    assert list(at["topic"]) == ["talks", "issue:enlargement", "issue:missiles"]
    single = row(at, topic="issue:enlargement")  # a single voice: too few to measure
    assert single["too_few"] and math.isnan(single["agreement"])
    assert row(at, topic="talks")["n"] == 3  # the unknown value is left out


def test_overview_matrix_keeps_sides_with_the_same_name(dossier):
    twins = (
        side("a", "Same", None, pos("a1", "exercises", D(2022, 1, 1), accepts="none")),
        side("b", "Same", None, pos("b1", "exercises", D(2022, 1, 1), accepts="limits")),
    )
    d = Dossier(id="t", path="", meta=dossier.meta, issues=ISSUES, sides=twins)
    m = an.overview_matrix(d)
    assert m.shape == (3, 2)
    assert list(m.iloc[2]) == ["demand · None", "demand · Limits"]


def test_agreement_index_exhaustive_small_vectors_stay_in_bounds():
    for k in range(2, 7):
        for counts in itertools.product(range(3), repeat=k):
            if sum(counts):
                assert -1 <= an.agreement_index(counts) <= 1


def test_agreement_index_accepts_proportions():
    assert an.agreement_index([0.25, 0.5, 0.25]) == pytest.approx(an.agreement_index([1, 2, 1]))
