"""Real-browser test: quotes in Cyrillic, Greek, Arabic (right to left) and Chinese are
drawn with real glyphs, on the Sources page and in the HTML brief.

A copy of the multilateral fixture (French and Russian sources already) gets a Greek,
an Arabic and a Chinese source with one characterisation each. For every quote the
test checks that its text is on the page, that its box has a width, and that each of
its letters is drawn as a glyph: on a canvas, in the element's own font stack, a
letter no installed font covers is drawn exactly like a code point that has no glyph
anywhere (U+10FFFD), the empty box ("tofu"), or not at all. ``document.fonts.check``
is no help here: it answers true for system fonts whatever they cover.

Needs the fonts of .ci/run (fonts-noto-core, fonts-noto-cjk). Skips with the reason
when Chromium or playwright is missing (fails when CI=true).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from app_helpers import ROOT
from browser_support import PAGE_PATHS, require_browser, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

MULTI = ROOT / "tests" / "fixtures" / "multilateral" / "seabed-minerals-conference"

QUOTES = {
    "ru": "Пока действует правило консенсуса, производителям незачем уступать.",
    "fr": "À Port Aurel, l’ambiance s’est nettement dégradée au fil de la seconde session.",
    "el": "Η ατμόσφαιρα στο Πορτ Αουρέλ ήταν τεταμένη από την πρώτη μέρα.",
    "ar": "كانت الأجواء في بورت أوريل متوترة منذ اليوم الأول.",
    "zh-Hans": "波特奥雷尔会场的气氛从第一天起就很紧张。",
}
EXTRA = {  # language: (source id, outlet, title)
    "el": ("okeanos-session2", "Ωκεανός", "Η διάσκεψη για τον βυθό"),
    "ar": ("bahr-session2", "البحر اليوم", "مؤتمر قاع البحر"),
    "zh-Hans": ("haiyang-session2", "海洋日报", "海底矿产会议第二期"),
}

NOT_GLYPHS = """([selector, text]) => {
  const el = [...document.querySelectorAll(selector)].find(e => e.textContent.includes(text));
  if (!el) return ['element not found'];
  const family = getComputedStyle(el).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  ctx.font = `40px ${family}`;
  ctx.textBaseline = 'top';
  const draw = ch => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.fillText(ch, 8, 8);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const tofu = draw('\\u{10FFFD}');
  const blank = (ctx.clearRect(0, 0, 64, 64), ctx.getImageData(0, 0, 64, 64).data.join(','));
  const letters = [...new Set([...el.textContent].filter(ch => /\\p{L}/u.test(ch)))];
  return letters.filter(ch => { const d = draw(ch); return d === tofu || d === blank; });
}"""


def _write_dossier(root: Path) -> Path:
    """The multilateral fixture with a Greek, an Arabic and a Chinese source added."""
    folder = root / MULTI.name
    shutil.copytree(MULTI, folder)
    sources_file = folder / "sources.yaml"
    data = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    for lang, (sid, outlet, title) in EXTRA.items():
        data["sources"].append(
            {
                "id": sid,
                "outlet": outlet,
                "title": title,
                "date": "2027-07-14",
                "kind": "news",
                "language": lang,
            }
        )
        data["characterisations"].append(
            {
                "id": f"{sid}-mood",
                "source": sid,
                "dimension": "mood",
                "value": "tense",
                "quote": QUOTES[lang],
                "translation": "The mood in Port Aurel was tense from the first day.",
            }
        )
    sources_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def languages_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_dossier(tmp_path_factory.mktemp("languages"))


@pytest.fixture(scope="module")
def languages_url(languages_root: Path) -> Iterator[str]:
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(languages_root)}) as url:
        yield url


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def _assert_drawn(page, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    element = page.locator(selector).filter(has_text=text).first
    element.wait_for()
    box = element.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, (text, box)
    missing = page.evaluate(NOT_GLYPHS, [selector, text])
    assert missing == [], f"drawn without a glyph (no font): {missing} in {text!r}"


def test_quotes_in_other_scripts_are_drawn_on_the_sources_page(page, languages_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(languages_url + PAGE_PATHS["sources"])
    wait_for_app(page)
    for quote in QUOTES.values():
        _assert_drawn(page, '[data-testid="stMarkdownContainer"] blockquote p', quote)
    # the language is named next to the original, the translation marked
    text = page.locator('[data-testid="stMarkdownContainer"] blockquote').all_inner_texts()
    joined = "\n".join(text)
    for name in ("Russian", "French", "Greek", "Arabic", "Chinese (Simplified)"):
        assert f"({name} original)" in joined, name
    assert "Translation: “The mood in Port Aurel was tense from the first day.”" in joined


def test_the_html_brief_draws_them_with_lang_set(page, languages_root: Path) -> None:  # type: ignore[no-untyped-def]
    from negotiation import brief, loader

    d = loader.load_positions([languages_root]).dossiers[MULTI.name]
    page.set_content(brief.build_brief(d).html)
    for lang, quote in QUOTES.items():
        _assert_drawn(page, f'q[lang="{lang}"]', quote)
    assert page.locator('q[lang="ar"]').first.get_attribute("dir") == "rtl"


def test_the_glyph_check_catches_a_letter_no_font_has(page) -> None:  # type: ignore[no-untyped-def]
    """The check itself: archaic kana of the Kana Supplement (U+1B000, U+1B001; in no
    font Debian's Noto packages ship) are reported, the Latin letters next to them not."""
    page.set_content('<p lang="en">Kana: \U0001b000\U0001b001</p>')
    assert page.evaluate(NOT_GLYPHS, ["p", "Kana"]) == ["\U0001b000", "\U0001b001"]
