"""AppTest tests of what the Paths page says each meeting point and trade depends on
(negotiation.paths.sensitivity): on the example, the West's meeting point on NATO
non-expansion sits at Russia's end only because of the priorities (with equal
priorities every point ties), so the page must say so; the long and multilateral
fixtures draw the page without exceptions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import APP, ROOT
from streamlit.testing.v1 import AppTest

from components import paths_page
from negotiation import loader, paths

PATHS_PAGE = "app_pages/paths.py"
DAY = "2022-01-18"
PAIR = ["camp:russia", "camp:west"]


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, query: dict[str, str]) -> AppTest:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(root))
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(PATHS_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_example_says_the_nato_meeting_point_depends_on_the_priorities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _run(ROOT / "positions", monkeypatch, {"date": DAY})
    d = loader.load_positions([ROOT / "positions"]).dossiers["russia-west-2022"]
    sens = paths.meeting_sensitivity(d, "nato-non-expansion", PAIR, DAY)
    assert sens.equal_priorities == "any point on the scale (all 5 tie)"
    captions = [c.value for c in at.caption]
    nato = [c for c in captions if "equal priorities the meeting point would be any point" in c]
    assert nato, captions
    assert nato[0].startswith("**Depends on the priorities.**")
    # an issue whose priorities are all defaulted gets no sentence of its own
    build_up = paths.meeting_sensitivity(d, "russian-build-up", PAIR, DAY)
    assert build_up.all_defaulted and paths.meeting_sentences(build_up) == []
    # the top ten trades are between issues whose weights are all defaulted: equal
    # priorities change none of them, so the shown table has no "Depends on" column
    tables = [df.value for df in at.dataframe if "Given up (weighted)" in df.value.columns]
    assert tables and "Depends on" not in tables[0].columns
    assert any(
        c.value.startswith("Every priority here is defaulted: the top 10") for c in at.caption
    )
    # further down the ranking the priorities decide, and the words say so
    trades = paths.trades_table(d, PAIR[0], PAIR[1], DAY)
    sens_t = paths.trade_sensitivity(d, PAIR[0], PAIR[1], DAY)
    top = trades[trades["rank"] <= 10]
    keys = list(zip(top["a_concedes"], top["b_concedes"], strict=True))
    assert not any(sens_t[k].changed for k in keys)
    view = paths_page.trades_view(trades, "Russia", "The West", sens_t)
    words = list(view["Depends on"])
    assert words[0] == "—"
    assert any(w.startswith("With equal priorities this trade would be rank") for w in words)


def test_the_long_fixture_draws_the_sensitivity_without_exceptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _run(ROOT / "tests" / "fixtures" / "long-dossier", monkeypatch, {})
    assert not at.error, [e.value for e in at.error]


def test_the_multilateral_fixture_draws_the_sensitivity_without_exceptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _run(ROOT / "tests" / "fixtures" / "multilateral", monkeypatch, {})
    assert not at.error, [e.value for e in at.error]
    # the overlap's parties: the list under their table names each issue that changes
    root = ROOT / "tests" / "fixtures" / "multilateral"
    d = next(iter(loader.load_positions([root]).dossiers.values()))
    date = at.select_slider(key="w_date").value
    refs = [p for p in at.multiselect(key="w_parties").value]
    expected = [
        i.title
        for i in d.issues
        if paths.meeting_sentences(paths.meeting_sensitivity(d, i.id, refs, date, by_rule=True))
    ]
    listed = [c.value for c in at.caption if c.value.startswith("What these meeting points")]
    if expected:
        assert listed and all(f"**{t}**" in listed[0] for t in expected), (expected, listed)
    else:
        assert not listed


def test_an_inferred_range_the_answer_rests_on_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The example with Russia's non-expansion demand marked ``basis: inferred``: without
    it Russia is not placed on the issue, so the page names the range and its notes."""
    root = tmp_path / "positions"
    shutil.copytree(ROOT / "positions" / "russia-west-2022", root / "russia-west-2022")
    side_file = root / "russia-west-2022" / "sides" / "russia.yaml"
    text = side_file.read_text(encoding="utf-8")
    marker = "  - id: russia-non-expansion\n"
    assert marker in text
    side_file.write_text(text.replace(marker, marker + "    basis: inferred\n"), encoding="utf-8")
    d = loader.load_positions([root]).dossiers["russia-west-2022"]
    sens = paths.meeting_sensitivity(d, "nato-non-expansion", PAIR, DAY)
    assert sens.without_inferred == (("russia-non-expansion", "russia", "not placed"),)
    at = _run(root, monkeypatch, {"date": DAY})
    captions = [c.value for c in at.caption if "Rests on 1 inferred range" in c.value]
    assert captions, [c.value for c in at.caption]
    # the priorities decide here too: both are said, the priorities first
    assert captions[0].startswith("**Depends on the priorities.** With equal priorities")
    assert "Russia on NATO non-expansion (" in captions[0]
    assert "without it the parties would not both be placed" in captions[0]
    assert ".)" not in captions[0]  # the notes' own full stop is left out
