"""Issue 12's hostile inputs of items 1, 4, 5 and 10, tried again: how many still get through.

Each attempt changes a fresh copy of the corpus (in a temporary folder, never
the project's) the way the issue's probe did, runs ``reader validate``,
``reader build``, ``reader get`` or the library on it, and says whether the
reader held: a refusal naming the file (and line) with exit status 1 and no
traceback, or, where the input is legitimate, the right answer.

* item 1, path escape: a citation scheme named ``x/../../…/victim`` (the build
  must not write ``victim/ids.json`` outside its folder); a 300-character
  ``citeStructure/@use``;
* item 4, deep nesting: 160 nested ``<hi>`` (validate and build), 200 (the library);
* item 5, mixed-up corpora: a Russian translation in ``tr/``, the English source
  in ``tr/``, a translation in ``texts/``, ``translations/tr/plato.xml``,
  a ``translations/de/`` folder (a warning: see docs/encoding.md), no
  ``texts/entities.xml``;
* item 10, names and ids: ``texts/a..b.xml``, ``texts/x"><img …>.xml``,
  ``texts/ка ра.xml``; ``xoshgedem:b-hirst2013`` from the library and the CLI;
  wikipedia p20 and p7.s7 removed with their translations.

Prints one line per attempt and the count of attempts that got through.
``READER_CODE=DIR`` runs another checkout's code (for figures before a change).

Usage: .venv/bin/python bench/hardening_probe.py [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("READER_CODE", str(ROOT)))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def clean_refusal(self) -> bool:
        return self.code == 1 and "Traceback" not in self.err + self.out


def reader_cli(*args: str, timeout: float = 900) -> Run:
    env = {**os.environ, "PYTHONPATH": str(CODE)}
    # Run outside the checkout: ``python -m`` puts the working folder first on
    # the path, which would import the checkout's code rather than CODE's.
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=tempfile.gettempdir(),
    )
    return Run(result.returncode, result.stdout, result.stderr)


def python(script: str, corpus: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(CODE), "CORPUS": str(corpus)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tempfile.gettempdir(),
    )
    return Run(result.returncode, result.stdout, result.stderr)


# ------------------------------------------------------------------ corpus changes


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_scheme(corpus: Path, name: str, use: str) -> None:
    """A second citation scheme in texts/wikipedia.xml (the first stays the default)."""
    replace_once(
        corpus / "texts" / "wikipedia.xml",
        "</refsDecl>",
        f'</refsDecl>\n      <refsDecl n="{name}"><citeStructure unit="unit" '
        f'match="//text//p[@xml:id=\'p1\']" use="{use}"/></refsDecl>',
    )


def nest(corpus: Path, depth: int) -> None:
    """``depth`` nested <hi> around words of wikipedia p1.s1 (its text stays the same)."""
    replace_once(
        corpus / "texts" / "wikipedia.xml",
        "the diplomatic relations",
        '<hi rend="italic">' * depth + "the diplomatic relations" + "</hi>" * depth,
    )


def remove_ids(corpus: Path) -> None:
    """Wikipedia p20 and p7.s7 removed, in the source and its translations."""
    for path in [
        corpus / "texts" / "wikipedia.xml",
        *(corpus / "translations").glob("*/wikipedia.xml"),
    ]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'\s*<p xml:id="p20">.*?</p>', "", text, count=1, flags=re.S)
        text = re.sub(r'\s*<s xml:id="p7\.s7">.*?</s>(?=\s*</p>)', "", text, count=1, flags=re.S)
        path.write_text(text, encoding="utf-8")


def copy_translation(corpus: Path, source: str, target: str) -> None:
    (corpus / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(corpus / source, corpus / target)


# ------------------------------------------------------------------ the attempts


@dataclass
class Attempt:
    item: str
    name: str
    change: Callable[[Path], None]
    #: "validate", "build", "library" or "get"
    run: str
    #: the reader held (given the run and the folders)
    held: Callable[[Run, Path], bool]


def refused(*words: str) -> Callable[[Run, Path], bool]:
    """Exit 1 without a traceback, every word in the messages."""
    return lambda run, _tmp: run.clean_refusal and all(w in run.err + run.out for w in words)


def warned(*words: str) -> Callable[[Run, Path], bool]:
    """A warning naming ``words`` (the run may succeed)."""
    return lambda run, _tmp: (
        "Traceback" not in run.err and "warning" in run.err and all(w in run.err for w in words)
    )


def victim_untouched(run: Run, tmp: Path) -> bool:
    return run.clean_refusal and not (tmp / "victim" / "ids.json").exists()


def traversal(tmp: Path) -> str:
    return "x/" + "../" * 40 + str(tmp / "victim").lstrip("/")


LONG_USE = "'" + "a" * 300 + "'"
NAMES = ["a..b", 'x"><img src=x onerror=alert(1)>', "ка ра"]
MIXED: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "ru translation in tr/",
        lambda c: copy_translation(
            c, "translations/ru/wikipedia.xml", "translations/tr/wikipedia.xml"
        ),
        "translations/tr/wikipedia.xml",
    ),
    (
        "English source in tr/",
        lambda c: copy_translation(c, "texts/wikipedia.xml", "translations/tr/wikipedia.xml"),
        "translations/tr/wikipedia.xml",
    ),
    (
        'type="translation" in texts/',
        lambda c: copy_translation(c, "translations/tr/chicherin.xml", "texts/chicherin_tr.xml"),
        "texts/chicherin_tr.xml",
    ),
    (
        "translations/tr/plato.xml",
        lambda c: copy_translation(c, "translations/tr/wikipedia.xml", "translations/tr/plato.xml"),
        "translations/tr/plato.xml",
    ),
    (
        "no texts/entities.xml",
        lambda c: (c / "texts" / "entities.xml").unlink(),
        "texts/entities.xml",
    ),
]


def attempts() -> list[Attempt]:
    found: list[Attempt] = []

    def scheme_traversal(corpus: Path) -> None:
        add_scheme(corpus, traversal(corpus.parent), "'ids'")

    found += [
        Attempt(
            "1",
            "refsDecl/@n escapes: validate",
            scheme_traversal,
            "validate",
            refused("wikipedia.xml:"),
        ),
        Attempt("1", "refsDecl/@n escapes: build", scheme_traversal, "build", victim_untouched),
    ]
    for run in ("validate", "build"):
        found.append(
            Attempt(
                "1",
                f"300-character citeStructure/@use: {run}",
                lambda c: add_scheme(c, "long", LONG_USE),
                run,
                refused("wikipedia.xml:"),
            )
        )
    for run in ("validate", "build"):
        found.append(
            Attempt(
                "4",
                f"160 nested <hi>: {run}",
                lambda c: nest(c, 160),
                run,
                refused("wikipedia.xml:"),
            )
        )
    found.append(
        Attempt(
            "4",
            "200 nested <hi>: the library",
            lambda c: nest(c, 200),
            "library",
            lambda run, _tmp: run.code == 0 and "RecursionError" not in run.out + run.err,
        )
    )
    for name, change, file in MIXED:
        for run in ("validate", "build"):
            found.append(Attempt("5", f"{name}: {run}", change, run, refused(file)))
    for run in ("validate", "build"):
        found.append(
            Attempt(
                "5",
                f"translations/de/: {run}",
                lambda c: copy_translation(
                    c, "translations/tr/wikipedia.xml", "translations/de/wikipedia.xml"
                ),
                run,
                warned("translations/de"),
            )
        )
    for bad in NAMES:
        for run in ("validate", "build"):
            found.append(
                Attempt(
                    "10",
                    f"texts/{bad}.xml: {run}",
                    lambda c, bad=bad: shutil.copy(
                        c / "texts" / "chicherin.xml", c / "texts" / f"{bad}.xml"
                    ),  # type: ignore[misc]
                    run,
                    refused(f"{bad}.xml"),
                )
            )
    found += [
        Attempt(
            "10",
            "xoshgedem:b-hirst2013: the library",
            lambda c: None,
            "library-bibl",
            lambda run, _tmp: run.code == 0 and "xoshgedem:b-hirst2013" in run.out,
        ),
        Attempt(
            "10",
            "xoshgedem:b-hirst2013: reader get",
            lambda c: None,
            "get",
            lambda run, _tmp: run.code == 0 and "Hirst" in run.out,
        ),
        Attempt(
            "10",
            "p20 and p7.s7 removed: validate",
            remove_ids,
            "validate",
            refused("wikipedia:p20", "wikipedia:p7.s7", "wikipedia.xml"),
        ),
        Attempt(
            "10",
            "p20 and p7.s7 removed: build",
            remove_ids,
            "build",
            refused("wikipedia:p20", "wikipedia:p7.s7", "wikipedia.xml"),
        ),
    ]
    return found


LIBRARY = """
import os, reader
lib = reader.load(os.environ["CORPUS"])
try:
    print(lib.passage("wikipedia:p1.s1").text[:60])
