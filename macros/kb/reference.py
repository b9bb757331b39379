"""Reference data in data/reference/: names in other scripts and languages, places, thesaurus.

These are names, not claims: they come from standard tables, libraries and public records, and
every form records its `origin`. Romanised forms (those with `system`) are written by
``scripts/names.py``; this module only reads and checks the three files.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StringConstraints, ValidationError, model_validator

from .errors import DataError, Problem
from .schema import Id, Name, Strict
from .yamlsafe import LineList, line_of, read_yaml

# BCP 47 tags as used here: language, optional script, optional region, optional variant
# (be, be-Latn, crh, pt-BR, be-tarask for Belarusian in the Taraškievica orthography).
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?(-[a-z0-9]{5,8})?$"
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
System = Literal["bgn-pcgn", "bgn-pcgn-1965", "iso9", "national", "passport", "lacinka"]
PlaceKind = Literal["city", "region", "area", "site", "border", "continent"]

# Each romanisation system by the language it romanises, under its public name and edition;
# a form's `system` must be one of its language's. The tables themselves are in
# macros/kb/romanise.py, each checked against the edition's published examples (tests/test_names.py).
SYSTEM_NAMES: dict[tuple[str, str], str] = {
    ("be", "bgn-pcgn"): "BGN/PCGN 1979",
    ("be", "iso9"): "ISO 9:1995",
    ("be", "national"): "Belarusian national system (2007 Instruction, UN-recommended)",
    ("be", "lacinka"): "Łacinka",
    ("ru", "bgn-pcgn"): "BGN/PCGN 1947",
    ("ru", "iso9"): "ISO 9:1995",
    ("ru", "passport"): "Russian passports (ICAO Doc 9303)",
    ("uk", "national"): "Ukrainian national system (2010), BGN/PCGN since 2019",
    ("uk", "bgn-pcgn-1965"): "BGN/PCGN 1965 (superseded in 2019)",
    ("uk", "iso9"): "ISO 9:1995",
}
# A national system romanises that country's place names and personal names, never another
# country's place names; a passport system only the names of the issuing state's citizens.
NATIONAL = {"be": "BY", "uk": "UA"}
PASSPORT = {"ru": "RU"}
LANGUAGE_NAMES = {
    "be": "Belarusian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "en": "English",
    "lt": "Lithuanian",
    "hu": "Hungarian",
    "fi": "Finnish",
    "sv": "Swedish",
    "nl": "Dutch",
    "crh": "Crimean Tatar",
}
VARIANTS = {"tarask": "Taraškievica"}

FILES = ("names.yaml", "places.yaml", "thesaurus.yaml")
BORDERS = "borders.json"
BORDERS_FIX = (
    "restore it with `git checkout -- data/reference/borders.json`, or write it again: "
    "`npm pack world-atlas@2.0.2` in a temporary folder, unpack it and run "
    "`python scripts/borders.py <the unpacked package folder>`"
)


def system_name(lang: str, system: str) -> str | None:
    """The public name and edition of a form's system ("BGN/PCGN 1979"), from its lang (be-Latn)."""
    return SYSTEM_NAMES.get((lang.split("-")[0], system))


def language_label(lang: str) -> str:
    """ "Belarusian", "Belarusian (Taraškievica)", from a BCP 47 tag."""
    parts = lang.split("-")
    name = LANGUAGE_NAMES.get(parts[0], lang)
    variants = [VARIANTS[p] for p in parts[1:] if p in VARIANTS]
    return f"{name} ({', '.join(variants)})" if variants else name


class NameForm(Strict):
    """One way of writing a name: native script, another language's form, or a romanisation."""

    text: Name
    lang: Lang
    historical: bool = False  # a former name or spelling, no longer the standard form
    system: System | None = None
    from_: Name | None = Field(default=None, alias="from")
    origin: Name

    @model_validator(mode="after")
    def _romanisation(self) -> Self:
        if self.system and not self.from_:
            raise ValueError("a romanisation (with `system`) needs `from:`, the form it was made from")
        if self.from_ and not self.system:
            raise ValueError("`from:` belongs to romanisations only; add `system:` or remove `from:`")
        if self.system and not self.lang.endswith("-Latn"):
            raise ValueError(f"a romanisation's lang must end in -Latn (e.g. be-Latn), not {self.lang!r}")
        return self


class ActorNames(Strict):
    """The names of one actor of data/actors.yaml."""

    id: Id
    country: Country | None = None  # for a state: its own code (its names are place names)
    citizenship: list[Country] = []  # for a person: the states whose passports romanise the name
    names: list[NameForm] = Field(min_length=1)


