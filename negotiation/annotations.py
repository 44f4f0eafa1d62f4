"""Problems as GitHub Actions workflow commands, so CI shows them on the changed lines.

``::error file=PATH,line=N,col=M,title=CODE::message`` (``::warning`` for warnings);
see GitHub's "Workflow commands for GitHub Actions". Paths are as the loader reports
them (relative to the working directory, which in a workflow is the repository root).
"""

from __future__ import annotations

from collections.abc import Iterable

from negotiation.dossier import Problem


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """One workflow command for ``problem``; line and col are left out for a whole file."""
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line > 0:
        props.append(f"line={problem.line}")
        if problem.column > 0:
            props.append(f"col={problem.column}")
    props.append(f"title={_escape_property(problem.code)}")
    return f"::{problem.severity} {','.join(props)}::{_escape_data(problem.message)}"


def github_annotations(problems: Iterable[Problem]) -> list[str]:
    """One workflow command per problem, in the given order."""
    return [github_annotation(p) for p in problems]
