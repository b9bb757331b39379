"""Romanisations of Cyrillic names, for data/reference/ (written by scripts/names.py).

Russian and Ukrainian use published libraries: ``iuliia`` (Russian BGN/PCGN 1947, ISO 9 and the
ICAO Doc 9303 form of Russian passports) and ``translitua`` (the Ukrainian national system of
2010, which BGN/PCGN adopted in 2019; the superseded BGN/PCGN 1965; ISO 9). No library on PyPI covers Belarusian BGN/PCGN, ISO 9 or
the national system, so those three are the small tables below, each from the published
standard; Łacinka comes from ``belorthography``.

The site's build never imports this module: only ``scripts/names.py`` and the tests do.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .reference import LANGUAGE_NAMES, NATIONAL, PASSPORT, SYSTEM_NAMES

Romaniser = Callable[[str], str]

VOWELS_BE = set("аеёіоуыэюяАЕЁІОУЫЭЮЯ")
APOSTROPHES = "'’ʼ"

# Belarusian, BGN/PCGN 1979: е ё ю я are ye yo yu ya in every position; ў is w.
_BE_BGN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "ye",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "і": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "w",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "ы": "y",
    "ь": "’",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "'": "”",
    "’": "”",
    "ʼ": "”",
}

# Belarusian, ISO 9:1995 (one Latin letter per Cyrillic letter).
_BE_ISO9 = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g̀",
    "д": "d",
    "е": "e",
    "ё": "ë",
    "ж": "ž",
    "з": "z",
    "і": "ì",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "ǔ",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "ш": "š",
    "ы": "y",
    "ь": "ʹ",
    "э": "è",
    "ю": "û",
    "я": "â",
    "'": "ʼ",
    "’": "ʼ",
    "ʼ": "ʼ",
}

# Belarusian national system (Instruction on the transliteration of geographical names, 2007,
# adopted by the UN in 2007): a soft sign is an acute on the consonant before it, and е ё ю я
# are ie io iu ia after consonants, je jo ju ja elsewhere.
_BE_NATIONAL = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "ж": "ž",
    "з": "z",
    "і": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "ŭ",
    "ф": "f",
    "х": "ch",
    "ц": "c",
    "ч": "č",
    "ш": "š",
    "ы": "y",
    "э": "e",
    "'": "",
    "’": "",
    "ʼ": "",
}
_BE_NATIONAL_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
_BE_NATIONAL_SOFT = {"з": "ź", "л": "ĺ", "н": "ń", "с": "ś", "ц": "ć"}


def _case(latin: str, cyrillic: str, following: str) -> str:
    """Give ``latin`` the case of ``cyrillic``: all capitals when the word is in capitals."""
    if not cyrillic.isupper() or not latin:
        return latin
    if len(latin) > 1 and following.isupper():
        return latin.upper()
    return latin[0].upper() + latin[1:]


def _by_table(text: str, table: dict[str, str]) -> str:
    out = []
    for i, char in enumerate(text):
        latin = table.get(char.lower())
        if latin is None:
            out.append(char)
            continue
        following = text[i + 1] if i + 1 < len(text) else ""
        out.append(_case(latin, char, following))
    return "".join(out)


def be_bgn_pcgn(text: str) -> str:
    return _by_table(text, _BE_BGN)


def be_iso9(text: str) -> str:
    return _by_table(text, _BE_ISO9)


def be_national(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        lower = char.lower()
        before = text[i - 1] if i > 0 else ""
        following = text[i + 1] if i + 1 < len(text) else ""
        if lower == "ь":
            continue  # shown as the acute on the consonant before it, or not at all
        if lower in _BE_NATIONAL_SOFT and following.lower() == "ь":
            latin = _BE_NATIONAL_SOFT[lower]
        elif lower in _BE_NATIONAL_IOTATED:
            after_consonant = before.isalpha() and before not in VOWELS_BE and before.lower() not in "ьў"
            latin = ("i" if after_consonant else "j") + _BE_NATIONAL_IOTATED[lower]
        elif lower in _BE_NATIONAL:
            latin = _BE_NATIONAL[lower]
        else:
            out.append(char)
            continue
        out.append(_case(latin, char, following))
    return "".join(out)


def be_lacinka(text: str) -> str:
    from belorthography import Orthography, convert

    return str(convert(text, Orthography.OFFICIAL, Orthography.LATIN))


def _iuliia(schema_name: str) -> Romaniser:
    def romanise(text: str) -> str:
        import iuliia

        latin = str(getattr(iuliia, schema_name).translate(text))
        # iuliia 0.13.0 maps ё to the Cyrillic letter itself in these schemas; BGN/PCGN,
        # ISO 9 and ICAO Doc 9303 write ë (ICAO: e, which iuliia gets right).
        return latin.replace("ё", "ë").replace("Ё", "Ë")

    return romanise


def _translitua(table_name: str) -> Romaniser:
    def romanise(text: str) -> str:
        import translitua

        latin = translitua.translit(text, getattr(translitua, table_name))
        # translitua writes ISO 9's soft sign as U+2032 PRIME; the standard's is U+02B9.
        return latin.replace("′", "ʹ")

    return romanise


# (native language, system) -> romaniser. Each system's public name and edition, which the data
# records as the origin of its forms, is in kb.reference.SYSTEM_NAMES. The libraries implement:
# iuliia BGN_PCGN = BGN/PCGN 1947 for Russian, GOST_779 = ISO 9:1995 (GOST 7.79-2000 system A),
# ICAO_DOC_9303 = Russian passports; translitua UkrainianKMU = Cabinet of Ministers of Ukraine
# resolution No. 55 of 27 January 2010 (BGN/PCGN's Ukrainian system since 2019), UkrainianBGN =
# BGN/PCGN 1965, UkrainianISO9 = ISO 9:1995.
SYSTEMS: dict[tuple[str, str], Romaniser] = {
    ("be", "bgn-pcgn"): be_bgn_pcgn,
    ("be", "iso9"): be_iso9,
    ("be", "national"): be_national,
    ("be", "lacinka"): be_lacinka,
    ("ru", "bgn-pcgn"): _iuliia("BGN_PCGN"),
    ("ru", "iso9"): _iuliia("GOST_779"),
    ("ru", "passport"): _iuliia("ICAO_DOC_9303"),
    ("uk", "national"): _translitua("UkrainianKMU"),
    ("uk", "bgn-pcgn-1965"): _translitua("UkrainianBGN"),
    ("uk", "iso9"): _translitua("UkrainianISO9"),
}

NATIVE_LANGS = ("be", "ru", "uk")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def romanise(text: str, lang: str, system: str) -> str:
    """One romanisation; refuses to return a form with Cyrillic left in it."""
    function = SYSTEMS[(lang, system)]
    latin = function(text)
    if CYRILLIC.search(latin):
        raise ValueError(f"{system} romanisation of {text!r} ({lang}) left Cyrillic letters: {latin!r}")
    return latin


def origin(lang: str, system: str) -> str:
    """What the data records as a form's origin: the system's public name and edition."""
    return f"the rules of {SYSTEM_NAMES[(lang, system)]} for {LANGUAGE_NAMES[lang]}"


def systems_for(
    lang: str, country: str | None = None, citizenship: tuple[str, ...] = (), place: bool = False
) -> list[str]:
    """The systems that apply to a name in ``lang``: a national system only to its own country's
    place names (and to names that are not place names), a passport system only to citizens."""
    out = []
    for language, system in SYSTEMS:
        if language != lang:
            continue
        if system == "national" and (place or country) and country != NATIONAL.get(lang):
            continue
        if system == "passport" and PASSPORT.get(lang) not in citizenship:
            continue
        out.append(system)
    return out
