"""Issue 11's defects, each pinned on the long many-sided dossier
(tests/fixtures/long-dossier/river-basin-treaty) or a small variant of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation import analysis, export
from negotiation.brief import build_brief
from negotiation.dossier import Dossier
from negotiation.loader import load_dossier

FIXTURE_ROOT = Path(__file__).resolve().parent / "fixtures" / "long-dossier"
FOLDER = FIXTURE_ROOT / "river-basin-treaty"
TIE_ISSUE = "dry-season-flow"
STATES = ["aldoria", "brenica", "corvala", "dernland", "estavia", "fenmoor", "galtria"]
TIE_TEXT = (
    "removing any one of these groups reopens an overlap: "
    "{Republic of Aldoria, Kingdom of Brenica} or {Republic of Estavia, Fenmoor}"
)


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    d, problems = load_dossier(FOLDER)
    assert problems == [] and d is not None
    return d


# --------------------------------------------------------------------------- 1 blockers


def test_overlap_table_lists_every_minimal_blocker_set(dossier: Dossier) -> None:
    table = analysis.overlap_table(dossier, STATES).set_index("issue")
    sets = table.loc[TIE_ISSUE, "blocker_sets"]
    assert sets == (("aldoria", "brenica"), ("estavia", "fenmoor"))
    assert table.loc[TIE_ISSUE, "blocker_set_labels"] == (
        ("Republic of Aldoria", "Kingdom of Brenica"),
        ("Republic of Estavia", "Fenmoor"),
    )
    assert table.loc[TIE_ISSUE, "blockers"] == sets[0]  # kept for compatibility


def test_brief_names_every_blocker_set(dossier: Dossier) -> None:
    brief = build_brief(dossier, parties=STATES, issues=[TIE_ISSUE])
    overlap = next(s for s in brief.sections if s.title.startswith("Overlap of"))
    assert TIE_TEXT in overlap.items[0].text
    cited = {c.outlet for c in overlap.items[0].citations}
    assert cited  # quotes of all four blockers' positions


def test_export_blocker_sets_match_the_analysis(dossier: Dossier) -> None:
    tables = export.comparison_tables(dossier, overlap_parties=STATES)
    row = tables["overlaps"].set_index("issue").loc[TIE_ISSUE]
    assert tuple(row["blocker_sets"]) == (("aldoria", "brenica"), ("estavia", "fenmoor"))


# ------------------------------------------------------------ 2 characterisations as of

MID = dt.date(2025, 9, 15)


def test_characterisations_are_counted_as_of_a_date(dossier: Dossier) -> None:
    every = analysis.characterisations_frame(dossier)
    mid = analysis.characterisations_frame(dossier, date=MID)
    assert 0 < len(mid) < len(every)
    assert (mid["date"] <= pd.Timestamp(MID)).all()
    # brute force: own date, else the source's publication date
    expected = [
        c.id
        for c in dossier.characterisations
        if (c.date or dossier.source_by_id[c.source].date) <= MID
    ]
    assert list(mid["id"]) == expected
    agreement = analysis.agreement_table(dossier, date=MID)
    assert int(agreement["n"].sum()) == len(mid)
    assert int(analysis.agreement_table(dossier)["n"].sum()) == len(every)
    frames = analysis.frames_table(dossier, date=MID)
    assert frames["count"].sum() == sum(len(set(f)) for f in mid["frames"])
    assert analysis.characterisations_frame(dossier, date=None).equals(every)


def test_brief_counts_characterisations_as_of_its_date(dossier: Dossier) -> None:
    brief = build_brief(dossier, date=MID)
    sec = next(s for s in brief.sections if s.title == "How sources characterise them")
    counted = analysis.characterisations_frame(dossier, date=MID)
    later = len(dossier.characterisations) - len(counted)
    assert f"{len(counted)} characterisations published on or before 15 Sep 2025" in sec.intro
    assert f"{later} later ones are not counted" in sec.intro
    cited = {c.date for item in sec.items for c in item.citations}
    assert cited and max(cited) <= MID


def test_over_time_figure_one_trace_per_source(dossier: Dossier) -> None:
    from components import alt_text, figures

    chars = analysis.characterisations_frame(dossier)
    mood = chars[chars["dimension"] == "mood"]
    labels = [p.label for p in dossier.dimension_by_id["mood"].scale]
    fig = figures.characterisations_over_time_figure(mood, labels, title="Mood")
    names = [t.name for t in fig.data]
    assert names[-1] == "median of the date"
    herald = [n for n in names if n.startswith("The Varn Herald")]
    assert len(herald) == len(
        {s.id for s in dossier.sources if s.outlet == "The Varn Herald"} & set(mood["source"])
    )
    expected = {(o, t) for o, t in zip(mood["outlet"], mood["source_title"], strict=True)}
    assert len(names) - 1 == len(expected)
    points = sum(len(t.x) for t in fig.data[:-1])
    assert points == len(mood)
    # each point sits at its date and its value
    first = fig.data[0]
    row = mood.sort_values("date", kind="stable").iloc[0]
    assert first.x[0] == row["date"] and first.y[0] == row["value_index"]
    text = alt_text.over_time_alt_text(mood, labels, title="Mood")
    assert text.startswith(f"Mood over time: {len(mood)} verdicts from {len(expected)} sources")
    assert "highest “" in text and "16 Sep 2025" in text  # the mood peaks, then sours


# --------------------------------------------------------------------------- 3 movement paths

MOVER_PATH = (
    "accepts Annual reports – Real-time telemetry from 06 May 2025; "
    "hardened on 26 Jan 2026 (Annual reports); "
    "returned on 20 Apr 2026 to its range of 06 May 2025"
)


def test_range_path_of_the_side_that_comes_back(dossier: Dossier) -> None:
    steps = analysis.range_path(dossier, "brenica", "data-sharing")
    assert [(s.date, s.kind, s.returns_to) for s in steps] == [
        (dt.date(2025, 5, 6), "start", None),
        (dt.date(2026, 1, 26), "hardened", None),
        (dt.date(2026, 4, 20), "softened", dt.date(2025, 5, 6)),
    ]
    labels = [p.label for p in dossier.issue_by_id["data-sharing"].scale]
    assert analysis.describe_path(steps, labels) == MOVER_PATH
    # a window starting after the hardening sees only the return
    late = analysis.range_path(dossier, "brenica", "data-sharing", dt.date(2026, 2, 1))
    assert [s.kind for s in late] == ["start", "softened"] and late[1].returns_to is None


_IV = st.tuples(st.integers(0, 4), st.integers(0, 4)).map(lambda t: (min(t), max(t)))


@given(st.lists(st.one_of(st.none(), _IV), max_size=8))
def test_path_of_matches_brute_force(intervals: list) -> None:  # type: ignore[type-arg]
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=7 * n) for n in range(len(intervals))]
    steps = analysis.path_of(list(zip(days, intervals, strict=True)))
    # brute force: keep an entry when it differs from the one before it
    kept = [
        (d, iv)
        for n, (d, iv) in enumerate(zip(days, intervals, strict=True))
        if n == 0 or intervals[n - 1] != iv
    ]
    assert [(s.date, s.interval) for s in steps] == kept
    for n, s in enumerate(steps):
        earlier = [d for d, iv in kept[:n] if iv == s.interval and iv is not None]
        assert s.returns_to == (earlier[0] if earlier else None)
        if n == 0:
            assert s.kind == ("start" if s.interval is not None else "unplaced")
            continue
        prev = kept[n - 1][1]
        if s.interval is None:
            assert s.kind == "unplaced"
        elif prev is None:
            assert s.kind == "placed"
        else:
            inside = set(range(s.interval[0], s.interval[1] + 1)) <= set(
                range(prev[0], prev[1] + 1)
            )
            contains = set(range(prev[0], prev[1] + 1)) <= set(
                range(s.interval[0], s.interval[1] + 1)
            )
            expected = "hardened" if inside else "softened" if contains else "shifted"
            assert s.kind == expected


def test_brief_describes_the_path_that_comes_back(dossier: Dossier) -> None:
    brief = build_brief(dossier, date_from=dt.date(2025, 5, 6), issues=["data-sharing"])
    sec = next(s for s in brief.sections if s.title.startswith("Movement from"))
    item = next(i for i in sec.items if i.text.startswith("Kingdom of Brenica"))
    assert "hardened on 26 Jan 2026" in item.text
    assert "returned on 20 Apr 2026 to its range of 06 May 2025" in item.text


# --------------------------------------------------------------------------- 4 agreement minimum


def test_agreement_needs_two_sources(dossier: Dossier) -> None:
    table = analysis.agreement_table(dossier).set_index(["topic", "dimension"])
    single = table.loc[("issue:navigation", "progress")]
    assert single["n_sources"] == 1 and bool(single["too_few"])
    assert np.isnan(single["agreement"])
    assert analysis.MIN_AGREEMENT_SOURCES == 2
    assert (table["too_few"] == (table["n_sources"] < 2)).all()
    assert table.loc[table["too_few"], "agreement"].isna().all()
    assert table.loc[~table["too_few"], "agreement"].notna().all()


def test_brief_says_too_few_to_measure(dossier: Dossier) -> None:
    brief = build_brief(dossier)
    sec = next(s for s in brief.sections if s.title == "How sources characterise them")
    nav = next(i for i in sec.items if i.text.startswith("Navigation"))
    assert "too few to measure" in nav.text and "1.00" not in nav.text


# --------------------------------------------------------------------------- AppTest helpers


@pytest.fixture
def long_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(FIXTURE_ROOT))
    return FIXTURE_ROOT


def _open(script: str, query: dict[str, object]):  # type: ignore[no-untyped-def]
    from app_helpers import APP
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    )


def test_several_parties_view_names_every_blocker_set(long_root: Path) -> None:
    at = _open("app_pages/gaps.py", {"view": "several", "parties": STATES, "issues": [TIE_ISSUE]})
    assert TIE_TEXT in _text(at)
    shown = next(df.value for df in at.dataframe if "blocker_labels" in df.value.columns)
    assert shown["blocker_labels"].iloc[0] == (
        "Republic of Aldoria, Kingdom of Brenica or Republic of Estavia, Fenmoor"
    )


def test_sources_page_counts_as_of_and_shows_too_few(long_root: Path) -> None:
    at = _open("app_pages/sources.py", {"date": "2025-09-15"})
    text = _text(at)
    d, _ = load_dossier(FOLDER)
    assert d is not None
    counted = len(analysis.characterisations_frame(d, date=MID))
    later = len(d.characterisations) - counted
    assert (
        f"{counted} characterisations published on or before 15 Sep 2025; "
        f"{later} later ones are not counted"
    ) in text
    agreement = next(df.value for df in at.dataframe if "reading" in df.value.columns)
    assert int(agreement["n"].sum()) == counted
    at = _open("app_pages/sources.py", {})
    agreement = next(df.value for df in at.dataframe if "reading" in df.value.columns)
    nav = agreement[agreement["topic_label"] == "Navigation"].iloc[0]
    assert nav["reading"] == "too few to measure"
    assert [h.value for h in at.header].count("Characterisations over time") == 1


def test_latest_date_counts_every_characterisation(long_root: Path) -> None:
    d, _ = load_dossier(FOLDER)
    assert d is not None
    last = d.dates()[-1]
    assert analysis.characterisation_cutoff(d, last) is None
    assert analysis.characterisation_cutoff(d, MID) == MID
    later = sum(1 for c in d.characterisations if analysis.characterisation_date(d, c) > last)
    assert later > 0  # verdicts published after the last position still count at "latest"
    at = _open("app_pages/sources.py", {})
    assert (
        f"At the latest date all {len(d.characterisations)} characterisations are counted, "
        f"{later} of them published after {last:%d %b %Y}."
    ) in _text(at)


def test_export_counts_characterisations_as_of_its_date(dossier: Dossier) -> None:
    tables = export.comparison_tables(dossier, date=MID)
    expected = analysis.characterisations_frame(dossier, date=MID)
    assert list(tables["characterisations"]["id"]) == list(expected["id"])
    assert int(tables["agreement"]["n"].sum()) == len(expected)


def test_issue_detail_caption_describes_the_path(long_root: Path) -> None:
    at = _open("app_pages/issue_detail.py", {"issue": "data-sharing"})
    assert f"Kingdom of Brenica: {MOVER_PATH}" in _text(at)


def test_history_text_does_not_call_a_return_unchanged(dossier: Dossier) -> None:
    from components import alt_text

    positions = analysis.positions_frame(dossier)
    mine = positions[(positions["issue"] == "data-sharing") & (positions["side"] == "brenica")]
    labels = [p.label for p in dossier.issue_by_id["data-sharing"].scale]
    text = alt_text.history_alt_text(mine, labels)
    assert "since" not in text
    assert "again (20 Apr 2026) as on 06 May 2025" in text


# --------------------------------------------------------------------------- roles


def test_default_parties_leave_out_mediator_and_observer(dossier: Dossier) -> None:
    assert analysis.default_parties(dossier) == STATES
    assert [(s.id, s.role) for s in analysis.non_parties(dossier)] == [
        ("basin-envoy", "mediator"),
        ("meridian-bank", "observer"),
    ]
    tables = export.comparison_tables(dossier)
    overlaps = tables["overlaps"]
    assert set(overlaps["parties"].iloc[0]) == set(STATES)
    concessions = tables["concessions"]
    every = concessions[concessions["scope"] == "all sides"]
    assert not every.empty
    cols = [c for c in every.columns if "part" in c or "side" in c]
    text = every[cols].astype(str).to_string()
    assert "basin-envoy" not in text and "meridian-bank" not in text


def test_role_defaults_to_party_and_is_validated(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "river-basin-treaty"
    shutil.copytree(FOLDER, folder)
    bank = folder / "sides" / "meridian-bank.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("role: observer", "role: onlooker"),
        encoding="utf-8",
    )
    _, problems = load_dossier(folder)
    assert [p.code for p in problems if p.severity == "error"]
    problem = next(p for p in problems if p.file.endswith("meridian-bank.yaml"))
    assert problem.line == 5 and "role" in problem.message


def test_sidebar_says_who_is_left_out(long_root: Path) -> None:
    at = _open("app_pages/gaps.py", {"view": "several"})
    text = _text(at)
    assert "By default the overlap leaves out Envoy (mediator), Bank (observer)" in text
    assert at.multiselect(key="w_parties").value == STATES


# --------------------------------------------------------------------------- loader messages

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"


def test_unquoted_no_reports_the_root_cause_once(tmp_path: Path) -> None:
    """A `label: no` in a scale point: its error, and one note for the positions left
    out with the issue (not one 'unknown issue' error per position)."""
    import shutil

    folder = tmp_path / "harbour-lease-2023"
    shutil.copytree(BAD_INPUTS / "_base", folder)
    shutil.copy(BAD_INPUTS / "91-unquoted-no-in-scale-point" / "files" / "issues.yaml", folder)
    _, problems = load_dossier(folder)
    assert [p.code for p in problems] == ["yaml-type-surprise", "left-out-with"]
    assert not any("unknown issue" in p.message for p in problems)


def test_unknown_id_without_close_match_lists_every_known_id() -> None:
    from negotiation.load.problems import suggest

    ten = [f"issue-{n:02d}" for n in range(10)]
    text = suggest("zzz", ten, "issues")
    assert text == "; known issues: " + ", ".join(ten)  # all ten, not the first 8
    many = [f"issue-{n:02d}" for n in range(30)]
    text = suggest("zzz", many, "issues")
    assert text == "; there are 30 known issues, defined in issues.yaml"
    assert suggest("zzz", [f"s{n}" for n in range(13)], "sides").endswith(
        "13 known sides, one file each in sides/"
    )
    assert suggest("issue-1", many, "issues").startswith("; did you mean")


def _cli_elsewhere(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "NEGOTIATION_POSITIONS_DIR"}
    env["PYTHONPATH"] = str(repo)
    return subprocess.run(
        [sys.executable, "-m", "negotiation", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_works_from_any_working_directory(tmp_path: Path) -> None:
    done = _cli_elsewhere(tmp_path, "validate")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "1 dossier" in done.stdout or "dossier" in done.stdout
    done = _cli_elsewhere(tmp_path, "export", "russia-west-2022", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"russia-west-2022"' in done.stdout
    done = _cli_elsewhere(tmp_path, "export", str(FOLDER), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"river-basin-treaty"' in done.stdout
