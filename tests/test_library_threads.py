"""The library shared between threads: every answer is the single-threaded one.

Each trial opens a fresh library (so that first use of every text and every
translation happens under contention), starts eight threads at a barrier and
has each ask the same mixed list of calls in its own order: passages in every
language and spelling (``TEXT:REF``, CTS URNs, the default language), ranges,
parallels, refs, and a few calls that must fail. Every answer, and every
error message, is compared with the answer of a single-threaded library.

The last trial uses a cache of 32 passages, so that passages are dropped and
built again while other threads read them.

The interpreter is made to switch threads every microsecond while the
threads run, so that a race shows in a few trials rather than in production.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import reader
from reader import refs as reader_refs
from tests.conftest import ROOT

THREADS = 8
TRIALS = 4

Call = tuple[str, tuple[Any, ...]]


def _answer(lib: reader.Library, call: Call) -> object:
    """What ``call`` gives on ``lib``, as plain data (or the error it raises)."""
    method, args = call
    try:
        result = getattr(lib, method)(*args)
    except reader.ReaderError as exc:
        return ("error", type(exc).__name__, str(exc))
    if isinstance(result, reader.Passage):
        return result.model_dump(exclude={"cited"})
    if isinstance(result, reader.Parallel):
        return [p.model_dump(exclude={"cited"}) for p in result.passages]
    if isinstance(result, list) and result and isinstance(result[0], reader.Passage):
        return [p.model_dump(exclude={"cited"}) for p in result]
    return result


def _calls() -> list[Call]:
    """A mixed list: every unit and a share of the sentences, in every language and spelling."""
    lib = reader.load(ROOT)
    calls: list[Call] = []
    rng = random.Random(12)
    for text_id in lib.text_ids():
        languages = lib.aligned(text_id).languages
        units = lib.refs(text_id, "unit")
        sentences = lib.refs(text_id, "sentence")
        for ref in units + rng.sample(sentences, min(len(sentences), 60)):
            calls.append(("passage", (ref,)))
            for lang in languages:
                calls.append(("passage", (ref, lang)))
                parsed = reader_refs.parse(ref)
                calls.append(("passage", (reader_refs.urn(parsed, lang),)))
        paragraphs = lib.refs(text_id, "paragraph")
        first, last = paragraphs[0].split(":")[1], paragraphs[min(4, len(paragraphs) - 1)]
        for lang in languages:
            calls.append(("passages", (f"{text_id}:{first}-{last.split(':')[1]}", lang)))
        calls.append(("parallel", (paragraphs[-1],)))
        calls.append(("refs", (text_id, "sentence")))
        calls.append(("passage", (f"{text_id}:p999", "tr")))
        calls.append(("passage", (paragraphs[0], "de")))
    calls.append(("passage", ("urn:cts:sovturk:karakus.x7:p12",)))
    return calls


@contextmanager
def _switching_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _run_threads(work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    with _switching_often():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


@pytest.fixture(scope="module")
def expected() -> tuple[list[Call], list[object]]:
    calls = _calls()
    single = reader.load(ROOT)
    return calls, [_answer(single, call) for call in calls]


def _trial(
    lib: reader.Library, calls: list[Call], answers: list[object], seed: int
) -> tuple[list[tuple[Call, str]], list[tuple[Call, object, object]]]:
    """Eight threads ask every call in their own order; the exceptions and the wrong answers."""
    barrier = threading.Barrier(THREADS)
    wrong: list[tuple[Call, object, object]] = []
    crashed: list[tuple[Call, str]] = []

    def work(index: int) -> None:
        order = list(range(len(calls)))
        random.Random(seed * 100 + index).shuffle(order)
        barrier.wait()
        for position in order:
            try:
                got = _answer(lib, calls[position])
            except Exception as exc:  # anything but a ReaderError is a race
                crashed.append((calls[position], repr(exc)))
                continue
            if got != answers[position]:
                wrong.append((calls[position], got, answers[position]))

    _run_threads(work)
    return crashed, wrong


def test_threads_sharing_a_fresh_library_get_the_single_threaded_answers(
    expected: tuple[list[Call], list[object]],
) -> None:
    calls, answers = expected
    for trial in range(TRIALS):
        # The last trial with a small cache: passages are dropped and built
        # again while other threads read them.
        lib = reader.load(ROOT, cache_size=32) if trial == TRIALS - 1 else reader.load(ROOT)
        crashed, wrong = _trial(lib, calls, answers, trial)
        assert not crashed, f"trial {trial}: {len(crashed)} exception(s), e.g. {crashed[:3]}"
        assert not wrong, f"trial {trial}: {len(wrong)} wrong answer(s), e.g. {wrong[0][0]}"
        # Asked again afterwards, single-threaded: nothing wrong was kept.
        assert [_answer(lib, call) for call in calls] == answers


LANGS = ("en", "tr", "ru", "tr", "ru", "en", "tr", "ru")


def _first_use(lib: reader.Library) -> tuple[list[str], dict[int, object]]:
    """Eight threads ask chicherin:p18, each in one of LANGS; the errors and the answers."""
    barrier = threading.Barrier(THREADS)
    crashed: list[str] = []
    got: dict[int, object] = {}

    def work(index: int) -> None:
        barrier.wait()
        try:
            got[index] = _answer(lib, ("passage", ("chicherin:p18", LANGS[index])))
        except Exception as exc:
            crashed.append(repr(exc))

    _run_threads(work)
    return crashed, got


def test_concurrent_first_use_of_one_passage_reads_each_file_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The issue's case: eight threads ask chicherin:p18 in mixed languages on a fresh library."""
    import reader.library as library_module

    single = reader.load(ROOT)
    expected = {lang: _answer(single, ("passage", ("chicherin:p18", lang))) for lang in LANGS}
    after = _answer(single, ("passage", ("chicherin:p17", "tr")))
    real_read = library_module.read
    reads: list[str] = []
    counted = threading.Lock()

    def counting_read(path: Any) -> Any:
        with counted:
            reads.append(str(path))
        return real_read(path)

    monkeypatch.setattr(library_module, "read", counting_read)
    for trial in range(10):
        reads.clear()
        lib = reader.load(ROOT)
        crashed, got = _first_use(lib)
        assert not crashed, f"trial {trial}: {crashed}"
        assert [got[index] for index in range(THREADS)] == [expected[lang] for lang in LANGS]
        assert _answer(lib, ("passage", ("chicherin:p17", "tr"))) == after
        assert sorted(reads) == sorted(set(reads)), f"a file was read twice: {sorted(reads)}"
        assert len(reads) == 3  # the source and its two translations
