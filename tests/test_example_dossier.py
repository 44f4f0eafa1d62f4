"""The example dossier (positions/russia-west-2022): valid, sourced, true to the articles.

The seed articles it is curated from live outside the repository, next to the checkout
(``../shared/seeds``); the quote test is skipped when they are not there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from negotiation.model import AboutRef, DossierFile, IssuesFile, SideFile, SourcesFile
from negotiation.quotes import load_archive_text, quote_in_text

ROOT = Path(__file__).resolve().parents[1]
DOSSIER = ROOT / "positions" / "russia-west-2022"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_MAP = Path(__file__).resolve().parent / "fixtures" / "seed_map.yaml"

SCHEMA_COMMENTS = {
    "dossier.yaml": "# yaml-language-server: $schema=../../schema/dossier.schema.json",
    "issues.yaml": "# yaml-language-server: $schema=../../schema/issues.schema.json",
    "sources.yaml": "# yaml-language-server: $schema=../../schema/sources.schema.json",
    "side": "# yaml-language-server: $schema=../../../schema/side.schema.json",
}

# The West offers to negotiate these, but no article gives a Russian position on them
# (PIR calls the Western readiness a concession Russia received): not placed for Russia.
WEST_OFFERS_ONLY = ("intermediate-range-missiles", "military-exercises")
# Russia's demand against the West's status quo, from one end of the scale to the other
# ("nonstarter", "refused to seriously discuss", "will not agree").
FULL_WIDTH_ISSUES = ("nato-non-expansion", "nato-1997-lines", "guarantee-form")
# Threats and statements the articles give no acceptable outcome for: not placed.
NOT_PLACED_ISSUES = ("missile-defence", "nato-russia-council", "sanctions", "cuba-venezuela")
# Issues where Russia asks the West to change what exists: the scale starts at the status quo.
STATUS_QUO_FIRST = (
    "nato-non-expansion",
    "nato-1997-lines",
    "intermediate-range-missiles",
    "military-exercises",
    "missile-defence",
    "minsk-and-arms-supplies",
    "guarantee-form",
    "european-security-order",
)


# --------------------------------------------------------------------------- loading


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _side_files() -> list[Path]:
    return sorted((DOSSIER / "sides").glob("*.yaml"))


@pytest.fixture(scope="module")
def dossier() -> DossierFile:
    return DossierFile.model_validate(_read(DOSSIER / "dossier.yaml"))


@pytest.fixture(scope="module")
def issues() -> IssuesFile:
    return IssuesFile.model_validate(_read(DOSSIER / "issues.yaml"))


@pytest.fixture(scope="module")
def sources() -> SourcesFile:
    return SourcesFile.model_validate(_read(DOSSIER / "sources.yaml"))


@pytest.fixture(scope="module")
def sides() -> list[SideFile]:
    return [SideFile.model_validate(_read(p)) for p in _side_files()]


# --------------------------------------------------------------------------- quote matching


_SINGLE = re.compile("[\u2018\u2019\u201a\u201b\u2032`\u00b4]")
_DOUBLE = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
_DASH = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def normalise(text: str) -> str:
    """Curly quotes made straight, dashes made '-', whitespace collapsed (and around dashes)."""
    text = _SINGLE.sub("'", text)
    text = _DOUBLE.sub('"', text)
    text = _DASH.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ?- ?", "-", text)


def _all_quotes(sources: SourcesFile, sides: list[SideFile]) -> list[tuple[str, str, str]]:
    """(where, source id, quote) for every characterisation and evidence quote."""
    out = [(f"characterisation {c.id}", c.source, c.quote) for c in sources.characterisations]
    for side in sides:
        for pos in side.positions:
            out += [(f"{side.id}/{pos.id}", ev.source, ev.quote) for ev in pos.evidence]
            out += [
                (f"{side.id}/{pos.id} priority", ev.source, ev.quote)
                for ev in pos.priority_evidence
            ]
    return out


def test_normalise_matches_across_typography() -> None:
    assert normalise("“We’re very  patient”\n— he said") == normalise(
        '"We\'re very patient"-he said'
    )


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not available at {SEEDS}")
def test_every_quote_is_verbatim_in_its_seed_article(
    sources: SourcesFile, sides: list[SideFile]
) -> None:
    seed_map = _read(SEED_MAP)
    assert set(seed_map) == {s.id for s in sources.sources}, "seed_map.yaml must map every source"
    texts = {
        sid: normalise((SEEDS / name).read_text(encoding="utf-8")) for sid, name in seed_map.items()
    }
    missing = []
    for where, source, quote in _all_quotes(sources, sides):
        needle = normalise(quote).strip('"').strip()
        if needle not in texts[source]:
            missing.append(f"{where} ({source}): {quote!r}")
    assert not missing, "quotes not found verbatim:\n" + "\n".join(missing)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not available at {SEEDS}")
def test_codebook_examples_are_verbatim_short_excerpts(dossier: DossierFile) -> None:
    texts = [load_archive_text(SEEDS / name) for name in _read(SEED_MAP).values()]
    examples = [
        (f"{dim.id}/{point.id}", point.example)
        for dim in dossier.dimensions
        for point in dim.scale
        if point.example
    ]
    assert len(examples) >= 15
    for where, example in examples:
        assert len(example) <= 160 and "\n" not in example, where
        assert any(quote_in_text(example, t) for t in texts), f"{where}: {example!r}"


def test_quotes_are_short_excerpts(sources: SourcesFile, sides: list[SideFile]) -> None:
    too_long = [w for w, _, q in _all_quotes(sources, sides) if len(q) > 320 or "\n\n" in q]
    assert not too_long, f"quotes longer than a sentence: {too_long}"


# --------------------------------------------------------------------------- validity


def test_files_start_with_schema_comment() -> None:
    for name in ("dossier.yaml", "issues.yaml", "sources.yaml"):
        first = (DOSSIER / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_COMMENTS[name], name
    for path in _side_files():
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENTS["side"], path


@pytest.mark.parametrize(
    ("name", "model"),
    [("dossier.yaml", DossierFile), ("issues.yaml", IssuesFile), ("sources.yaml", SourcesFile)],
)
def test_file_validates(name: str, model: type) -> None:
    model.model_validate(_read(DOSSIER / name))


@pytest.mark.parametrize("path", _side_files(), ids=lambda p: p.name)
def test_side_file_validates(path: Path) -> None:
    side = SideFile.model_validate(_read(path))
    assert side.id == path.stem


def test_required_sides_and_camps(dossier: DossierFile, sides: list[SideFile]) -> None:
    assert {c.id for c in dossier.camps} == {"russia", "west"}
    by_id = {s.id: s for s in sides}
    assert {"russia", "united-states", "nato", "ukraine", "european-allies"} <= set(by_id)
    assert "osce" not in by_id, "the OSCE is a venue, not a side"
    for side in sides:
        assert side.camp in {"russia", "west"}, side.id
    assert by_id["russia"].camp == "russia"


def test_references_resolve(
    dossier: DossierFile, issues: IssuesFile, sources: SourcesFile, sides: list[SideFile]
) -> None:
    issue_by_id = {i.id: i for i in issues.issues}
    source_ids = {s.id for s in sources.sources}
    side_ids = {s.id for s in sides}
    event_ids = {e.id for e in dossier.events}
    dims = {d.id: {p.id for p in d.scale} for d in dossier.dimensions}
    frame_ids = {f.id for f in dossier.frames}
    bad: list[str] = []
    for e in dossier.events:
        bad += [f"event {e.id}: side {s}" for s in e.sides if s not in side_ids]
        bad += [f"event {e.id}: source {s}" for s in e.sources if s not in source_ids]
    for c in sources.characterisations:
        if c.source not in source_ids:
            bad.append(f"{c.id}: source {c.source}")
        if c.value not in dims.get(c.dimension, set()):
            bad.append(f"{c.id}: {c.dimension}={c.value}")
        bad += [f"{c.id}: frame {f}" for f in c.frames if f not in frame_ids]
        if isinstance(c.about, AboutRef):
            known = {"issue": set(issue_by_id), "side": side_ids, "event": event_ids}[c.about.kind]
            if c.about.ref not in known:
                bad.append(f"{c.id}: about {c.about.kind} {c.about.ref}")
    for side in sides:
        for p in side.positions:
            issue = issue_by_id.get(p.issue)
            if issue is None:
                bad.append(f"{p.id}: issue {p.issue}")
                continue
            points = [s.id for s in issue.scale]
            if p.ideal is not None and p.ideal not in points:
                bad.append(f"{p.id}: ideal {p.ideal}")
            rng = p.accepts_range
            if rng is not None:
                if any(x not in points for x in rng):
                    bad.append(f"{p.id}: accepts {rng}")
                elif points.index(rng[0]) > points.index(rng[1]):
                    bad.append(f"{p.id}: range reversed {rng}")
                elif p.ideal is not None and not (
                    points.index(rng[0]) <= points.index(p.ideal) <= points.index(rng[1])
                ):
                    bad.append(f"{p.id}: ideal {p.ideal} outside accepts {rng}")
            bad += [
                f"{p.id}: source {ev.source}" for ev in p.evidence if ev.source not in source_ids
            ]
    assert not bad, "\n".join(bad)


def test_ids_unique(
    dossier: DossierFile, issues: IssuesFile, sources: SourcesFile, sides: list[SideFile]
) -> None:
    groups = {
        "event": [e.id for e in dossier.events],
        "frame": [f.id for f in dossier.frames],
        "issue": [i.id for i in issues.issues],
        "source": [s.id for s in sources.sources],
        "characterisation": [c.id for c in sources.characterisations],
        "position": [p.id for s in sides for p in s.positions],
    }
    for kind, ids in groups.items():
        dupes = [i for i, n in Counter(ids).items() if n > 1]
        assert not dupes, f"duplicate {kind} ids: {dupes}"


def test_dates_inside_period(
    dossier: DossierFile, sources: SourcesFile, sides: list[SideFile]
) -> None:
    start, end = dossier.period.start, dossier.period.end
    dates: list[tuple[str, dt.date]] = [(e.id, e.date) for e in dossier.events]
    dates += [(s.id, s.date) for s in sources.sources]
    dates += [(c.id, c.date) for c in sources.characterisations if c.date]
    for side in sides:
        for p in side.positions:
            dates.append((p.id, p.as_of))
            dates += [(p.id, ev.date) for ev in p.evidence if ev.date]
    outside = [(w, d) for w, d in dates if not start <= d <= end]
    assert not outside, outside


def test_scales_have_three_to_six_points(issues: IssuesFile) -> None:
    for issue in issues.issues:
        assert 3 <= len(issue.scale) <= 6, issue.id


def test_every_frame_is_used(dossier: DossierFile, sources: SourcesFile) -> None:
    used = {f for c in sources.characterisations for f in c.frames}
    assert {f.id for f in dossier.frames} == used


def test_key_events_present(dossier: DossierFile) -> None:
    dates = {e.date for e in dossier.events}
    for day in (10, 12, 13, 14):
        assert dt.date(2022, 1, day) in dates
    assert any(e.date.year == 2021 and e.date.month == 12 for e in dossier.events)


def test_loader_reports_no_problems() -> None:
    loader = pytest.importorskip("negotiation.loader")
    result = loader.load_positions([ROOT / "positions"])
    ours = [p for p in result.problems if "russia-west-2022" in (p.dossier or p.file)]
    assert not ours, "\n".join(p.format() for p in ours)
    assert "russia-west-2022" in result.dossiers


# --------------------------------------------------------------------------- coverage and analysis


def test_every_issue_has_a_position_from_each_camp(
    issues: IssuesFile, sides: list[SideFile]
) -> None:
    covered: dict[str, set[str]] = {i.id: set() for i in issues.issues}
    for side in sides:
        for p in side.positions:
            covered[p.issue].add(side.camp or "")
    lacking = {i: sorted({"russia", "west"} - camps) for i, camps in covered.items()}
    assert not {i: c for i, c in lacking.items() if c}, lacking


def _camp_range(
    issues: IssuesFile, sides: list[SideFile], camp: str, issue_id: str, as_of: dt.date
) -> tuple[int, int] | None:
    """Intersection of the camp members' accepted ranges (latest position on or before as_of)."""
    points = [p.id for p in next(i for i in issues.issues if i.id == issue_id).scale]
    lo, hi, placed = 0, len(points) - 1, False
    for side in sides:
        if side.camp != camp:
            continue
        dated = [p for p in side.positions if p.issue == issue_id and p.as_of <= as_of]
        if not dated:
            continue
        rng = max(dated, key=lambda p: p.as_of).accepts_range
        if rng is None:
            continue
        placed = True
        lo, hi = max(lo, points.index(rng[0])), min(hi, points.index(rng[1]))
    return (lo, hi) if placed else None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Steps between the nearest ends; 0 when the ranges overlap."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _gaps(
    issues: IssuesFile, sides: list[SideFile], as_of: dt.date
) -> dict[str, tuple[int, float]]:
    out = {}
    for issue in issues.issues:
        r = _camp_range(issues, sides, "russia", issue.id, as_of)
        w = _camp_range(issues, sides, "west", issue.id, as_of)
        if r is None or w is None:
            continue
        assert r[0] <= r[1] and w[0] <= w[1], f"{issue.id}: a camp is split"
        g = _gap(r, w)
        out[issue.id] = (g, g / (len(issue.scale) - 1))
    return out


