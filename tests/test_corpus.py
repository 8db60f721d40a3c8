"""The encoding is faithful to the seeds: every word survives, page-break repairs hold.

These tests read ../shared/seeds and skip (saying why) where it is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.model import Note, Unit, iter_blocks, note_calls, plain_text
from reader.tei import load, read
from reader.tei.read import repairs
from tests.conftest import SEED_FILES, TEXT_IDS
from tests.support.wordcheck import missing_words

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TERMINAL = tuple('.!?:"”»)ʺ]')
#: Lines that end without final punctuation but are not split paragraphs.
NOT_SPLIT = {
    "chicherin": [
        "arising from the treaty,",
        "Home Page",
        "1941Concentrated on 1st and 2nd WW",
        "and India.",
    ],
    "karakus": ["Armanian Issue", "Ermeni Meselesi"],
}


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_word_of_the_seed_is_in_the_xml(text_id: str, seeds: Path, corpus: Corpus) -> None:
    missing = missing_words(corpus.source_path(text_id), seeds / SEED_FILES[text_id])
    assert dict(missing) == {}


def _norm(text: str) -> str:
    text = re.sub(r"</?sup>|\[\d+\]|[" + SUPERSCRIPT + "]+", " ", text)
    text = re.sub(r"[*#]+", " ", text)
    return " ".join(text.split())


def _is_note_block(block: str) -> bool:
    return bool(re.match(rf"^(\s*[{SUPERSCRIPT}]|<sup>|---|\*cm\.|1 from September)", block))


def page_breaks(seed_text: str, text_id: str) -> list[tuple[str, str]]:
    """(end of the first half, start of the second) for each paragraph a break split."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n(?=\S)", seed_text) if b.strip()]
    breaks = []
    for index, block in enumerate(blocks):
        if (
            _is_note_block(block)
            or _norm(block).endswith(TERMINAL)
            or block.startswith(("#", "-", "*"))
        ):
            continue
        if re.match(r"^\d+-\S", block):  # a numbered section heading (karakus)
            continue
        if any(block.endswith(n) for n in NOT_SPLIT.get(text_id, [])):
            continue
        following = [b for b in blocks[index + 1 :] if not _is_note_block(b)]
        if not following or len(block.split()) < 8:
            continue
        head_words = _norm(block).split()[-3:]
        tail_words = _norm(following[0]).split()[:3]
        breaks.append((" ".join(head_words), " ".join(tail_words)))
    return breaks


@pytest.mark.parametrize(
    ("text_id", "at_least"), [("karakus", 10), ("xoshgedem", 9), ("chicherin", 1)]
)
def test_paragraphs_split_by_page_breaks_are_one_paragraph(
    text_id: str, at_least: int, seeds: Path, corpus: Corpus
) -> None:
    seed_text = (seeds / SEED_FILES[text_id]).read_text(encoding="utf-8")
    breaks = page_breaks(seed_text, text_id)
    assert len(breaks) >= at_least, breaks
    document = read(corpus.source_path(text_id))
    unit_texts = [" ".join(plain_text(u.content).split()) for u in document.units.values()]
    for before, after in breaks:
        # A word hyphenated across the break is joined; otherwise a space.
        joined = before[:-1] + after if before.endswith("-") else f"{before} {after}"
        assert any(joined in text for text in unit_texts), f"not rejoined: {before!r} / {after!r}"


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_hyphenated_words_are_joined(text_id: str, corpus: Corpus) -> None:
    tree = load(corpus.source_path(text_id))
    document = read(corpus.source_path(text_id))
    body = " ".join(" ".join(plain_text(u.content).split()) for u in document.units.values())
    for kind, n, joined in repairs(tree.getroot()):
        if kind != "hyphenation":
            continue
        left, _, right = n.partition("|")
        assert joined in body, n
        assert f"{left} {right}" not in body


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_note_bodies_stand_at_their_calls_not_between_paragraphs(
    text_id: str, corpus: Corpus
) -> None:
    document = read(corpus.source_path(text_id))
    paragraphs = [
        " ".join(plain_text(u.content).split())
        for u in document.units.values()
        if u.tag == "p" and not isinstance(u, Note)
    ]
    units = [b for b in iter_blocks(document.blocks) if isinstance(b, Unit)]
    called = {
        call.note_id
        for unit in [*units, *document.notes.values()]
        for call in note_calls(unit.content)
    }
    for note_id, note in document.notes.items():
        assert note_id in called, f"{text_id}: note {note_id} is not called anywhere"
        body = " ".join(plain_text(note.content).split())
        if len(body) > 20:
            assert not any(body in p for p in paragraphs), f"{note_id} body sits in a paragraph"


