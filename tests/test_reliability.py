"""Agreement between coders (negotiation.analysis.reliability) and the codings files.

The ordinal alpha of the ``krippendorff`` package is checked against a brute-force
implementation of Krippendorff's (2011) formulas, by hypothesis.
"""

from __future__ import annotations

import dataclasses
import math
from itertools import permutations
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.analysis import (
    READINGS,
    agreement_rows,
    ordinal_alpha,
    reconciliation_sentence,
    reliability,
)
from negotiation.analysis.reliability import reading
from negotiation.dossier import CodedValue, Coding, Dossier
from negotiation.loader import load_dossier
from negotiation.model import Characterisation, DossierFile

# --------------------------------------------------------------------------- brute force


def brute_ordinal_alpha(data: list[list[int | None]], n_points: int) -> float | None:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', ordinal metric:
    coincidences o_ck over pairable units, n_c their margins, and
    delta_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2; alpha = 1 - D_o / D_e."""
    n_units = len(data[0])
    o = [[0.0] * n_points for _ in range(n_points)]
    for u in range(n_units):
        vals = [row[u] for row in data if row[u] is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, j in permutations(range(m), 2):
            o[vals[i]][vals[j]] += 1 / (m - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)
    if n == 0:
        return None

    def delta(c: int, k: int) -> float:
        lo, hi = min(c, k), max(c, k)
        return (sum(n_c[lo : hi + 1]) - (n_c[c] + n_c[k]) / 2) ** 2

    d_o = sum(o[c][k] * delta(c, k) for c in range(n_points) for k in range(n_points))
    d_e = sum(n_c[c] * n_c[k] * delta(c, k) for c in range(n_points) for k in range(n_points))
    if d_e == 0:
        return None
    return 1 - (n - 1) * d_o / d_e


@st.composite
def matrices(draw: st.DrawFn) -> tuple[list[list[int | None]], int]:
    n_points = draw(st.integers(2, 6))
    n_coders = draw(st.integers(2, 4))
    n_units = draw(st.integers(2, 14))
    cell = st.one_of(st.none(), st.integers(0, n_points - 1))
    data = [[draw(cell) for _ in range(n_units)] for _ in range(n_coders)]
    return data, n_points


@settings(max_examples=300, deadline=None)
@given(matrices())
def test_ordinal_alpha_matches_brute_force(case: tuple[list[list[int | None]], int]) -> None:
    data, n_points = case
    expected = brute_ordinal_alpha(data, n_points)
    pairable = sum(1 for u in range(len(data[0])) if sum(r[u] is not None for r in data) >= 2)
    got = ordinal_alpha(data, n_points)
    if pairable < 2 or expected is None:
        assert got is None
    else:
        assert got is not None and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_ordinal_alpha_known_value() -> None:
    """Krippendorff's worked example (4 coders, 12 units), ordinal alpha 0.815."""
    nan = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    ranks = [[None if v is None else v - 1 for v in row] for row in data]
    assert round(ordinal_alpha(ranks, 5), 3) == 0.815  # type: ignore[arg-type]
    assert round(brute_ordinal_alpha(ranks, 5), 3) == 0.815  # type: ignore[arg-type]


def test_perfect_agreement_and_no_variation() -> None:
    assert ordinal_alpha([[0, 1, 2], [0, 1, 2]], 3) == pytest.approx(1.0)
    assert ordinal_alpha([[1, 1, 1], [1, 1, 1]], 3) is None  # nothing varies
    assert ordinal_alpha([[0, None], [0, 1]], 3) is None  # one pairable unit


def test_readings() -> None:
    assert reading(0.8, 5) == "reliable"
    assert reading(0.7999, 5) == "tentative"
    assert reading(0.667, 5) == "tentative"
    assert reading(0.6669, 5) == "caution"
    assert reading(0.95, 1) == "too-few"
    assert reading(None, 5) == "no-variation"
    assert READINGS["too-few"] == "too few to measure"


# --------------------------------------------------------------------------- a dossier

