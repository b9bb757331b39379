"""Reference data in data/reference/: names in other scripts and languages, places, thesaurus.

These are names, not claims: they come from standard tables, libraries and public records, and
every form records its `origin`. Romanised forms (those with `system`) are written by
``scripts/names.py``; this module only reads and checks the three files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StringConstraints, ValidationError, model_validator

from .errors import DataError, Problem
from .schema import Id, Name, Strict
from .yamlsafe import LineList, line_of, read_yaml

# BCP 47 tags as used here: language, optional script, optional region (be, be-Latn, crh, pt-BR).
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$"
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# bgn-pcgn: BGN/PCGN; iso9: ISO 9:1995; national: a country's own official system (Belarus 2007,
# Ukraine 2010, also used in Ukrainian passports); passport: Russian passports (ICAO Doc 9303);
# lacinka: Belarusian Łacinka.
System = Literal["bgn-pcgn", "iso9", "national", "passport", "lacinka"]
PlaceKind = Literal["city", "region", "area", "site", "border"]

FILES = ("names.yaml", "places.yaml", "thesaurus.yaml")


class NameForm(Strict):
    """One way of writing a name: native script, another language's form, or a romanisation."""

    text: Name
    lang: Lang
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
    names: list[NameForm] = Field(min_length=1)


class Coordinates(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    origin: Name


class Place(Strict):
    """A place the sources name (countries are actors, not places)."""

    id: Id
    name: Name
    kind: PlaceKind
    country: Country | None = None
    within: Id | None = None
    match: list[Name] = Field(min_length=1)
    coordinates: Coordinates | None = None
    names: list[NameForm] = []


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


def _shown(path: Path) -> str:
    """The path as contributors see it: from the folder that holds data/ (data/reference/x.yaml)."""
    return path.relative_to(path.parent.parent.parent).as_posix()


def _archived_text(folder: Path) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return _fold(" ".join(texts))


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).casefold()


def _occurs(words: str, folded_text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(_fold(words)), folded_text) is not None


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