class Coordinates(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    origin: Name


class GeoNames(Strict):
    id: int = Field(gt=0)
    origin: Name


class Place(Strict):
    """A place the sources name (countries are actors, not places)."""

    id: Id
    name: Name
    kind: PlaceKind
    country: Country | None = None
    within: Id | None = None
    coordinates: Coordinates | None = None
    unmapped: Name | None = None  # why a place has no single point (a continent): instead of coordinates
    geonames: GeoNames | None = None
    match: list[Name] = Field(min_length=1)
    # names that contain a `match` spelling but are not this place ("Budapest Memorandum"):
    # the spelling inside them does not tag a claim with the place
    not_in: list[Name] = []
    names: list[NameForm] = []


@dataclass
class Outline:
    """One country's borders."""

    code: str | None  # ISO 3166-1 alpha-2; None for a territory without one
    name: str
    rings: list[list[tuple[float, float]]]  # outlines, (lon, lat) in degrees
    drawn: bool  # inside the map's frame (drawn), or kept only to check coordinates

    def contains(self, lon: float, lat: float) -> bool:
        return any(inside((lon, lat), ring) for ring in self.rings)


@dataclass
class Borders:
    origin: str
    frame: tuple[float, float, float, float]  # west, south, east, north
    countries: list[Outline]
    # what pictures computed from these borders once (the map's projected outlines), for reuse
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def country_at(self, lon: float, lat: float) -> list[Outline]:
        return [c for c in self.countries if c.contains(lon, lat)]

    def has(self, code: str) -> bool:
        return any(c.code == code for c in self.countries)


def inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Ray casting: whether the point lies inside the closed ring."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


class Term(Strict):
    """Words readers use (`readers`) mapped to the words the sources use (`sources`)."""

    id: Id
    readers: list[Name] = Field(min_length=1)
    sources: list[Name] = Field(min_length=1)


@dataclass
class Reference:
    names: dict[str, list[NameForm]] = field(default_factory=dict)  # actor id -> forms
    places: list[Place] = field(default_factory=list)
    thesaurus: list[Term] = field(default_factory=list)
    borders: Borders | None = None

    def also_written(self, actor_id: str, exclude: tuple[str, ...] = ()) -> list[NameForm]:
        """The forms of an actor's name, one per distinct text, without those in ``exclude``."""
        seen = {text.casefold() for text in exclude}
        out = []
        for form in self.names.get(actor_id, []):
            if form.text.casefold() not in seen:
                seen.add(form.text.casefold())
                out.append(form)
        return out

    def place(self, place_id: str) -> Place:
        return next(p for p in self.places if p.id == place_id)


def load_reference(data_dir: Path, actor_ids: set[str]) -> Reference:
    """Read and check data/reference/*.yaml; a missing file is an empty one.

    Raises ``DataError`` with every problem found, each with file, line and fix."""
    data_dir = Path(data_dir)
    folder = data_dir / "reference"
    problems: list[Problem] = []
    source_text = _archived_text(data_dir / "sources")
    ref = Reference()

    names = _records(folder / "names.yaml", ActorNames, problems)
    for record, data, index in names:
        if record.id not in actor_ids:
            close = difflib.get_close_matches(record.id, sorted(actor_ids), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    _shown(folder / "names.yaml"),
                    line_of(data, (index, "id")),
                    f"unknown actor id {record.id!r}",
                    f"{hint}use the id of an actor in data/actors.yaml",
                )
            )
        ref.names[record.id] = list(record.names)
        _check_systems(record, data, index, folder / "names.yaml", problems, place=False)

    if folder.is_dir():
        ref.borders = _borders(folder / BORDERS, problems)
    places = _records(folder / "places.yaml", Place, problems)
    place_ids = {record.id for record, _, _ in places}
    for record, data, index in places:
        shown = _shown(folder / "places.yaml")
        if record.id in actor_ids:
            problems.append(
                Problem(
                    shown,
                    line_of(data, (index, "id")),
                    f"{record.id!r} is an actor in data/actors.yaml, not a place",
                    "give its names in data/reference/names.yaml and remove it here",
                )
            )
        if record.within and record.within not in place_ids:
            problems.append(
                Problem(
                    shown,
                    line_of(data, (index, "within")),
                    f"within: {record.within!r} is not a place in this file",
                    "use the id of another place, or remove `within:`",
                )
            )
        _check_systems(record, data, index, folder / "places.yaml", problems, place=True)
        _check_location(record, data, index, shown, ref.borders, problems)
        for i, name in enumerate(record.not_in):
            if not place_pattern(record.match).search(name):
                problems.append(
                    Problem(
                        shown,
                        line_of(data, (index, "not_in", i)),
                        f"not_in: {name!r} does not contain any spelling of `match`",
                        "list only names that contain the place's spelling but are not the place "
                        "(e.g. 'Budapest Memorandum' for Budapest)",
                    )
                )
        for i, spelling in enumerate(record.match):
            if not _occurs(spelling, source_text):
                problems.append(
                    Problem(
                        shown,
                        line_of(data, (index, "match", i)),
                        f"match: {spelling!r} does not occur in any archived source",
                        "list only spellings the sources use, exactly as written",
                    )
                )
        ref.places.append(record)

    terms = _records(folder / "thesaurus.yaml", Term, problems)
    for record, data, index in terms:
        for i, term in enumerate(record.sources):
            if not _occurs(term, source_text):
                problems.append(
                    Problem(
                        _shown(folder / "thesaurus.yaml"),
                        line_of(data, (index, "sources", i)),
                        f"sources: {term!r} does not occur in any archived source",
                        "map readers' words to words the sources use; put other words under `readers`",
                    )
                )
        ref.thesaurus.append(record)

    if problems:
        raise DataError(problems)
    return ref


