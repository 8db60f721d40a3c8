"""Rows of aligned sentence groups: how a paragraph is cut so both columns re-synchronise.

A printed parallel edition (reledpar's chunks, a Loeb's facing pages) does
not pair whole paragraphs: a long paragraph lets one column run pages ahead
of the other. The texts carry sentence ids and n:m alignments (every
translated sentence names the source sentences it renders), so a paragraph
can be cut between two source sentences wherever no sentence of any column
straddles the cut. :func:`groups` chooses such cuts every few sentences;
:func:`split_content` cuts the inline content of each column there (a phrase
that spans the cut, a quotation of several sentences, is closed before it
and opened again after it, so nothing is lost and nothing is doubled).

>>> from reader.model import Sentence, Span, Text
>>> content = (Sentence(id="p1.s1", renders=("p1.s1",), children=(Text(text="One."),)), Text(text=" "),
...            Span(tag="q", children=(Sentence(id="p1.s2", renders=("p1.s2",), children=(Text(text="Two."),)),
...                 Text(text=" "), Sentence(id="p1.s3", renders=("p1.s3",), children=(Text(text="Three."),)))))
>>> [len(piece) for piece in split_content(content, {"p1.s3"})]
[3, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import Inline, Link, NoteCall, Sentence, Span, Text, iter_sentences

#: A group is closed at the first allowed cut once one of its columns has this many characters.
TARGET_CHARS = 240


@dataclass(frozen=True)
class Group:
    """One row of a paragraph: the first source sentence, and per column the content."""

    first: str
    contents: tuple[tuple[Inline, ...], ...]


def allowed_cuts(source_ids: Sequence[str], renders: Sequence[Sequence[str]]) -> dict[int, int]:
    """Cuts after source sentence ``i`` that one column allows: ``i`` → sentences before it.

    ``renders`` lists, for each sentence of the column in order, the source
    sentences it renders (the source column renders itself). A cut after
    source sentence ``i`` is allowed when the column's first ``k`` sentences
    render only sentences up to ``i`` and the others only sentences after it.

    >>> allowed_cuts(["a", "b", "c"], [["a"], ["b", "c"]])
    {0: 1}
    >>> allowed_cuts(["a", "b", "c"], [["b"], ["a"], ["c"]])
    {1: 2}
    """
    index = {sid: i for i, sid in enumerate(source_ids)}
    spans: list[tuple[int, int]] = []
    previous = (0, 0)
    for rendered in renders:
        known = [index[r] for r in rendered if r in index]
        previous = (min(known), max(known)) if known else (previous[1], previous[1])
        spans.append(previous)
    cuts: dict[int, int] = {}
    for k in range(1, len(spans)):
        before = max(end for _, end in spans[:k])
        after = min(start for start, _ in spans[k:])
        if before < after:
            cuts[before] = k
    return cuts


def groups(columns: Sequence[tuple[Inline, ...]], source_ids: Sequence[str]) -> list[Group]:
    """Cut each column's content into rows of a few aligned sentences.

    ``columns`` is the content of one unit in each column; a column whose
    sentences render source ids it does not share (another text, no
    alignment) is never cut, and neither then are the others.
    """
    sentences = [list(iter_sentences(content)) for content in columns]
    if len(source_ids) < 2 or any(len(s) == 0 for s in sentences):
        return [Group(source_ids[0] if source_ids else "", tuple(columns))]
    per_column = [
        allowed_cuts(source_ids, [s.renders or (s.id or "",) for s in ss]) for ss in sentences
    ]
    common = sorted(set.intersection(*(set(c) for c in per_column)))
    if not common:
        return [Group(source_ids[0], tuple(columns))]
    lengths = [[_chars(s) for s in ss] for ss in sentences]
    chosen: list[int] = []
    start_k = [0] * len(columns)
    for cut in common:
        if cut >= len(source_ids) - 1:
            continue
        size = max(sum(lengths[c][start_k[c] : per_column[c][cut]]) for c in range(len(columns)))
        rest = max(sum(lengths[c][per_column[c][cut] :]) for c in range(len(columns)))
        if size >= TARGET_CHARS and rest >= TARGET_CHARS // 3:
            chosen.append(cut)
            start_k = [per_column[c][cut] for c in range(len(columns))]
    if not chosen:
        return [Group(source_ids[0], tuple(columns))]
    pieces = []
    for c, content in enumerate(columns):
        starts = {sentences[c][per_column[c][cut]].id or "" for cut in chosen}
        pieces.append(split_content(content, starts))
    firsts = [source_ids[0]] + [source_ids[cut + 1] for cut in chosen]
    if any(len(p) != len(firsts) for p in pieces):
        return [Group(source_ids[0], tuple(columns))]
    return [Group(first, tuple(piece[i] for piece in pieces)) for i, first in enumerate(firsts)]


def _chars(node: Inline) -> int:
    if isinstance(node, Text):
        return len(node.text)
    if isinstance(node, Span | Sentence | Link):
        return sum(_chars(child) for child in node.children)
    return 1


def _contains_start(node: Inline, starts: set[str]) -> bool:
    if isinstance(node, Sentence):
        return node.id in starts
    if isinstance(node, Span | Link):
        return any(_contains_start(child, starts) for child in node.children)
    return False


def split_content(content: tuple[Inline, ...], starts: set[str]) -> list[tuple[Inline, ...]]:
    """``content`` cut before every sentence whose id is in ``starts``.

    A span or link that holds a cut is cut with it: each piece gets a copy
    of it around its part of the children. Spaces at the cuts are dropped.
    """
    pieces: list[list[Inline]] = [[]]
    for node in content:
        if isinstance(node, Sentence) and node.id in starts and _has_text(pieces[-1]):
            pieces.append([node])
        elif isinstance(node, Span | Link) and _contains_start(node, starts):
            parts = split_content(node.children, starts)
            opens_with_cut = _opens_with_start(node.children, starts)
            for index, part in enumerate(parts):
                wrapped = node.model_copy(update={"children": part})
                if (index > 0 or opens_with_cut) and _has_text(pieces[-1]):
                    pieces.append([wrapped])
                else:
                    pieces[-1].append(wrapped)
        else:
            pieces[-1].append(node)
    # A note call between two sentences belongs to the one before it.
    for index in range(1, len(pieces)):
        while pieces[index] and isinstance(pieces[index][0], NoteCall | Text):
            node = pieces[index][0]
            if isinstance(node, Text) and node.text.strip():
                break
            pieces[index - 1].append(pieces[index].pop(0))
    return [_trim(piece) for piece in pieces if _has_text(piece)]


def _opens_with_start(nodes: Sequence[Inline], starts: set[str]) -> bool:
    for node in nodes:
        if isinstance(node, Text) and not node.text.strip():
            continue
        if isinstance(node, Sentence):
            return node.id in starts
        if isinstance(node, Span | Link):
            return _opens_with_start(node.children, starts)
        return False
    return False


def _has_text(nodes: Sequence[Inline]) -> bool:
    return any(not (isinstance(n, Text) and not n.text.strip()) for n in nodes)


def _trim(nodes: list[Inline]) -> tuple[Inline, ...]:
    while nodes and isinstance(nodes[0], Text) and not nodes[0].text.strip():
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], Text) and not nodes[-1].text.strip():
        nodes.pop()
    return tuple(nodes)