END = dt.date(2022, 1, 31)


def test_widest_gap_is_non_expansion_and_core_demands_span_the_scale(
    issues: IssuesFile, sides: list[SideFile]
) -> None:
    gaps = _gaps(issues, sides, END)
    assert max(gaps, key=lambda k: gaps[k]) == "nato-non-expansion"
    assert gaps["nato-non-expansion"][0] == 4
    for issue in FULL_WIDTH_ISSUES:
        assert gaps[issue][1] == 1.0, (issue, gaps[issue])
    for issue, (_, norm) in gaps.items():
        if issue not in FULL_WIDTH_ISSUES:
            assert norm < 1.0, (issue, gaps[issue])


def test_missiles_and_exercises_are_western_offers_only(
    issues: IssuesFile, sides: list[SideFile]
) -> None:
    assert _camp_range(issues, sides, "west", "military-exercises", END) == (1, 2)
    assert _camp_range(issues, sides, "west", "intermediate-range-missiles", END) == (1, 1)
    for issue in WEST_OFFERS_ONLY:
        assert _camp_range(issues, sides, "russia", issue, END) is None, issue
        assert issue not in _gaps(issues, sides, END)


def test_threats_and_statements_are_not_placed(issues: IssuesFile, sides: list[SideFile]) -> None:
    gaps = _gaps(issues, sides, END)
    for issue in NOT_PLACED_ISSUES:
        assert issue not in gaps, issue
    sanctions = [p for s in sides for p in s.positions if p.issue == "sanctions"]
    assert sanctions and all(p.accepts is None for p in sanctions), "a threat is not an offer"


