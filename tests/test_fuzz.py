"""Fuzzing the loader with hypothesis: mutations of the shipped example dossier.

Each example copies nothing: the example dossier is copied once per test into a temporary
folder, one file is mutated (keys deleted, duplicated, retyped or renamed; records
duplicated; ids swapped or misspelt; lines duplicated, deleted or indented with a tab;
the file truncated; random bytes flipped), the dossier is loaded, and the file is put
back. The properties, for every example:

* the loader never raises, and never reports an ``internal`` problem (it catches
  unexpected exceptions and reports them as ``internal``: those would be bugs);
* every problem names a file, and has a line and column >= 1, except the codes of
  :data:`WHOLE_FILE_CODES`, which concern a whole file or folder and use line 0;
* a reported line lies inside the mutated file;
* the dossier still loads, and mutating a side file never loses an issue or a source.

Run with ``-m slow`` (CI runs them too); 2,400 examples in total, derandomized so a run
is reproducible.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.load import yaml_read
from negotiation.load.depth import depth_bound
from negotiation.loader import load_positions

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[1] / "positions" / "russia-west-2022"
DOSSIER_ID = "russia-west-2022"

WHOLE_FILE_CODES = frozenset(
    {
        "empty",  # the file has no data
        "too-large",  # over loader.MAX_FILE_BYTES
        "yaml-alias-bomb",  # the expansion is a property of the whole file
        "missing-file",  # dossier.yaml / issues.yaml / sources.yaml absent
        "no-sides",  # no sides/*.yaml
        "unknown-file",  # an extra file in the folder
        "duplicate-file",  # both x.yaml and x.yml
        "symlink",  # a link that is not followed
        "empty-folder",
        "not-found",
        "not-a-folder",
        "io",
    }
)
"""Problem codes that may have line 0 (the whole file or folder); every other is >= 1."""

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

RETYPED = [
    None,
    True,
    False,
    0,
    -3,
    1.5,
    "",
    " ",
    "no",
    "yes",
    "2022-02-30",
    "12 January 2022",
    "Not An Id",
    "x" * 300,
    "javascript:alert(1)",
    [],
    [None],
    ["a", 1],
    {},
    {"from": "x"},
    {"id": "q"},
    dt.date(2022, 1, 10),
    dt.datetime(2022, 1, 10, 12, 30),
]


class Fixture:
    """The example copied once into a temporary folder, one file mutated per example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / DOSSIER_ID
        shutil.copytree(EXAMPLE, self.folder)
        self.files = sorted(
            p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.yaml")
        )
        self.original = {f: (self.folder / f).read_bytes() for f in self.files}
        self.data = {f: yaml.safe_load(self.original[f]) for f in self.files}
        baseline = load_positions([self.folder])
        assert baseline.problems == []
        d = baseline.dossiers[DOSSIER_ID]
        self.issues = {i.id for i in d.issues}
        self.sources = {s.id for s in d.sources}

    def check(self, file: str, data: bytes) -> None:
        path = self.folder / file
        path.write_bytes(data)
        try:
            result = load_positions([self.folder])
        finally:
            path.write_bytes(self.original[file])
        n_lines = data.count(b"\n") + 1
        target = path.as_posix()
        for p in result.problems:
            shown = p.format()
            assert p.code != "internal", shown
            assert p.file, shown
            assert p.severity in ("error", "warning"), shown
            if p.code in WHOLE_FILE_CODES:
                assert p.line >= 0 and p.column >= 0, shown
            else:
                assert p.line >= 1 and p.column >= 1, shown
            if p.file.endswith(file) and Path(p.file).resolve().as_posix() == target:
                assert p.line <= n_lines + 1, shown
        assert len(result.dossiers) == 1, [p.format() for p in result.problems]
        (dossier,) = result.dossiers.values()
        if file.startswith("sides/"):
            assert {i.id for i in dossier.issues} == self.issues
            assert {s.id for s in dossier.sources} == self.sources


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return Fixture(tmp_path_factory.mktemp("fuzz"))