def place_pattern(spellings: list[str]) -> re.Pattern[str]:
    """The spellings as whole words, case as written ("Europe" is not "European")."""
    return _place_pattern(tuple(spellings))


@lru_cache(maxsize=1024)  # every claim's text is searched for every place
def _place_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(spellings, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in ordered) + r")(?!\w)")


def names_the_place(place: Place, text: str) -> bool:
    """Whether the text names the place itself: a `match` spelling outside every `not_in` name
    ("Budapest" but not "Budapest Memorandum"). Apostrophes are compared as one character."""
    text = text.replace("’", "'")
    if not any(spelling in text for spelling in place.match):
        return False  # the pattern needs one of the spellings as written: most texts have none
    for name in sorted(place.not_in, key=len, reverse=True):
        text = text.replace(name.replace("’", "'"), " ")
    return place_pattern(place.match).search(text) is not None


def _check_systems(
    record: Any, data: Any, index: int, path: Path, problems: list[Problem], *, place: bool
) -> None:
    """Each romanisation names a system of its language; national systems only on the names of
    their own country's places (or on personal and organisation names), passport systems only on
    the names of the issuing state's citizens."""
    country = record.country
    citizenship = [] if place else record.citizenship
    for i, form in enumerate(record.names):
        if not form.system:
            continue
        base = form.lang.split("-")[0]
        line = line_of(data, (index, "names", i, "system"))
        if system_name(form.lang, form.system) is None:
            known = sorted(system for (language, system) in SYSTEM_NAMES if language == base)
            problems.append(
                Problem(
                    _shown(path),
                    line,
                    f"names.{i}.system: {form.system!r} is not a romanisation system of {language_label(base)}",
                    f"use one of {known}, then run `python scripts/names.py`",
                )
            )
        elif form.system == "national" and (place or country) and country != NATIONAL.get(base):
            problems.append(
                Problem(
                    _shown(path),
                    line,
                    f"names.{i}: the {system_name(form.lang, form.system)} is applied to a place name "
                    f"outside {NATIONAL.get(base)}",
                    "remove the form: a national system romanises its own country's place names only "
                    "(run `python scripts/names.py`, which leaves it out)",
                )
            )
        elif form.system == "passport" and PASSPORT.get(base) not in citizenship:
            problems.append(
                Problem(
                    _shown(path),
                    line,
                    f"names.{i}: a passport form for someone who is not a citizen of {PASSPORT.get(base)}",
                    f"remove the form, or add `citizenship: [{PASSPORT.get(base)}]` to the record if it "
                    "is true, then run `python scripts/names.py`",
                )
            )


def _check_location(
    place: Place, data: Any, index: int, shown: str, borders: Borders | None, problems: list[Problem]
) -> None:
    """A place has coordinates (or says why it has no single point), inside its country."""
    if place.coordinates is None:
        if place.unmapped is None:
            problems.append(
                Problem(
                    shown,
                    line_of(data, (index, "id")),
                    f"place {place.id!r} has no coordinates",
                    "add `coordinates: {lat: …, lon: …, origin: …}` (decimal degrees, and where they "
                    "come from), or `unmapped:` saying why the place has no single point",
                )
            )
        return
    if place.unmapped is not None:
        problems.append(
            Problem(
                shown,
                line_of(data, (index, "unmapped")),
                "a place with coordinates cannot also be `unmapped`",
                "remove `unmapped:` or `coordinates:`",
            )
        )
    if not place.country or borders is None:
        return
    line = line_of(data, (index, "coordinates"))
    lat, lon = place.coordinates.lat, place.coordinates.lon
    if not borders.has(place.country):
        problems.append(
            Problem(
                shown,
                line_of(data, (index, "country")),
                f"country: {place.country!r} has no outline in data/reference/borders.json",
                "run `python scripts/borders.py` (see its docstring), which adds every country "
                "places.yaml names, and commit the result",
            )
        )
        return
    found = borders.country_at(lon, lat)
    if not any(c.code == place.country for c in found):
        there = ", ".join(f"{c.name} ({c.code})" if c.code else c.name for c in found) or "no country (sea?)"
        problems.append(
            Problem(
                shown,
                line,
                f"coordinates lat {lat}, lon {lon} lie in {there}, not in {place.country}",
                "check the coordinates (latitude first, decimal degrees, west and south negative) "
                "and the country code",
            )
        )


