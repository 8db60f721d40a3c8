"""Check that every word of a seed capture survives into its TEI encoding.

The comparison is a multiset of word tokens: each word of the seed must occur
in the XML at least as often as in the seed. What may legitimately differ is
declared in the TEI header of the text itself, so the check needs no per-text
configuration:

* ``sourceDesc/bibl[@type='capture']/note[@type='chrome']//item``: lines of the
  capture removed as site chrome (matched after stripping whitespace);
* bracketed note markers (``[1]``) are dropped from the seed: they are
  ``note/@n`` in the XML; note, item and comment numbers (``@n``) count as
  XML words;
* the repairs of ``editorialDecl/correction`` of kind ``hyphenation``
  (``<item ana="#hyphenation" n="So-|viet">``): a word split across a page
  break, joined in the XML.

Note markers (``[1]``, superscript digits, ``<sup>1</sup>``) and Markdown
syntax are markup in the XML, so they are stripped from the seed; note and
item numbers (``@n``) count as XML words.

Usage: python -m tests.support.wordcheck texts/ID.xml SEED.txt
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from lxml import etree

from reader.tei.read import repairs

TEI = "{http://www.tei-c.org/ns/1.0}"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Split text into word tokens, NFC-normalised."""
    return WORD.findall(unicodedata.normalize("NFC", text))


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def declared_chrome(tree: etree._ElementTree) -> list[str]:
    path = f".//{TEI}sourceDesc/{TEI}bibl[@type='capture']/{TEI}note[@type='chrome']//{TEI}item"
    return ["".join(item.itertext()).strip() for item in tree.iterfind(path)]


def declared_joins(tree: etree._ElementTree) -> list[tuple[str, str, str]]:
    """(left, right, joined) for each hyphenation repair."""
    joins = []
    for kind, n, joined in repairs(tree.getroot()):
        if kind == "hyphenation":
            left, _, right = n.partition("|")
            joins.append((left.rstrip("-‐"), right, joined))
    return joins


def seed_counter(seed_text: str, chrome: list[str]) -> Counter[str]:
    chrome_set = {c for c in chrome if c}
    kept = [line for line in seed_text.splitlines() if line.strip() not in chrome_set]
    text = "\n".join(kept)
    text = re.sub(r"</?sup>", " ", text)
    # Bracketed note markers ([1]) stand at the call and again before the note
    # body; both are markup (note/@n) in the XML.
    text = re.sub(r"\[\d+\]", " ", text)
    # Superscript note markers (karakus) likewise, at the call and before the body.
    text = re.sub(f"[{SUPERSCRIPTS}]+", " ", text)
    return Counter(words(text))


#: Phrase elements that may cut a word in two (``<placeName>Russia</placeName>ʹs``):
#: their boundaries are not word boundaries. Not ``hi``: a superscript note marker
#: (``<hi rend="sup">1</hi>Footnote``) is a word boundary, as in the seed.
TRANSPARENT = {
    f"{TEI}{tag}"
    for tag in (
        "persName",
        "placeName",
        "orgName",
        "name",
        "rs",
        "date",
        "num",
        "seg",
        "q",
        "foreign",
    )
}


def _flatten(element: etree._Element, out: list[str]) -> None:
    out.append(element.text or "")
    for child in element:
        if not isinstance(child.tag, str):
            out.append(child.tail or "")
            continue
        boundary = "" if child.tag in TRANSPARENT else " "
        out.append(boundary)
        _flatten(child, out)
        out.append(boundary)
        out.append(child.tail or "")


def xml_counter(tree: etree._ElementTree) -> Counter[str]:
    root = tree.getroot()
    parts: list[str] = []
    _flatten(root, parts)
    counter: Counter[str] = Counter(words("".join(parts)))
    note_numbers = {
        note.get("{http://www.w3.org/XML/1998/namespace}id"): note.get("n", "")
        for note in root.iter(f"{TEI}note")
    }
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in (f"{TEI}note", f"{TEI}item", f"{TEI}div") and element.get("n"):
            counter.update(words(element.get("n", "")))
        if element.tag == f"{TEI}ptr" and element.get("type") == "noteref":
            counter.update(words(note_numbers.get(element.get("target", "").lstrip("#"), "")))
    return counter


def missing_words(xml_path: Path, seed_path: Path) -> Counter[str]:
    tree = etree.parse(str(xml_path), _safe_parser())
    seed = seed_counter(seed_path.read_text(encoding="utf-8"), declared_chrome(tree))
    for left, right, joined in declared_joins(tree):
        for part in words(left) + words(right):
            if seed[part] > 0:
                seed[part] -= 1
        seed.update(words(joined))
    return +(seed - xml_counter(tree))


def main(argv: list[str]) -> int:
    xml_path, seed_path = Path(argv[0]), Path(argv[1])
    missing = missing_words(xml_path, seed_path)
    if not missing:
        print(f"{xml_path}: every word of {seed_path.name} is present")
        return 0
    for word, count in sorted(missing.items()):
        print(f"{xml_path}: missing {count}× {word!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
