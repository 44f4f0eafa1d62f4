"""The command line: validate, schema, export, check-quotes.

Most tests call ``cli.main([...])`` in-process (fast); a few run
``python -m negotiation`` in a subprocess to cover the entry point.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation import cli
from negotiation.schema import FILE_NAMES

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
SHIPPED = sorted(p for p in POSITIONS.glob("*/dossier.yaml")) if POSITIONS.is_dir() else []

# --------------------------------------------------------------------------- a small dossier

DOSSIER_YAML = """\
id: tiny
title: Tiny talks
summary: Two camps talk about one issue.
period:
  start: 2022-01-01
  end: 2022-01-31
camps:
  - id: west
    name: The West
  - id: east
    name: The East
events:
  - id: geneva
    date: 2022-01-10
    title: Geneva round
dimensions:
  - id: outcome
    label: Outcome
    scale:
      - id: breakdown
        label: Breakdown
      - id: deadlock
        label: Deadlock
      - id: breakthrough
        label: Breakthrough
"""

ISSUES_YAML = """\
issues:
  - id: enlargement
    title: Enlargement
    scale:
      - id: open-door
        label: Open door unchanged
      - id: no-timetable
        label: No accession timetable
      - id: moratorium
        label: Moratorium
      - id: binding-ban
        label: Legally binding ban
"""

SOURCES_YAML = """\
sources:
  - id: daily
    outlet: The Daily
    title: Talks end in deadlock
    date: 2022-01-14
    url: https://example.org/daily
    kind: news
  - id: weekly
    outlet: The Weekly
    title: No breakthroughs
    date: 2022-01-15
    kind: analysis
characterisations:
  - id: daily-deadlock
    source: daily
    dimension: outcome
    value: deadlock
    quote: "the talks ended in deadlock"
  - id: weekly-deadlock
    source: weekly
    dimension: outcome
    value: deadlock
    quote: >-
      no breakthroughs — or
      breakdowns
"""

RUSSIA_YAML = """\
id: russia
name: Russia
camp: east
positions:
  - id: ru-ban
    issue: enlargement
    as_of: 2022-01-10
    stance: demand
    ideal: binding-ban
    accepts: {from: moratorium, to: binding-ban}
    summary: Russia demands a guarantee of no further enlargement.
    evidence:
      - source: daily
        quote: "We need ironclad guarantees"
        speaker: A deputy minister
"""

US_YAML = """\
id: united-states
name: United States
short: US
camp: west
positions:
  - id: us-open-door
    issue: enlargement
    as_of: 2022-01-10
    stance: rejection
    accepts: {from: open-door, to: no-timetable}
    summary: The US will not close NATO's door.
    evidence:
      - source: daily
        quote: "We will not allow anyone to slam closed NATO's open-door policy"
      - source: weekly
        quote: 'nobody can veto'
"""

DAILY_TXT = """\
# Talks end in deadlock