def test_no_overlap_on_further_talks_and_russia_moved_away(
    issues: IssuesFile, sides: list[SideFile]
) -> None:
    monday = _gaps(issues, sides, dt.date(2022, 1, 10))["talks-continuation"][0]
    friday = _gaps(issues, sides, dt.date(2022, 1, 14))["talks-continuation"][0]
    assert 1 <= monday < friday  # DW: "not interested in protracted discussions"
    russia = next(s for s in sides if s.id == "russia")
    dates = {p.as_of for p in russia.positions if p.issue == "talks-continuation"}
    assert {dt.date(2022, 1, 10), dt.date(2022, 1, 13)} <= dates


def test_build_up_overlap_is_conditional(issues: IssuesFile, sides: list[SideFile]) -> None:
    """Grushko offers de-escalation on conditions (DW); on 10 Jan nothing is placed."""
    assert _camp_range(issues, sides, "russia", "russian-build-up", dt.date(2022, 1, 10)) is None
    assert _gaps(issues, sides, END)["russian-build-up"] == (0, 0.0)
    russia = next(s for s in sides if s.id == "russia")
    latest = max(
        (p for p in russia.positions if p.issue == "russian-build-up"), key=lambda p: p.as_of
    )
    assert latest.stance == "condition" and len(latest.conditions) == 2


