"""The synthetic benchmark dossiers are valid, fully cross-referenced and deterministic."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.generate import SIZES, count_positions, dossier_id, generate, main
from negotiation.model import DossierFile, IssuesFile, SideFile, SourcesFile


def _load(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def validate_folder(folder: Path) -> dict[str, int]:
    """Validate every file with its model and check every reference resolves."""
    kinds = {"dossier.yaml": "dossier", "issues.yaml": "issues", "sources.yaml": "sources"}
    for name, kind in kinds.items():
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    meta = DossierFile.model_validate(_load(folder / "dossier.yaml"))
    issues = IssuesFile.model_validate(_load(folder / "issues.yaml")).issues
    sources_file = SourcesFile.model_validate(_load(folder / "sources.yaml"))
    side_paths = sorted((folder / "sides").glob("*.yaml"))
    sides = []
    for path in side_paths:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schema/side.schema.json"
        side = SideFile.model_validate(_load(path))
        assert path.stem == side.id
        sides.append(side)

    def unique(ids: list[str], what: str) -> set[str]:
        dupes = [i for i, n in Counter(ids).items() if n > 1]
        assert not dupes, f"duplicate {what} ids: {dupes[:5]}"
        return set(ids)

    camp_ids = unique([c.id for c in meta.camps], "camp")
    event_ids = unique([e.id for e in meta.events], "event")
    dims = {d.id: {p.id for p in d.scale} for d in meta.dimensions}
    frame_ids = unique([f.id for f in meta.frames], "frame")
    unique([i.id for i in issues], "issue")
    scales = {i.id: [p.id for p in i.scale] for i in issues}
    source_ids = unique([s.id for s in sources_file.sources], "source")
    side_ids = unique([s.id for s in sides], "side")
    for scale in scales.values():
        unique(scale, "scale point")

    assert len(camp_ids) == 2
    assert len(source_ids) >= 20
    assert set(dims) == {"outcome", "outlook"}
    for event in meta.events:
        assert meta.period.start <= event.date <= meta.period.end
        assert set(event.sides) <= side_ids
        assert set(event.sources) <= source_ids
    for source in sources_file.sources:
        assert meta.period.start <= source.date <= meta.period.end
        assert source.url and source.url.startswith(("http://", "https://"))
    unique([c.id for c in sources_file.characterisations], "characterisation")
    for ch in sources_file.characterisations:
        assert ch.source in source_ids
        assert ch.value in dims[ch.dimension]
        assert set(ch.frames) <= frame_ids
        if ch.about != "talks":
            ref = {"issue": scales, "side": side_ids, "event": event_ids}[ch.about.kind]
            assert ch.about.ref in ref

    position_ids = []
    placed = unplaced = 0
    for side in sides:
        assert side.camp is None or side.camp in camp_ids
        seen_dates: dict[str, set] = {}
        for pos in side.positions:
            position_ids.append(pos.id)
            scale = scales[pos.issue]
            assert meta.period.start <= pos.as_of <= meta.period.end
            dates = seen_dates.setdefault(pos.issue, set())
            assert pos.as_of not in dates, "two positions of one side on one issue, same day"
            dates.add(pos.as_of)
            assert all(e.source in source_ids for e in pos.evidence)
            if pos.ideal is not None:
                assert pos.ideal in scale
            rng = pos.accepts_range
            if rng is None:
                unplaced += 1
                continue
            placed += 1
            lo, hi = scale.index(rng[0]), scale.index(rng[1])
            assert lo <= hi, f"{pos.id}: range ends in the wrong order"
            if pos.ideal is not None:
                assert lo <= scale.index(pos.ideal) <= hi, f"{pos.id}: ideal outside range"
    unique(position_ids, "position")
    assert placed and unplaced, "expect both placed and unplaced positions"
    return {
        "issues": len(issues),
        "sides": len(sides),
        "positions": len(position_ids),
        "quotes": sum(len(p.evidence) for s in sides for p in s.positions),
    }


@pytest.mark.parametrize("size", ["S", "M", pytest.param("L", marks=pytest.mark.slow)])
def test_generated_dossier_is_valid(size: str, tmp_path: Path) -> None:
    folder = generate(size, tmp_path)
    assert folder == tmp_path / dossier_id(size)
    spec = SIZES[size]
    counts = validate_folder(folder)
    assert counts == {
        "issues": spec.issues,
        "sides": spec.sides,
        "positions": count_positions(size),
        "quotes": count_positions(size) * spec.quotes_per_position,
    }


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a = generate("S", tmp_path / "a")
    b = generate("S", tmp_path / "b")
    files = sorted(p.relative_to(a) for p in a.rglob("*.yaml"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.yaml"))
    assert len(files) == 3 + SIZES["S"].sides
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    other = generate("S", tmp_path / "c", seed=1)
    assert (other / "sides").exists()
    assert (other / "issues.yaml").read_bytes() != (a / "issues.yaml").read_bytes()


def test_sizes_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert count_positions("L") == 30_000
    assert count_positions("s") == 14 * 6 * 4
    with pytest.raises(ValueError):
        count_positions("XL")
    assert main(["--size", "S", "--out", str(tmp_path)]) == 0
    assert "positions=336" in capsys.readouterr().out
    assert (tmp_path / "synthetic-s" / "dossier.yaml").is_file()


@pytest.mark.parametrize("size", ["S", "M"])
def test_loader_reports_no_problems(size: str, tmp_path: Path) -> None:
    from negotiation.loader import load_dossier, load_positions

    folder = generate(size, tmp_path)
    result = load_positions([tmp_path])
    assert [p.format() for p in result.problems] == []
    dossier = result.dossiers[dossier_id(size)]
    assert len(dossier.positions()) == count_positions(size)
    assert len(dossier.sides) == SIZES[size].sides
    assert len(dossier.issues) == SIZES[size].issues
    assert len(dossier.characterisations) == SIZES[size].characterisations
    if size == "S":  # one folder on its own loads the same way
        one, problems = load_dossier(folder)
        assert one is not None and one.id == dossier.id and list(problems) == []


def test_run_quick_prints_every_figure() -> None:
    """`benchmarks/run.py --quick --skip-browser --json` runs on size S and prints the
    figures (no timing is asserted: the numbers depend on the machine)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--skip-browser", "--json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    keys = (
        "load_ratio",
        "growth_ratio",
        "rerun_ratio",
        "browser_ratio",
        "interaction_ratio",
        "rss_per_yaml_byte",
    )
    for key in keys:
        assert isinstance(out[key], dict), key
    assert set(out["load_ratio"]) == {"S"}
    assert set(out["rss_per_yaml_byte"]) == {"S"}
    assert out["growth_ratio"] == {}  # one size: nothing to compare
    assert out["browser_ratio"] == {}  # --skip-browser
    assert out["interaction_ratio"] == {}  # --skip-browser skips it too
    assert out["targets"]["rerun_ratio"] == {"S": 1.3, "L": 1.5}
    assert all(isinstance(v, float) and v > 0 for v in out["load_ratio"].values())
    if out["details"].get("rerun"):  # the dashboard's pages exist
        assert set(out["rerun_ratio"]) == {"S"}
        per_page = out["details"]["rerun"]["S"]
        assert {"gaps[two]", "gaps[several]", "gaps[movement]"} <= set(per_page)
        for name, page in per_page.items():
            assert not page["errors"], page["errors"]
            assert page["parse_count_before"] == page["parse_count_after"]
            if "[" in name:  # the view asked for is the one drawn
                assert page["view_shown"] == page["view"] == name[5:-1]