def _borders(path: Path, problems: list[Problem]) -> Borders | None:
    shown = _shown(path)
    if not path.exists():
        problems.append(Problem(shown, 1, "the map's country borders file is missing", BORDERS_FIX))
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        countries = [
            Outline(
                c["code"],
                c["name"],
                [list(zip(ring[0::2], ring[1::2], strict=True)) for ring in c["rings"]],
                bool(c["drawn"]),
            )
            for c in document["countries"]
        ]
        west, south, east, north = document["frame"]
        return Borders(str(document["origin"]), (west, south, east, north), countries)
    except (ValueError, KeyError, TypeError) as error:
        problems.append(Problem(shown, 1, f"the country borders file cannot be read ({error})", BORDERS_FIX))
        return None


def _shown(path: Path) -> str:
    """The path as contributors see it: from the folder that holds data/ (data/reference/x.yaml)."""
    return path.relative_to(path.parent.parent.parent).as_posix()


def _archived_text(folder: Path) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return _fold(" ".join(texts))


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).casefold()


WORD_CHARACTER = re.compile(r"\w")


def _occurs(words: str, folded_text: str) -> bool:
    """Whether the words occur in the text, starting a word. Found by substring search, then
    the character before each find is looked at: a pattern that starts with a look-behind
    would be tried at every position of every archived text."""
    needle = _fold(words)
    start = folded_text.find(needle)
    while start > 0 and WORD_CHARACTER.match(folded_text, start - 1):
        start = folded_text.find(needle, start + 1)
    return start != -1


def _records(path: Path, model: Any, problems: list[Problem]) -> list[tuple[Any, Any, int]]:
    """(record, file data, index) for each valid record; problems are appended."""
    if not path.exists():
        return []
    shown = _shown(path)
    try:
        data = read_yaml(path, shown)
    except DataError as error:
        problems.extend(error.problems)
        return []
    if data is None:
        return []
    if not isinstance(data, LineList):
        problems.append(
            Problem(
                shown,
                getattr(data, "line", 1),
                "the file must hold a list of records",
                "start each record with '- ' at the left margin",
            )
        )
        return []
    out: list[tuple[Any, Any, int]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        try:
            record = model.model_validate(item)
        except ValidationError as error:
            for detail in error.errors():
                loc = (index,) + tuple("from" if part == "from_" else part for part in detail["loc"])
                problems.append(Problem(shown, line_of(data, loc), *_explain(detail, model)))
            continue
        if record.id in seen:
            problems.append(
                Problem(
                    shown,
                    line_of(data, (index, "id")),
                    f"duplicate id {record.id!r} (also on line {seen[record.id]})",
                    "merge the two records or give one another id",
                )
            )
            continue
        seen[record.id] = line_of(data, (index, "id"))
        out.append((record, data, index))
    return out


def _explain(detail: Any, model: Any) -> tuple[str, str]:
    loc = ["from" if part == "from_" else str(part) for part in detail["loc"]]
    where = ".".join(loc) or "record"
    kind = detail["type"]
    if kind == "extra_forbidden":
        return f"unknown field {where!r}", "remove it or rename it (see macros/kb/reference.py)"
    if kind == "missing":
        return f"missing required field {where!r}", f"add `{loc[-1]}:` to this record"
    if kind == "literal_error":
        return f"{where}: {detail['input']!r} is not allowed", f"use one of {detail['ctx']['expected']}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "lang":
        return (
            f"{where}: {detail['input']!r} is not a language tag",
            "write a BCP 47 tag: be, ru, uk, pl, de, fr, en, or be-Latn for a romanisation",
        )
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "country":
        return (
            f"{where}: {detail['input']!r} is not a country code",
            "write an ISO 3166-1 alpha-2 code, e.g. UA",
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: {detail['input']!r} is not a valid id",
            "use lowercase letters, digits and single hyphens",
        )
    if kind == "too_short":
        return f"{where}: the list is empty", "give at least one item"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{where}: {message}", "see the comments at the top of the file and macros/kb/reference.py"