def test_scales_follow_the_status_quo_convention(issues: IssuesFile) -> None:
    for issue in issues.issues:
        marked = [p.id for p in issue.scale if "(status quo)" in (p.description or "")]
        assert len(marked) <= 1, issue.id
        if issue.id in STATUS_QUO_FIRST:
            assert marked == [issue.scale[0].id], issue.id
        else:
            assert "status quo" in (issue.description or ""), issue.id
    header = (DOSSIER / "issues.yaml").read_text(encoding="utf-8").split("issues:")[0]
    assert "status quo" in header and "one thing" in header


def _positions(sides: list[SideFile]) -> dict[str, tuple[str, Any]]:
    return {p.id: (s.id, p) for s in sides for p in s.positions}


def test_voices_are_their_own(sources: SourcesFile, sides: list[SideFile]) -> None:
    nato = next(s for s in sides if s.id == "nato")
    speakers = {ev.speaker for p in nato.positions for ev in p.evidence}
    assert "Julianne Smith" not in speakers, "Smith is the US ambassador to NATO"
    chars = {c.id: c for c in sources.characterisations}
    assert chars["mt-peskov-no-talks"].voice == "Sergei Ryabkov and Dmitry Peskov"
    assert chars["dw-cuba-crisis-comparison"].voice is None
    assert chars["pir-red-lines"].voice is None
    assert "dw-ohrysko-weapons" not in chars, "a call for weapons is not a forecast"
    galeotti = [c for c in chars.values() if c.voice == "Mark Galeotti"]
    assert all(c.value != "breakdown" for c in galeotti), "“These talks aren’t over”"
    pos = _positions(sides)
    us_council = pos["us-nato-russia-council"][1].evidence[0]
    assert us_council.speaker == "Sergei Ryabkov" and us_council.paraphrase
    assert all(ev.speaker != "Sergei Lavrov" for ev in pos["russia-sanctions"][1].evidence)


