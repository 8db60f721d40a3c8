"""Translation QA: is every unit translated, aligned, and faithful in its numbers?

For each text and language :func:`check` reports

* units translated / units to translate (the author's own wording counts);
* source sentences rendered / source sentences of the translated units;
* units whose numbers differ from the source's (digit groups may be written
  the language's way: 39,000 / 39.000 / 39 000; 10.7 / 10,7);
* units that still look untranslated (Russian without Cyrillic, Turkish with
  the English words, or identical to the English);
* glossary terms whose agreed rendering is missing (``translations/glossary.tsv``);
* length-ratio outliers;
* violations of the mechanical rules of the translation policy
  (docs/translating.md; :mod:`reader.qa.rules`): typography, names and
  honorifics the source does not write, dates, editors' notes, labels, and the
  glossary itself.

``reader check-translations --strict`` fails on any missing unit, unrendered
sentence, number mismatch or rule violation; the other findings are warnings
for a reviewer. Every finding is printed ``file:line: level: message``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.align import AlignedText, load_aligned
from reader.corpus import Corpus
from reader.model import Inline, Link, Span, Unit, collapsed_text
from reader.qa import rules
from reader.qa.rules import RULES, Violation

NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:[\u00a0\u202f ]\d{3}(?!\d))*")
ENGLISH_MARKERS = frozenset(
    ["the", "and", "of", "to", "was", "were", "which", "that", "with", "from"]
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
RATIO_LIMITS = {"tr": (0.55, 1.9), "ru": (0.6, 2.0)}


def numbers(text: str) -> Counter[str]:
    """The numbers of a text as digit strings, separators removed.

    >>> sorted(numbers("39,000 rifles and 10.7 million in 1920-1922").elements())
    ['107', '1920', '1922', '39000']
    >>> numbers("39 000 винтовок, 10,7 млн") == numbers("39,000 rifles, 10.7 million")
    True
    """
    return Counter(re.sub(r"\D", "", match) for match in NUMBER.findall(text))


def _text(unit: Unit) -> str:
    return collapsed_text(unit.content)


def _prose(content: tuple[Inline, ...]) -> str:
    """The sentence's own words: quoted titles, references and foreign words left out."""
    kept = tuple(
        node
        for node in content
        if not (isinstance(node, Span) and node.tag in ("bibl", "title", "foreign"))
        and not (isinstance(node, Link) and node.type == "cite")  # a ref around a bibl
    )
    return collapsed_text(kept)


@dataclass
class Glossary:
    """Agreed renderings: for each English form, the forms each language may use."""

    rows: list[dict[str, str]]

    @classmethod
    def load(cls, path: Path) -> Glossary:
        if not path.is_file():
            return cls([])
        with path.open(encoding="utf-8", newline="") as handle:
            return cls(list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)))

    def expected(self, source: str, lang: str) -> list[tuple[str, list[str]]]:
        """(English form found, acceptable renderings) for each term in ``source``."""
        found = []
        for row in self.rows:
            forms = [
                row["en"],
                *[v.strip() for v in row.get("en_variants", "").split("|") if v.strip()],
            ]
            hit = next(
                (f for f in forms if len(f) > 3 and re.search(rf"\b{re.escape(f)}\b", source)), None
            )
            if hit is None:
                continue
            targets = [row.get(lang, ""), *row.get(f"{lang}_variants", "").split("|")]
            targets = [t.strip() for t in targets if t.strip()]
            if targets:
                found.append((hit, targets))
        return found


def _stem(word: str) -> str:
    # Turkish and Russian inflect names and terms: compare on a stem.
    word = word.casefold()
    return word[: max(4, len(word) - 3)] if len(word) > 5 else word


def rendered(target_forms: list[str], text: str) -> bool:
    folded = text.casefold()
    for form in target_forms:
        stems = [_stem(w) for w in re.findall(r"\w+", form)]
        if stems and all(stem in folded for stem in stems):
            return True
    return False


@dataclass
class LanguageReport:
    text_id: str
    lang: str
    role: str
    status: str
    to_translate: int = 0
    translated: int = 0
    sentences: int = 0
    sentences_rendered: int = 0
    missing_units: list[str] = field(default_factory=list)
    unrendered_sentences: list[str] = field(default_factory=list)
    number_mismatches: list[tuple[str, str]] = field(default_factory=list)
    untranslated_looking: list[tuple[str, str]] = field(default_factory=list)
    glossary_missing: list[tuple[str, str, str]] = field(default_factory=list)
    ratio_outliers: list[tuple[str, float]] = field(default_factory=list)
    #: the mechanical rules of the policy (docs/translating.md)
    violations: list[Violation] = field(default_factory=list)
    #: unit or sentence id → (file, line) where a finding about it is shown
    places: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (
            self.missing_units
            or self.unrendered_sentences
            or self.number_mismatches
            or self.violations
        )

    def rule_counts(self) -> Counter[str]:
        return Counter(v.rule for v in self.violations)


