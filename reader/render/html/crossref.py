"""Cross-source pages: the index of people, places, organisations and treaties, and the timeline.

Both are computed from the marks in the texts (docs/entities.md):

* the index, per interface language, lists each entity under its name in that
  language, sorted by that language's alphabet (ICU collation: Turkish
  ç ğ ı ö ş ü, Russian ё), with every passage of every text that mentions it;
* the timeline, per interface language, lists every dated statement of the
  sources in chronological order, grouped by the event a date is given for,
  and shows where the sources disagree (a date, a figure).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import icu  # PyICU (pyicu-wheels): collation by each language's alphabet

from reader.align import AlignedText
from reader.corpus import LANGUAGES
from reader.entities import DateMark, Entity, dates, mentions
from reader.model import Note, Sentence, Unit, collapsed_text
from reader.render.common import i18n
from reader.render.html.reader_page import page_name

KIND_ORDER = ("person", "place", "org", "treaty", "event")
SNIPPET = 180


@cache
def collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(
        icu.Locale({"en": "en_GB", "tr": "tr_TR", "ru": "ru_RU"}.get(lang, lang))
    )


def sort_key(lang: str, text: str) -> bytes:
    key: bytes = collator(lang).getSortKey(text)
    return key


def alphabet_sorted(items: list[tuple[str, object]], lang: str) -> list[tuple[str, object]]:
    """Sort (label, value) pairs by the alphabet of ``lang``.

    >>> [label for label, _ in alphabet_sorted([("Şener", 1), ("Sonyel", 2), ("Çağ", 3), ("Cuma", 4)], "tr")]
    ['Cuma', 'Çağ', 'Sonyel', 'Şener']
    """
    return sorted(items, key=lambda pair: sort_key(lang, pair[0]))


@dataclass
class Occurrence:
    """Where an entity is mentioned (or a date given): a passage of a text."""

    text_id: str
    unit_id: str
    sentence_id: str | None

    @property
    def anchor(self) -> str:
        return self.sentence_id or self.unit_id


@dataclass
class CrossIndex:
    """Everything the index and the timeline pages need, computed once per build."""

    texts: dict[str, AlignedText]
    entities: dict[str, Entity]
    by_entity: dict[str, list[Occurrence]] = field(default_factory=dict)
    dated: list[tuple[DateMark, str]] = field(default_factory=list)
    figures: dict[tuple[str, str], list[tuple[str, str, Occurrence, str]]] = field(
        default_factory=dict
    )

    @classmethod
    def build(cls, texts: dict[str, AlignedText], entities: dict[str, Entity]) -> CrossIndex:
        index = cls(texts, entities)
        seen: dict[str, set[tuple[str, str, str | None]]] = defaultdict(set)
        for text_id, aligned in texts.items():
            documents = [aligned.source, *aligned.translations.values()]
            for document in documents:
                for mention in mentions(document):
                    if mention.entity not in entities:
                        continue
                    key = (text_id, mention.unit_id, mention.sentence_id)
                    if key not in seen[mention.entity]:
                        seen[mention.entity].add(key)
                        index.by_entity.setdefault(mention.entity, []).append(
                            Occurrence(text_id, mention.unit_id, mention.sentence_id)
                        )
            for mark in dates(aligned.source):
                index.dated.append((mark, text_id))
            for unit in aligned.source.units.values():
                for node, sentence_id in _nums(unit.content, None):
                    about = node.attrs.get("corresp", "").removeprefix("corpus:entities#")
                    kind = node.attrs.get("type", "")
                    value = node.attrs.get("value", "")
                    if about and kind and value and unit.id:
                        index.figures.setdefault((about, kind), []).append(
                            (
                                value,
                                collapsed_text(node.children),
                                Occurrence(text_id, unit.id, sentence_id),
                                text_id,
                            )
                        )
        order = {text_id: i for i, text_id in enumerate(texts)}
        for occurrences in index.by_entity.values():
            occurrences.sort(
                key=lambda o: (order[o.text_id], _position(texts[o.text_id], o.unit_id))
            )
        return index

    # -- presentation helpers ---------------------------------------------------

    def sentence_text(self, occurrence: Occurrence, lang: str) -> tuple[str, str]:
        """The passage in ``lang`` where the text has it, else the original: (text, its language)."""
        aligned = self.texts[occurrence.text_id]
        version = aligned.version(occurrence.unit_id, lang)
        unit = version.unit
        shown_lang = version.text_lang
        if occurrence.sentence_id:
            group = [s for s in unit.sentences if occurrence.sentence_id in s.renders]
            if group:
                return " ".join(collapsed_text(s.children) for s in group), shown_lang
        return collapsed_text(unit.content), shown_lang

    def href(self, occurrence: Occurrence, lang: str, root: str) -> str:
        aligned = self.texts[occurrence.text_id]
        source = aligned.source.lang
        view = (lang,) if lang == source or lang not in aligned.languages else (source, lang)
        return f"{root}{occurrence.text_id}/{page_name(view, lang)}#{occurrence.anchor}"

    def entries(self, lang: str, root: str) -> list[dict[str, object]]:
        """The index in ``lang``: kinds, then entries in that alphabet, with passages."""
        _ = i18n.gettext_for(lang)
        kind_labels = {
            "person": _("People"),
            "place": _("Places"),
            "org": _("Organisations"),
            "treaty": _("Treaties and agreements"),
            "event": _("Events"),
        }
        groups = []
        for kind in KIND_ORDER:
            named = [
                (entity.name(lang), entity)
                for entity_id, entity in self.entities.items()
                if entity.kind == kind and entity_id in self.by_entity
            ]
            items = []
            for label, entity in alphabet_sorted(named, lang):  # type: ignore[arg-type]
                assert isinstance(entity, Entity)
                occurrences = self.by_entity[entity.id]
                passages = []
                for occurrence in occurrences:
                    text, text_lang = self.sentence_text(occurrence, lang)
                    passages.append(
                        {
                            "text_id": occurrence.text_id,
                            "title": _short_title(self.texts[occurrence.text_id], lang),
                            "ref": f"{occurrence.text_id}:{occurrence.anchor}",
                            "href": self.href(occurrence, lang, root),
                            "snippet": _snippet(text),
                            "lang": text_lang,
                        }
                    )
                by_text: dict[str, list[dict[str, str]]] = {}
                for passage in passages:
                    by_text.setdefault(str(passage["text_id"]), []).append(passage)
                items.append(
                    {
                        "id": entity.id,
                        "name": label,
                        "other_names": _other_names(entity, label),
                        "note": entity.description(lang)[0],
                        "note_lang": entity.description(lang)[1],
                        "date": i18n.date(entity.date, lang) if entity.date else None,
                        "texts": by_text,
                        "count": len(passages),
                    }
                )
            if items:
                groups.append({"kind": kind, "label": kind_labels[kind], "entries": items})
        return groups

    def timeline(self, lang: str, root: str) -> dict[str, object]:
        """Claims grouped by event (with disagreements), then every dated statement in order."""
        _ = i18n.gettext_for(lang)
        events = []
        claims: dict[str, list[tuple[DateMark, str]]] = defaultdict(list)
        for mark, text_id in self.dated:
            if mark.about and mark.about in self.entities:
                claims[mark.about].append((mark, text_id))
        for entity_id, found in claims.items():
            entity = self.entities[entity_id]
            rows = []
            for mark, text_id in sorted(found, key=lambda pair: pair[0].when):
                occurrence = Occurrence(text_id, mark.unit_id, mark.sentence_id)
                text, text_lang = self.sentence_text(occurrence, lang)
                rows.append(
                    {
                        "when": mark.when,
                        "date": _date_label(mark, lang),
                        "as_printed": mark.text,
                        "title": _short_title(self.texts[text_id], lang),
                        "href": self.href(occurrence, lang, root),
                        "ref": f"{text_id}:{occurrence.anchor}",
                        "snippet": _snippet(text),
                        "lang": text_lang,
                    }
                )
            points = sorted({str(r["when"]) for r in rows if "–" not in str(r["date"])})
            # A coarser date agrees with a finer one it contains (1921-03 with 1921-03-16);
            # the dates of a period's parts (aid deliveries) are not rival claims.
            distinct = [] if entity.end else _incompatible(points)
            figures, totals = self.figures_of(entity_id, lang, root)
            events.append(
                {
                    "id": entity_id,
                    "name": entity.name(lang),
                    "date": i18n.date(entity.date, lang) if entity.date else None,
                    "sort": entity.date or (rows[0]["when"] if rows else "9999"),
                    "claims": rows,
                    "disagree": len(distinct) > 1,
                    "dates": [i18n.date(d, lang) for d in distinct],
                    "figures": figures,
                    "totals": totals,
                }
            )
        events.sort(key=lambda e: str(e["sort"]))
        chronology = []
        for mark, text_id in sorted(self.dated, key=lambda pair: (pair[0].when, pair[1])):
            occurrence = Occurrence(text_id, mark.unit_id, mark.sentence_id)
            text, text_lang = self.sentence_text(occurrence, lang)
            chronology.append(
                {
                    "when": mark.when,
                    "date": _date_label(mark, lang),
                    "title": _short_title(self.texts[text_id], lang),
                    "href": self.href(occurrence, lang, root),
                    "ref": f"{text_id}:{occurrence.anchor}",
                    "snippet": _snippet(text),
                    "lang": text_lang,
                    "about": self.entities[mark.about].name(lang)
                    if mark.about in self.entities
                    else None,
                }
            )
        return {"events": events, "chronology": chronology}

    def figures_of(
        self, entity_id: str, lang: str, root: str
    ) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        """The figures the sources give for an event, and the totals they can be compared by.

        Like is compared with like: a figure of one kind (gold rubles, rifles) is a
        rival of another source's only when both are totals, that is, given in an
        inventory (one statement listing three or more kinds of aid); a promise, a
        shipment or a donation of the same kind is listed, never set against them.
        An ordinal ("18th") is not a quantity and is left out.
        """
        found = [
            (kind, value, printed, occurrence, text_id)
            for (about, kind), items in self.figures.items()
            if about == entity_id
            for value, printed, occurrence, text_id in items
            if not is_ordinal(printed)
        ]
        kinds_per_statement: dict[tuple[str, str], set[str]] = defaultdict(set)
        for kind, _value, _printed, occurrence, text_id in found:
            kinds_per_statement[(text_id, occurrence.anchor)].add(kind)
        figures: dict[str, dict[str, list[dict[str, str]]]] = {}
        inventory: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(dict)
        for kind, value, printed, occurrence, text_id in found:
            claim = {
                "value": value,
                "number": _number(value, lang),
                "printed": printed,
                "title": _short_title(self.texts[text_id], lang),
                "href": self.href(occurrence, lang, root),
                "ref": f"{text_id}:{occurrence.anchor}",
            }
            figures.setdefault(kind, {}).setdefault(value, []).append(claim)
            if len(kinds_per_statement[(text_id, occurrence.anchor)]) >= 3:
                inventory[kind].setdefault(text_id, []).append(claim)
        listed: list[dict[str, object]] = [
            {
                "kind": kind,
                "label": figure_label(kind, lang),
                "amounts": [
                    {"number": claims[0]["number"], "claims": claims}
                    for _value, claims in sorted(
                        values.items(), key=lambda item: -float(item[0] or 0)
                    )
                ],
            }
            for kind, values in sorted(
                figures.items(), key=lambda item: figure_label(item[0], lang)
            )
        ]
        totals: list[dict[str, object]] = []
        for kind, by_text in sorted(
            inventory.items(), key=lambda item: figure_label(item[0], lang)
        ):
            if len(by_text) < 2:
                continue
            values = {frozenset(c["value"] for c in claims) for claims in by_text.values()}
            totals.append(
                {
                    "kind": kind,
                    "label": figure_label(kind, lang),
                    "claims": [c for claims in by_text.values() for c in claims],
                    "disagree": len(values) > 1,
                }
            )
        return listed, totals


#: What a figure counts (num/@type), in the words of each interface language.
FIGURE_KINDS = {
    "gold-rubles": ("gold rubles", "altın ruble", "золотые рубли"),
    "gold-bullion": (
        "gold bullion (value)",
        "külçe altın (değeri)",
        "золото в слитках (стоимость)",
    ),
    "gold-lira": ("Ottoman gold lira", "Osmanlı altın lirası", "османские золотые лиры"),
    "gold-kg": ("gold (kg)", "altın (kg)", "золото (кг)"),
    "lira": ("Turkish lira", "Türk lirası", "турецкие лиры"),
    "rifles": ("rifles", "tüfek", "винтовки"),
    "machine-guns": ("machine guns", "makineli tüfek", "пулемёты"),
    "cannons": ("cannons", "top", "орудия"),
    "bomb-cannons": ("bomb cannons", "bomba topu", "бомбомёты"),
    "shells": ("shells", "top mermisi", "снаряды"),
    "bullets": ("cartridges", "fişek", "патроны"),
    "bullet-chests": ("chests of cartridges", "sandık fişek", "ящики патронов"),
    "bullet-capsule-chests": (
        "chests of cartridge primers",
        "sandık fişek kapsülü",
        "ящики капсюлей",
    ),
    "shell-casing-chests": ("chests of cartridge cases", "sandık fişek kovanı", "ящики гильз"),
    "tool-chests": ("chests of tools", "sandık alet", "ящики инструментов"),
    "grenades": ("grenades", "el bombası", "гранаты"),
    "grenade-chests": ("chests of grenades", "sandık el bombası", "ящики гранат"),
    "grenade-boxes": ("boxes of grenades", "kutu el bombası", "коробки гранат"),
    "swords": ("swords", "kılıç", "сабли"),
    "gunpowder-chests": ("chests of gunpowder", "sandık barut", "ящики пороха"),
    "patrol-boats": ("patrol boats", "devriye botu", "сторожевые катера"),
    "powder-factories": ("powder factories", "barut fabrikası", "пороховые заводы"),
}


def figure_label(kind: str, lang: str) -> str:
    """``gold-rubles`` → "gold rubles" (tr "altın ruble"); an unknown kind reads as its words."""
    names = FIGURE_KINDS.get(kind)
    if names is None:
        return kind.replace("-", " ")
    return names[LANGUAGES.index(lang)] if lang in LANGUAGES else names[0]


_ORDINAL = re.compile(
    r"^\d+(?:\s*(?:st|nd|rd|th)|\.|-?(?:й|я|е|го|му|м|х|ый|ой|ий))$", re.IGNORECASE
)


def is_ordinal(printed: str) -> bool:
    """Whether a printed number is an ordinal (a rank, not a quantity).

    >>> [is_ordinal(p) for p in ("18th", "1st", "18.", "18-й", "18", "10,000,000", "one million")]
    [True, True, True, True, False, False, False]
    """
    return bool(_ORDINAL.match(printed.strip()))


def _number(value: str, lang: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    return i18n.number(int(number) if number.is_integer() else number, lang)


def _incompatible(dates: list[str]) -> list[str]:
    """The dates that some other date contradicts (neither contains the other)."""
    clashing = {
        a for a in dates for b in dates if a != b and not a.startswith(b) and not b.startswith(a)
    }
    return sorted(clashing)


def _date_label(mark: DateMark, lang: str) -> str:
    """A date or a range (from–to) in the words of ``lang``."""
    if mark.end:
        return f"{i18n.date(mark.when, lang)}–{i18n.date(mark.end, lang)}"
    return i18n.date(mark.when, lang)


def _nums(content: tuple[object, ...], sentence_id: str | None):  # type: ignore[no-untyped-def]
    from reader.model import Link, Span

    for node in content:
        if isinstance(node, Sentence):
            yield from _nums(node.children, node.id or sentence_id)
        elif isinstance(node, Span):
            if node.tag == "num":
                yield node, sentence_id
            yield from _nums(node.children, sentence_id)
        elif isinstance(node, Link):
            yield from _nums(node.children, sentence_id)


def _other_names(entity: Entity, shown: str) -> list[tuple[str, str]]:
    """Other names and spellings of an entity, each with its language."""
    pairs = {(name, lang) for lang, name in entity.names.items()}
    pairs |= {(name, lang) for lang, names in entity.variants.items() for name in names}
    kept = sorted(
        ((name, lang) for name, lang in pairs if name != shown and "'" not in name),
        key=lambda pair: (pair[1] != "en", pair[0].casefold(), pair[0], pair[1]),
    )
    return kept[:14]


def _position(aligned: AlignedText, unit_id: str) -> int:
    order = list(aligned.source.units)
    return order.index(unit_id) if unit_id in order else len(order)


def _short_title(aligned: AlignedText, lang: str) -> str:
    authors = aligned.source.header.authors
    name = (
        authors[0].name.split()[-1]
        if authors and not authors[0].is_org
        else aligned.source.header.short_title
    )
    year = aligned.source.header.publication.year
    return f"{name} {year}" if year else name


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"


__all__ = ["CrossIndex", "Note", "Unit", "alphabet_sorted"]
