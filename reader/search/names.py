"""Names from the authority file: a query that names an entity also runs its other names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from reader.entities import Entity
from reader.search.analysis import fold, is_latin, tokens


def name_words(name: str) -> tuple[str, ...]:
    return tuple(word for word, _start, _end in tokens(name))


def entity_name_table(entities: Mapping[str, Entity]) -> dict[str, list[tuple[str, ...]]]:
    """Entity id → its names as word tuples, the shortest that cover the others.

    A name whose folded words include all the words of another of the same
    entity's names adds nothing to a search for that entity ("Georgy
    Chicherin" is found wherever "Chicherin" is), so it is left out.

    >>> from reader.entities import Entity
    >>> table = entity_name_table({"c": Entity("c", "person", {"en": "Georgy Chicherin",
    ...     "tr": "Georgi Çiçerin", "ru": "Г.В. Чичерин"}, {"en": ("Chicherin",),
    ...     "tr": ("Çiçerin", "Çiçerin'in"), "ru": ("Чичерин", "Чичерина")})})
    >>> [" ".join(words) for words in table["c"]]
    ['Chicherin', 'Çiçerin', 'Чичерин', 'Чичерина']
    """
    table: dict[str, list[tuple[str, ...]]] = {}
    for entity_id, entity in entities.items():
        names: dict[tuple[str, ...], tuple[str, ...]] = {}
        # A fixed language order: which spelling stands for a folded name must not
        # depend on set iteration (hash randomisation would change the output).
        for lang in sorted(entity.names.keys() | entity.variants.keys()):
            forms = [entity.names[lang]] if lang in entity.names else []
            for name in [*forms, *entity.variants.get(lang, ())]:
                words = name_words(name)
                if words:
                    names.setdefault(tuple(fold(w) for w in words), words)
        kept = [
            words
            for folded, words in names.items()
            if not any(set(other) < set(folded) for other in names if other != folded)
        ]
        table[entity_id] = sorted(kept, key=lambda words: (len(words), _script(words), words))
    return table


def name_languages(entities: Mapping[str, Entity]) -> dict[str, dict[tuple[str, ...], list[str]]]:
    """Entity id → folded name (words) → the languages that give it (as name or variant).

    A query naming an entity runs each other name in the languages of that
    name only: every mention of an entity in a text is marked, so a passage in
    another language that speaks of the entity is found through its marks.

    >>> from reader.entities import Entity
    >>> name_languages({"k": Entity("k", "place", {"en": "Kars", "tr": "Kars", "ru": "Карс"})})
    {'k': {('kars',): ['en', 'tr'], ('карс',): ['ru']}}
    """
    found: dict[str, dict[tuple[str, ...], list[str]]] = {}
    for entity_id, entity in entities.items():
        langs: dict[tuple[str, ...], list[str]] = {}
        for lang in sorted(entity.names.keys() | entity.variants.keys()):
            forms = [entity.names[lang]] if lang in entity.names else []
            for name in [*forms, *entity.variants.get(lang, ())]:
                words = tuple(fold(w) for w in name_words(name))
                if words and lang not in langs.setdefault(words, []):
                    langs[words].append(lang)
        found[entity_id] = langs
    return found


def _script(words: tuple[str, ...]) -> int:
    """Latin names first, then the rest (Cyrillic), for a stable order."""
    return 0 if is_latin(fold("".join(words))) else 1


def names_index(entities: Mapping[str, Entity]) -> dict[tuple[str, ...], set[str]]:
    """Every name and variant of every entity, as folded words → the entities it names."""
    found: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entity_id, entity in entities.items():
        for name in entity.all_names():
            words = tuple(fold(w) for w in name_words(name))
            if words:
                found[words].add(entity_id)
    return dict(found)


def name_span(
    words: Sequence[str], names: Mapping[tuple[str, ...], set[str]]
) -> tuple[int, int, set[str]] | None:
    """The longest run of query words (leftmost first) that is a name in the authority file."""
    folded = tuple(fold(w) for w in words)
    for length in range(len(folded), 0, -1):
        for start in range(0, len(folded) - length + 1):
            found = names.get(folded[start : start + length])
            if found:
                return start, start + length, set(found)
    return None


__all__ = ["entity_name_table", "name_languages", "name_span", "name_words", "names_index"]
