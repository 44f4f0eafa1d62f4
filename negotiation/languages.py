"""The languages of sources: names for BCP 47 tags, writing direction, English or not.

Quotes stay verbatim in their source's language; the views show the original with the
curator's translation and name the original's language in words (a reader, and a
screen reader, knows what they hear), and the HTML brief marks it with ``lang``.
"""

from __future__ import annotations

from negotiation.model import DEFAULT_LANGUAGE

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}
"""English names of the primary language subtags most sources will use."""

SCRIPT_NAMES: dict[str, str] = {
    "Hans": "Simplified",
    "Hant": "Traditional",
    "Latn": "Latin script",
    "Cyrl": "Cyrillic script",
    "Arab": "Arabic script",
}

RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})
"""Primary subtags of languages written right to left."""


def primary(tag: str | None) -> str:
    """The primary language subtag, lowercase: 'zh-Hans' -> 'zh'; None -> 'en'."""
    return (tag or DEFAULT_LANGUAGE).split("-")[0].lower()


def is_english(tag: str | None) -> bool:
    """Whether ``tag`` is English (any region: en, en-GB, en-US); None counts as English."""
    return primary(tag) == "en"


def language_name(tag: str | None) -> str:
    """The language's English name: 'fr' -> 'French', 'zh-Hans' -> 'Chinese
    (Simplified)'; a tag not listed is given as itself ('language "gsw"')."""
    tag = tag or DEFAULT_LANGUAGE
    name = LANGUAGE_NAMES.get(primary(tag))
    if name is None:
        return f"language “{tag}”"
    scripts = [SCRIPT_NAMES[p.title()] for p in tag.split("-")[1:] if p.title() in SCRIPT_NAMES]
    return f"{name} ({scripts[0]})" if scripts else name


def direction(tag: str | None) -> str:
    """'rtl' for a language written right to left, else 'ltr'."""
    if tag and any(p.title() == "Arab" for p in tag.split("-")[1:]):
        return "rtl"
    return "rtl" if primary(tag) in RTL_LANGUAGES else "ltr"


def original_label(tag: str | None) -> str:
    """'(Russian original)': said next to a quote not in English."""
    return f"({language_name(tag)} original)"
