"""Romanisations (macros/kb/romanise.py) against the published tables' own examples, and
data/reference/ being exactly what scripts/names.py writes."""

from __future__ import annotations

import shutil

import names
import pytest

from kb import romanise
from kb.romanise import romanise as latin

# Belarusian: BGN/PCGN 1979 and ISO 9:1995 examples from the standards' tables; national system
# of 2007 (Instruction on transliteration, UN-adopted); Łacinka as written by Belarusian media.
BELARUSIAN = [
    ("Лукашэнка", "bgn-pcgn", "Lukashenka"),
    ("Гомель", "bgn-pcgn", "Homyel’"),
    ("Магілёў", "bgn-pcgn", "Mahilyow"),
    ("Віцебск", "bgn-pcgn", "Vitsyebsk"),
    ("Беларусь", "bgn-pcgn", "Byelarus’"),
    ("Лукашэнка", "iso9", "Lukašènka"),
    ("Магілёў", "iso9", "Magìlëǔ"),
    ("Беларусь", "iso9", "Belarusʹ"),
    ("Лукашэнка", "national", "Lukašenka"),
    ("Магілёў", "national", "Mahilioŭ"),
    ("Гомель", "national", "Homieĺ"),
    ("Аляксандр", "national", "Aliaksandr"),
    ("Святлана Ціханоўская", "national", "Sviatlana Cichanoŭskaja"),
    ("Ёдкавічы", "national", "Jodkavičy"),
    ("Лукашэнка", "lacinka", "Łukašenka"),
    ("Святлана Ціханоўская", "lacinka", "Śviatłana Cichanoŭskaja"),
    ("Франак Вячорка", "lacinka", "Franak Viačorka"),
]
RUSSIAN = [
    ("Александр Лукашенко", "bgn-pcgn", "Aleksandr Lukashenko"),
    ("Александр Лукашенко", "iso9", "Aleksandr Lukašenko"),
    ("Александр Лукашенко", "passport", "Aleksandr Lukashenko"),
    ("Светлана Тихановская", "bgn-pcgn", "Svetlana Tikhanovskaya"),
    ("Светлана Тихановская", "iso9", "Svetlana Tihanovskaâ"),
    ("Светлана Тихановская", "passport", "Svetlana Tikhanovskaia"),
    ("Чернобыль", "iso9", "Černobylʹ"),
    ("Фёдор", "bgn-pcgn", "Fëdor"),  # iuliia 0.13.0 leaves ё; the standards write ë
    ("Фёдор", "iso9", "Fëdor"),
    ("Фёдор", "passport", "Fedor"),
]
UKRAINIAN = [
    ("Київ", "national", "Kyiv"),
    ("Київ", "bgn-pcgn", "Kyyiv"),
    ("Київ", "iso9", "Kiïv"),
    ("Володимир Зеленський", "national", "Volodymyr Zelenskyi"),
    ("Чорнобиль", "iso9", "Čornobilʹ"),  # the soft sign is U+02B9, as ISO 9 prints it
    ("Луганськ", "national", "Luhansk"),
]


@pytest.mark.parametrize("lang,cases", [("be", BELARUSIAN), ("ru", RUSSIAN), ("uk", UKRAINIAN)])
def test_known_romanisations(lang, cases):
    wrong = [
        (text, system, latin(text, lang, system), expected)
        for text, system, expected in cases
        if latin(text, lang, system) != expected
    ]
    assert wrong == []


def test_capitals_stay_capitals():
    assert latin("ВІЦЕБСК", "be", "bgn-pcgn") == "VITSYEBSK"
    assert latin("Шклоў", "be", "bgn-pcgn") == "Shklow"


def test_a_romanisation_with_cyrillic_left_is_refused():
    with pytest.raises(ValueError, match="left Cyrillic"):
        latin("Ґанок", "ru", "iso9")  # ґ is not a Russian letter: iuliia leaves it


def test_every_system_names_its_origin():
    for lang in romanise.NATIVE_LANGS:
        for system in romanise.systems_for(lang):
            assert romanise.origin(lang, system)


def test_reference_files_are_up_to_date():
    assert names.main(["--check"]) == 0, "run `python scripts/names.py` and commit the result"


def test_check_finds_a_stale_file_and_a_rewrite_fixes_it(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(names.ROOT / "data" / "reference", data / "reference")
    path = data / "reference" / "names.yaml"
    original = path.read_text(encoding="utf-8")
    edited = original.replace("Alyaksandr Lukashenka", "Alyaksandr Lukashenko", 1)
    assert edited != original
    path.write_text(edited, encoding="utf-8")
    assert names.main(["--check", "--data", str(data)]) == 1
    assert "names.yaml: out of date" in capsys.readouterr().err
    assert names.main(["--data", str(data)]) == 0
    assert path.read_text(encoding="utf-8") == original


def test_a_new_native_form_gets_its_romanisations(tmp_path):
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    path = data / "reference" / "names.yaml"
    path.write_text(
        "- id: khrenin\n  names:\n    - {text: Віктар Хрэнін, lang: be, origin: test}\n", encoding="utf-8"
    )
    names.main(["--data", str(data)])
    text = path.read_text(encoding="utf-8")
    assert "{text: Viktar Khrenin, lang: be-Latn, system: bgn-pcgn, from: Віктар Хрэнін" in text
    assert "{text: Viktar Chrenin, lang: be-Latn, system: national" in text