# Direct quotes in which the voice itself reports what others said.
OWN_WORDS_REPORTING = {"fp-oliker-not-dead"}  # Oliker: "… but they also said they don't …"


def test_paraphrases_are_marked(sources: SourcesFile, sides: list[SideFile]) -> None:
    """A quote that reports what someone said (“X said that …”) is the outlet's words."""
    reported = re.compile(r"\b(said|says|added|complained|told|describes|refusing|offered)\b")
    unmarked = [
        f"{p.id}: {ev.quote}"
        for s in sides
        for p in s.positions
        for ev in p.evidence
        if ev.speaker and reported.search(ev.quote) and not ev.paraphrase
    ]
    unmarked += [
        f"{c.id}: {c.quote}"
        for c in sources.characterisations
        if c.voice
        and reported.search(c.quote)
        and not c.paraphrase
        and c.id not in OWN_WORDS_REPORTING
    ]
    assert not unmarked, "\n".join(unmarked)
    assert sum(c.paraphrase for c in sources.characterisations) >= 10


def test_events_dated_as_the_articles_date_them(dossier: DossierFile) -> None:
    events = {e.id: e for e in dossier.events}
    assert events["lavrov-written-reply"].date == dt.date(2022, 1, 13)  # FP: "On Thursday"
    assert "paper" not in (events["lavrov-press-conference"].summary or "")
    for later in ("nato-russia-council", "osce-vienna"):  # Galeotti (11 Jan) only previews
        assert "moscow-times-galeotti" not in events[later].sources, later
    december = {e.id for e in dossier.events if (e.date.year, e.date.month) == (2021, 12)}
    assert {"biden-putin-video-call", "putin-military-technical-warning"} <= december