DOSSIER = """\
id: coded
title: Coded talks
summary: Two dimensions, six quotes, two further coders.
period: {start: 2022-01-01, end: 2022-01-31}
dimensions:
  - id: outcome
    label: Outcome
    scale:
      - {id: breakdown, label: Breakdown}
      - {id: deadlock, label: Deadlock}
      - {id: progress, label: Progress}
  - id: tone
    label: Tone
    scale:
      - {id: hostile, label: Hostile}
      - {id: tense, label: Tense}
      - {id: cordial, label: Cordial}
"""
ISSUES = """\
issues:
  - id: one
    title: One issue
    scale: [{id: a, label: A}, {id: b, label: B}]
"""
CHARS = [
    ("o1", "outcome", "deadlock"),
    ("o2", "outcome", "breakdown"),
    ("o3", "outcome", "progress"),
    ("o4", "outcome", "deadlock"),
    ("t1", "tone", "tense"),
    ("t2", "tone", "hostile"),
]
SIDE = "id: a-side\nname: A side\npositions: []\n"


def _write(folder: Path, codings: dict[str, str], withdrawn: str | None = None) -> Path:
    (folder / "sides").mkdir(parents=True)
    (folder / "dossier.yaml").write_text(DOSSIER, encoding="utf-8")
    (folder / "issues.yaml").write_text(ISSUES, encoding="utf-8")
    (folder / "sides" / "a-side.yaml").write_text(SIDE, encoding="utf-8")
    lines = [
        "sources:",
        "  - {id: s, outlet: Paper, title: T, date: 2022-01-10, kind: news}",
        "characterisations:",
    ]
    for cid, dim, value in CHARS:
        lines.append(
            f"  - {{id: {cid}, source: s, dimension: {dim}, value: {value}, quote: Q {cid}"
            + (", withdrawn: true" if cid == withdrawn else "")
            + "}"
        )
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if codings:
        (folder / "codings").mkdir()
    for coder, body in codings.items():
        (folder / "codings" / f"{coder}.yaml").write_text(
            f"coder: {coder}\nmethod: Blind.\ncodings:\n{body}", encoding="utf-8"
        )
    return folder


B = """\
  o1: {value: deadlock}
  o2: {value: deadlock, note: not over}
  o3: {value: progress}
  o4: {value: not-a-characterisation}
  t1: {value: tense}
  t2: {value: hostile}
"""


def test_loader_carries_codings(tmp_path: Path) -> None:
    dossier, problems = load_dossier(_write(tmp_path / "coded", {"b": B}))
    assert dossier is not None and problems == []
    (coding,) = dossier.codings
    assert coding.coder == "b" and coding.method == "Blind."
    assert coding.value_of("o2") == "deadlock" and coding.value_of("zz") is None
    assert coding.file.endswith("codings/b.yaml")


def test_reliability_per_dimension_and_disagreements(tmp_path: Path) -> None:
    dossier, _ = load_dossier(_write(tmp_path / "coded", {"b": B}))
    rel = reliability(dossier)
    assert rel.coders == ("main", "b")
    outcome, tone = rel.dimensions
    # o4 is not-a-characterisation for b: missing for alpha, listed as a disagreement
    assert (outcome.units, outcome.pairable, outcome.disagreements) == (4, 3, 2)
    assert outcome.not_a_characterisation == 1
    assert outcome.alpha == pytest.approx(brute_ordinal_alpha([[1, 0, 2], [1, 1, 2]], 3))
    assert tone.alpha == pytest.approx(1.0) and tone.reading == "reliable"
    ids = [(d.characterisation, dict(d.values)) for d in rel.disagreements]
    assert ids == [
        ("o2", {"main": "breakdown", "b": "deadlock"}),
        ("o4", {"main": "deadlock", "b": "not-a-characterisation"}),
    ]
    assert rel.disagreements[0].notes == (("b", "not over"),)
    assert rel.disagreements[0].quote == "Q o2"
    # overall: mean of the dimension alphas weighted by pairable units
    want = (outcome.alpha * 3 + tone.alpha * 2) / 5  # type: ignore[operator]
    assert rel.overall.alpha == pytest.approx(want)
    assert rel.overall.units == 6 and rel.overall.disagreements == 2
    rows = agreement_rows(rel)
    assert [r["dimension"] for r in rows] == ["outcome", "tone", "overall"]


def test_too_few_units_and_no_second_coding(tmp_path: Path) -> None:
    dossier, _ = load_dossier(_write(tmp_path / "none", {}))
    rel = reliability(dossier)
    assert not rel.has_second_coding
    assert all(d.units == 0 and d.reading == "too-few" for d in rel.dimensions)
    assert rel.overall.alpha is None
    dossier, _ = load_dossier(_write(tmp_path / "one", {"b": "  t1: {value: hostile}\n"}))
    tone = reliability(dossier).dimensions[1]
    assert (tone.units, tone.pairable, tone.alpha, tone.reading) == (1, 1, None, "too-few")
    assert tone.reading_text == "too few to measure"