def shown_path(path: str | Path, root: Path | None) -> str:
    """A file as messages name it: relative to the corpus root when inside it."""
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def check_language(
    aligned: AlignedText, lang: str, glossary: Glossary, *, root: Path | None = None
) -> LanguageReport:
    document = aligned.translations[lang]
    provenance = document.header.provenance
    report = LanguageReport(aligned.id, lang, provenance.role, provenance.status)
    here, there = shown_path(document.path, root), shown_path(aligned.source.path, root)
    for unit_id in aligned.citable_units():
        if not aligned.is_to_translate(unit_id):
            continue
        source = aligned.source.units[unit_id]
        report.to_translate += 1
        expected_sentences = [s.id for s in source.sentences if s.id]
        report.sentences += len(expected_sentences)
        version = aligned.version(unit_id, lang)
        if version.origin == "missing":
            report.missing_units.append(unit_id)
            report.unrendered_sentences += expected_sentences
            report.places[unit_id] = (there, source.line)
            for sentence_id in expected_sentences:
                report.places[sentence_id] = (there, aligned.source.sentences[sentence_id][1].line)
            continue
        report.translated += 1
        if version.origin == "authors-own":
            report.sentences_rendered += len(expected_sentences)
            continue
        target = version.unit
        report.places[unit_id] = (here, target.line)
        for sentence in target.sentences:
            if sentence.id:
                report.places[sentence.id] = (here, sentence.line or target.line)
        covered = {rid for s in target.sentences for rid in s.renders}
        for sentence_id in expected_sentences:
            if sentence_id in covered:
                report.sentences_rendered += 1
            else:
                report.unrendered_sentences.append(sentence_id)
        source_text, target_text = _text(source), _text(target)
        if numbers(source_text) != numbers(target_text):
            lost = numbers(source_text) - numbers(target_text)
            added = numbers(target_text) - numbers(source_text)
            detail = ", ".join(
                [f"missing {n}" for n in sorted(lost.elements())]
                + [f"extra {n}" for n in sorted(added.elements())]
            )
            report.number_mismatches.append((unit_id, detail))
        source_sentences = {s.id: collapsed_text(s.children) for s in source.sentences if s.id}
        for sentence in target.sentences or ():
            original = " ".join(source_sentences.get(rid, "") for rid in sentence.renders)
            for why in _looks_untranslated(original, _prose(sentence.children), lang):
                report.untranslated_looking.append((sentence.id or unit_id, why))
        if not target.sentences:
            report.untranslated_looking += [
                (unit_id, why) for why in _looks_untranslated(source_text, target_text, lang)
            ]
        for found, targets in glossary.expected(source_text, lang):
            if not rendered(targets, target_text):
                report.glossary_missing.append((unit_id, found, targets[0]))
        if len(source_text) > 40:
            ratio = len(target_text) / len(source_text)
            low, high = RATIO_LIMITS.get(lang, (0.5, 2.0))
            if not low <= ratio <= high:
                report.ratio_outliers.append((unit_id, round(ratio, 2)))
    report.violations = rules.check_version(aligned, lang, here)
    return report


def _looks_untranslated(source: str, target: str, lang: str) -> list[str]:
    reasons: list[str] = []
    letters = LATIN.findall(target) + CYRILLIC.findall(target)
    if len(letters) < 12:
        return reasons
    if target == source:
        reasons.append("identical to the English")
    if lang == "ru" and len(CYRILLIC.findall(target)) < 0.5 * len(letters):
        reasons.append("mostly not in Cyrillic script")
    if lang == "tr":
        words = re.findall(r"\w+", target.lower())
        english = sum(1 for w in words if w in ENGLISH_MARKERS)
        if words and english / len(words) > 0.08:
            reasons.append("reads like English")
    return reasons


def check(corpus: Corpus, text_ids: list[str] | None = None) -> list[LanguageReport]:
    glossary = Glossary.load(corpus.translations_dir / "glossary.tsv")
    reports = []
    for text_id in text_ids or corpus.text_ids():
        aligned = load_aligned(corpus, text_id)
        for lang in aligned.translations:
            reports.append(check_language(aligned, lang, glossary, root=corpus.root))
    return reports


