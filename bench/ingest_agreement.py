"""Ingest each seed capture and measure how far the draft agrees with texts/ID.xml.

For every seed in ../shared/seeds the script runs the ingester (as
``reader ingest`` does), checks the draft (validator errors, words of the
capture missing from it) and compares it with the committed, hand-corrected
encoding (reader.ingest.measure): paragraphs equal exactly, paragraphs at
least 95 % similar, sentences equal.

Usage: .venv/bin/python bench/ingest_agreement.py [--out DIR] [--show ID]

``--out DIR`` keeps the drafts; ``--show ID`` lists that text's committed
paragraphs and sentences that the draft misses.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.ingest import ingest_file, problems_of  # noqa: E402
from reader.ingest.measure import (  # noqa: E402
    Agreement,
    Apparatus,
    compare,
    compare_apparatus,
    paragraphs,
    sentences,
)
from reader.tei import read  # noqa: E402
from tests.support.wordcheck import missing_words  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = {
    "wikipedia": "000_319df74d6ab4a45d.txt",
    "gusterin": "001_d4552392e3ab586f.txt",
    "karakus": "002_e331d06d2655e8f6.txt",
    "chicherin": "003_8250b7ef3490c935.txt",
    "xoshgedem": "004_3cf1fd47c83241f0.txt",
}


def measure(text_id: str, seed: Path, out: Path) -> tuple[Agreement, Apparatus, int, int, Path]:
    draft = ingest_file(seed, text_id=text_id, lang="en")
    path = out / f"{text_id}.xml"
    path.write_bytes(draft.xml())
    errors = [p for p in problems_of(draft, str(path)) if p.level == "error"]
    missing = sum(missing_words(path, seed).values())
    mine, theirs = read(path), read(ROOT / "texts" / f"{text_id}.xml")
    return compare(mine, theirs), compare_apparatus(mine, theirs), len(errors), missing, path


def show(text_id: str, path: Path) -> None:
    committed = read(ROOT / "texts" / f"{text_id}.xml")
    draft = read(path)
    mine = Counter(paragraphs(draft))
    print(f"\n{text_id}: committed paragraphs the draft does not have exactly")
    for text in paragraphs(committed):
        if mine[text] > 0:
            mine[text] -= 1
            continue
        print(f"  - {text[:150]}")
    ours = Counter(sentences(draft))
    print(f"{text_id}: committed sentences the draft does not have")
    for text in sentences(committed):
        if ours[text] > 0:
            ours[text] -= 1
            continue
        print(f"  - {text[:150]}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="directory to keep the drafts in")
    parser.add_argument("--show", action="append", default=[], help="list misses of this text")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        print(f"{SEEDS} is not here: the seeds are needed to measure the ingester", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        header = (
            f"{'text':<10} {'seed':<25} {'paragraphs':>10} {'exact':>11} {'near≥.95':>11} "
            f"{'sentences':>17} {'s. prec.':>8} {'errors':>6} {'missing':>7}"
        )
        print(header)
        print("-" * len(header))
        totals = Counter[str]()
        paths: dict[str, Path] = {}
        apparatus: dict[str, Apparatus] = {}
        for text_id, name in SEED_FILES.items():
            agreement, apparatus[text_id], errors, missing, path = measure(
                text_id, SEEDS / name, out
            )
            paths[text_id] = path
            a = agreement
            print(
                f"{text_id:<10} {name:<25} {a.committed_paragraphs:>4} / {a.draft_paragraphs:<3} "
                f"{a.exact:>3} {a.exact_share:>6.0%} {a.near:>3} {a.near_share:>6.0%} "
                f"{a.sentences:>4}/{a.committed_sentences:<4} {a.sentence_share:>6.0%} "
                f"{a.sentence_precision:>8.0%} {errors:>6} {missing:>7}"
            )
            totals.update(
                committed=a.committed_paragraphs,
                draft=a.draft_paragraphs,
                exact=a.exact,
                near=a.near,
                sentences=a.sentences,
                committed_sentences=a.committed_sentences,
                draft_sentences=a.draft_sentences,
            )
        print("-" * len(header))
        t = totals
        print(
            f"{'all':<10} {'':<25} {t['committed']:>4} / {t['draft']:<3} "
            f"{t['exact']:>3} {t['exact'] / t['committed']:>6.0%} "
            f"{t['near']:>3} {t['near'] / t['committed']:>6.0%} "
            f"{t['sentences']:>4}/{t['committed_sentences']:<4} "
            f"{t['sentences'] / t['committed_sentences']:>6.0%} "
            f"{t['sentences'] / t['draft_sentences']:>8.0%}"
        )
        print(
            "\nparagraphs: committed / draft; exact and near: committed paragraphs the draft "
            "has exactly / ≥95 % similar;\nsentences: committed sentences the draft has "
            "exactly; s. prec.: share of the draft's sentences that are in the committed text;"
            "\nerrors: validator errors of the draft; missing: words of the capture missing "
            "from the draft."
        )
        print(f"\n{'text':<10} {'notes linked':>22} {'bibliography ids':>22}")
        for text_id, app in apparatus.items():
            print(
                f"{text_id:<10} {app.linked:>4} of {app.committed_notes:<3} (draft {app.draft_notes:>3}) "
                f"{app.same_bibl:>4} of {app.committed_bibl:<3} (draft {app.draft_bibl:>3})"
            )
        print(
            "notes linked: committed notes the draft has with the same marker, the same body "
            "and the call in a sentence of the same text;\nbibliography ids: committed entries "
            "whose id the draft gives to an entry of the same text."
        )
        for text_id in args.show:
            show(text_id, paths[text_id])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