def test_withdrawn_counts_as_not_a_characterisation(tmp_path: Path) -> None:
    body = B.replace("o4: {value: not-a-characterisation}", "o4: {value: not-a-characterisation}")
    dossier, problems = load_dossier(_write(tmp_path / "w", {"b": body}, withdrawn="o4"))
    assert problems == []
    assert "o4" not in {c.id for c in dossier.characterisations}
    assert [c.id for c in dossier.withdrawn] == ["o4"]
    assert [c.id for c in dossier.coding_units] == [c for c, _, _ in CHARS]
    rel = reliability(dossier)
    assert [d.characterisation for d in rel.disagreements] == ["o2"]  # both say not-a-...


def test_three_coders(tmp_path: Path) -> None:
    c = B.replace("o1: {value: deadlock}", "o1: {value: progress}")
    dossier, _ = load_dossier(_write(tmp_path / "three", {"b": B, "c": c}))
    rel = reliability(dossier)
    assert rel.coders == ("main", "b", "c")
    outcome = rel.dimensions[0]
    data = [[1, 0, 2, 1], [1, 1, 2, None], [2, 1, 2, None]]
    assert outcome.coders == 3
    assert outcome.alpha == pytest.approx(brute_ordinal_alpha(data, 3))


def test_bad_codings_are_located(tmp_path: Path) -> None:
    body = "  o9: {value: deadlock}\n  o1: {value: stalemate}\n  o2: {value: deadlock}\n"
    dossier, problems = load_dossier(_write(tmp_path / "bad", {"b": body}))
    assert dossier is not None
    messages = {(p.line, p.message.split(";")[0]) for p in problems}
    assert (4, "unknown characterisation 'o9' in this coding") in messages
    assert any(
        "'stalemate' is not a value of dimension 'outcome'" in p.message and p.line == 5
        for p in problems
    )
    # the good entry still counts
    assert [v.characterisation for v in dossier.codings[0].values] == ["o2"]


# --------------------------------------------------------------------------- before reconciliation

SCALES = {"outcome": ["breakdown", "deadlock", "progress"], "tone": ["hostile", "tense", "cordial"]}
NAC = "not-a-characterisation"


def _meta() -> DossierFile:
    return DossierFile.model_validate(yaml.safe_load(DOSSIER))


@st.composite
def reconciled_dossiers(draw: st.DrawFn) -> Dossier:
    """Random characterisations (some recoded with reconciled_from, some withdrawn) and
    one or two further coders giving points, not-a-characterisation or nothing."""
    chars = []
    for i in range(draw(st.integers(2, 12))):
        dim = draw(st.sampled_from(sorted(SCALES)))
        points = SCALES[dim]
        value = draw(st.sampled_from(points))
        old = draw(st.one_of(st.none(), st.sampled_from([p for p in points if p != value])))
        chars.append(
            Characterisation(
                id=f"c{i}",
                source="s",
                dimension=dim,
                value=value,
                quote=f"Q {i}",
                reconciled_from=old,
                withdrawn=draw(st.booleans()),
            )
        )
    codings = []
    for k in range(draw(st.integers(1, 2))):
        values = []
        for c in chars:
            v = draw(st.one_of(st.none(), st.just(NAC), st.sampled_from(SCALES[c.dimension])))
            if v is not None:
                values.append(CodedValue(c.id, v))
        codings.append(Coding(coder=f"k{k}", method="Blind.", values=tuple(values)))
    return Dossier(
        id="coded",
        path="coded",
        meta=_meta(),
        characterisations=tuple(c for c in chars if not c.withdrawn),
        all_characterisations=tuple(chars),
        codings=tuple(codings),
    )