except reader.ReaderError as exc:
    print("refused:", exc)
"""
LIBRARY_BIBL = """
import os, reader
print(reader.load(os.environ["CORPUS"]).passage("xoshgedem:b-hirst2013").ref)
"""


def attempt_once(attempt: Attempt, work: Path, base_out: Path) -> tuple[bool, Run]:
    corpus = work / "corpus"
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, corpus / part)
    attempt.change(corpus)
    if attempt.run == "validate":
        run = reader_cli("validate", "--corpus", str(corpus))
    elif attempt.run == "build":
        out = work / "build"
        # A copy of a finished build (hard links): the build renders what the change touched.
        shutil.copytree(base_out, out / "html", copy_function=os.link)
        run = reader_cli("build", "--out", str(out), "--corpus", str(corpus))
    elif attempt.run == "library":
        run = python(LIBRARY, corpus)
    elif attempt.run == "library-bibl":
        run = python(LIBRARY_BIBL, corpus)
    else:
        run = reader_cli("get", "xoshgedem:b-hirst2013", "--corpus", str(corpus))
    return attempt.held(run, work), run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="run the attempts whose name has this")
    parser.add_argument("--verbose", action="store_true", help="print the messages of each run")
    args = parser.parse_args()
    chosen = [a for a in attempts() if args.only in a.name]
    with tempfile.TemporaryDirectory(prefix="hardening-probe-") as folder:
        scratch = Path(folder)
        base_out = scratch / "base"
        if any(a.run == "build" for a in chosen):
            print(
                "building the corpus once (the builds of the attempts start from it) …", flush=True
            )
            base = reader_cli("build", "--out", str(base_out), "--corpus", str(ROOT))
            if base.code != 0:
                print(base.err[-2000:])
                return 2
        failed = 0
        for number, attempt in enumerate(chosen, start=1):
            work = scratch / f"attempt{number}"
            work.mkdir()
            held, run = attempt_once(attempt, work, base_out / "html")
            failed += not held
            first = next((line for line in run.err.splitlines() if line.strip()), "")
            print(
                f"{'held  ' if held else 'FAILED'} item {attempt.item:>2}  {attempt.name:<48} "
                f"exit {run.code}  {first[:110]}",
                flush=True,
            )
            if args.verbose:
                print(textwrap.indent((run.out + run.err)[-3000:], "    "))
            shutil.rmtree(work, ignore_errors=True)
        print(f"\n{len(chosen)} attempts: {failed} got through, {len(chosen) - failed} held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