# --------------------------------------------------------------------------- data mutations


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key/index path inside ``data`` (containers and leaves)."""
    out: list[tuple] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


def _misspell(text: str, draw: Any) -> str:
    if not text:
        return "x"
    i = draw(st.integers(0, len(text) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "upper", "hyphen"]))
    if how == "drop":
        return text[:i] + text[i + 1 :]
    if how == "double":
        return text[:i] + text[i] + text[i:]
    if how == "swap" and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if how == "upper":
        return text[:i] + text[i].upper() + text[i + 1 :]
    return text[:i] + "--" + text[i:]


def mutate_data(data: Any, draw: Any) -> Any:
    data = copy.deepcopy(data)
    paths = _paths(data)
    if not paths:
        return data
    path = draw(st.sampled_from(paths))
    parent, key = _get(data, path[:-1]), path[-1]
    op = draw(st.sampled_from(["delete", "retype", "rename", "duplicate", "misspell", "swap"]))
    if op == "delete":
        del parent[key]
    elif op == "retype":
        parent[key] = copy.deepcopy(draw(st.sampled_from(RETYPED)))
    elif op == "rename" and isinstance(parent, dict):
        new = _misspell(str(key), draw)
        items = [(new if k == key else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif op == "misspell" and isinstance(parent[key], str):
        parent[key] = _misspell(parent[key], draw)
    else:  # swap two string values (ids, references) found anywhere in the file
        strings = [p for p in paths if isinstance(_get(data, p), str)]
        if len(strings) >= 2:
            a, b = draw(st.lists(st.sampled_from(strings), min_size=2, max_size=2, unique=True))
            pa, pb = _get(data, a[:-1]), _get(data, b[:-1])
            pa[a[-1]], pb[b[-1]] = pb[b[-1]], pa[a[-1]]
    return data


@settings(max_examples=800, **SETTINGS)
@given(st.data())
def test_fuzz_data_mutations(fx: Fixture, data: st.DataObject) -> None:
    file = data.draw(st.sampled_from(fx.files))
    mutated = mutate_data(fx.data[file], data.draw)
    if data.draw(st.booleans()):  # a second mutation in the same file
        mutated = mutate_data(mutated, data.draw)
    text = yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True)
    fx.check(file, text.encode("utf-8"))


# --------------------------------------------------------------------------- text mutations

SPECIAL = [*":-[]{}&*!|>'\"%@`#?,\t\\", "\n", ": ", "- ", "<<: ", "&a ", "*a", "!!str "]


def mutate_text(text: str, draw: Any) -> str:
    lines = text.split("\n")
    op = draw(
        st.sampled_from(
            ["dup-line", "del-line", "tab", "indent", "dedent", "truncate", "insert", "swap"]
        )
    )
    i = draw(st.integers(0, len(lines) - 1))
    if op == "dup-line":
        lines.insert(i, lines[i])
    elif op == "del-line":
        del lines[i]
    elif op == "tab":
        stripped = lines[i].lstrip(" ")
        lines[i] = "\t" * draw(st.integers(1, 2)) + stripped
    elif op == "indent":
        lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][draw(st.integers(1, 4)) :]
    elif op == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    elif op == "insert":
        line = lines[i]
        at = draw(st.integers(0, len(line)))
        lines[i] = line[:at] + draw(st.sampled_from(SPECIAL)) + line[at:]
    else:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@settings(max_examples=800, **SETTINGS)
@given(st.data())
def test_fuzz_text_mutations(fx: Fixture, data: st.DataObject) -> None:
    file = data.draw(st.sampled_from(fx.files))
    text = fx.original[file].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        text = mutate_text(text, data.draw)
    fx.check(file, text.encode("utf-8"))


# --------------------------------------------------------------------------- byte mutations


@settings(max_examples=500, **SETTINGS)
@given(st.data())
def test_fuzz_byte_flips(fx: Fixture, data: st.DataObject) -> None:
    file = data.draw(st.sampled_from(fx.files))
    raw = bytearray(fx.original[file])
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw) - 1))
        if data.draw(st.booleans()):
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        else:
            raw[at] = data.draw(st.integers(0, 255))
    fx.check(file, bytes(raw))


# --------------------------------------------------------------------------- nesting bound

_PIECES = ["[", "]", "{", "}", "- ", "? ", "a: ", ", ", "\n", "  ", "x", "'", '"', "#"]


@settings(max_examples=300, **SETTINGS)
@given(st.lists(st.sampled_from(_PIECES), max_size=120))
def test_depth_bound_is_an_upper_bound(pieces: list[str]) -> None:
    """depth_bound never under-estimates how deeply collections nest (the
    depth guard that keeps libyaml's recursive composer from crashing relies on it)."""
    text = "".join(pieces)
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the bound must hold up to the error too
    assert deepest <= depth_bound(text)
    yaml_read.parse(text)  # and parsing never raises
