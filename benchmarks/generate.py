"""Deterministic synthetic dossiers for load and render benchmarks.

Each size writes one dossier folder, valid against ``negotiation.model`` and with every
reference resolving, in the same layout as ``positions/<dossier>/``::

    python -m benchmarks.generate --size S|M|L|all --out DIR

writes ``DIR/synthetic-s/``, ``DIR/synthetic-m/``, ``DIR/synthetic-l/``. The same seed
gives byte-identical files. The YAML is written directly as text (every string
double-quoted and escaped, dates as plain ``YYYY-MM-DD``), so the largest size takes
seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Size(NamedTuple):
    """How big a synthetic dossier is."""

    issues: int
    sides: int
    positions_per_cell: int
    quotes_per_position: int
    sources: int
    events: int
    characterisations: int
    days: int  # length of the period


SIZES: dict[str, Size] = {
    "S": Size(14, 6, 4, 2, sources=24, events=8, characterisations=40, days=120),
    "M": Size(100, 15, 4, 2, sources=60, events=20, characterisations=150, days=365),
    "L": Size(300, 25, 4, 2, sources=120, events=40, characterisations=400, days=730),
}

SCHEMA_HEADER = "# yaml-language-server: $schema={}\n"
START = dt.date(2022, 1, 1)
BASE_SEED = 20220110


def count_positions(size: str) -> int:
    """Number of positions the dossier of ``size`` holds."""
    s = SIZES[_key(size)]
    return s.issues * s.sides * s.positions_per_cell


def count_quotes(size: str) -> int:
    """Number of evidence quotes the dossier of ``size`` holds."""
    return count_positions(size) * SIZES[_key(size)].quotes_per_position


def dossier_id(size: str) -> str:
    return f"synthetic-{_key(size).lower()}"


def _key(size: str) -> str:
    key = size.upper()
    if key not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
    return key


# --------------------------------------------------------------------------- vocabulary

SIDE_NAMES = [
    "Arvenia", "Borovia", "Caldera", "Drustan", "Elmora", "Fennick", "Galdria", "Hestia",
    "Ilyria", "Jorvik", "Kestrel", "Lunaria", "Morvath", "Nerevan", "Ostrava", "Pellucia",
    "Quessar", "Rhodan", "Sylvania", "Tarkov", "Umbria", "Valdez", "Westmark", "Xantha",
    "Yorin", "Zephyria", "Aldmere", "Brennic", "Corvus", "Delmar",
]  # fmt: skip

TOPICS = [
    "alliance-enlargement", "missile-deployment", "exercise-limits", "force-posture",
    "nuclear-sharing", "border-security", "sanctions-relief", "ceasefire-monitoring",
    "arms-transfers", "airspace-incidents", "naval-activity", "cyber-norms",
    "prisoner-exchange", "energy-transit", "troop-withdrawal", "verification-regime",
    "humanitarian-access", "minority-rights", "election-observation", "security-guarantees",
]  # fmt: skip

# Generic ordered outcomes: issue scales take an ordered subset (4 to 7 points).
OUTCOMES = [
    ("no-change", "No change to current practice"),
    ("consultations", "Consultations only"),
    ("political-declaration", "Political declaration"),
    ("transparency-measures", "Transparency measures"),
    ("voluntary-limits", "Voluntary limits"),
    ("moratorium", "Moratorium"),
    ("verified-limits", "Verified limits"),
    ("binding-treaty", "Legally binding treaty"),
]

DIMENSIONS = [
    (
        "outcome",
        "Outcome of the talks",
        [
            ("breakdown", "Breakdown"),
            ("deadlock", "Deadlock"),
            ("no-breakthrough", "No breakthrough"),
            ("some-progress", "Some progress"),
            ("breakthrough", "Breakthrough"),
        ],
    ),
    (
        "outlook",
        "What comes next",
        [
            ("war", "War"),
            ("escalation", "Escalation"),
            ("stalemate", "Stalemate"),
            ("more-talks", "More talks"),
            ("settlement", "Settlement"),
        ],
    ),
]

FRAMES = [
    ("hostage-negotiation", "Hostage negotiation"),
    ("divorce", "Divorce"),
    ("cuban-missile-crisis", "Cuban missile crisis"),
    ("cold-war-rerun", "Cold War rerun"),
    ("chess-game", "Chess game"),
    ("poker-bluff", "Poker bluff"),
    ("ultimatum", "Ultimatum"),
    ("yalta", "New Yalta"),
]

OUTLETS = [
    "The Morning Ledger", "Global Affairs Review", "Le Courrier du Soir", "Nordic Wire",
    "The Policy Desk", "Eastern Dispatch", "Strategic Monitor", "Ministry of Foreign Affairs",
    "Institute for Security Studies", "Weekly Observer",
]  # fmt: skip
KINDS = ["news", "analysis", "opinion", "think-tank", "official"]
FIRST = ["Anna", "Boris", "Chloé", "Dmitri", "Elena", "Frank", "Greta", "Hiro", "Ines", "José"]
LAST = ["Ivanova", "Smith", "Dubois", "Kowalski", "Müller", "O'Neill", "Rossi", "Tanaka"]
ROLES = ["deputy foreign minister", "head of a think tank", "former ambassador", "analyst"]
STANCES_PLACED = ["demand", "offer", "rejection", "red-line", "condition", "proposal"]
VERBS = [  # (third person for summaries, first person for quotes)
    ("insists on", "insist on"),
    ("signals openness to", "are open to"),
    ("rules out anything beyond", "rule out anything beyond"),
    ("proposes", "propose"),
    ("accepts", "can accept"),
]
QUOTE_TAILS = [  # appended to quotes; they exercise quoting (colons, '#', quotes, dashes)
    ", and nothing less will do",
    ", as long as the other side reciprocates",
    " — this is not an ultimatum, it is a proposal",
    ', which we call "the only realistic basis"',
    ": #1 priority, no further steps back",
    ", if, and only if, verification is mutual",
    ", although talks aren't over yet",
    ", with no breakthroughs — or breakdowns",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


# --------------------------------------------------------------------------- generation


class _Plan:
    """The records of one synthetic dossier, drawn from one seeded generator."""

    def __init__(self, size: str, seed: int | None = None) -> None:
        key = _key(size)
        self.key = key
        self.spec = SIZES[key]
        self.id = dossier_id(key)
        self.rng = random.Random(BASE_SEED + list(SIZES).index(key) if seed is None else seed)
        spec, rng = self.spec, self.rng
        self.end = START + dt.timedelta(days=spec.days - 1)

        # sides: first half camp "north", second half "south", a mediator without camp
        names = SIDE_NAMES[: spec.sides]
        self.sides = []
        for i, name in enumerate(names):
            if spec.sides >= 10 and i == spec.sides - 1:
                camp = None
            else:
                camp = "north" if i < spec.sides // 2 else "south"
            self.sides.append((name.lower(), name, name[:3].upper(), camp))

        # issues, each with an ordered scale of 4..7 points
        self.issues = []
        for i in range(spec.issues):
            topic = TOPICS[i % len(TOPICS)]
            n = rng.randint(4, 7)
            scale = [OUTCOMES[j] for j in sorted(rng.sample(range(len(OUTCOMES)), n))]
            self.issues.append((f"{topic}-{i + 1:03d}", _title(topic), scale))

        # sources, dated over the period
        self.sources = []
        for i in range(spec.sources):
            day = START + dt.timedelta(days=rng.randrange(spec.days))
            kind = KINDS[i % len(KINDS)]
            outlet = OUTLETS[i % len(OUTLETS)]
            authors = [
                f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.choice((0, 1, 1, 2)))
            ]
            sid = f"source-{i + 1:03d}"
            self.sources.append((sid, outlet, day, kind, authors))
        self.source_ids = [s[0] for s in self.sources]
        self.source_date = {s[0]: s[2] for s in self.sources}

        # events, spread evenly over the period with a little jitter
        self.events = []
        step = spec.days / spec.events
        for i in range(spec.events):
            offset = min(spec.days - 1, int(i * step + rng.random() * step))
            day = START + dt.timedelta(days=offset)
            members = sorted(rng.sample(range(spec.sides), min(spec.sides, rng.randint(2, 4))))
            srcs = sorted(rng.sample(self.source_ids, 2))
            self.events.append((f"round-{i + 1:02d}", day, members, srcs))

    # -- dossier.yaml ------------------------------------------------------
    def dossier_yaml(self) -> str:
        spec = self.spec
        out = [SCHEMA_HEADER.format("../../schema/dossier.schema.json")]
        w = out.append
        w(f"id: {q(self.id)}\n")
        title = f"Synthetic negotiation ({self.key}: {spec.issues} issues × {spec.sides} sides)"
        w(f"title: {q(title)}\n")
        w(
            "summary: "
            + q(
                "A generated dossier for benchmarks: every side states dated positions on "
                "every issue, with evidence quotes from generated sources."
            )
            + "\n"
        )
        w(f"period:\n  start: {START.isoformat()}\n  end: {self.end.isoformat()}\n")
        w("camps:\n")
        for cid, name, which in (
            ("north", "Northern alliance", "First"),
            ("south", "Southern bloc", "Second"),
        ):
            w(f"  - id: {q(cid)}\n    name: {q(name)}\n")
            w(f"    description: {q(f'{which} half of the sides.')}\n")
        w("events:\n")
        for eid, day, members, srcs in self.events:
            w(f"  - id: {q(eid)}\n    date: {day.isoformat()}\n")
            w(f"    title: {q(f'Round {eid[6:]} of talks')}\n")
            w(f"    venue: {q(self.rng.choice(['Geneva', 'Vienna', 'Brussels', 'Helsinki']))}\n")
            w(f"    summary: {q('Delegations met and restated their positions.')}\n")
            w("    sides: [" + ", ".join(q(self.sides[m][0]) for m in members) + "]\n")
            w("    sources: [" + ", ".join(q(s) for s in srcs) + "]\n")
        w("dimensions:\n")
        for did, label, scale in DIMENSIONS:
            w(f"  - id: {q(did)}\n    label: {q(label)}\n    scale:\n")
            for pid, plabel in scale:
                w(f"      - id: {q(pid)}\n        label: {q(plabel)}\n")
        w("frames:\n")
        for fid, label in FRAMES:
            w(f"  - id: {q(fid)}\n    label: {q(label)}\n")
        return "".join(out)

    # -- issues.yaml -------------------------------------------------------
    def issues_yaml(self) -> str:
        out = [SCHEMA_HEADER.format("../../schema/issues.schema.json"), "issues:\n"]
        w = out.append
        for iid, title, scale in self.issues:
            w(f"  - id: {q(iid)}\n    title: {q(f'{title} ({iid[-3:]})')}\n")
            w(f"    question: {q(f'What should be agreed on {title.lower()}?')}\n")
            w("    scale:\n")
            for pid, plabel in scale:
                w(f"      - id: {q(pid)}\n        label: {q(plabel)}\n")
        return "".join(out)

    # -- sources.yaml ------------------------------------------------------
    def sources_yaml(self) -> str:
        rng, spec = self.rng, self.spec
        out = [SCHEMA_HEADER.format("../../schema/sources.schema.json"), "sources:\n"]
        w = out.append
        for sid, outlet, day, kind, authors in self.sources:
            w(f"  - id: {q(sid)}\n    outlet: {q(outlet)}\n")
            w(f"    title: {q(f'{outlet}: where the talks stand ({sid})')}\n")
            if authors:
                w("    authors: [" + ", ".join(q(a) for a in authors) + "]\n")
            w(f"    date: {day.isoformat()}\n")
            w(f"    url: {q(f'https://example.org/{self.id}/{sid}')}\n")
            w(f"    kind: {q(kind)}\n")
        w("characterisations:\n")
        for i in range(spec.characterisations):
            sid = rng.choice(self.source_ids)
            did, _, scale = DIMENSIONS[i % 2]
            value, vlabel = rng.choice(scale)
            w(f"  - id: {q(f'char-{i + 1:04d}')}\n    source: {q(sid)}\n")
            r = rng.random()
            if r < 0.3:
                w('    about: "talks"\n')
            elif r < 0.6:
                w(f"    about:\n      issue: {q(rng.choice(self.issues)[0])}\n")
            elif r < 0.8:
                w(f"    about:\n      side: {q(rng.choice(self.sides)[0])}\n")
            else:
                w(f"    about:\n      event: {q(rng.choice(self.events)[0])}\n")
            w(f"    dimension: {q(did)}\n    value: {q(value)}\n")
            w(f"    quote: {q(f'{vlabel}{rng.choice(QUOTE_TAILS)}.')}\n")
            if rng.random() < 0.6:
                w(f"    voice: {q(f'{rng.choice(FIRST)} {rng.choice(LAST)}')}\n")
                w(f"    voice_role: {q(rng.choice(ROLES))}\n")
            if rng.random() < 0.3:  # said a few days before publication
                said = max(START, self.source_date[sid] - dt.timedelta(days=rng.randint(0, 3)))
                w(f"    date: {said.isoformat()}\n")
            nframes = rng.choice((0, 0, 1, 1, 2))
            if nframes:
                fids = sorted(rng.sample([f[0] for f in FRAMES], nframes))
                w("    frames: [" + ", ".join(q(f) for f in fids) + "]\n")
        return "".join(out)

    # -- sides/<id>.yaml ---------------------------------------------------
    def side_yaml(self, index: int) -> str:
        rng, spec = self.rng, self.spec
        sid, name, short, camp = self.sides[index]
        out = [SCHEMA_HEADER.format("../../../schema/side.schema.json")]
        w = out.append
        w(f"id: {q(sid)}\nname: {q(name)}\nshort: {q(short)}\n")
        if camp:
            w(f"camp: {q(camp)}\n")
        w(f"description: {q(f'Generated side {index + 1} of {spec.sides}.')}\n")
        w("positions:\n")
        ppc, qpp, days = spec.positions_per_cell, spec.quotes_per_position, spec.days
        for iid, title, scale in self.issues:
            n = len(scale)
            # where the side starts: its camp's end of the scale; mediators sit mid-scale
            if camp == "north":
                centre = rng.uniform(0, (n - 1) / 3)
                drift = 1.0
            elif camp == "south":
                centre = rng.uniform(2 * (n - 1) / 3, n - 1)
                drift = -1.0
            else:
                centre = rng.uniform((n - 1) / 3, 2 * (n - 1) / 3)
                drift = rng.choice((-0.5, 0.5))
            for k, day in enumerate(sorted(rng.sample(range(days), ppc)), start=1):
                as_of = START + dt.timedelta(days=day)
                c = min(n - 1.0, max(0.0, centre + drift * rng.uniform(0, 0.6) * (k - 1)))
                w(f"  - id: {q(f'{sid}-{iid}-{k}')}\n    issue: {q(iid)}\n")
                w(f"    as_of: {as_of.isoformat()}\n")
                if rng.random() < 0.15:  # a statement, not placed on the scale
                    w('    stance: "statement"\n')
                    if rng.random() < 0.5:
                        w(f"    ideal: {q(scale[round(c)][0])}\n")
                    lo = hi = None
                else:
                    lo = max(0, round(c) - rng.choice((0, 0, 1, 1, 2)))
                    hi = min(n - 1, round(c) + rng.choice((0, 1, 1, 2)))
                    ideal = lo if camp == "north" else hi if camp == "south" else (lo + hi) // 2
                    w(f"    stance: {q(rng.choice(STANCES_PLACED))}\n")
                    w(f"    ideal: {q(scale[ideal][0])}\n")
                    if lo == hi and rng.random() < 0.5:
                        w(f"    accepts: {q(scale[lo][0])}\n")
                    else:
                        w(f"    accepts:\n      from: {q(scale[lo][0])}\n")
                        w(f"      to: {q(scale[hi][0])}\n")
                verb, verb1 = rng.choice(VERBS)
                target = scale[lo if lo is not None else round(c)][1].lower()
                w(f"    summary: {q(f'{name} {verb} {target} on {title.lower()}.')}\n")
                w("    evidence:\n")
                for _ in range(qpp):
                    src = rng.choice(self.source_ids)
                    w(f"      - source: {q(src)}\n")
                    w(f"        quote: {q(f'We {verb1} {target}{rng.choice(QUOTE_TAILS)}.')}\n")
                    if rng.random() < 0.5:
                        w(f"        speaker: {q(f'{rng.choice(FIRST)} {rng.choice(LAST)}')}\n")
                        if as_of <= self.source_date[src]:  # never said after publication
                            w(f"        date: {as_of.isoformat()}\n")
                if rng.random() < 0.2:
                    w(f"    conditions: [{q('Reciprocal steps by the other camp')}]\n")
                if rng.random() < 0.05:
                    w(f"    notes: {q('Generated note: wording: ambiguous')}\n")
        return "".join(out)

    def files(self) -> Iterable[tuple[str, str]]:
        """(relative path, text) of every file of the dossier, in a fixed order."""
        yield "dossier.yaml", self.dossier_yaml()
        yield "issues.yaml", self.issues_yaml()
        yield "sources.yaml", self.sources_yaml()
        for i, side in enumerate(self.sides):
            yield f"sides/{side[0]}.yaml", self.side_yaml(i)


def generate(size: str, out: Path, seed: int | None = None) -> Path:
    """Write the synthetic dossier of ``size`` (S, M or L) under ``out``; return its folder.

    The folder is ``out/synthetic-<size>``; stale ``sides/*.yaml`` files in it are removed
    first so the folder holds exactly this dossier.
    """
    plan = _Plan(size, seed)
    folder = Path(out) / plan.id
    (folder / "sides").mkdir(parents=True, exist_ok=True)
    for stale in (folder / "sides").glob("*.yaml"):
        stale.unlink()
    for rel, text in plan.files():
        (folder / rel).write_text(text, encoding="utf-8", newline="\n")
    return folder


def folder_stats(folder: Path) -> tuple[int, int]:
    """(number of YAML files, total bytes) of a dossier folder."""
    files = [p for p in Path(folder).rglob("*.yaml") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--size", default="all", help="S, M, L or all (default: all)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write dossiers into")
    parser.add_argument("--seed", type=int, default=None, help="override the per-size seed")
    args = parser.parse_args(argv)
    sizes = list(SIZES) if args.size.lower() == "all" else [args.size]
    try:
        sizes = [_key(s) for s in sizes]
    except ValueError as exc:
        parser.error(str(exc))
    for size in sizes:
        t0 = time.perf_counter()
        folder = generate(size, args.out, args.seed)
        seconds = time.perf_counter() - t0
        files, nbytes = folder_stats(folder)
        print(
            f"{size}: {folder}  files={files}  bytes={nbytes:,}  "
            f"positions={count_positions(size):,}  quotes={count_quotes(size):,}  "
            f"{seconds:.2f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