def test_analysis_module_agrees() -> None:
    loader = pytest.importorskip("negotiation.loader")
    analysis = pytest.importorskip("negotiation.analysis")
    dossier = loader.load_positions([ROOT / "positions"]).dossiers["russia-west-2022"]
    table = analysis.gap_table(dossier, "camp:russia", "camp:west", END).set_index("issue")
    assert table.loc["nato-non-expansion", "gap"] == 4
    assert table.loc["russian-build-up", "status"] == "overlap"
    for issue in (*WEST_OFFERS_ONLY, *NOT_PLACED_ISSUES):
        assert table.loc[issue, "status"] == "not placed", issue
    h = analysis.headline_counts(dossier, "camp:russia", "camp:west", END)
    assert (h["issues_with_overlap"], h["issues_with_gap"], h["issues_not_placed"]) == (1, 6, 7)
    assert h["widest_gap"]["issue"] == "nato-non-expansion" and h["widest_gap"]["steps"] == 4


def test_format_docs_worked_table_matches_the_data() -> None:
    """docs/format.md's worked example table is the gap table of the shipped data."""
    loader = pytest.importorskip("negotiation.loader")
    analysis = pytest.importorskip("negotiation.analysis")
    dossier = loader.load_positions([ROOT / "positions"]).dossiers["russia-west-2022"]
    table = analysis.gap_table(dossier, "camp:russia", "camp:west", END)
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    text = text.split("The example, Russia against the West")[1].split("\n\n| ")[1]
    text = "| " + text.split("\n\n")[0]  # just the worked table
    rows = {
        cells[0]: cells[1:]
        for line in text.splitlines()
        if line.startswith("| ")
        and len(cells := [c.strip() for c in line.strip("|").split("|")]) == 4
    }

    def steps(lo: int, hi: int) -> str:
        return f"({lo})" if lo == hi else f"({lo}–{hi})"

    compared = table[table["status"].isin(["gap", "overlap"])]
    assert len(rows) - 2 == len(compared)  # header and rule, then one row per issue
    for row in compared.itertuples():
        result = (
            f"{row.gap} / {row.gap_norm:.2f}"
            if row.status == "gap"
            else f"overlap: {str(row.overlap_from_label).lower()}"
        )
        russia, west, shown = rows[row.issue_title]
        assert shown == result, (row.issue_title, shown)
        assert russia.endswith(steps(row.a_lo, row.a_hi)), (row.issue_title, russia)
        assert west.endswith(steps(row.b_lo, row.b_hi)), (row.issue_title, west)


# --------------------------------------------------------------------------- reliability

# The main file's values before reconciling with the blind second coding (issue 15);
# every other value is unchanged (git history has the file as it was).
BEFORE_RECONCILIATION = {
    "mt-galeotti-excuses": "no-breakthrough",
    "dw-ukraine-experts-failure": "breakdown",
    "galeotti-win-or-war": "more-talks",
    "dw-flexing-muscles": "strident",
    "dw-ryabkov-pack-up": "hostile",
    "dw-lukyanov-perceptions": "irreconcilable",
    "pir-missiles-exercises": "converging",
    # withdrawn since: their values as coded before
    "fp-sherman-too-soon": "no-breakthrough",
    "fp-fried-bottom-line": "no-breakthrough",
    "mt-galeotti-binge-watching": "more-talks",
    "galeotti-dialogue-better": "more-talks",
    "fp-sullivan-diplomatic-path": "more-talks",
    "fp-price-engagement": "more-talks",
    "pir-red-lines": "hostile",
    "pir-lavrov-scenarios": "hostile",
    "fp-venezuela-pawn": "hostile",
    "dw-von-fritsch-peace-order": "wide-gap",
    "pir-stoltenberg-1997": "wide-gap",
    "galeotti-ryabkov-nrc": "wide-gap",
}
# (alpha, units, pairable, disagreements) per dimension, as reported in issue 15.
ALPHA_BEFORE = {
    "outcome": (0.923, 21, 19, 4),
    "outlook": (0.965, 24, 20, 5),
    "tone": (0.931, 18, 15, 5),
    "distance": (0.879, 12, 9, 5),
    "overall": (0.932, 75, 63, 19),
}
ALPHA_AFTER = {
    "outcome": (1.0, 21, 19, 0),
    "outlook": (1.0, 24, 20, 0),
    "tone": (1.0, 18, 15, 0),
    "distance": (1.0, 12, 9, 0),
    "overall": (1.0, 75, 63, 0),
}


