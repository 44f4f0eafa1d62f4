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


# --------------------------------------------------------------------------- the views


def test_quote_md_shows_the_original_its_language_and_the_translation() -> None:
    from components.common import quote_md

    assert quote_md("Talks ended.") == "> “Talks ended.”"
    text = quote_md(RUSSIAN, "My capital will accept no limits", "ru")
    head, gap, translation = text.split("\n")
    assert head == f"> “{RUSSIAN}” *(Russian original)*"
    assert gap == ">"
    assert translation == "> *Translation:* “My capital will accept no limits”"
    # data text stays inert in both
    assert "\\*" in quote_md("*bold*", "<b>x</b> *y*", "fr")
    assert "<b>" not in quote_md("a", "<b>x</b>", "fr")
    assert quote_md("中国", None, "zh-Hans") == "> “中国” *(Chinese (Simplified) original)*"


def test_paths_and_rule_quote_lines_carry_the_translation(multi: Dossier) -> None:
    from components.issue_detail import evidence_frame
    from components.paths_page import _quote_lines
    from components.rule_view import evidence_lines

    rows = evidence_frame(multi, "production-limits").itertuples(index=False)
    lines = "\n".join(_quote_lines(multi, rows))
    assert f"“{RUSSIAN}” *(Russian original)*" in lines
    assert "*Translation:* “My capital will accept no limits on production" in lines
    coral = multi.position_by_id["coral-union-production-limits-r2"]
    (english, french) = evidence_lines(multi, coral.evidence)
    assert "original" not in english and "Translation" not in english
    assert "*(French original)*" in french
    assert "*Translation:* “A binding global cap is our position" in french


@pytest.fixture
def multi_app(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from app_helpers import APP
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(MULTI_ROOT))

    def open_page(page: str, **query: str) -> str:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return "\n".join(m.value for m in at.markdown)

    return open_page


def test_the_sources_page_shows_originals_with_their_translations(multi_app) -> None:  # type: ignore[no-untyped-def]
    text = multi_app("app_pages/sources.py")
    assert "“Пока действует правило консенсуса, производителям незачем уступать.” " in text
    assert "*(Russian original)*" in text and "*(French original)*" in text
    assert "*Translation:* “As long as the consensus rule holds" in text
    assert "*Translation:* “In Port Aurel, the mood clearly soured" in text


def test_issue_detail_shows_originals_with_their_translations(multi_app) -> None:  # type: ignore[no-untyped-def]
    text = multi_app("app_pages/issue_detail.py", issue="production-limits")
    assert f"“{RUSSIAN}” *(Russian original)*" in text
    assert f"“{FRENCH}” *(French original)*" in text
    assert "*Translation:* “A binding global cap is our position" in text


# --------------------------------------------------------------------------- the brief


def _brief(multi: Dossier):  # type: ignore[no-untyped-def]
    from negotiation import brief

    return brief.build_brief(multi)


def test_the_markdown_brief_shows_the_original_and_the_translation(multi: Dossier) -> None:
    text = _brief(multi).markdown
    assert (
        "“Пока действует правило консенсуса, производителям незачем уступать.” (Russian "
        "original; translation: “As long as the consensus rule holds, the producers have "
        "no reason to give way.”) — Морской вестник"
    ) in text


def test_the_html_brief_marks_the_original_with_lang(multi: Dossier) -> None:
    page = _brief(multi).html
    assert (
        '<q lang="ru">Пока действует правило консенсуса, производителям незачем уступать.</q> '
        '<span class="original">(Russian original)</span> <span class="translation">'
        "translation: <q>As long as the consensus rule holds"
    ) in page
    assert '<q lang="fr">À Port Aurel, l’ambiance' in page
    assert '‘<span lang="ru">Четыре голоса против пятидесяти двух</span>’' in page
    # English quotes are unmarked: the page itself is lang="en"
    assert "<q>Delegates filed out of the opening plenary" in page


def test_an_arabic_quote_is_marked_right_to_left_and_escaped() -> None:
    from negotiation.brief import Citation, _cite_html, _cite_md

    c = Citation(
        outlet="الجزيرة",
        date=None,
        quote="<b>سنلتقي</b> مجددًا",
        translation="We will <i>meet</i> again",
        language="ar",
    )
    page = _cite_html(c)
    assert '<q lang="ar" dir="rtl">&lt;b&gt;سنلتقي&lt;/b&gt; مجددًا</q>' in page
    assert "(Arabic original)" in page and "<i>" not in page
    assert "(Arabic original; translation: “We will \\<i\\>meet\\</i\\> again”)" in _cite_md(c)


def test_the_sources_table_names_each_source_s_language_only_when_some_give_one(
    multi: Dossier,
) -> None:
    from components.sources import _sources_frame
    from negotiation import analysis

    table = _sources_frame(multi, analysis.characterisations_frame(multi))
    langs = dict(zip(table["outlet"], table["language"], strict=True))
    assert langs["Морской вестник"] == "Russian"
    assert langs["Le Courrier des Abysses"] == "French"
    assert langs["Abyssal Wire"] == "English"
    example = loader.load_positions([ROOT / "positions"]).dossiers["russia-west-2022"]
    plain = _sources_frame(example, analysis.characterisations_frame(example))
    assert "language" not in plain.columns
