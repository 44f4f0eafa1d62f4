"""Sources and quotes in other languages: the format, the validator, check-quotes,
the views, the brief and the export (issue 26)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from negotiation import loader
from negotiation.dossier import Dossier
from negotiation.export import export_json
from negotiation.model import Characterisation, Evidence, Source
from tests.loader_helpers import SIDES, SOURCES, find, line_of, make_dossier, position

ROOT = Path(__file__).resolve().parents[1]
MULTI_ROOT = ROOT / "tests" / "fixtures" / "multilateral"
MULTI_ID = "seabed-minerals-conference"

FRENCH = "Un plafond mondial contraignant, c’est notre position, et elle ne bougera plus"
RUSSIAN = "Никаких ограничений добычи, даже добровольных, моя столица не примет"


def _load(folder: Path) -> tuple[Dossier, list]:  # type: ignore[type-arg]
    result = loader.load_positions([folder.parent])
    return result.dossiers[folder.name], result.problems


@pytest.fixture(scope="module")
def multi() -> Dossier:
    return loader.load_positions([MULTI_ROOT]).dossiers[MULTI_ID]


# --------------------------------------------------------------------------- the format


@pytest.mark.parametrize("tag", ["en", "fr", "ru", "ar", "zh-Hans", "pt-BR", "es-419", "sr-Latn"])
def test_a_source_takes_a_bcp47_language_tag(tag: str) -> None:
    src = Source(id="s", outlet="O", title="T", date="2027-01-01", kind="news", language=tag)
    assert src.lang == tag


def test_a_source_without_a_language_is_english_and_dumps_as_before() -> None:
    src = Source(id="s", outlet="O", title="T", date="2027-01-01", kind="news")
    assert src.lang == "en"
    assert "language" not in src.model_dump()
    assert "translation" not in Evidence(source="s", quote="q").model_dump()
    ch = Characterisation(id="c", source="s", dimension="d", value="v", quote="q")
    assert "translation" not in ch.model_dump()
    given = Evidence(source="s", quote="Бла", translation="Blah").model_dump()
    assert given["translation"] == "Blah"


@pytest.mark.parametrize("bad", ["French", "fr_FR", "f", "fr-", "zh-Hans-", "русский", "12"])
def test_a_bad_language_tag_is_a_plain_located_error(tmp_path: Path, bad: str) -> None:
    sources = copy.deepcopy(SOURCES)
    sources["sources"][1]["language"] = bad
    folder = make_dossier(tmp_path, sources=sources)
    _, problems = _load(folder)
    problem = find(problems, "BCP 47 language tag")
    assert problem.severity == "error"
    assert problem.file.endswith("sources.yaml")
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert problem.line == line_of(text, "language:")
    assert "'fr', 'ru', 'ar', 'zh-Hans'" in problem.message


def _translated_everywhere(tmp_path: Path, language: str | None) -> Path:
    """A dossier whose every kind of quote from source 'reuters' carries a translation."""
    sources = copy.deepcopy(SOURCES)
    if language:
        sources["sources"][1]["language"] = language
    sources["characterisations"][0]["translation"] = "deadlock (English)"
    sides = copy.deepcopy(SIDES)
    ev = {"source": "reuters", "quote": "une garantie", "translation": "a guarantee"}
    sides["russia"]["positions"][0] = position(
        "ru-nato",
        evidence=[ev],
        priority="core",
        priority_evidence=[dict(ev, quote="priorité absolue")],
    )
    sides["united-states"]["weight"] = 2
    sides["united-states"]["weight_evidence"] = [dict(ev, quote="deux voix")]
    return make_dossier(tmp_path, sources=sources, sides=sides)


def test_a_translation_of_an_english_quote_is_a_located_warning(tmp_path: Path) -> None:
    folder = _translated_everywhere(tmp_path, None)
    _, problems = _load(folder)
    warned = [p for p in problems if p.code == "translation-of-english"]
    assert all(p.severity == "warning" for p in warned)
    assert {Path(p.file).name for p in warned} == {
        "sources.yaml",
        "russia.yaml",
        "united-states.yaml",
    }
    assert len(warned) == 4  # characterisation, evidence, priority evidence, weight evidence
    russia = (folder / "sides" / "russia.yaml").read_text(encoding="utf-8")
    lines = {p.line for p in warned if p.file.endswith("russia.yaml")}
    assert lines == {line_of(russia, "translation:", 1), line_of(russia, "translation:", 2)}
    assert "source 'reuters' is in English" in warned[0].message


def test_a_translation_of_a_quote_in_another_language_is_no_warning(tmp_path: Path) -> None:
    folder = _translated_everywhere(tmp_path, "fr")
    _, problems = _load(folder)
    assert not [p for p in problems if p.code == "translation-of-english"]


def test_an_english_tag_with_a_region_still_warns(tmp_path: Path) -> None:
    folder = _translated_everywhere(tmp_path, "en-GB")
    _, problems = _load(folder)
    assert len([p for p in problems if p.code == "translation-of-english"]) == 4


# --------------------------------------------------------------------------- the fixture


def test_the_multilateral_fixture_quotes_french_and_russian_sources(multi: Dossier) -> None:
    langs = {s.id: s.lang for s in multi.sources}
    assert langs["courrier-abysses-session2"] == "fr"
    assert langs["morskoy-vestnik-session2"] == "ru"
    assert not multi.problems, [p.format() for p in multi.problems]
    evidence = [ev for _, p in multi.positions() for ev in p.evidence]
    by_quote = {ev.quote: ev for ev in evidence}
    assert by_quote[FRENCH].translation and by_quote[RUSSIAN].translation
    translated = {c.id: c.translation for c in multi.characterisations if c.translation}
    assert set(translated) == {"courrier-mood", "vestnik-outlook"}


def test_the_export_keeps_the_original_and_its_translation(multi: Dossier) -> None:
    data = json.loads(export_json(multi))
    sources = {s["id"]: s for s in data["dossier"]["sources"]}
    assert sources["morskoy-vestnik-session2"]["language"] == "ru"
    assert "language" not in sources["abyssal-wire-session2"]
    drassia = next(s for s in data["dossier"]["sides"] if s["id"] == "drassia")
    quotes = [ev for p in drassia["positions"] for ev in p["evidence"]]
    russian = next(ev for ev in quotes if ev["source"] == "morskoy-vestnik-session2")
    assert russian["quote"] == RUSSIAN
    assert russian["translation"].startswith("My capital will accept no limits")
    english = next(ev for ev in quotes if ev["source"] == "abyssal-wire-session2")
    assert "translation" not in english
    chars = {c["id"]: c for c in data["dossier"]["characterisations"]}
    assert chars["courrier-mood"]["quote"].startswith("À Port Aurel, l’ambiance")
    assert "translation" not in chars["wire2-progress"]


def test_the_example_dossier_exports_without_language_fields() -> None:
    result = loader.load_positions([ROOT / "positions"])
    for d in result.dossiers.values():
        text = export_json(d)
        assert '"language"' not in text and '"translation"' not in text