def check_corpus(corpus: Corpus, text_ids: list[str] | None = None) -> list[Violation]:
    """The rules that concern no single version: the sources' editors' notes, the glossary."""
    found: list[Violation] = []
    for text_id in text_ids or corpus.text_ids():
        aligned = load_aligned(corpus, text_id)
        found += rules.source_notes(aligned, shown_path(aligned.source.path, corpus.root))
    path = corpus.translations_dir / "glossary.tsv"
    found += rules.glossary(path, shown_path(path, corpus.root))
    return sorted(found)


def format_reports(
    reports: list[LanguageReport],
    corpus_violations: list[Violation] | None = None,
    *,
    details: bool = True,
    strict: bool = True,
) -> str:
    """The summary table, the rule counts per version, then every finding (``details``).

    A finding that fails ``--strict`` is an error there and a warning otherwise,
    so that the level printed always matches the exit status.
    """
    level = "error" if strict else "warning"
    corpus_violations = corpus_violations or []
    lines = [
        f"{'text':<11}{'lang':<5}{'status':<10}{'units':>9}{'sentences':>12}{'numbers':>9}"
        f"{'script':>8}{'glossary':>10}{'ratio':>7}{'rules':>7}"
    ]
    for r in reports:
        lines.append(
            f"{r.text_id:<11}{r.lang:<5}{r.status:<10}{r.translated:>4}/{r.to_translate:<4}"
            f"{r.sentences_rendered:>6}/{r.sentences:<5}{len(r.number_mismatches):>9}"
            f"{len(r.untranslated_looking):>8}{len(r.glossary_missing):>10}{len(r.ratio_outliers):>7}"
            f"{len(r.violations):>7}"
        )
    lines += ["", *format_rule_counts(reports, corpus_violations)]
    if details:
        lines.append("")
        for r in reports:
            lines += _details(r, level)
        lines += [v.formatted(level) for v in corpus_violations]
    return "\n".join(lines)


def format_rule_counts(
    reports: list[LanguageReport], corpus_violations: list[Violation] | None = None
) -> list[str]:
    """Violations of each rule (rows) in each version (columns), and in the corpus files."""
    columns = [(f"{r.text_id[:10]}", r.lang, r.rule_counts()) for r in reports]
    corpus_counts = Counter(v.rule for v in corpus_violations or [])
    width = max([len(t) for t, _, _ in columns] + [4]) + 1
    lines = [
        f"{'rule':<18}" + "".join(f"{t:>{width}}" for t, _, _ in columns) + f"{'sources':>9}",
        f"{'':<18}" + "".join(f"{lang:>{width}}" for _, lang, _ in columns) + f"{'glossary':>9}",
    ]
    for rule, asks in RULES.items():
        lines.append(
            f"{rule:<18}"
            + "".join(f"{counts[rule]:>{width}}" for _, _, counts in columns)
            + f"{corpus_counts[rule]:>9}  {asks}"
        )
    return lines


def _details(r: LanguageReport, level: str) -> list[str]:
    lines: list[str] = []
    names = {"tr": "Turkish", "ru": "Russian"}

    def at(item: str) -> str:
        file, line = r.places.get(item, (f"{r.text_id} {r.lang}", 0))
        return f"{file}:{line}"

    for unit_id in r.missing_units:
        lines.append(
            f"{at(unit_id)}: {level}: {unit_id} is not translated "
            f"(no {names.get(r.lang, r.lang)} version)"
        )
    for sentence_id in r.unrendered_sentences:
        if sentence_id.split(".", 1)[0] not in r.missing_units:
            lines.append(
                f"{at(sentence_id.split('.', 1)[0])}: {level}: sentence {sentence_id} is not rendered"
            )
    for unit_id, detail in r.number_mismatches:
        lines.append(f"{at(unit_id)}: {level}: {unit_id} numbers differ ({detail})")
    lines += [v.formatted(level) for v in r.violations]
    for unit_id, why in r.untranslated_looking:
        lines.append(f"{at(unit_id)}: warning: {unit_id} looks untranslated ({why})")
    for unit_id, found, wanted in r.glossary_missing:
        lines.append(
            f"{at(unit_id)}: warning: {unit_id}: glossary term {found!r} → {wanted!r} not found"
        )
    for unit_id, ratio in r.ratio_outliers:
        lines.append(f"{at(unit_id)}: warning: {unit_id} length ratio {ratio}")
    return lines