def _loaded():
    loader = pytest.importorskip("negotiation.loader")
    dossier, problems = loader.load_dossier(DOSSIER)
    assert dossier is not None and problems == []
    return dossier


def _alphas(dossier, now: bool = False) -> dict[str, tuple[float, int, int, int]]:
    from negotiation.analysis import reliability

    rel = reliability(dossier)
    rows = (*rel.now, rel.overall_now) if now else (*rel.dimensions, rel.overall)
    return {d.dimension: (round(d.alpha, 3), d.units, d.pairable, d.disagreements) for d in rows}


def test_second_coding_is_blind_and_complete() -> None:
    dossier = _loaded()
    (coding,) = dossier.codings
    assert coding.coder == "second-coder" and "--mask-ids" in coding.method
    assert {v.characterisation for v in coding.values} == {c.id for c in dossier.coding_units}
    assert len(dossier.coding_units) == 75


def test_alpha_of_the_files_as_they_are_is_only_disagreements_left() -> None:
    """After reconciling, every coder agrees (alpha 1.000 on the files as they are): the
    reports show that only as 0 disagreements left."""
    assert _alphas(_loaded(), now=True) == ALPHA_AFTER
    from negotiation.analysis import reliability

    rel = reliability(_loaded())
    assert rel.disagreements == () and rel.overall.disagreements_left == 0
    assert all(d.disagreements_left == 0 for d in rel.dimensions)


def test_alpha_before_reconciliation_is_the_headline() -> None:
    """The headline (rel.dimensions, rel.overall) is alpha before reconciliation, worked
    out from reconciled_from alone, as reported in issue 15 (overall 0.932)."""
    assert _alphas(_loaded()) == ALPHA_BEFORE


def test_alpha_before_reconciliation_from_the_old_values_directly() -> None:
    """The same figures from the values of git history set directly (no reconciled_from)."""
    import dataclasses

    dossier = _loaded()
    before = tuple(
        c.model_copy(
            update={
                "value": BEFORE_RECONCILIATION.get(c.id, c.value),
                "withdrawn": False,
                "reconciled_from": None,
            }
        )
        for c in dossier.coding_units
    )
    old = dataclasses.replace(dossier, characterisations=before, all_characterisations=before)
    assert _alphas(old) == ALPHA_BEFORE == _alphas(old, now=True)


def test_recoded_characterisations_carry_reconciled_from(sources: SourcesFile) -> None:
    """The seven recoded in 70092bc carry their value before; withdrawn ones need none
    (their value is the one coded before)."""
    chars = {c.id: c for c in sources.characterisations}
    recoded = {cid: c.reconciled_from for cid, c in chars.items() if c.reconciled_from}
    assert recoded == {
        cid: old for cid, old in BEFORE_RECONCILIATION.items() if not chars[cid].withdrawn
    }
    assert len(recoded) == 7
    for cid, c in chars.items():
        if c.withdrawn:
            assert c.value == BEFORE_RECONCILIATION[cid], cid


def test_reconciliation_is_recorded_in_the_notes(sources: SourcesFile) -> None:
    chars = {c.id: c for c in sources.characterisations}
    for cid, old in BEFORE_RECONCILIATION.items():
        c = chars[cid]
        assert c.notes and "Issue 15" in c.notes, cid
        assert c.withdrawn or c.value != old, cid
    assert sum(c.withdrawn for c in chars.values()) == 12
    # the two the issue names
    fried = chars["fp-fried-bottom-line"]
    assert fried.withdrawn and "decision-making power" in (fried.notes or "")
    excuses = chars["mt-galeotti-excuses"]
    assert (excuses.about, excuses.value) == ("talks", "deadlock")


