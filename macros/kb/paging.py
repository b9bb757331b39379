"""One way to page a long list: a ``Listing`` is what is listed, its title, its items and how
many go on a page. Page 1 is the list's own page; the build adds pages 2… for the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Listing(Generic[T]):
    what: str  # which renderer draws its pages: "topic", "timeline", "actor-index" or "actor"
    stem: str  # page 1 is <stem>.md, page n is <stem>/page-<n>.md
    title: str
    items: list[T]
    per_page: int
    key: Callable[[T], str] = field(default=lambda item: str(item))  # identifies an item (its id)
    subject: str = ""  # the topic or actor id the list belongs to
    _pages: dict[str, int] | None = field(default=None, init=False, repr=False)
    memo: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # per-list results
    _numbers: dict[str, int] | None = field(default=None, init=False, repr=False)

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self.items) / self.per_page))

    def pages(self) -> range:
        return range(1, self.page_count + 1)

    def items_on(self, page: int) -> list[T]:
        return self.items[(page - 1) * self.per_page : page * self.per_page]

    def page_at(self, index: int) -> int:
        """The page that shows the ``index``-th item (from 0)."""
        return index // self.per_page + 1

    def page_of(self, item_key: str) -> int:
        """The page that shows the item with this key."""
        if self._pages is None:
            self._pages = {self.key(item): self.page_at(i) for i, item in enumerate(self.items)}
        return self._pages[item_key]

    def number_of(self, item_key: str) -> int:
        """The item's number in the whole list, from 1 (the label "Claim 12" of a topic's claim)."""
        if self._numbers is None:
            self._numbers = {self.key(item): i + 1 for i, item in enumerate(self.items)}
        return self._numbers[item_key]
