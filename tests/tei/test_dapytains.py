"""Another client reads our passages: MyDapytains on the TEI files as they are.

``dapytains`` (the parser of the DTS reference implementation) reads each
file's ``refsDecl/citeStructure`` and resolves references itself, with Saxon.
For all fifteen texts and translations: its citation tree is our DTS API's
(every unit and sentence, in order), and the passage it extracts for every
unit, and for every third sentence, has the text our library gives for it
(the units' passages hold every word; the sentences check where they part).

The comparison ignores whitespace (dapytains rebuilds a passage by copying
nodes) and, as our passages do, the bodies of notes called inside a passage
and the editor's corrections (``corr``; the source's reading ``sic`` counts).
A note that a translation leaves in the original (``copyOf``) holds no text
in the file; the library serves the original there, so it is not compared.
"""

from __future__ import annotations

import logging
import shutil
import unicodedata
from pathlib import Path

import pytest
from dapytains.tei.document import Document
from lxml import etree

import reader
from reader.align import load_aligned
from reader.corpus import Corpus
from reader.render.api import dts
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus, read by both sides (translators keep editing the real one)."""
    root = tmp_path_factory.mktemp("corpus")
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, root / part)
    return root


@pytest.fixture(scope="module")
def ours(snapshot: Path) -> reader.Library:
    return reader.load(snapshot)


def versions(snapshot: Path) -> list[tuple[str, str, Path]]:
    corpus = Corpus.open(snapshot)
    found = []
    for text_id in corpus.text_ids():
        found.append((text_id, "", corpus.source_path(text_id)))
        found += [(text_id, lang, corpus.translation_path(text_id, lang)) for lang in ("tr", "ru")]
    return found


def flat(units: list) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for unit in units:
        out.append(unit.ref)
        out += flat(unit.children)
    return out


def words(passage: etree._Element, ref: str) -> str:
    """The text of the cited element in a passage dapytains returns (notes inside left out)."""
    (cited,) = passage.xpath("//*[@xml:id=$ref]", ref=ref)
    parts: list[str] = []

    def walk(element: etree._Element, top: bool) -> None:
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name and not ((name == "note" and not top) or name == "corr"):
            parts.append(element.text or "")
            for child in element.iterchildren():  # objectify: iter() would walk siblings
                walk(child, False)
        if not top:
            parts.append(element.tail or "")

    walk(cited, True)
    return "".join(unicodedata.normalize("NFC", "".join(parts)).split())


def squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def test_dapytains_reads_every_file_and_agrees_with_our_api(
    snapshot: Path, ours: reader.Library
) -> None:
    logging.getLogger("dapytains").setLevel(logging.CRITICAL)
    compared = {"unit": 0, "sentence": 0, "left in the original": 0}
    files = versions(snapshot)
    assert len(files) == 15
    for text_id, lang, path in files:
        document = Document(str(path))
        references = flat(document.get_reffs())
        aligned = load_aligned(Corpus.open(snapshot), text_id)
        version = dts.read_version(aligned, lang or aligned.source.lang)
        assert references == [n.identifier for n in version.nodes[None]], path.name
        tree = etree.parse(str(path))
        sentences = [r for r in references if "." in r]
        chosen = [r for r in references if "." not in r] + sentences[::3] + sentences[-1:]
        for ref in dict.fromkeys(chosen):
            if tree.xpath("//*[@xml:id=$ref]/@copyOf", ref=ref):
                compared["left in the original"] += 1
                continue
            theirs = words(document.get_passage(ref), ref)
            passage = ours.passage(f"{text_id}:{ref}", lang or None)
            assert theirs == squeezed(passage.text), (path.name, ref)
            compared["sentence" if "." in ref else "unit"] += 1
    print(f"dapytains and the library agree on {compared}")
    assert compared["unit"] >= 550 and compared["sentence"] >= 650, compared