def _brute_by_dimension(dossier: Dossier, main: dict[str, str]) -> dict[str, float | None]:
    """Alpha per dimension by the brute-force formulas, the main coder's values given."""
    out: dict[str, float | None] = {}
    for dim, points in SCALES.items():
        units = [
            c.id
            for c in dossier.coding_units
            if c.dimension == dim and any(k.value_of(c.id) is not None for k in dossier.codings)
        ]
        rows = [[main.get(u) for u in units]] + [
            [k.value_of(u) for u in units] for k in dossier.codings
        ]
        data = [[points.index(v) if v in points else None for v in row] for row in rows]
        pairable = sum(1 for j in range(len(units)) if sum(r[j] is not None for r in data) >= 2)
        out[dim] = brute_ordinal_alpha(data, len(points)) if units and pairable >= 2 else None
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(reconciled_dossiers())
def test_alpha_before_reconciliation_matches_brute_force(dossier: Dossier) -> None:
    rel = reliability(dossier)
    before = {c.id: c.reconciled_from or c.value for c in dossier.coding_units}
    now = {c.id: NAC if c.withdrawn else c.value for c in dossier.coding_units}
    want_before, want_now = _brute_by_dimension(dossier, before), _brute_by_dimension(dossier, now)
    for d, n in zip(rel.dimensions, rel.now, strict=True):
        assert _same(d.alpha, want_before[d.dimension]), d
        assert _same(n.alpha, want_now[n.dimension]), n
        assert d.disagreements_left == n.disagreements
    # the same as a dossier whose values are the values before, with nothing reconciled
    twin_chars = tuple(
        c.model_copy(update={"value": before[c.id], "reconciled_from": None, "withdrawn": False})
        for c in dossier.coding_units
    )
    twin = dataclasses.replace(
        dossier, characterisations=twin_chars, all_characterisations=twin_chars
    )
    plain = reliability(twin)
    assert not plain.has_reconciliation
    assert [(d.alpha, d.disagreements) for d in plain.dimensions] == [
        (d.alpha, d.disagreements) for d in rel.dimensions
    ]
    assert [(d.alpha, d.disagreements) for d in plain.now] == [
        (d.alpha, d.disagreements) for d in plain.dimensions
    ]  # nothing reconciled: before = now
    assert plain.disagreements == rel.disagreements_before
    assert _same(plain.overall.alpha, rel.overall.alpha)
    assert rel.overall.disagreements_left == len(rel.disagreements)
    assert set(rel.reconciled) == {c.id for c in dossier.coding_units if c.reconciled_from}


def test_no_reconciliation_is_said_in_words(tmp_path: Path) -> None:
    dossier, _ = load_dossier(_write(tmp_path / "coded", {"b": B}))
    rel = reliability(dossier)
    assert not rel.has_reconciliation and rel.reconciled == () and rel.withdrawn == ()
    assert [d.alpha for d in rel.dimensions] == [d.alpha for d in rel.now]
    assert reconciliation_sentence(rel) == (
        "No reconciliation is recorded (no reconciled_from or withdrawn in sources.yaml), "
        "so α is that of the coding as it stands."
    )


def test_reconciled_from_is_loaded_and_undone_for_alpha(tmp_path: Path) -> None:
    """o2 was breakdown, recoded deadlock after reading the second coder's value: the
    headline is alpha as before; the disagreement is gone from what is left."""
    folder = _write(tmp_path / "coded", {"b": B})
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{id: o2, source: s, dimension: outcome, value: breakdown,",
        "{id: o2, source: s, dimension: outcome, value: deadlock, reconciled_from: breakdown,",
    )
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    dossier, problems = load_dossier(folder)
    assert problems == []
    rel = reliability(dossier)
    outcome = rel.dimensions[0]
    assert outcome.alpha == pytest.approx(brute_ordinal_alpha([[1, 0, 2], [1, 1, 2]], 3))
    assert rel.now[0].alpha == pytest.approx(1.0)
    assert (outcome.disagreements, outcome.disagreements_left) == (2, 1)
    assert rel.reconciled == ("o2",)
    assert [d.characterisation for d in rel.disagreements] == ["o4"]
    assert reconciliation_sentence(rel) == (
        "α is measured on the main coding before reconciliation, when the coders "
        "disagreed on 2 quotes; reconciling then recoded 1 value."
    )
    row = agreement_rows(rel)[0]
    assert row["alpha"] == row["alpha_before_reconciliation"] == outcome.alpha
    assert (row["disagreements_before_reconciliation"], row["disagreements_left"]) == (2, 1)


def test_reconciled_from_is_left_out_of_old_dumps() -> None:
    c = Characterisation(id="x", source="s", dimension="outcome", value="deadlock", quote="Q")
    assert "reconciled_from" not in c.model_dump()
    c2 = c.model_copy(update={"reconciled_from": "breakdown"})
    assert c2.model_dump()["reconciled_from"] == "breakdown"
