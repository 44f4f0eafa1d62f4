"""Targets, the headline figures of a run and the Markdown tables printed for it."""

from __future__ import annotations

import json
from typing import Any

from benchmarks.loading import growth

KEYS = (
    "load_ratio",
    "growth_ratio",
    "rerun_ratio",
    "browser_ratio",
    "interaction_ratio",
    "rss_per_yaml_byte",
    "decision_ratio",
)
# figure -> size label -> target; "*" applies at every label. A label without a
# target of its own (rerun at M, growth M/S) is shown for the trend against the
# target of the last label listed.
TARGETS: dict[str, dict[str, float]] = {
    "load_ratio": {"*": 2.0},
    "growth_ratio": {"L/M": 1.2},
    "rerun_ratio": {"S": 1.3, "L": 1.5},
    "browser_ratio": {"example": 2.0},
    "interaction_ratio": {"example": 1.5, "L": 2.0},
    "rss_per_yaml_byte": {"L": 10.0},
    # slowest issue's decision under a rule (198 parties in 12 overlapping camps, 30
    # issues; benchmarks/decision_dossier.py) ÷ the 50 ms budget of one issue
    "decision_ratio": {"198": 1.0},
}


def target(name: str, label: str) -> tuple[float, bool]:
    """The target of a figure at a size label, and whether it applies there."""
    per = TARGETS[name]
    if label in per:
        return per[label], True
    if "*" in per:
        return per["*"], True
    return list(per.values())[-1], False


def where(name: str) -> str:
    """The labels a figure's target applies at, for the table ("S, L")."""
    return ", ".join(k for k in TARGETS[name] if k != "*") or "every size"


def worst(per_page: dict[str, Any], key: str = "ratio") -> tuple[str, float] | None:
    rated = [(k, v[key]) for k, v in per_page.items() if isinstance(v.get(key), int | float)]
    return max(rated, key=lambda kv: kv[1]) if rated else None


def figures_of(details: dict[str, Any]) -> dict[str, Any]:
    """The headline figures (worst page for the per-page ones) of a run's details."""
    figures: dict[str, Any] = {key: {} for key in KEYS}
    figures["load_ratio"] = {s: d["ratio"] for s, d in details.get("load", {}).items()}
    figures["growth_ratio"] = growth(details.get("load", {}))
    figures["rss_per_yaml_byte"] = {s: d["ratio"] for s, d in details.get("rss", {}).items()}
    if details.get("decision"):
        figures["decision_ratio"]["198"] = max(d["ratio"] for d in details["decision"].values())
    for size, per_page in details.get("rerun", {}).items():
        w = worst(per_page)
        if any(d.get("timed_out") for d in per_page.values()):
            figures["rerun_ratio"][size] = None  # a page did not finish: no finite ratio
        elif w is not None:
            figures["rerun_ratio"][size] = w[1]
    if details.get("browser"):
        w = worst(details["browser"])
        if w is not None:
            figures["browser_ratio"]["example"] = w[1]
    for label, per_page in details.get("interaction", {}).items():
        if any(d.get("errors") for d in per_page.values()):
            figures["interaction_ratio"][label] = None  # an interaction never settled
            continue
        w = worst(per_page)
        if w is not None:
            figures["interaction_ratio"][label] = w[1]
    return figures


