"""Quote normalisation and matching (negotiation.quotes)."""

from __future__ import annotations

import pytest

from negotiation.quotes import (
    closest_passage,
    load_archive_paragraphs,
    load_archive_text,
    load_mapping,
    normalise_text,
    quote_fragments,
    quote_in_text,
    strip_front_matter,
    word_diff,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text", "plain text"),
        ("  leading and trailing  ", "leading and trailing"),
        ("many   spaces\tand\ttabs\nand\r\nnewlines", "many spaces and tabs and newlines"),
        ("non\u00a0breaking\u2009thin\u202fspaces", "non breaking thin spaces"),
        ("“double” and ‘single’", "\"double\" and 'single'"),
        ("„low“ ‚low‘ «guillemets» ′prime″", '"low" \'low\' "guillemets" \'prime"'),
        ("Moscow’s demands", "Moscow's demands"),
        ("a‐b a‑b a‒b a–b a—b a―b a−b", "a-b a-b a-b a-b a-b a-b a-b"),
        ("no breakthroughs — or breakdowns", "no breakthroughs - or breakdowns"),
        (r"MFA Russia / flickr \(CC BY-NC-SA 2.0\)", "MFA Russia / flickr (CC BY-NC-SA 2.0)"),
        (r"\*not emphasis\* and 1\. item", "*not emphasis* and 1. item"),
        ("ﬁrst ligature", "first ligature"),  # NFKC
        ("full\uff0dwidth", "full-width"),  # NFKC turns the fullwidth hyphen into '-'
        ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
        ("Case Is Kept", "Case Is Kept"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalise_is_idempotent() -> None:
    text = "“We’re very patient — but our patience has run out,” he said.\n\\(sic\\)"
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_quote_matches_across_typography_and_line_breaks() -> None:
    archive = normalise_text(
        "“The result was more or less predictable,\ngiven that the West was not going "
        "to agree to Moscow’s demands,” said Andrei Kortunov."
    )
    assert quote_in_text(
        "The result was more or less predictable, given that the West was not going to "
        "agree to Moscow's demands",
        archive,
    )
    # Quotation marks around the whole quote are not part of it.
    assert quote_in_text('"given that the West was not going to agree"', archive)
    assert not quote_in_text("The result was entirely unpredictable", archive)
    # Case is kept: a quote with different capitalisation is not verbatim.
    assert not quote_in_text("the RESULT was more or less predictable", archive)


def test_dash_spacing_is_ignored() -> None:
    archive = normalise_text("There were no breakthroughs—or breakdowns.")
    assert quote_in_text("no breakthroughs — or breakdowns", archive.replace(" -", "-"))
    from negotiation.quotes import _match_form

    assert quote_in_text("no breakthroughs — or breakdowns", _match_form(archive))


def test_elisions_split_the_quote_into_ordered_fragments() -> None:
    assert quote_fragments("We are patient ... it has run out") == [
        "We are patient",
        "it has run out",
    ]
    assert quote_fragments("first […] second [...] third … fourth") == [
        "first",
        "second",
        "third",
        "fourth",
    ]
    archive = normalise_text("We are patient, very patient, but it has run out.")
    assert quote_in_text("We are patient … it has run out", archive)
    assert not quote_in_text("it has run out … We are patient", archive)


def test_archive_markup_is_removed(tmp_path) -> None:
    md = tmp_path / "a.txt"
    md.write_text(
        "By [Felix Light](#)\n\n**Related article:** [NATO–Russia Council](#)\n\n"
        "Lavrov. [MFA Russia / flickr \\(CC BY-NC-SA 2.0\\)](#)\n\n*stalemate* was likely",
        encoding="utf-8",
    )
    text = load_archive_text(md)
    assert "By Felix Light" in text
    assert "Related article: NATO-Russia Council" in text
    assert "MFA Russia / flickr (CC BY-NC-SA 2.0)" in text
    assert "stalemate was likely" in text

    page = tmp_path / "b.html"
    page.write_text(
        "<html><head><style>p{}</style><script>var x = 'no';</script></head>"
        "<body><p>Talks&nbsp;ended in <em>deadlock</em>.</p><p>Next&#8212;Vienna</p></body>",
        encoding="utf-8",
    )
    text = load_archive_text(page)
    assert quote_in_text("Talks ended in deadlock.", text)
    assert quote_in_text("Next — Vienna", text)
    assert "var x" not in text


def test_load_mapping(tmp_path) -> None:
    f = tmp_path / "map.yaml"
    f.write_text("moscow-times: 000_abc.txt\nnpr: 001_def.txt\n", encoding="utf-8")
    assert load_mapping(f) == {"moscow-times": "000_abc.txt", "npr": "001_def.txt"}
    f.write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_mapping(f)


# --------------------------------------------------------------------------- other languages

FRENCH_ARCHIVE = (
    "« Un plafond mondial contraignant, c’est notre position, et elle ne bougera plus », "
    "a déclaré Helka Varenne. À Port Aurel, l’ambiance s’est nettement dégradée."
)
RUSSIAN_ARCHIVE = (
    "«Никаких ограничений добычи, даже добровольных, моя столица не примет», — заявил Паво Реник."
)
ARABIC_ARCHIVE = "قال الرئيس: «سنلتقي مجددًا في الخريف، وسنحتاج إلى كل الوفود في القاعة»."


@pytest.mark.parametrize(
    ("archive", "quote"),
    [
        (FRENCH_ARCHIVE, "Un plafond mondial contraignant, c'est notre position"),
        (FRENCH_ARCHIVE, "À Port Aurel, l’ambiance s’est nettement dégradée."),
        (RUSSIAN_ARCHIVE, "Никаких ограничений добычи, даже добровольных, моя столица не примет"),
        (RUSSIAN_ARCHIVE, "Никаких ограничений … моя столица не примет"),
        (ARABIC_ARCHIVE, "سنلتقي مجددًا في الخريف"),
    ],
)
def test_quotes_in_other_scripts_match_their_original(archive: str, quote: str) -> None:
    assert quote_in_text(quote, _match(archive))


@pytest.mark.parametrize(
    ("archive", "tampered"),
    [
        # an accent dropped, or changed: not verbatim
        (FRENCH_ARCHIVE, "A Port Aurel, l’ambiance s’est nettement dégradée."),
        (FRENCH_ARCHIVE, "À Port Aurel, l’ambiance s’est nettement degradée."),
        (FRENCH_ARCHIVE, "À Port Aurel, l’ambiance s’est nettement dègradée."),
        # a Cyrillic letter swapped for its Latin look-alike (о -> o), or ё for е
        (RUSSIAN_ARCHIVE, "Никаких ограничений дoбычи"),
        (RUSSIAN_ARCHIVE, "даже добровольных, моя столица не примёт"),
        # an Arabic letter changed (ف -> ق), or the tanwin dropped
        (ARABIC_ARCHIVE, "سنلتقي مجددًا قي الخريف"),
        (ARABIC_ARCHIVE, "سنلتقي مجددا في الخريف"),
    ],
)
def test_a_tampered_letter_in_another_script_is_caught(archive: str, tampered: str) -> None:
    assert not quote_in_text(tampered, _match(archive))


def test_a_decomposed_accent_matches_its_composed_form() -> None:
    """NFKC: 'é' typed as e + combining acute is the same letter, not a tampering."""
    decomposed = "dégradée".replace("é", "e\u0301")
    assert quote_in_text(f"nettement {decomposed}", _match(FRENCH_ARCHIVE))


def _match(text: str) -> str:
    from negotiation.quotes import _match_form

    return _match_form(text)


def test_check_quotes_on_the_french_and_russian_sources(tmp_path) -> None:
    """find_missing_quotes on the multilateral fixture: the originals are checked
    against the archive (the translations are not), and a tampered accent is caught."""
    from pathlib import Path

    from negotiation import loader
    from negotiation.quotes import find_missing_quotes

    root = Path(__file__).resolve().parent / "fixtures" / "multilateral"
    d = loader.load_positions([root]).dossiers["seabed-minerals-conference"]
    french = "courrier-abysses-session2"
    russian = "morskoy-vestnik-session2"
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / f"{french}.html").write_text(
        "<p>« Un plafond mondial contraignant, c’est notre position, et elle ne "
        "bougera plus », a lancé Helka Varenne.</p><p>À Port Aurel, l’ambiance "
        "s’est nettement dégradée au fil de la seconde session.</p>",
        encoding="utf-8",
    )
    (archive / f"{russian}.txt").write_text(
        "Паво Реник: «Никаких ограничений добычи, даже добровольных, моя столица\n"
        "не примет». Пока действует правило консенсуса, производителям незачем уступать.",
        encoding="utf-8",
    )
    mine = {french, russian}

    def problems() -> list[str]:
        found = find_missing_quotes(d, archive)
        return [
            p.message
            for p in found
            if p.code == "quote-not-found" and any(s in p.message for s in mine)
        ]

    assert problems() == []
    # the archive's accent differs from the quote's: caught
    page = archive / f"{french}.html"
    page.write_text(page.read_text(encoding="utf-8").replace("dégradée", "degradée"), "utf-8")
    (missing,) = problems()
    assert "À Port Aurel, l’ambiance s’est nettement dégradée" in missing


def test_front_matter_is_dropped_only_when_it_is_a_header(tmp_path) -> None:
    assert strip_front_matter("---\ntitle: A\nurl: x\n---\nBody\n") == "Body\n"
    assert strip_front_matter("\ufeff---\r\ntitle: A\r\n...\r\nBody") == "Body"
    assert strip_front_matter("---\n---\nBody") == "Body"
    for kept in (
        "Body\n---\nx: 1\n---\n",
        "\n---\nx\n---\nB",
        "---\nnever closed\n",
        "--- x\n---\n",
    ):
        assert strip_front_matter(kept) == kept
    f = tmp_path / "a.md"
    f.write_text("---\nsaid: only in the header\n---\nFirst.\n\nSecond part.\n", "utf-8")
    assert not quote_in_text("only in the header", load_archive_text(f))
    assert quote_in_text("Second part.", load_archive_text(f))
    assert load_archive_paragraphs(f) == ["First.", "Second part."]


def test_closest_passage_marks_the_words_that_differ() -> None:
    archive = normalise_text(
        "The talks on Thursday ended in deadlock, officials said, and nobody can veto it. "
        "More words follow here to pad the text."
    )
    near = closest_passage("nobody can ever veto", archive)
    assert near is not None
    assert (near.passage, near.diff) == ("nobody can veto", "nobody can [-ever-] veto")
    assert round(near.ratio, 2) == 0.86
    # a quote that stops inside the source's word (before its comma) is not marked there
    near = closest_passage("ended in a deadlock", archive)
    assert near is not None and near.diff == "ended in [-a-] deadlock,"
    # with elisions: the first fragment that is missing
    near = closest_passage("officials said … nobody can never veto it", archive)
    assert near is not None and near.diff == "nobody can [-never-] veto it."
    near = closest_passage("on Thursday ended in stalemate", archive)
    assert near is not None and near.diff == "on Thursday ended in [-stalemate-] {+deadlock,+}"
    assert closest_passage("a sentence about fish and chips", archive) is None
    assert word_diff(["a", "b"], ["a", "c", "b"]) == "a {+c+} b"


def test_check_quotes_covers_each_readings_evidence_at_its_line(tmp_path) -> None:
    """A quote of a reading (``readings -> i -> evidence -> j -> quote``) is checked like
    any other: edited to differ from the archive, it is caught at its own line."""
    import shutil
    from pathlib import Path

    from negotiation import loader
    from negotiation.quotes import find_missing_quotes

    real = Path(__file__).resolve().parent / "fixtures" / "real" / "plastics-inc5-2024"
    root = tmp_path / "positions"
    shutil.copytree(real, root / real.name)
    side = root / real.name / "sides" / "united-states.yaml"

    def reading_quotes() -> list[str]:
        d = loader.load_positions([root]).dossiers[real.name]
        (pos,) = [p for p in d.side_by_id["united-states"].positions if p.id == "us-production"]
        return [ev.quote for path, ev in pos.quotes() if path[0] == "readings"]

    quotes = reading_quotes()
    assert len(quotes) == 4
    # an archive made of the quotes themselves (the article's text is not kept here)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "plastics-news-perceived-shift.txt").write_text("\n".join(quotes), encoding="utf-8")

    def not_found() -> list:  # type: ignore[type-arg]
        d = loader.load_positions([root]).dossiers[real.name]
        return [p for p in find_missing_quotes(d, archive) if p.code == "quote-not-found"]

    assert not_found() == []
    text = side.read_text(encoding="utf-8")
    target = "quote: securing an ambitious, legally binding"
    assert text.count(target) == 1
    side.write_text(text.replace(target, target.replace("legally", "legaly")), "utf-8")
    (problem,) = not_found()
    line = text[: text.index(target)].count("\n") + 1
    assert (Path(problem.file).name, problem.line) == ("united-states.yaml", line)
    assert "legaly" in problem.message and "{+legally+}" in problem.message
    # every reading's quote is among those checked
    from negotiation.quotes import iter_quotes

    d = loader.load_positions([root]).dossiers[real.name]
    kinds = [r.kind for r in iter_quotes(d) if r.owner == "us-production"]
    assert kinds.count("reading_evidence") == 4 and kinds.count("evidence") == 3