By [A. Writer](#)

As the week closed, the talks ended in deadlock. “We need ironclad guarantees,”
said a deputy minister. “We will not allow anyone to slam closed NATO’s open‑door
policy,” the US said.
"""

WEEKLY_TXT = """\
There were no breakthroughs—or breakdowns. Officials insisted that nobody can veto
the alliance's decisions.
"""


def make_dossier(root: Path, name: str = "tiny") -> Path:
    """Write the small valid dossier to ``root/name``; return the folder."""
    folder = root / name
    (folder / "sides").mkdir(parents=True)
    files = {
        "dossier.yaml": DOSSIER_YAML,
        "issues.yaml": ISSUES_YAML,
        "sources.yaml": SOURCES_YAML,
        "sides/russia.yaml": RUSSIA_YAML,
        "sides/united-states.yaml": US_YAML,
    }
    for rel, text in files.items():
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def make_archive(root: Path) -> Path:
    archive = root / "archive"
    archive.mkdir()
    (archive / "daily.txt").write_text(DAILY_TXT, encoding="utf-8")
    (archive / "weekly.md").write_text(WEEKLY_TXT, encoding="utf-8")
    return archive


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


LINE_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$"
)


def problem_lines(output: str) -> list[re.Match[str]]:
    return [m for m in map(LINE_RE.match, output.splitlines()) if m]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_dossier(tmp_path / "positions")


# --------------------------------------------------------------------------- help


def test_help_lists_every_command() -> None:
    parser = cli.build_parser()
    text = parser.format_help()
    for command in ("validate", "schema", "export", "check-quotes", "reliability"):
        assert command in text
    with pytest.raises(SystemExit) as exc:
        cli.main(["validate", "--help"], out=io.StringIO(), err=io.StringIO())
    assert exc.value.code == 0


def test_subprocess_help_and_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "check-quotes" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "no-such-command"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2


# --------------------------------------------------------------------------- validate


def test_validate_valid_dossier(tiny: Path) -> None:
    code, out, _ = run("validate", str(tiny.parent))
    assert code == 0, out
    assert problem_lines(out) == []
    assert out.strip().splitlines()[-1] == "OK: 1 dossier, 5 files, no problems"
    # A dossier folder directly works too.
    code, out, _ = run("validate", str(tiny))
    assert code == 0, out
    assert out.strip().endswith("OK: 1 dossier, 5 files, no problems")


def test_validate_subprocess_on_tmp_dossier(tiny: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "validate", str(tiny.parent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: 1 dossier" in done.stdout


def test_validate_misspelt_key_points_at_it(tiny: Path) -> None:
    side = tiny / "sides" / "russia.yaml"
    side.write_text(side.read_text().replace("    summary:", "    sumary:"), encoding="utf-8")
    code, out, _ = run("validate", str(tiny.parent))
    assert code == 1
    hits = [m for m in problem_lines(out) if "sumary" in m["msg"]]
    assert hits, out
    m = hits[0]
    assert Path(m["file"]).resolve() == side.resolve()
    assert int(m["line"]) == line_of(side, "sumary:")
    assert int(m["col"]) == 5
    assert m["sev"] == "error"
    summary = out.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ errors?(, \d+ warnings?)? in 1 of 1 dossier \(5 files\)", summary)


def test_validate_unknown_issue_id(tiny: Path) -> None:
    side = tiny / "sides" / "united-states.yaml"
    side.write_text(
        side.read_text().replace("issue: enlargement", "issue: enlargment"), encoding="utf-8"
    )
    code, out, _ = run("validate", str(tiny.parent))
    assert code == 1
    hits = [m for m in problem_lines(out) if "enlargment" in m["msg"]]
    assert hits, out
    m = hits[0]
    assert Path(m["file"]).resolve() == side.resolve()
    assert int(m["line"]) == line_of(side, "issue: enlargment")
    assert m["sev"] == "error"


def test_validate_counts_dossiers_with_problems(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    make_dossier(root, "first")
    second = make_dossier(root, "second")
    (second / "dossier.yaml").write_text(
        DOSSIER_YAML.replace("id: tiny", "id: second"), encoding="utf-8"
    )
    (root / "first" / "dossier.yaml").write_text(
        DOSSIER_YAML.replace("id: tiny", "id: first"), encoding="utf-8"
    )
    issues = second / "issues.yaml"
    issues.write_text(issues.read_text().replace("title: Enlargement", "titel: x"), "utf-8")
    code, out, _ = run("validate", str(root))
    assert code == 1
    assert re.search(r"in 1 of 2 dossiers \(10 files\)$", out.strip()), out


def test_validate_json_format(tiny: Path) -> None:
    code, out, _ = run("validate", "--format", "json", str(tiny.parent))
    assert code == 0
    data = json.loads(out)
    assert data["problems"] == []
    assert data["summary"]["errors"] == 0
    assert data["summary"]["dossiers"] == 1
    assert data["summary"]["files"] == 5
    assert data["summary"]["ok"] is True

    side = tiny / "sides" / "russia.yaml"
    side.write_text(side.read_text().replace("    summary:", "    sumary:"), encoding="utf-8")
    code, out, _ = run("validate", "--format", "json", str(tiny.parent))
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["errors"] >= 1
    assert data["summary"]["ok"] is False
    p = data["problems"][0]
    assert {"file", "line", "column", "severity", "message", "code"} <= set(p)


def test_validate_missing_path(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "nowhere"))
    assert code == 1
    assert "does not exist" in out


def test_validate_strict_fails_on_warnings(tiny: Path) -> None:
    # Whatever the loader warns about, --strict fails iff there is any warning.
    code, out, _ = run("validate", "--format", "json", str(tiny.parent))
    warnings = json.loads(out)["summary"]["warnings"]
    strict_code, _, _ = run("validate", "--strict", str(tiny.parent))
    assert strict_code == (1 if warnings else 0)
    assert code == 0


@pytest.mark.skipif(not SHIPPED, reason="no dossier shipped under positions/ yet")
def test_validate_shipped_positions() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    errors = [m for m in problem_lines(done.stdout) if m["sev"] == "error"]
    assert errors == []


@pytest.mark.skipif(not SHIPPED, reason="no dossier shipped under positions/ yet")
def test_validate_broken_copy_of_shipped_positions(tmp_path: Path) -> None:
    copy = tmp_path / "positions"
    shutil.copytree(POSITIONS, copy)
    side = sorted(copy.glob("*/sides/*.yaml"))[0]
    text = side.read_text(encoding="utf-8")
    broken = re.sub(r"^(\s+)summary:", r"\1sumary:", text, count=1, flags=re.M)
    assert broken != text
    side.write_text(broken, encoding="utf-8")
    code, out, _ = run("validate", str(copy))
    assert code == 1
    hits = [m for m in problem_lines(out) if "sumary" in m["msg"]]
    assert hits, out
    assert Path(hits[0]["file"]).resolve() == side.resolve()
    assert int(hits[0]["line"]) == line_of(side, "sumary:")


# --------------------------------------------------------------------------- schema


def test_schema_check_on_shipped_files() -> None:
    code, out, _ = run("schema", "--check")
    assert code == 0, out


def test_schema_write_and_check(tmp_path: Path) -> None:
    out_dir = tmp_path / "schema"
    code, out, _ = run("schema", "--out", str(out_dir), "--check")
    assert code == 1  # nothing there yet
    assert "out of date" in out
    code, out, _ = run("schema", "--out", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(FILE_NAMES.values())
    code, _, _ = run("schema", "--out", str(out_dir), "--check")
    assert code == 0
    stale = out_dir / "side.schema.json"
    stale.write_text(stale.read_text().replace('"Side file', '"Old side file'), "utf-8")
    code, out, _ = run("schema", "--out", str(out_dir), "--check")
    assert code == 1
    assert "side.schema.json" in out


# --------------------------------------------------------------------------- export


def test_export_json(tiny: Path) -> None:
    code, out, err = run("export", str(tiny), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    d = data["dossier"]
    assert set(d) >= {"id", "meta", "issues", "sides", "sources", "characterisations"}
    assert d["id"] == "tiny"
    assert [s["id"] for s in d["sides"]] == ["russia", "united-states"]
    assert d["sides"][0]["positions"][0]["accepts"] == {"from": "moratorium", "to": "binding-ban"}
    assert d["meta"]["period"] == {"start": "2022-01-01", "end": "2022-01-31"}
    assert set(data["tables"]) >= {"gaps", "overlaps", "characterisations", "agreement"}
    assert data["comparison"]["gap_parties"] == ["camp:west", "camp:east"]
    gaps = data["tables"]["gaps"]
    assert len(gaps) == 1 and gaps[0]["issue"] == "enlargement"
    assert gaps[0]["gap"] == 1  # no-timetable .. moratorium: one step
    overlaps = data["tables"]["overlaps"]
    assert overlaps[0]["issue"] == "enlargement"
    assert "blockers" in overlaps[0]
    assert len(data["tables"]["characterisations"]) == 2


def test_export_by_id_and_to_file(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "tiny.json"
    code, _, err = run("export", "tiny", "--positions-dir", str(tiny.parent), "--out", str(target))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["dossier"]["id"] == "tiny"
    code, _, err = run(
        "export",
        "tiny",
        "--positions-dir",
        str(tiny.parent),
        "--compare",
        "russia",
        "united-states",
    )
    assert code == 0, err


def test_export_unknown_dossier_suggests(tiny: Path) -> None:
    code, _, err = run("export", "tyni", "--positions-dir", str(tiny.parent))
    assert code == 1
    assert "tiny" in err


def test_export_csv(tiny: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "csv"
    code, _, err = run("export", str(tiny), "--format", "csv", "--out", str(out_dir))
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    for table in ("gaps", "overlaps", "characterisations", "agreement"):
        assert f"{table}.csv" in names
    header = (out_dir / "gaps.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("issue,")
    # csv needs a folder
    code, _, err = run("export", str(tiny), "--format", "csv")
    assert code == 2
    assert "--out" in err


@pytest.mark.skipif(not SHIPPED, reason="no dossier shipped under positions/ yet")
def test_export_shipped_dossier(tmp_path: Path) -> None:
    dossier = SHIPPED[0].parent
    code, out, err = run("export", dossier.name, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["dossier"]["id"] == dossier.name
    assert data["tables"]["gaps"]
    code, _, err = run("export", dossier.name, "--format", "csv", "--out", str(tmp_path / "c"))
    assert code == 0, err


# --------------------------------------------------------------------------- check-quotes


def test_check_quotes_all_found(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    code, out, err = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 0, out + err
    assert out.strip().endswith("OK: all 5 quotes found in their archived sources")


def test_check_quotes_finds_planted_quote(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    side = tiny / "sides" / "united-states.yaml"
    side.write_text(
        side.read_text().replace("'nobody can veto'", "'nobody can ever veto'"), encoding="utf-8"
    )
    sources = tiny / "sources.yaml"
    sources.write_text(
        sources.read_text().replace("ended in deadlock", "ended in a deadlock"), encoding="utf-8"
    )
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    hits = problem_lines(out)
    assert len(hits) == 2, out
    by_file = {Path(m["file"]).name: m for m in hits}
    m = by_file["united-states.yaml"]
    assert int(m["line"]) == line_of(side, "nobody can ever veto")
    assert int(m["col"]) == line_of_col(side, "'nobody can ever veto'")
    assert "quote not found in" in m["msg"] and "weekly.md" in m["msg"]
    assert '"nobody can ever veto"' in m["msg"]
    m = by_file["sources.yaml"]
    assert int(m["line"]) == line_of(sources, "ended in a deadlock")
    assert out.strip().splitlines()[-1] == "2 of 5 quotes not found"


def line_of_col(path: Path, needle: str) -> int:
    for line in path.read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line.index(needle) + 1
    raise AssertionError(needle)


def test_check_quotes_subprocess_with_map_and_missing_archive(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    (archive / "daily.txt").rename(archive / "000_daily.txt")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("daily: 000_daily.txt\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "negotiation",
            "check-quotes",
            str(tiny),
            "--archive",
            str(archive),
            "--map",
            str(mapping),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    # Without the map, 'daily' has no archive file: an error located at the source.
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    hits = problem_lines(out)
    assert len(hits) == 1, out
    assert Path(hits[0]["file"]).name == "sources.yaml"
    assert int(hits[0]["line"]) == line_of(tiny / "sources.yaml", "id: daily")
    assert "'daily' has no archive file" in hits[0]["msg"]
    assert "1 source without archive file" in out

    # A map that names a file that is not there.
    mapping.write_text("daily: gone.txt\n", encoding="utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive), "--map", str(mapping))
    assert code == 1
    assert "gone.txt" in out


def test_check_quotes_shows_the_closest_passage_and_what_differs(
    tiny: Path, tmp_path: Path
) -> None:
    archive = make_archive(tmp_path)
    side = tiny / "sides" / "united-states.yaml"
    side.write_text(
        side.read_text().replace("'nobody can veto'", "'nobody can ever veto'"), encoding="utf-8"
    )
    sources = tiny / "sources.yaml"
    sources.write_text(
        sources.read_text().replace("ended in deadlock", "Ended in a deadlock"), encoding="utf-8"
    )
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    by_file = {Path(m["file"]).name: m["msg"] for m in problem_lines(out)}
    assert by_file["united-states.yaml"].endswith(
        "closest passage (86% alike), with what differs ([-quote-] {+source+}): "
        '"nobody can [-ever-] veto"'
    )
    # case counts, and a word the source does not have is marked
    assert by_file["sources.yaml"].endswith('"the talks [-Ended-]{+ended+} in [-a-] deadlock."')


def test_check_quotes_says_when_nothing_is_close(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    sources = tiny / "sources.yaml"
    text = sources.read_text()
    sources.write_text(
        text.replace("ended in deadlock", "a quote from another article entirely"),
        encoding="utf-8",
    )
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    (hit,) = problem_lines(out)
    assert hit["msg"].endswith("; nothing like it in the archive file")


def test_check_quotes_does_not_search_the_front_matter(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    header = "---\nurl: https://example.org/weekly\nnote: nobody can veto\n---\n"
    body = WEEKLY_TXT.replace("nobody can veto", "no one can veto")
    (archive / "weekly.md").write_text(header + body, encoding="utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    (hit,) = problem_lines(out)
    assert Path(hit["file"]).name == "united-states.yaml"
    assert '"nobody can veto"' in hit["msg"]
    (archive / "weekly.md").write_text(header + WEEKLY_TXT, encoding="utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 0, out


# --------------------------------------------------------------------------- what-if and priorities

PRIORITY_BLOCK = """\
    priority: core
    priority_evidence:
      - source: daily
        quote: "the main thing for us"
"""


def test_check_quotes_covers_priority_evidence(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    side = tiny / "sides" / "russia.yaml"
    side.write_text(side.read_text(encoding="utf-8") + PRIORITY_BLOCK, encoding="utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    hits = problem_lines(out)
    assert len(hits) == 1, out
    assert int(hits[0]["line"]) == line_of(side, "the main thing for us")
    assert int(hits[0]["col"]) == line_of_col(side, '"the main thing for us"')
    assert out.strip().splitlines()[-1] == "1 of 6 quotes not found"
    (archive / "daily.txt").write_text(DAILY_TXT + "\nIt is the main thing for us.\n", "utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 0, out


def test_validate_priority_without_evidence(tiny: Path) -> None:
    side = tiny / "sides" / "russia.yaml"
    side.write_text(side.read_text(encoding="utf-8") + "    priority: high\n", encoding="utf-8")
    code, out, _ = run("validate", str(tiny.parent))
    assert code == 1
    (hit,) = problem_lines(out)
    assert int(hit["line"]) == line_of(side, "priority: high")
    assert int(hit["col"]) == line_of_col(side, "high")
    assert "without 'priority_evidence'" in hit["msg"]


def test_export_what_if(tiny: Path) -> None:
    code, out, err = run(
        "export", str(tiny), "--what-if", "russia:enlargement:no-timetable..binding-ban"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["what_if"] == ["russia:enlargement:no-timetable..binding-ban"]
    gaps = data["tables"]["gaps"]
    assert gaps[0]["gap"] == 0 and gaps[0]["status"] == "overlap"
    overlaps = data["tables"]["overlaps"]
    assert overlaps[0]["status"] == "overlap" and overlaps[0]["blocker_sets"] == []
    conc = data["tables"]["concessions"]
    assert [r["scope"] for r in conc] == ["pair", "all sides"]
    assert conc[0]["parties"] == ["camp:west", "camp:east"]
    assert conc[0]["meeting_points"] == ["no-timetable"] and conc[0]["total_steps"] == 0
    assert conc[0]["hypothetical"] is True
    positions = {r["position"] for r in data["tables"]["positions"]}
    assert "whatif:russia:enlargement" in positions
    # The dossier itself is exported as written: no hypothetical position in it.
    ru = data["dossier"]["sides"][0]["positions"]
    assert [p["id"] for p in ru] == ["ru-ban"]
    # Without hypotheses: the gap of one step, and its paths.
    code, out, _ = run("export", str(tiny))
    data = json.loads(out)
    assert data["what_if"] == []
    conc = data["tables"]["concessions"][0]
    assert conc["meeting_points"] == ["no-timetable", "moratorium"]
    assert conc["weighted_total"] == 2 and conc["point"] == "no-timetable"  # first tie
    assert conc["steps"] == {"camp:west": 0, "camp:east": 1}
    assert data["tables"]["overlaps"][0]["blocker_sets"] == [["russia"], ["united-states"]]
    assert data["tables"]["trades"] == []  # one issue: nothing to trade


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["rusia:enlargement:moratorium"], "unknown side 'rusia'; did you mean 'russia'?"),
        (["russia:enlargment:moratorium"], "did you mean 'enlargement'?"),
        (["russia:enlargement:moratorum"], "did you mean 'moratorium'?"),
        (["russia:enlargement:binding-ban..moratorium"], "the range is reversed"),
        (["russia-enlargement-moratorium"], "a hypothesis is SIDE:ISSUE:FROM..TO"),
        (["russia:enlargement:moratorium,united-states:enlargement:x"], "'x' is not a point"),
    ],
)
def test_export_malformed_what_if_exits_2(tiny: Path, argv: list[str], expected: str) -> None:
    args = ["export", str(tiny)]
    for value in argv:
        args += ["--what-if", value]
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err
    assert err.splitlines()[0].startswith("error: --what-if '")


def test_export_what_if_subprocess_csv(tiny: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "negotiation",
            "export",
            str(tiny),
            "--format",
            "csv",
            "--out",
            str(tmp_path / "c"),
            "--what-if",
            "russia:enlargement:no-timetable..binding-ban",
            "--what-if",
            "united-states:enlargement:open-door",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    header = (tmp_path / "c" / "concessions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("scope,issue,")
    assert (tmp_path / "c" / "trades.csv").is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "negotiation", "export", str(tiny), "--what-if", "x:y:z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "unknown side 'x'" in bad.stderr


# --------------------------------------------------------------------------- reliability


def _add_coding(tiny: Path, body: str) -> None:
    (tiny / "codings").mkdir()
    (tiny / "codings" / "second.yaml").write_text(
        "coder: second\nmethod: Blind, from the coding sheet.\ncodings:\n" + body,
        encoding="utf-8",
    )


def test_reliability_without_second_coding(tiny: Path) -> None:
    code, out, err = run("reliability", "tiny", "--positions-dir", str(tiny.parent))
    assert code == 0, err
    assert "No independent coding yet: see docs/format.md" in out


def test_reliability_text_lists_alpha_and_disagreements(tiny: Path) -> None:
    _add_coding(
        tiny, "  daily-deadlock:\n    value: breakdown\n  weekly-deadlock:\n    value: deadlock\n"
    )
    code, out, err = run("reliability", str(tiny))
    assert code == 0, err
    assert "Coders (2):" in out and "second: second — Blind, from the coding sheet." in out
    row = next(ln for ln in out.splitlines() if ln.startswith("Outcome"))
    # one pair agrees, one differs by a step: observed = expected disagreement, alpha 0
    assert row.split()[1:6] == ["0.000", "2", "2", "1", "1"]  # disagreed, left
    assert row.endswith("treat with caution (α < 0.667)")
    assert (
        "Krippendorff's alpha before reconciliation: 0.000, treat with caution (α < 0.667); "
        "disagreements left: 1" in out
    )
    assert "No reconciliation is recorded" in out and "disagreements left: 1" in out
    assert "Disagreements left (1):" in out
    assert "- daily-deadlock (outcome): main = deadlock, second = breakdown" in out


def test_reliability_json_matches_the_analysis(tiny: Path) -> None:
    from negotiation.analysis import reliability
    from negotiation.loader import load_dossier

    _add_coding(
        tiny, "  daily-deadlock:\n    value: breakdown\n  weekly-deadlock:\n    value: deadlock\n"
    )
    code, out, err = run("reliability", str(tiny), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    dossier, _ = load_dossier(tiny)
    rel = reliability(dossier)
    (dim,) = data["dimensions"]
    assert dim["alpha"] == rel.dimensions[0].alpha
    assert (dim["units"], dim["coders"], dim["disagreements"]) == (2, 2, 1)
    assert data["overall"]["alpha"] == rel.overall.alpha
    assert dim["alpha_before_reconciliation"] == dim["alpha"]  # nothing reconciled
    assert (dim["disagreements_before_reconciliation"], dim["disagreements_left"]) == (1, 1)
    assert data["alpha_before_reconciliation"] == rel.overall.alpha
    assert (data["reconciled"], data["withdrawn"], data["disagreements_left"]) == (0, 0, 1)
    assert data["reconciliation"].startswith("No reconciliation is recorded")
    (dis,) = data["disagreements"]
    assert dis["values"] == {"main": "deadlock", "second": "breakdown"}
    assert dis["quote"] == dossier.characterisations[0].quote
    assert [c["id"] for c in data["coders"]] == ["main", "second"]


def test_reliability_unknown_dossier_exits_2(tiny: Path) -> None:
    code, out, err = run("reliability", "tyni", "--positions-dir", str(tiny.parent))
    assert code == 2
    assert "no dossier 'tyni'" in err and "tiny" in err and out == ""


@pytest.mark.skipif(not SHIPPED, reason="no dossier shipped under positions/ yet")
def test_reliability_shipped_dossier() -> None:
    code, out, err = run("reliability", SHIPPED[0].parent.name)
    assert code == 0, err
    assert "Krippendorff's alpha for ordinal data" in out


def test_reliability_headline_is_before_reconciliation_on_the_example() -> None:
    """The example was reconciled to the blind coder: the headline is alpha as measured
    before (0.932, from reconciled_from), not the 1.000 of the files as they are."""
    code, out, err = run("reliability", "russia-west-2022")
    assert code == 0, err
    assert (
        "Krippendorff's alpha before reconciliation: 0.932, reliable (α ≥ 0.8); "
        "disagreements left: 0" in out
    )
    assert "1.000" not in out
    assert (
        "disagreed on 19 quotes; reconciling then recoded 7 values and withdrew 12 quotes." in out
    )
    overall = next(ln for ln in out.splitlines() if ln.startswith("Overall"))
    assert overall.split()[1:6] == ["0.932", "75", "63", "19", "0"]
    code, out, err = run("reliability", "russia-west-2022", "--format", "json")
    data = json.loads(out)
    assert round(data["alpha_before_reconciliation"], 3) == 0.932
    assert round(data["overall"]["alpha"], 3) == 0.932  # the old key: the same headline
    assert (data["reconciled"], data["withdrawn"]) == (7, 12)
    assert (data["disagreements_before_reconciliation"], data["disagreements_left"]) == (19, 0)
    assert data["disagreements"] == []
    by_dim = {
        d["dimension"]: round(d["alpha_before_reconciliation"], 3) for d in data["dimensions"]
    }
    assert by_dim == {"outcome": 0.923, "outlook": 0.965, "tone": 0.931, "distance": 0.879}


# --------------------------------------------------------------------------- who counts: quotes

WEIGHT_BLOCK = """\
weight: 30
weight_evidence:
  - source: daily
    quote: "speaks for thirty allies"
"""
DECISION_BLOCK = """\
decision:
  rule: qualified
  threshold: 0.667
  evidence:
    - source: weekly
      quote: "two thirds of the alliance"
"""


def _with_archive_line(archive: Path, name: str, text: str, line: str) -> None:
    (archive / name).write_text(text + "\n" + line + "\n", encoding="utf-8")


def test_check_quotes_covers_weight_evidence(tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    side = tiny / "sides" / "united-states.yaml"
    text = side.read_text(encoding="utf-8").replace("camp: west\n", "camp: west\n" + WEIGHT_BLOCK)
    side.write_text(text, encoding="utf-8")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    (hit,) = problem_lines(out)
    assert Path(hit["file"]).name == "united-states.yaml"
    assert int(hit["line"]) == line_of(side, "speaks for thirty allies")
    assert int(hit["col"]) == line_of_col(side, '"speaks for thirty allies"')
    _with_archive_line(archive, "daily.txt", DAILY_TXT, "The US speaks for thirty allies.")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 0, out


@pytest.mark.parametrize("where", ["dossier", "issue"])
def test_check_quotes_covers_decision_evidence(where: str, tiny: Path, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    if where == "dossier":
        path = tiny / "dossier.yaml"
        path.write_text(path.read_text(encoding="utf-8") + DECISION_BLOCK, encoding="utf-8")
    else:
        path = tiny / "issues.yaml"
        block = "".join(f"    {line}\n" for line in DECISION_BLOCK.splitlines())
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    scale:\n", block + "    scale:\n", 1), encoding="utf-8")
    code, out, _ = run("validate", str(tiny.parent))
    assert code == 0, out
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 1
    (hit,) = problem_lines(out)
    assert Path(hit["file"]).name == path.name
    assert int(hit["line"]) == line_of(path, "two thirds of the alliance")
    assert int(hit["col"]) == line_of_col(path, '"two thirds of the alliance"')
    assert "two thirds of the alliance" in hit["msg"]
    _with_archive_line(archive, "weekly.md", WEEKLY_TXT, "It takes two thirds of the alliance.")
    code, out, _ = run("check-quotes", str(tiny), "--archive", str(archive))
    assert code == 0, out


# --------------------------------------------------------------------------- verdicts until


def test_export_verdicts_until_overrides_the_as_of_rule(tiny: Path) -> None:
    # at the tiny dossier's latest date (10 Jan) every verdict counts by default ...
    code, out, err = run("export", str(tiny), "--date", "2022-01-10")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["tables"]["characterisations"]) == 2
    assert "verdicts_until" not in data["comparison"]
    # ... and --verdicts-until counts only those said by that day (the Daily's, 14 Jan)
    code, out, err = run(
        "export", str(tiny), "--date", "2022-01-10", "--verdicts-until", "2022-01-14"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [c["id"] for c in data["tables"]["characterisations"]] == ["daily-deadlock"]
    assert data["tables"]["agreement"][0]["too_few"]  # one source left: too few
    assert data["comparison"]["verdicts_until"] == "2022-01-14"
    assert data["comparison"]["verdicts_note"] == (
        "verdicts until 14 Jan 2022, after the as-of date (10 Jan 2022)"
    )
    assert data["tables"]["gaps"][0]["gap"] == 1  # the positions stay as of 10 Jan


def test_export_verdicts_until_csv(tiny: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "csv"
    argv = ["export", str(tiny), "--format", "csv", "--out", str(out_dir)]
    code, _, err = run(*argv, "--verdicts-until", "2022-01-14")
    assert code == 0, err
    text = (out_dir / "characterisations.csv").read_text(encoding="utf-8")
    assert "daily-deadlock" in text and "weekly-deadlock" not in text


@pytest.mark.parametrize("bad", ["2022-13-01", "14 January 2022", "2022-01-14T10:00"])
def test_export_bad_verdicts_until_exits_2(
    tiny: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run("export", str(tiny), "--verdicts-until", bad)
    assert exc.value.code == 2
    assert f"argument --verdicts-until: not a date (YYYY-MM-DD): {bad!r}" in capsys.readouterr().err


@pytest.mark.skipif(not SHIPPED, reason="no dossier shipped under positions/ yet")
def test_export_example_on_the_talks_last_day_with_later_verdicts() -> None:
    """As of 14 January (the Vienna round, the talks' last day) only the verdicts
    published by then count; --verdicts-until 2022-01-31 reads what was said after."""
    if not (ROOT / "positions" / "russia-west-2022").is_dir():
        pytest.skip("the example dossier is not there")
    code, out, err = run("export", "russia-west-2022", "--date", "2022-01-14")
    assert code == 0, err
    as_of = json.loads(out)["tables"]
    code, out, err = run(
        "export", "russia-west-2022", "--date", "2022-01-14", "--verdicts-until", "2022-01-31"
    )
    assert code == 0, err
    later = json.loads(out)
    dates = {c["date"] for c in as_of["characterisations"]}
    assert max(dates) <= "2022-01-14"
    assert max(c["date"] for c in later["tables"]["characterisations"]) > "2022-01-14"
    assert len(later["tables"]["characterisations"]) > len(as_of["characterisations"])
    assert later["tables"]["agreement"] != as_of["agreement"]
    assert later["tables"]["gaps"] == as_of["gaps"]  # positions as of the same day