def table(figures: dict[str, Any], details: dict[str, Any]) -> str:
    lines = [
        "| figure | size | measured | floor | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]

    def row(name: str, size: str, measured: str, floor: str, ratio: float | None) -> None:
        goal, applies = target(name, size.split()[0])
        if ratio is None:
            shown, ok = "—", "**no**"
        else:
            shown, ok = f"{ratio:.2f}", "yes" if ratio <= goal else "**no**"
        if not applies:
            at = where(name)
            ok = f"(target at {at})" if ok == "yes" else f"(no; target at {at})"
        lines.append(f"| {name} | {size} | {measured} | {floor} | {shown} | ≤ {goal:g} | {ok} |")

    for size, d in details.get("load", {}).items():
        row("load_ratio", size, f"{d['loader_s']:.3f} s", f"{d['bare_s']:.3f} s", d["ratio"])
    load = details.get("load", {})
    for pair, value in figures["growth_ratio"].items():
        big, small = pair.split("/")
        row(
            "growth_ratio",
            pair,
            f"×{load[big]['loader_s'] / load[small]['loader_s']:.2f} time",
            f"×{load[big]['positions'] / load[small]['positions']:.2f} positions",
            value,
        )
    for size, per_page in details.get("rerun", {}).items():
        for stem, d in per_page.items():
            if d.get("timed_out"):
                row(
                    "rerun_ratio",
                    f"{size} {stem}",
                    f"did not finish in {d['limit_s']:.0f} s",
                    "—",
                    None,
                )
            if "ratio" in d:
                row(
                    "rerun_ratio",
                    f"{size} {stem}",
                    f"{d['warm_s'] * 1000:.0f} ms",
                    f"{d['floor_s'] * 1000:.0f} ms",
                    d["ratio"],
                )
    for stem, d in details.get("browser", {}).items():
        row(
            "browser_ratio",
            f"example {stem}",
            f"{d['page_s']:.2f} s",
            f"{d['bare_s']:.2f} s",
            d["ratio"],
        )
    lines.extend(interaction_rows(details)[2:])
    for rule, d in details.get("decision", {}).items():
        row(
            "decision_ratio",
            f"198 {rule}",
            f"{d['worst_issue_s'] * 1000:.0f} ms slowest issue "
            f"({d['per_issue_s'] * 1000:.0f} ms median)",
            "50 ms",
            d["ratio"],
        )
    for size, d in details.get("rss", {}).items():
        row(
            "rss_per_yaml_byte",
            size,
            f"+{d['rss_added_mb']:.0f} MB",
            f"{d['bytes'] / 1e6:.1f} MB YAML",
            d["ratio"],
        )
    return "\n".join(lines)


def interaction_rows(details: dict[str, Any]) -> list[str]:
    """Rows of ``interaction_ratio``: one per page and interaction (the page's figure is
    the worse of its two), headed like :func:`table`."""
    lines = [
        "| figure | size | measured | floor | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, per_page in details.get("interaction", {}).items():
        goal, _ = target("interaction_ratio", label)
        for name, d in per_page.items():
            if d.get("skipped"):
                lines.append(
                    f"| interaction_ratio | {label} {name} | skipped: {d['skipped']} | — "
                    f"| — | ≤ {goal:g} | — |"
                )
            if d.get("errors") and not ({"date", "party"} & set(d)):
                lines.append(
                    f"| interaction_ratio | {label} {name} | {d['errors'][0][:80]} | — "
                    f"| — | ≤ {goal:g} | **no** |"
                )
            for kind in ("date", "party"):
                k = d.get(kind)
                if not k:
                    continue
                if k.get("error"):
                    lines.append(
                        f"| interaction_ratio | {label} {name} {kind} | {k['error'][:80]} | — "
                        f"| — | ≤ {goal:g} | **no** |"
                    )
                    continue
                ok = "yes" if k["ratio"] <= goal else "**no**"
                unchanged = " (no change drawn)" if not k.get("changed", True) else ""
                lines.append(
                    f"| interaction_ratio | {label} {name} {kind} | "
                    f"{k['page_s'] * 1000:.0f} ms{unchanged} | {k['bare_s'] * 1000:.0f} ms | "
                    f"{k['ratio']:.2f} | ≤ {goal:g} | {ok} |"
                )
    return lines


def pages_table(details: dict[str, Any]) -> str:
    lines = [
        "| size | page | cold run | warm rerun | YAML parses before → after warm reruns "
        "| charts (traces, most in one) | tables (rows, longest) | other elements |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, per_page in details.get("rerun", {}).items():
        for stem, d in per_page.items():
            if d.get("timed_out"):
                lines.append(
                    f"| {size} | {stem} | **did not finish within {d['limit_s']:.0f} s** "
                    "| — | — | — | — | — |"
                )
                continue
            other = sum(
                n
                for k, n in d["counts"].items()
                if k not in ("plotly_chart", "dataframe", "column", "flex_container", "tab")
            )
            warm = f"{d['warm_s']:.2f} s" if "warm_s" in d else "—"
            parses = (
                f"{d['parse_count_before']} → {d['parse_count_after']}"
                if "parse_count_before" in d
                else "—"
            )
            err = f" (error: {d['errors'][0][:60]})" if d.get("errors") else ""
            lines.append(
                f"| {size} | {stem}{err} | {d['cold_s']:.2f} s | {warm} | {parses} | "
                f"{d['charts']} ({d['traces']}, {d['max_traces']}) | "
                f"{d['dataframes']} ({d['total_rows']}, {d['max_rows']}) | {other} |"
            )
    return "\n".join(lines)


def print_tables(figures: dict[str, Any], details: dict[str, Any]) -> None:
    print()
    print(table(figures, details))
    if details.get("rerun"):
        print()
        print(pages_table(details))
    print()
    print("headline (worst page for rerun/browser/interaction):", json.dumps(figures))