def test_frames_of_withdrawn_quotes_still_count() -> None:
    from negotiation.analysis import frames_table

    dossier = _loaded()
    counts = frames_table(dossier).set_index("frame")["count"]
    assert "fp-venezuela-pawn" in {c.id for c in dossier.withdrawn}
    assert counts["pawn"] == 1 and counts["binge-watching"] == 1 and counts["red-lines"] == 1


# Priorities only where an article says how much a side cares (issue 12): Galeotti's
# "more important than all the rest" for Russia on NATO membership; FP's "nonstarter"
# for the US and NATO on enlargement and the post-1997 deployments; PIR's "ready to
# negotiate" missiles and exercise limits (tradeable) for the US and NATO.
PRIORITIES = {
    "russia-non-expansion": "core",
    "us-non-expansion": "high",
    "nato-non-expansion-rejected": "high",
    "us-1997-lines": "high",
    "nato-1997-lines-rejected": "high",
    "us-missiles": "low",
    "nato-missiles": "low",
    "us-exercises": "low",
    "nato-exercises": "low",
}


def test_priorities_only_where_the_articles_say(sides: list[SideFile]) -> None:
    got = {p.id: p.priority for s in sides for p in s.positions if p.priority is not None}
    assert got == PRIORITIES
    for side in sides:
        for pos in side.positions:
            assert bool(pos.priority_evidence) == (pos.priority is not None), pos.id
    galeotti = next(
        p for s in sides for p in s.positions if p.id == "russia-non-expansion"
    ).priority_evidence[0]
    assert galeotti.source == "moscow-times-galeotti"
    assert "more important than all the rest" in galeotti.quote


def test_paths_on_the_example_follow_the_priorities() -> None:
    loader = pytest.importorskip("negotiation.loader")
    paths = pytest.importorskip("negotiation.paths")
    dossier = loader.load_positions([ROOT / "positions"]).dossiers["russia-west-2022"]
    pair = ["camp:russia", "camp:west"]
    table = paths.concessions_table(dossier, pair, END).set_index("issue")
    row = table.loc["nato-non-expansion"]
    # Russia weighs it 4 (core), the West 3 (high): the meeting point is Russia's end,
    # the West moves the whole scale; no weight defaulted on this issue.
    assert row["weights"] == {"camp:russia": 4, "camp:west": 3}
    assert row["meeting_points"] == ("binding-no-enlargement",)
    assert row["steps"] == {"camp:russia": 0, "camp:west": 4} and row["n_defaulted"] == 0
    # the post-1997 lines: the West's "nonstarter" (3) outweighs Russia's default (2)
    row = table.loc["nato-1997-lines"]
    assert row["meeting_points"] == ("current-posture",) and row["n_defaulted"] == 1
    assert row["steps"] == {"camp:russia": 3, "camp:west": 0}
    # the West's tradeable offers weigh 1, but Russia is not placed there: no trade
    weights = paths.weights_table(dossier, pair, END).set_index(["issue", "party"])
    for issue in WEST_OFFERS_ONLY:
        assert weights.loc[(issue, "camp:west"), "weight"] == 1
    trades = paths.trades_table(dossier, "camp:russia", "camp:west", END)
    assert len(trades) and not set(WEST_OFFERS_ONLY) & set(trades["a_concedes"])
    # Russia giving up the post-1997 lines for non-expansion: the West's 3-weighted
    # move of 4 steps plus Russia's 2-weighted 3 steps, and not efficient for the West
    swap = trades[
        (trades["a_concedes"] == "nato-1997-lines") & (trades["b_concedes"] == "nato-non-expansion")
    ].iloc[0]
    assert (swap["a_given_up"], swap["b_given_up"], swap["efficient"]) == (6, 12, False)
