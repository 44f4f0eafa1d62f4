"""``python -m negotiation brief`` writes the brief the Briefing page shows and
downloads: the same Markdown for the same view, from the command line, without the app."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from app_helpers import APP, ROOT
from streamlit.testing.v1 import AppTest

from negotiation import cli

MULTI = ROOT / "tests" / "fixtures" / "multilateral"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _page_markdown(query: dict[str, str]) -> list[str]:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("app_pages/briefing.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return [m.value for m in at.markdown]


@pytest.mark.parametrize(
    ("root", "dossier", "query", "argv"),
    [
        (ROOT / "positions", "russia-west-2022", {}, []),
        (MULTI, "seabed-minerals-conference", {}, []),
        (
            MULTI,
            "seabed-minerals-conference",
            {"rule": "qualified:0.667"},
            ["--rule", "qualified:0.667"],
        ),
    ],
)
def test_the_cli_brief_is_the_briefing_page_s(
    root: Path,
    dossier: str,
    query: dict[str, str],
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(root))
    code, text, err = _cli("brief", dossier, "--positions-dir", str(root), *argv)
    assert code == 0, err
    shown = _page_markdown(query)
    # the page shows the same Markdown (st.markdown drops the final newline)
    assert text.rstrip("\n") in [m.rstrip("\n") for m in shown], "the page shows another brief"
    assert text.startswith("# Brief: ")


def test_cli_brief_html_and_out(tmp_path: Path) -> None:
    target = tmp_path / "b" / "brief.html"
    code, text, err = _cli("brief", "russia-west-2022", "--format", "html", "--out", str(target))
    assert code == 0 and text == "" and "wrote" in err
    html = target.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize(
    "argv",
    [
        ["--rule", "unanimity"],
        ["--compare", "russia", "atlantis"],
        ["--issues", "no-such-issue"],
        ["--what-if", "russia:nato-non-expansion:nowhere"],
    ],
)
def test_cli_brief_bad_arguments_exit_2(argv: list[str]) -> None:
    code, text, err = _cli("brief", "russia-west-2022", *argv)
    assert code == 2 and text == "" and "error" in err