def test_targets_per_size() -> None:
    """rerun_ratio has a target at S and at L (M only for the trend); interaction_ratio
    at the example and at L; load_ratio at every size."""
    from benchmarks.report import TARGETS, target

    assert target("rerun_ratio", "S") == (1.3, True)
    assert target("rerun_ratio", "L") == (1.5, True)
    assert target("rerun_ratio", "M")[1] is False
    assert target("interaction_ratio", "example") == (1.5, True)
    assert target("interaction_ratio", "L") == (2.0, True)
    assert target("load_ratio", "M") == (2.0, True)
    assert target("growth_ratio", "M/S")[1] is False
    assert set(TARGETS) == {
        "load_ratio",
        "growth_ratio",
        "rerun_ratio",
        "browser_ratio",
        "interaction_ratio",
        "rss_per_yaml_byte",
        "decision_ratio",
    }


def test_pages_option_parsing() -> None:
    from benchmarks.run import main
    from benchmarks.timing import parse_pages, split_target, targets

    every = targets()
    assert {"gaps[two]", "gaps[several]", "gaps[movement]"} <= set(every)
    assert "gaps" not in every  # measured once per view instead
    assert "overview" in every
    assert parse_pages(None) == every
    assert parse_pages("gaps") == ["gaps[two]", "gaps[several]", "gaps[movement]"]
    assert parse_pages(" overview , gaps[movement],overview") == ["gaps[movement]", "overview"]
    assert split_target("gaps[several]") == ("gaps", "several")
    assert split_target("timeline") == ("timeline", None)
    for bad in ("nope", "gaps[sideways]", "overview[two]"):
        with pytest.raises(ValueError):
            parse_pages(bad)
    with pytest.raises(SystemExit):
        main(["--pages", "nope", "--skip-rerun", "--skip-browser"])
    from benchmarks.run import parser

    args = parser().parse_args(["--pages", "gaps[two]", "--skip-interaction"])
    assert args.skip_interaction and not args.skip_browser and args.pages == "gaps[two]"


def _interaction_details() -> dict:
    def kind(page_s: float, bare_s: float) -> dict:
        return {"page_s": page_s, "bare_s": bare_s, "ratio": page_s / bare_s, "changed": True}

    return {
        "interaction": {
            "example": {
                "overview": {"date": kind(0.3, 0.2), "party": kind(0.2, 0.2), "ratio": 1.5},
                "gaps[two]": {"date": kind(0.8, 0.2), "party": kind(0.4, 0.2), "ratio": 4.0},
                "briefing": {"skipped": "no as-of slider"},
            },
            "L": {
                "overview": {
                    "date": kind(1.0, 0.5),
                    "party": {"error": "page: never settled"},
                    "ratio": 2.0,
                    "errors": ["party: page: never settled"],
                }
            },
        }
    }