def test_corpus_counts_are_what_the_closing_note_reports(corpus: Corpus) -> None:
    counts = {}
    for text_id in TEXT_IDS:
        document = read(corpus.source_path(text_id))
        counts[text_id] = (
            sum(1 for u in document.units if re.fullmatch(r"p\d+", u)),
            sum(1 for s in document.sentences if not re.match(r"\w+_[a-z]{2}\.", s)),
            len(document.notes),
        )
    assert all(p > 0 and s >= p for p, s, _ in counts.values()), counts


# ------------------------------------------------- which corpus opens (reader/corpus.py)


def test_in_a_checkout_the_default_corpus_is_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader import corpus as corpus_module
    from tests.conftest import ROOT

    monkeypatch.delenv("READER_CORPUS", raising=False)
    assert corpus_module.packaged_root() is None  # only a wheel carries reader/_corpus
    opened = Corpus.open()
    assert opened.root == ROOT and not opened.packaged


def test_READER_CORPUS_names_another_corpus(
    monkeypatch: pytest.MonkeyPatch, corpus_copy: Path
) -> None:
    monkeypatch.setenv("READER_CORPUS", str(corpus_copy))
    assert Corpus.open().root == corpus_copy


def test_a_package_without_corpus_outside_a_checkout_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader import corpus as corpus_module
    from reader.errors import CorpusError

    monkeypatch.delenv("READER_CORPUS", raising=False)
    monkeypatch.setattr(corpus_module, "checkout_root", lambda: None)
    with pytest.raises(CorpusError) as raised:
        Corpus.open()
    (problem,) = raised.value.problems
    assert problem.file == str(corpus_module.package_dir())
    assert "no corpus" in problem.message and "reader.load(PATH)" in problem.message


def test_the_packaged_corpus_is_read_only(
    monkeypatch: pytest.MonkeyPatch, corpus_copy: Path
) -> None:
    from reader import corpus as corpus_module
    from reader import ids
    from reader.errors import CorpusError

    # As if corpus_copy were reader/_corpus of an installed wheel.
    monkeypatch.setattr(corpus_module, "packaged_root", lambda: corpus_copy)
    monkeypatch.delenv("READER_CORPUS", raising=False)
    packaged = Corpus.open()
    assert packaged.root == corpus_copy and packaged.packaged
    assert Corpus.open(corpus_copy / "texts" / "..").packaged  # the same place, named otherwise
    registry = corpus_copy / "texts" / "ids.json"
    before = registry.read_bytes()
    with pytest.raises(CorpusError, match="read-only"):
        ids.register(packaged)
    with pytest.raises(CorpusError, match="read-only"):
        ids.revise(packaged, "karakus", "p12", "a test")
    assert registry.read_bytes() == before


def test_a_package_imported_from_a_zip_says_its_corpus_cannot_be_read(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    from tests.conftest import ROOT

    archive = tmp_path / "reader.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in (ROOT / "reader").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                bundle.write(path, path.relative_to(ROOT))
        for path in (ROOT / "texts").glob("*.xml"):
            bundle.write(path, f"reader/_corpus/texts/{path.name}")
    script = (
        "import reader\n"
        "assert '.zip' in reader.__file__, reader.__file__\n"
        "try:\n"
        "    reader.load()\n"
        "except reader.CorpusError as exc:\n"
        "    print(exc.problems[0])\n"
        f"print(reader.load({str(ROOT)!r}).text_ids())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(archive), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    message, opened = done.stdout.splitlines()
    assert message.startswith(f"{archive}/reader/_corpus")
    assert "not on the file system" in message
    assert opened == repr(TEXT_IDS)
