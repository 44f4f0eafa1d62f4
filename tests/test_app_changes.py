"""AppTest of the Changes page: the loaded data against a recent commit, or a plain
notice where there is no git history (the wage dossier of app_helpers, in temporary
git repositories)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from app_helpers import APP, WAGE_ID, write_wage_dossier
from curate_helpers import commit_all, git, init_repo, needs_git, replace_in
from streamlit.testing.v1 import AppTest

from components.changes import W_COMMIT

PAGE = "app_pages/changes.py"


def open_changes(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == ["Changes"]
    return at


def infos(at: AppTest) -> str:
    return "\n".join(i.value for i in at.info)


def employers(repo: Path) -> Path:
    return repo / "positions" / WAGE_ID / "sides" / "employers.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = init_repo(tmp_path / "repo")
    write_wage_dossier(repo / "positions")
    commit_all(repo, "wage dossier")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(repo / "positions"))
    return repo


def test_no_git_history_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_wage_dossier(tmp_path / "positions")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(tmp_path / "positions"))
    at = open_changes()
    assert "No git history to compare with" in infos(at)
    assert "is not inside a git repository" in infos(at)
    assert W_COMMIT not in [s.key for s in at.selectbox]


@needs_git
def test_repository_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    write_wage_dossier(repo / "positions")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(repo / "positions"))
    at = open_changes()
    assert "the repository has no commits yet" in infos(at)


@needs_git
def test_last_commit_compared_with_the_one_before(repo: Path) -> None:
    replace_in(employers(repo), "accepts: eur-500", "accepts: eur-1000")
    head = commit_all(repo, "employers offer 1000 EUR")
    first = git(repo, "rev-parse", "HEAD~1").strip()
    at = open_changes()
    box = at.selectbox(key=W_COMMIT)
    assert box.options[0].startswith(head[:7]) and "employers offer 1000 EUR" in box.options[0]
    assert box.value == first  # a clean tree: what the last commit changed
    m = {x.label: x.value for x in at.metric}
    assert (m["Positions changed"], m["Positions added"], m["Gap changes"]) == ("1", "0", "1")
    gaps = at.dataframe[0].value
    row = gaps.iloc[0].to_dict()
    assert row == {
        "issue": "One-off payment",
        "change": "closed",
        "before": "gap of 1 step",
        "after": "overlap at 1000 EUR",
    }
    overlaps = at.dataframe[1].value
    assert list(overlaps["change"]) == ["gained"]
    positions = at.dataframe[-1].value
    assert positions.iloc[0]["position"] == "employers-bonus"
    assert positions.iloc[0]["what"] == "accepts: 500 EUR → 1000 EUR"
    labels = [b.label for b in at.get("download_button")]
    assert "Download the diff (Markdown)" in labels and "Download the diff (JSON)" in labels

    # comparing with the last commit itself: nothing changed
    box.set_value(head).run()
    assert not at.exception
    assert any("No changes to this dossier" in s.value for s in at.success)


@needs_git
def test_uncommitted_edit_is_compared_with_the_last_commit(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    replace_in(employers(repo), "accepts: eur-500", "accepts: none")
    at = open_changes()
    assert at.selectbox(key=W_COMMIT).value == head
    row = at.dataframe[0].value.iloc[0].to_dict()
    assert (row["issue"], row["change"], row["after"]) == (
        "One-off payment",
        "widened",
        "gap of 2 steps",
    )
    assert any("uncommitted edits" in c.value for c in at.caption)


@needs_git
def test_shallow_clone_says_so(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_in(employers(repo), "accepts: eur-500", "accepts: eur-1000")
    commit_all(repo, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(shallow / "positions"))
    at = open_changes()
    assert any("shallow checkout" in w.value for w in at.warning)
    assert any("No changes to this dossier" in s.value for s in at.success)


@needs_git
def test_dossier_new_since_the_commit(repo: Path) -> None:
    second = repo / "positions" / "second-round"
    write_wage_dossier(second.parent / "tmp-copy")
    (second.parent / "tmp-copy" / WAGE_ID).rename(second)
    (second.parent / "tmp-copy").rmdir()
    replace_in(second / "dossier.yaml", f"id: {WAGE_ID}", "id: second-round")
    # a title of its own: the dossier picker tells dossiers apart by title
    replace_in(second / "dossier.yaml", "title: Metalworkers'", "title: Second round,")
    at = open_changes({"dossier": "second-round"})
    assert at.selectbox(key="w_dossier").value == "second-round"
    assert "did not exist at commit" in infos(at)
    assert {x.label: x.value for x in at.metric}["Positions added"] == "11"
