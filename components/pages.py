"""The dashboard's pages: file, title, icon and URL path (pure data, no streamlit)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    script: str
    title: str
    icon: str
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "app_pages/overview.py",
        "Overview",
        ":material/grid_view:",
        "overview",
        default=True,
    ),
    PageSpec("gaps", "app_pages/gaps.py", "Gaps & overlaps", ":material/compare_arrows:", "gaps"),
    PageSpec("issue", "app_pages/issue_detail.py", "Issue detail", ":material/search:", "issue"),
    PageSpec("sources", "app_pages/sources.py", "Sources", ":material/newspaper:", "sources"),
    PageSpec("timeline", "app_pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    PageSpec("paths", "app_pages/paths.py", "Paths to agreement", ":material/handshake:", "paths"),
    PageSpec(
        "health",
        "app_pages/data_health.py",
        "Data health",
        ":material/health_and_safety:",
        "health",
    ),
    PageSpec("changes", "app_pages/changes.py", "Changes", ":material/history:", "changes"),
    PageSpec(
        "briefing", "app_pages/briefing.py", "Briefing export", ":material/description:", "briefing"
    ),
)

PAGE_BY_KEY = {p.key: p for p in PAGES}
