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
    # examples of the 2007 Instruction's table: ь as an acute, е ё ю я after consonants and not
    ("Ельск", "national", "Jeĺsk"),
    ("Мёры", "national", "Miory"),
    ("Хоцімск", "national", "Chocimsk"),
    ("Лагойск", "national", "Lahojsk"),
    ("Дзяржынск", "national", "Dziaržynsk"),
    ("Шчучын", "national", "Ščučyn"),
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
    ("Київ", "bgn-pcgn-1965", "Kyyiv"),
    # examples printed in the 2010 resolution's own table (Cabinet of Ministers of Ukraine, No. 55)
    ("Згорани", "national", "Zghorany"),
    ("Розгон", "national", "Rozghon"),
    ("Єнакієве", "national", "Yenakiieve"),
    ("Гайвороння", "national", "Haivoronnia"),
    ("Короп'є", "national", "Koropie"),
    ("Їжакевич", "national", "Yizhakevych"),
    ("Кадиївка", "national", "Kadyivka"),
    ("Йосипівка", "national", "Yosypivka"),
    ("Стрий", "national", "Stryi"),
    ("Знам'янка", "national", "Znamianka"),
    ("Щербухи", "national", "Shcherbukhy"),
    ("Юрій", "national", "Yurii"),
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


def test_every_system_has_a_public_name_and_edition():
    from kb.reference import SYSTEM_NAMES

    assert set(romanise.SYSTEMS) == set(SYSTEM_NAMES)
    for lang, system in romanise.SYSTEMS:
        origin = romanise.origin(lang, system)
        assert SYSTEM_NAMES[(lang, system)] in origin
        assert "macros/" not in origin and "translitua" not in origin and "iuliia" not in origin
    assert "superseded" in SYSTEM_NAMES[("uk", "bgn-pcgn-1965")]
    assert "2007" in SYSTEM_NAMES[("be", "national")] and "2010" in SYSTEM_NAMES[("uk", "national")]


def test_national_and_passport_systems_apply_only_where_they_belong():
    # a national system: its own country's place names, and names that are not place names
    assert "national" in romanise.systems_for("uk", "UA", place=True)
    assert "national" not in romanise.systems_for("uk", "RU", place=True)
    assert "national" not in romanise.systems_for("be", None, place=True)  # Europe
    assert "national" in romanise.systems_for("be")  # a person
    assert "national" not in romanise.systems_for("be", "RU")  # the state Russia
    # a passport system: only the issuing state's citizens
    assert "passport" in romanise.systems_for("ru", citizenship=("RU",))
    assert "passport" not in romanise.systems_for("ru")
    assert "passport" not in romanise.systems_for("ru", "RU", citizenship=(), place=True)


def test_the_real_data_follows_those_rules():
    from kb.yamlsafe import read_yaml

    names_data = read_yaml(names.ROOT / "data" / "reference" / "names.yaml")
    places = read_yaml(names.ROOT / "data" / "reference" / "places.yaml")
    passports = [r["id"] for r in names_data for f in r["names"] if f.get("system") == "passport"]
    assert set(passports) == {"putin"}
    foreign = [
        (p["id"], f["text"])
        for p in places
        for f in p["names"]
        if f.get("system") == "national" and p.get("country") != {"be": "BY", "uk": "UA"}[f["lang"][:2]]
    ]
    assert foreign == []
    assert not any(
        f.get("system") == "bgn-pcgn" and f["lang"] == "uk-Latn" for r in places for f in r["names"]
    )


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
    assert "BGN/PCGN 1979" in text and "macros/" not in text


def test_historical_forms_are_not_romanised(tmp_path):
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    path = data / "reference" / "places.yaml"
    path.write_text(
        "- id: minsk\n  name: Minsk\n  kind: city\n  country: BY\n  match: [Minsk]\n  names:\n"
        "    - {text: Менск, lang: be-tarask, historical: true, origin: test}\n"
        "    - {text: Мінск, lang: be, origin: test}\n",
        encoding="utf-8",
    )
    names.main(["--data", str(data)])
    text = path.read_text(encoding="utf-8")
    assert "from: Мінск" in text and "from: Менск" not in text
