"""The curator's loop on the command line: ``new``, ``validate --format github``, ``diff``.

``diff`` runs on temporary git repositories holding the wage dossier of app_helpers
(its gaps are worked out by hand there), edited between commits.
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
from app_helpers import WAGE_ID, write_wage_dossier
from curate_helpers import (
    GIT_ENV,
    commit_all,
    git,
    init_repo,
    needs_git,
    replace_in,
    uncomment_examples,
)

from negotiation import annotations, cli, revdiff, revisions
from negotiation.dossier import Problem
from negotiation.loader import load_positions

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<ref>\S+)$")
GITHUB_RE = re.compile(
    r"^::(?P<sev>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<title>[^:]+)::(?P<msg>.+)$"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


# --------------------------------------------------------------------------- new


@pytest.mark.parametrize("camps", [None, "labour,management"])
def test_new_writes_a_dossier_that_validates_strictly(tmp_path: Path, camps: str | None) -> None:
    positions = tmp_path / "positions"
    argv = ["new", "wage-talks", "--positions-dir", str(positions), "--sides", "union,employers"]
    argv += ["--title", "Wage talks: 2025 round"] + (["--camps", camps] if camps else [])
    code, out, err = run(*argv)
    assert code == 0, err
    folder = positions / "wage-talks"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))
    assert files == [
        "dossier.yaml",
        "issues.yaml",
        "sides/employers.yaml",
        "sides/union.yaml",
        "sources.yaml",
    ]
    assert out.count("wrote ") == 5
    code, out, _ = run("validate", "--strict", str(positions))
    assert code == 0, out
    assert out.strip() == "OK: 1 dossier, 5 files, no problems"
    d = load_positions([positions]).dossiers["wage-talks"]
    assert d.title == "Wage talks: 2025 round"
    assert [s.id for s in d.sides] == ["employers", "union"]  # file name order
    assert [c.id for c in d.camps] == (camps.split(",") if camps else [])
    for path in folder.rglob("*.yaml"):
        assert "TODO" in path.read_text(encoding="utf-8"), path


def test_new_modelines_point_at_the_shipped_schema(tmp_path: Path) -> None:
    for where in (tmp_path / "positions", tmp_path / "deep" / "er" / "data", POSITIONS.parent):
        target = where / "scaffold-probe" if where == POSITIONS.parent else where
        code, _, err = run("new", "schema-probe", "--positions-dir", str(target))
        assert code == 0, err
        folder = target / "schema-probe"
        try:
            for path in folder.rglob("*.yaml"):
                first = path.read_text(encoding="utf-8").splitlines()[0]
                m = MODELINE.match(first)
                assert m, first
                ref = m["ref"]
                assert not Path(ref).is_absolute()
                kind = "side" if path.parent.name == "sides" else path.stem
                schema = (path.parent / ref).resolve()
                assert schema == (ROOT / "schema" / f"{kind}.schema.json").resolve()
                assert schema.is_file()
        finally:
            shutil.rmtree(target if where == POSITIONS.parent else folder)
    # written where the example lives, the modelines read like the example's
    ex = (POSITIONS / "russia-west-2022" / "dossier.yaml").read_text().splitlines()[0]
    assert ex == "# yaml-language-server: $schema=../../schema/dossier.schema.json"


def test_new_examples_cover_every_record_kind_and_validate_when_switched_on(
    tmp_path: Path,
) -> None:
    positions = tmp_path / "positions"
    code, _, err = run(
        "new", "demo", "--positions-dir", str(positions), "--sides", "union,employers",
        "--camps", "labour",
    )  # fmt: skip
    assert code == 0, err
    for path in (positions / "demo").rglob("*.yaml"):
        path.write_text(uncomment_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = load_positions([positions])
    assert [p.format() for p in result.problems] == []
    d = result.dossiers["demo"]
    kinds = {
        "camp": d.camps,
        "event": d.events,
        "dimension": d.dimensions,
        "frame": d.frames,
        "issue": d.issues,
        "source": d.sources,
        "characterisation": d.characterisations,
        "position": tuple(p for _, p in d.positions()),
    }
    assert {k: len(v) for k, v in kinds.items()} == dict.fromkeys(kinds, 1) | {"position": 6}
    assert all(s.camp == "labour" for s in d.sides)
    pos = d.positions()[0][1]
    assert pos.accepts_range == ("partial-change", "full-change")
    assert pos.evidence[0].source == "example-source"
    assert pos.basis == "stated"
    # the examples of a bounded and a contested position switch on valid too
    by_id = {p.id: p for _, p in d.positions()}
    bounded = by_id["union-example-issue-ruled-out"]
    assert bounded.accepts is None and bounded.rejects_range == ("full-change", "full-change")
    contested = by_id["union-example-issue-contested"]
    assert contested.contested and len(contested.readings or ()) == 2
    assert [path for path, _ in contested.quotes()] == [
        ("readings", 0, "evidence", 0),
        ("readings", 1, "evidence", 0),
    ]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    positions = tmp_path / "positions"
    assert run("new", "talks", "--positions-dir", str(positions))[0] == 0
    side = positions / "talks" / "sides" / "side-a.yaml"
    side.write_text("id: side-a\nname: Edited\n", encoding="utf-8")
    code, out, err = run("new", "talks", "--positions-dir", str(positions), "--sides", "x")
    assert code == 2
    assert "already exists" in err and "nothing was written" in err
    assert out == ""
    assert side.read_text(encoding="utf-8") == "id: side-a\nname: Edited\n"
    assert not (positions / "talks" / "sides" / "x.yaml").exists()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["Wage_Talks"], "dossier 'Wage_Talks' is not a valid id"),
        (["talks--2024"], "dossier 'talks--2024' is not a valid id"),
        (["talks", "--sides", "union,Employers"], "side 'Employers' is not a valid id"),
        (["talks", "--camps", "west,east side"], "camp 'east side' is not a valid id"),
        (["talks", "--sides", "a,b,a"], "side ids given twice: a"),
        (["x" * 81], "is not a valid id"),
    ],
)
def test_new_rejects_bad_ids_with_the_rule(tmp_path: Path, argv: list[str], needle: str) -> None:
    code, _, err = run("new", *argv, "--positions-dir", str(tmp_path / "positions"))
    assert code == 2
    assert needle in err
    assert "lowercase letters and digits" in err or "twice" in err
    assert not (tmp_path / "positions").exists()


def test_new_subprocess_exit_codes(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "negotiation", "new", "--positions-dir", str(tmp_path)]
    done = subprocess.run([*cmd, "ok-id"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*cmd, "ok-id"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "already exists" in done.stderr


def test_new_roles_option_writes_the_role_and_validates(tmp_path: Path) -> None:
    positions = tmp_path / "positions"
    code, _, err = run(
        "new", "talks", "--positions-dir", str(positions), "--sides", "union,employers,chair,press",
        "--roles", "chair=mediator, press=observer",
    )  # fmt: skip
    assert code == 0, err
    sides = positions / "talks" / "sides"
    assert "\nrole: mediator  # party (the default), mediator or observer\n" in (
        sides / "chair.yaml"
    ).read_text(encoding="utf-8")
    assert "\nrole: observer  #" in (sides / "press.yaml").read_text(encoding="utf-8")
    union = (sides / "union.yaml").read_text(encoding="utf-8")
    assert "\n# role: party  # party (the default), mediator or observer\n" in union
    assert "\nrole:" not in union
    code, out, _ = run("validate", "--strict", str(positions))
    assert code == 0, out
    d = load_positions([positions]).dossiers["talks"]
    assert {s.id: s.role for s in d.sides} == {
        "chair": "mediator",
        "employers": "party",
        "press": "observer",
        "union": "party",
    }


@pytest.mark.parametrize(
    ("roles", "needle"),
    [
        (
            "chair=chairman",
            "unknown role 'chairman' for side 'chair'; one of party, mediator, observer",
        ),
        (
            "chiar=mediator",
            "unknown side 'chiar' (the sides are union, chair); did you mean 'chair'?",
        ),
        ("chair", "--roles item 'chair' is not SIDE=ROLE"),
        ("chair=mediator,chair=observer", "side 'chair' given twice"),
    ],
)
def test_new_rejects_bad_roles(tmp_path: Path, roles: str, needle: str) -> None:
    positions = tmp_path / "positions"
    argv = ["new", "talks", "--positions-dir", str(positions), "--sides", "union,chair"]
    code, out, err = run(*argv, "--roles", roles)
    assert code == 2
    assert needle in err, err
    assert out == ""
    assert not positions.exists()


@pytest.mark.parametrize(
    ("identifier", "name", "unsure"),
    [
        ("united-states", "United States", False),
        ("side-a", "Side A", False),
        ("the-west", "The West", False),
        ("ministry-of-labour", "Ministry of Labour", False),
        ("talks-2024", "Talks 2024", False),
        ("inc-chair", "inc-chair", True),  # not "Inc Chair"
        ("un", "un", True),
        ("eu-council", "eu-council", True),
        ("g7", "g7", True),
        ("ncsc-team", "ncsc-team", True),  # four letters without a vowel
    ],
)
def test_new_names_keep_possible_acronyms_as_the_id(
    identifier: str, name: str, unsure: bool
) -> None:
    from negotiation import scaffold

    assert scaffold.name_for(identifier) == (name, unsure)


def test_new_marks_a_kept_id_name_with_a_todo(tmp_path: Path) -> None:
    positions = tmp_path / "positions"
    code, _, err = run(
        "new", "talks", "--positions-dir", str(positions), "--sides", "inc-chair,united-states",
        "--camps", "eu,west",
    )  # fmt: skip
    assert code == 0, err
    folder = positions / "talks"
    chair = (folder / "sides" / "inc-chair.yaml").read_text(encoding="utf-8")
    assert 'name: "inc-chair"  # TODO: the name shown in the dashboard; kept as the id' in chair
    us = (folder / "sides" / "united-states.yaml").read_text(encoding="utf-8")
    assert 'name: "United States"  # TODO: the name shown in the dashboard\n' in us
    dossier = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert '    name: "eu"  # TODO: the name shown in the dashboard; kept as the id' in dossier
    assert '    name: "West"  # TODO: the name shown in the dashboard\n' in dossier
    assert run("validate", "--strict", str(positions))[0] == 0


def test_new_example_event_lists_at_most_three_sides(tmp_path: Path) -> None:
    positions = tmp_path / "positions"
    sides = [f"state-{n}" for n in range(1, 14)]
    code, _, err = run(
        "new", "un-talks", "--positions-dir", str(positions), "--sides", ",".join(sides)
    )
    assert code == 0, err
    folder = positions / "un-talks"
    dossier = (folder / "dossier.yaml").read_text(encoding="utf-8")
    (line,) = [x for x in dossier.splitlines() if x.startswith("#     sides:")]
    assert line == "#     sides: [state-1, state-2, state-3]  # ... and the other 10 taking part"
    assert "state-4" not in dossier
    # switched on, the example still validates
    for path in folder.rglob("*.yaml"):
        path.write_text(uncomment_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = load_positions([positions])
    assert [p.format() for p in result.problems] == []
    assert list(result.dossiers["un-talks"].events[0].sides) == ["state-1", "state-2", "state-3"]


# ------------------------------------------------------------------- validate --format github


def test_github_annotation_escapes_and_whole_file_problems() -> None:
    p = Problem("a,b:c.yaml", 3, 7, "error", "50% wrong\nsecond line", code="bad-value")
    assert annotations.github_annotation(p) == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=bad-value::50%25 wrong%0Asecond line"
    )
    whole = Problem("sides", 0, 0, "warning", "no side files", code="no-sides")
    assert annotations.github_annotation(whole) == (
        "::warning file=sides,title=no-sides::no side files"
    )


def test_validate_github_on_a_broken_copy(tmp_path: Path) -> None:
    copy = tmp_path / "positions"
    shutil.copytree(POSITIONS, copy)
    shutil.copytree(ROOT / "schema", tmp_path / "schema")  # the modelines stay right
    nato = copy / "russia-west-2022" / "sides" / "nato.yaml"
    text = nato.read_text(encoding="utf-8")
    nato.write_text(re.sub(r"^(\s+)summary:", r"\1sumary:", text, count=1, flags=re.M), "utf-8")
    russia = copy / "russia-west-2022" / "sides" / "russia.yaml"
    replace_in(russia, "issue: nato-1997-lines", "issue: nato-1997-line")
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "validate", "--format", "github", "positions"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "3 errors in 1 of 1 dossier (9 files)"
    hits = [GITHUB_RE.match(line) for line in lines[:-1]]
    assert all(hits), lines
    by_msg = {m["msg"]: m for m in hits if m}
    unknown = by_msg["unknown field 'sumary'; did you mean 'summary'?"]
    assert unknown["file"] == "positions/russia-west-2022/sides/nato.yaml"
    assert int(unknown["line"]) == line_of(nato, "sumary:")
    assert int(unknown["col"]) == 5
    assert unknown["sev"] == "error" and unknown["title"] == "unknown-field"
    ref = next(m for msg, m in by_msg.items() if "nato-1997-line'" in msg)
    assert ref["file"] == "positions/russia-west-2022/sides/russia.yaml"
    assert int(ref["line"]) == line_of(russia, "issue: nato-1997-line")
    assert (
        int(ref["col"])
        == russia.read_text().splitlines()[int(ref["line"]) - 1].index("nato-1997-line") + 1
    )


def test_validate_github_clean_prints_only_the_summary() -> None:
    code, out, _ = run("validate", "--format", "github", "positions")
    assert code == 0
    assert not [line for line in out.splitlines() if line.startswith("::")]
    assert out.strip().startswith("OK: 1 dossier")


# --------------------------------------------------------------------------- diff


@pytest.fixture
def wage_repo(tmp_path: Path, git_env: None) -> Path:
    repo = init_repo(tmp_path / "repo")
    write_wage_dossier(repo / "positions")
    (repo / "README.md").write_text("curator's repository\n", encoding="utf-8")
    commit_all(repo, "wage dossier")
    return repo


def diff_json(repo: Path, *argv: str) -> dict:
    code, out, err = run("diff", *argv, "--positions-dir", str(repo / "positions"), "--format",
                         "json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def employers(repo: Path) -> Path:
    return repo / "positions" / WAGE_ID / "sides" / "employers.yaml"


@needs_git
def test_diff_working_tree_reports_the_position_and_the_closed_gap(wage_repo: Path) -> None:
    # One-off payment: labour [1000..1500] vs management [500] is a gap of 1 step;
    # the employers moving to 1000 EUR closes it, and all three sides now overlap there.
    replace_in(employers(wage_repo), "accepts: eur-500", "accepts: eur-1000")
    before = git(wage_repo, "status", "--porcelain")
    report = diff_json(wage_repo, "HEAD")
    assert git(wage_repo, "status", "--porcelain") == before  # nothing written to the tree
    assert report["old"] == "HEAD" and report["new"] == "working tree"
    d = report["dossiers"][WAGE_ID]
    assert d["status"] == "changed"
    assert d["positions"]["added"] == [] and d["positions"]["removed"] == []
    [changed] = d["positions"]["changed"]
    assert changed["id"] == "employers-bonus" and changed["side"] == "employers"
    assert changed["fields"] == [{"field": "accepts", "before": "500 EUR", "after": "1000 EUR"}]
    comp = d["comparison"]
    assert comp["parties"] == ["camp:labour", "camp:management"]
    [gap] = comp["gaps"]
    assert (gap["issue"], gap["kind"]) == ("one-off-payment", "closed")
    assert gap["before"]["gap"] == 1 and gap["before"]["status"] == "gap"
    assert gap["after"]["status"] == "overlap" and gap["after"]["overlap"] == "1000 EUR"
    [overlap] = comp["overlaps"]
    assert (overlap["issue"], overlap["kind"]) == ("one-off-payment", "gained")
    # before, removing either the union or the employers reopened an overlap
    assert overlap["before"]["blockers"] in (["union"], ["employers"])
    assert overlap["after"]["blockers"] == []
    assert comp["camps"] == []

    code, text, _ = run("diff", "HEAD", "--positions-dir", str(wage_repo / "positions"))
    assert code == 0
    assert "gap closed on One-off payment: gap of 1 step → overlap at 1000 EUR" in text
    assert "~ employers-bonus (employers, one-off-payment): accepts: 500 EUR → 1000 EUR" in text
    code, md, _ = run(
        "diff", "HEAD", "--positions-dir", str(wage_repo / "positions"), "--format", "markdown"
    )
    assert md.startswith("## Positions diff: `HEAD` → working tree\n")
    assert "| One-off payment | closed | gap of 1 step | overlap at 1000 EUR |" in md
    assert "| changed | `employers-bonus` | employers, one-off-payment |" in md


@needs_git
def test_diff_between_two_commits_widened_opened_reunited(wage_repo: Path) -> None:
    first = git(wage_repo, "rev-parse", "HEAD").strip()
    replace_in(employers(wage_repo), "accepts: eur-500", "accepts: none")
    council = wage_repo / "positions" / WAGE_ID / "sides" / "works-council.yaml"
    replace_in(council, "accepts: unchanged", "accepts:\n    from: unchanged\n    to: hours-35")
    second = commit_all(wage_repo, "employers harden; council moves on hours")
    # the working tree differs again, but NEW is a revision: the edit must not count
    replace_in(employers(wage_repo), "accepts: none", "accepts: eur-1500")
    report = diff_json(wage_repo, first[:10], second)
    d = report["dossiers"][WAGE_ID]
    kinds = {(c["issue"], c["kind"]) for c in d["comparison"]["gaps"]}
    # one-off: management [500] -> [none]: gap 1 -> 2 steps; working time: labour was split,
    # council [unchanged..35h] ∩ union [35h..32h] = [35h]; management [..unchanged]: 1 step
    assert kinds == {("one-off-payment", "widened"), ("working-time", "opened")}
    [camp] = d["comparison"]["camps"]
    assert (camp["issue"], camp["camp"], camp["kind"]) == ("working-time", "labour", "reunited")
    assert camp["after"]["range"] == "35-hour week"
    changed = {c["id"] for c in d["positions"]["changed"]}
    assert changed == {"employers-bonus", "council-hours"}
    # the same call with --compare and --date as of the first round
    report = diff_json(wage_repo, first, second, "--compare", "union", "employers")
    assert report["dossiers"][WAGE_ID]["comparison"]["party_names"] == [
        "Metalworkers' Union",
        "Employers' Association",
    ]


@needs_git
def test_diff_added_and_removed_records(wage_repo: Path) -> None:
    folder = wage_repo / "positions" / WAGE_ID
    (folder / "sides" / "works-council.yaml").unlink()
    replace_in(folder / "sources.yaml", "- id: courier\n", "- id: courier-2\n")
    code, _, _ = run("new", "second-talks", "--positions-dir", str(wage_repo / "positions"))
    assert code == 0
    report = diff_json(wage_repo, "HEAD")
    d = report["dossiers"][WAGE_ID]
    assert d["sides"] == {"added": [], "removed": ["works-council"]}
    assert {p["id"] for p in d["positions"]["removed"]} >= {"council-wage", "council-hours"}
    assert d["sources"]["added"] == ["courier-2"] and d["sources"]["removed"] == ["courier"]
    assert d["problems"]["after"]["errors"] > 0  # evidence now cites an unknown source
    assert report["dossiers"]["second-talks"]["status"] == "added"


@needs_git
def test_diff_without_changes_and_unknown_revisions(wage_repo: Path) -> None:
    positions = str(wage_repo / "positions")
    code, out, _ = run("diff", "HEAD", "--positions-dir", positions)
    assert code == 0
    assert "No changes to the dossiers." in out and f"Unchanged: {WAGE_ID}" in out
    for argv in (["no-such-rev"], ["HEAD", "no-such-rev"], ["--", "-x"]):
        code, _, err = run("diff", "--positions-dir", positions, *argv)
        assert code == 2, argv
        assert "unknown revision" in err


def test_diff_outside_a_git_repository(tmp_path: Path) -> None:
    write_wage_dossier(tmp_path / "positions")
    code, _, err = run("diff", "HEAD", "--positions-dir", str(tmp_path / "positions"))
    assert code == 2
    assert "is not inside a git repository" in err


@needs_git
def test_load_at_reads_old_revisions_without_checkout(wage_repo: Path) -> None:
    old = git(wage_repo, "rev-parse", "HEAD").strip()
    folder = wage_repo / "positions" / WAGE_ID
    shutil.rmtree(folder / "sides")
    commit_all(wage_repo, "drop the sides")
    result = revisions.load_at(wage_repo / "positions", old)
    assert [s.id for s in result.dossiers[WAGE_ID].sides] == [
        "employers",
        "union",
        "works-council",
    ]
    assert not (folder / "sides").exists()
    assert git(wage_repo, "rev-parse", "HEAD").strip() != old
    commits = revisions.recent_commits(wage_repo / "positions")
    assert [c.subject for c in commits] == ["drop the sides", "wage dossier"]
    assert revisions.is_shallow(wage_repo / "positions") is False
    # a revision before the folder existed loads as no dossiers
    assert revdiff.diff_results(result, result)["dossiers"][WAGE_ID]["status"] == "unchanged"


def test_help_lists_new_and_diff() -> None:
    text = cli.build_parser().format_help()
    assert "new" in text and "diff" in text
    for command in ("new", "diff"):
        with pytest.raises(SystemExit) as exc:
            cli.main([command, "--help"], out=io.StringIO(), err=io.StringIO())
        assert exc.value.code == 0


@needs_git
def test_diff_as_of_a_date(wage_repo: Path) -> None:
    # employers-wage-1 holds from D1 until employers-wage-2 (D2): editing it changes the
    # gap as of D1 (labour [6 %] vs management [0..2 %]: 2 steps -> 3) and nothing later
    replace_in(employers(wage_repo), "accepts:\n    from: pct-0\n    to: pct-2", "accepts: pct-0")
    report = diff_json(wage_repo, "HEAD", "--date", "2024-03-01")
    assert report["date"] == "2024-03-01"
    [gap] = report["dossiers"][WAGE_ID]["comparison"]["gaps"]
    assert (gap["issue"], gap["kind"], gap["before"]["gap"], gap["after"]["gap"]) == (
        "wage-increase",
        "widened",
        2,
        3,
    )
    latest = diff_json(wage_repo, "HEAD")
    assert latest["dossiers"][WAGE_ID]["comparison"]["gaps"] == []
    assert [c["id"] for c in latest["dossiers"][WAGE_ID]["positions"]["changed"]] == [
        "employers-wage-1"
    ]


@needs_git
def test_diff_markdown_escapes_data_text(wage_repo: Path) -> None:
    folder = wage_repo / "positions" / WAGE_ID
    replace_in(folder / "issues.yaml", "title: One-off payment", "title: 'One-off | <b>pay</b>'")
    replace_in(employers(wage_repo), "accepts: eur-500", "accepts: eur-1000")
    code, md, _ = run(
        "diff", "HEAD", "--positions-dir", str(wage_repo / "positions"), "--format", "markdown"
    )
    assert code == 0
    assert "| One-off \\| \\<b\\>pay\\</b\\> | closed |" in md
    assert "<b>" not in md


@needs_git
def test_diff_with_parties_the_dossier_does_not_have(wage_repo: Path) -> None:
    replace_in(employers(wage_repo), "accepts: eur-500", "accepts: eur-1000")
    positions = str(wage_repo / "positions")
    code, out, _ = run("diff", "HEAD", "--positions-dir", positions, "--compare", "x", "union")
    assert code == 0
    assert "gaps: not compared (no party x or union in this dossier)" in out
    assert "~ employers-bonus" in out  # the rest of the report is there
