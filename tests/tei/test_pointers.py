"""Pointers that resolve where they stand: every pointer of every file, under TEI's rules.

Each pointer is resolved from the file it is in (reader.tei.pointers: ``#id``
in that file; ``corpus:…`` through that file's own prefixDef, relative to that
file) and the element it names is looked up in the file it names, read here
with lxml, independently of the validator. Which attributes are pointers is
TEI's to say: tei_all types them ``anyURI`` (teidata.pointer).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from reader.corpus import Corpus
from reader.tei.pointers import (
    POINTER_ATTRIBUTES,
    Target,
    inside,
    pointers,
    prefix_defs,
    resolve,
)
from reader.tei.xml import XML_ID, load
from reader.validate import check_paths
from tests.conftest import ROOT, ROOTS
from tests.tei.conftest import CORPUS_FILES, GOOD, GOOD_FILES, SCHEMAS, label

RNG = "{http://relaxng.org/ns/structure/1.0}"


def _ids(path: Path) -> set[str]:
    return {e.get(XML_ID, "") for e in load(path).iter() if isinstance(e.tag, str)}


def resolve_all(files: list[Path], root: Path) -> tuple[Counter[str], list[str]]:
    """Resolve every pointer of ``files``: (counts by kind, what names nothing)."""
    counts: Counter[str] = Counter()
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for path in files:
        tree = load(path)
        defs = prefix_defs(tree.getroot())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in POINTER_ATTRIBUTES:
                for pointer in pointers(element.get(attribute)):
                    where = f"{label(path) if path.is_relative_to(ROOT) else path}:{element.sourceline}: @{attribute} {pointer}"
                    try:
                        target = resolve(pointer, path, defs)
                    except ValueError as exc:
                        broken.append(f"{where}: {exc}")
                        continue
                    if target.url is not None:
                        counts["web"] += 1
                        continue
                    named = target.path or path
                    if not inside(named, root) or not named.is_file():
                        broken.append(f"{where}: no file {named}")
                        continue
                    if target.fragment is not None:
                        if named not in ids:
                            ids[named] = _ids(named)
                        if target.fragment not in ids[named]:
                            broken.append(f"{where}: no xml:id {target.fragment} in {named.name}")
                            continue
                    kind = "local" if target.path is None else "corpus"
                    counts[f"{kind} {attribute}"] += 1
                    counts[kind] += 1
    return counts, broken


def test_every_pointer_of_every_file_resolves() -> None:
    counts, broken = resolve_all(CORPUS_FILES, ROOT)
    print(
        f"pointers resolved: {counts['local']} #id, {counts['corpus']} corpus:, web {counts['web']}"
    )
    assert broken == []
    translations = [p for p in CORPUS_FILES if p.parent.parent.name == "translations"]
    in_translations, _ = resolve_all(translations, ROOT)
    assert in_translations["corpus"] > 2768  # the count of corpus: pointers there
    for attribute in ("ref", "target", "corresp", "copyOf", "source"):
        assert counts[f"corpus {attribute}"] > 0, attribute


def test_the_good_fixtures_resolve_too() -> None:
    counts, broken = resolve_all(GOOD_FILES, GOOD)
    assert broken == []
    assert counts["corpus"] >= 8 and counts["local"] >= 5


def test_a_translation_resolves_corpus_pointers_from_where_it_stands() -> None:
    here = ROOT / "translations" / "tr" / "karakus.xml"
    defs = prefix_defs(load(here).getroot())
    assert resolve("corpus:entities#ankara", here, defs) == Target(
        ROOT / "texts" / "entities.xml", "ankara"
    )
    assert resolve("corpus:karakus#n3", here, defs) == Target(ROOT / "texts" / "karakus.xml", "n3")
    source = ROOT / "texts" / "karakus.xml"
    assert resolve("corpus:gusterin", source, prefix_defs(load(source).getroot())) == Target(
        ROOT / "texts" / "gusterin.xml", None
    )


def _pointer_attributes_of_tei() -> dict[str, set[str]]:
    """element → the attributes tei_all types as pointers (anyURI) on it."""
    grammar = etree.parse(str(SCHEMAS / "tei_all.rng")).getroot()
    defines: dict[str, list[etree._Element]] = {}
    for define in grammar.iter(f"{RNG}define"):
        defines.setdefault(define.get("name", ""), []).append(define)

    def is_pointer(node: etree._Element) -> bool:
        stack, seen = [node], set()
        while stack:
            for item in stack.pop().iter():
                if item.tag == f"{RNG}data" and item.get("type") == "anyURI":
                    return True
                if item.tag == f"{RNG}ref" and item.get("name") not in seen:
                    seen.add(item.get("name"))
                    stack += defines.get(item.get("name", ""), [])
        return False

    table: dict[str, set[str]] = {}
    for element in grammar.iter(f"{RNG}element"):
        found: set[str] = set()
        stack, seen = list(element), set()
        while stack:
            node = stack.pop()
            if node.tag == f"{RNG}element":
                continue
            if node.tag == f"{RNG}attribute":
                if is_pointer(node):
                    found.add(node.get("name", ""))
                continue
            if node.tag == f"{RNG}ref":
                if node.get("name") not in seen:
                    seen.add(node.get("name"))
                    stack += defines.get(node.get("name", ""), [])
                continue
            stack += list(node)
        table[element.get("name", "")] = found
    return table


def test_every_pointer_attribute_the_corpus_uses_is_checked() -> None:
    tei = _pointer_attributes_of_tei()
    used: set[tuple[str, str]] = set()
    for path in [*CORPUS_FILES, *GOOD_FILES]:
        for element in load(path).iter():
            if isinstance(element.tag, str):
                name = etree.QName(element).localname
                used |= {(name, a) for a in element.attrib if a in tei.get(name, set())}
    assert {attribute for _, attribute in used} <= set(POINTER_ATTRIBUTES), used
    assert ("persName", "ref") in used and ("item", "ana") in used


@pytest.mark.parametrize("case", ["bad-pointers"])
def test_pointers_that_name_nothing_get_their_messages(case: str) -> None:
    """Each broken pointer of a small corpus, with file, line and why (expected beside it)."""
    root = ROOTS / case
    corpus = Corpus.open(root)
    problems = check_paths(corpus.all_files(), corpus_ids=corpus.text_ids(), corpus_root=root)
    printed = [str(p).removeprefix(f"{root}/") for p in problems]
    expected = (root / "expected").read_text(encoding="utf-8").splitlines()
    assert printed == expected
