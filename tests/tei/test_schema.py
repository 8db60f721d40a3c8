"""Valid TEI P5: every file against the TEI's tei_all, and the project's subset inside it.

tei_all 4.11.0 is the TEI Consortium's schema (reader/schema/tei_all.rng, with
its licence note); tei-reader.rng is generated from the project's ODD
(reader/schema/tei-reader.odd). A true subset accepts nothing tei_all
rejects: every file the project writes or keeps is valid under both, and every
bad fixture that tei_all rejects, the project's checks reject too, each with
its own message. The Schematron rules both schemas embed are run as well
(tests/support/schematron.py): TEI's fire nowhere, the ODD's only where a
fixture breaks them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from reader.tei.xml import TEI
from reader.validate import check_file, schema, schema_elements
from tests.support.schematron import Rules
from tests.tei.conftest import BAD, CORPUS_FILES, GOOD_FILES, SCHEMAS, label

ALL_GOOD = CORPUS_FILES + GOOD_FILES


def _errors(rng: etree.RelaxNG, path: Path) -> list[str]:
    if rng.validate(etree.parse(str(path))):
        return []
    return [f"{e.line}: {e.message}" for e in rng.error_log]


def test_the_corpus_has_its_sixteen_files() -> None:
    assert len(CORPUS_FILES) == 16, [label(p) for p in CORPUS_FILES]


def test_every_file_is_valid_tei_p5(tei_all: etree.RelaxNG, drafts: list[Path]) -> None:
    """16/16 corpus files, the good fixtures and the ingest drafts, against tei_all 4.11.0."""
    invalid = {str(p): _errors(tei_all, p) for p in [*ALL_GOOD, *drafts]}
    invalid = {name: errors for name, errors in invalid.items() if errors}
    valid = sum(1 for p in CORPUS_FILES if str(p) not in invalid)
    print(f"tei_all 4.11.0: {valid}/{len(CORPUS_FILES)} corpus files valid")
    assert invalid == {}


@pytest.mark.parametrize("path", ALL_GOOD, ids=[label(p) for p in ALL_GOOD])
def test_every_file_is_valid_against_the_project_subset(path: Path) -> None:
    assert _errors(schema(), path) == []
    problems, _ = check_file(path)
    assert [str(p) for p in problems if p.level == "error"] == []


def test_ingest_drafts_are_valid_against_the_project_subset(drafts: list[Path]) -> None:
    assert {str(p): _errors(schema(), p) for p in drafts} == {str(p): [] for p in drafts}


BAD_FIXTURES = sorted(BAD.glob("*.xml"))


@pytest.mark.parametrize("fixture", BAD_FIXTURES, ids=[f.stem for f in BAD_FIXTURES])
def test_what_tei_rejects_the_project_rejects_with_its_own_message(
    fixture: Path, tei_all: etree.RelaxNG
) -> None:
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    problems, _ = check_file(fixture)
    assert [str(p).removeprefix(f"{fixture}:") for p in problems] == expected
    try:
        document = etree.parse(str(fixture), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return  # not XML: nothing for tei_all to judge
    if not tei_all.validate(document):
        assert [p for p in problems if p.level == "error"], fixture


def test_the_subset_is_the_odds_selection_of_tei() -> None:
    """The generated RELAX NG has exactly the elements the ODD selects (they are in step)."""
    odd = etree.parse(str(SCHEMAS / "tei-reader.odd"))
    selected = {"TEI"}
    for module in odd.iter(f"{TEI}moduleRef"):
        selected.update(module.get("include", "").split())
    tei_elements = {
        e.get("name")
        for e in etree.parse(str(SCHEMAS / "tei_all.rng")).iter(
            "{http://relaxng.org/ns/structure/1.0}element"
        )
    }
    assert schema_elements() == frozenset(selected)
    assert selected <= tei_elements


@pytest.fixture(scope="module")
def tei_rules() -> Rules:
    return Rules(SCHEMAS / "tei_all.rng")


@pytest.fixture(scope="module")
def project_rules() -> Rules:
    return Rules(SCHEMAS / "tei-reader.rng")


def test_the_schematron_runner_finds_what_tei_forbids(tei_rules: Rules, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t'
        "</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>"
        "</sourceDesc></fileDesc></teiHeader><text><body><p><s>a <s>b</s></s>"
        '<ref target="#x" cRef="y">r</ref></p></body></text></TEI>',
        encoding="utf-8",
    )
    messages = [f.message for f in tei_rules.run(broken)]
    assert "You may not nest one s element within another: use seg instead" in messages
    assert any(m.startswith("Only one of the attributes @target and @cRef") for m in messages)


def test_tei_all_schematron_fires_nowhere(tei_rules: Rules) -> None:
    before = tei_rules.checks
    findings = [f for path in ALL_GOOD for f in tei_rules.run(path)]
    checks = tei_rules.checks - before
    print(f"tei_all Schematron: {checks} checks, {len(findings)} fired")
    assert findings == []
    assert checks > 3000


def test_the_odds_schematron_fires_only_on_the_fixtures_that_break_it(
    project_rules: Rules,
) -> None:
    assert [f for path in ALL_GOOD for f in project_rules.run(path)] == []
    fired = {
        fixture: [f.message for f in project_rules.run(BAD / f"{fixture}.xml")]
        for fixture in ("text-outside-sentence", "sentence-without-id", "bibl-in-sentence")
    }
    assert all(len(messages) == 1 for messages in fired.values()), fired