def test_report_rows_for_interaction_ratio() -> None:
    from benchmarks.report import figures_of, interaction_rows, table

    details = _interaction_details()
    figures = figures_of(details)
    assert figures["interaction_ratio"] == {"example": 4.0, "L": None}
    rows = interaction_rows(details)[2:]
    assert len(rows) == 7  # two per measured page, one for the skipped one
    assert "| example briefing | skipped: no as-of slider |" in rows[4]
    rows.pop(4)
    assert rows[0].startswith("| interaction_ratio | example overview date | 300 ms | 200 ms |")
    assert "| 1.50 | ≤ 1.5 | yes |" in rows[0]
    assert "gaps[two] date" in rows[2] and "| 4.00 | ≤ 1.5 | **no** |" in rows[2]
    assert "L overview party | page: never settled" in rows[5] and rows[5].endswith("**no** |")
    assert "| 2.00 | ≤ 2 | yes |" in rows[4]
    assert all(r in table(figures, details).splitlines() for r in rows)


def test_rerun_rows_show_the_target_of_their_size() -> None:
    from benchmarks.report import figures_of, table

    entry = {"warm_s": 0.14, "floor_s": 0.1, "ratio": 1.4}
    details = {"rerun": {s: {"gaps[two]": dict(entry)} for s in ("S", "M", "L")}}
    lines = table(figures_of(details), details).splitlines()
    assert "| rerun_ratio | S gaps[two] | 140 ms | 100 ms | 1.40 | ≤ 1.3 | **no** |" in lines
    m_row = "| rerun_ratio | M gaps[two] | 140 ms | 100 ms | 1.40 | ≤ 1.5 | (target at S, L) |"
    assert m_row in lines
    assert "| rerun_ratio | L gaps[two] | 140 ms | 100 ms | 1.40 | ≤ 1.5 | yes |" in lines


def test_bare_interaction_app_runs_and_follows_its_widgets() -> None:
    """The interaction floor runs under AppTest; its chart and table follow both the
    slider and the selectbox (else the benchmark's fingerprint could not change)."""
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(root / "benchmarks" / "bare_interaction_app.py")).run()
    assert not at.exception
    assert [s.label for s in at.select_slider] == ["As of"]
    assert [s.label for s in at.selectbox] == ["Compare"]
    assert len(at.get("plotly_chart")) == 1 and len(at.dataframe) == 1

    def shown() -> tuple[str, str]:
        return at.get("plotly_chart")[0].proto.spec, at.dataframe[0].value.to_json()

    start = shown()
    at.select_slider[0].set_value(dt.date(2024, 1, 1))  # the first of its dates
    at.run()
    assert not at.exception
    moved = shown()
    assert moved[0] != start[0] and moved[1] != start[1]
    at.selectbox[0].set_value("Union")
    at.run()
    assert not at.exception
    assert shown()[0] != moved[0] and shown()[1] != moved[1]


# --------------------------------------------------------------------------- hostile.py


def test_hostile_benchmark_prints_one_ratio_per_case(capsys: pytest.CaptureFixture[str]) -> None:
    """The shape of ``benchmarks/hostile.py --json`` on one case (its timing is not
    checked: no test is timed)."""
    from benchmarks import hostile

    assert {c.name[:2] for c in hostile.hostile_cases()} >= {"69", "70", "71", "72", "73"}
    assert hostile.main(["--cases", "72", "--reps", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reps"] == 1
    (name,) = out["cases"]
    assert name == "72-billion-laughs"
    row = out["cases"][name]
    assert set(row) == {"bytes", "hostile_s", "ordinary_s", "ratio"}
    assert row["bytes"] == 682
    assert row["ratio"] == pytest.approx(row["hostile_s"] / row["ordinary_s"])


@pytest.mark.parametrize("nbytes", [700, 5_000, 100_240])
def test_hostile_benchmark_twin_has_the_same_size(nbytes: int) -> None:
    from benchmarks import hostile

    data = hostile.ordinary_side("dockworkers", nbytes)
    assert len(data) == nbytes
    assert SideFile.model_validate(yaml.safe_load(data)).id == "dockworkers"


def test_decision_benchmarks_run_small() -> None:
    """The decision benchmarks run end to end on a small case (no time is asserted)."""
    from benchmarks import decision, decision_dossier

    d = decision_dossier.synthetic(parties=12, camps=3, issues=2)
    assert len(analysis_parties(d)) == 12  # the mediator is left out
    assert any(len(s.camps) == 2 for s in d.sides)
    figures = decision_dossier.measure(d, "qualified:0.667", 1)
    assert set(figures) == {"per_issue_s", "worst_issue_s", "ratio"}
    assert decision.main(["--reps", "1", "--parties", "10", "--issues", "2", "--json"]) == 0


def analysis_parties(d):  # type: ignore[no-untyped-def]
    from negotiation import analysis

    return analysis.default_parties(d)
