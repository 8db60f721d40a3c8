"""Run the Schematron rules a RELAX NG schema embeds (TEI's tei_all, the project's ODD).

TEI writes its rules in ISO Schematron with XPath 2 (queryBinding xslt2),
which lxml's isoschematron (XSLT 1) cannot run; Saxon HE (saxonche) evaluates
them here. Only what those rules use is implemented: patterns of rules
(context, let, assert, report), the first rule of a pattern that matches a
node being the one that applies, as Schematron says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor, PyXdmNode, PyXPathProcessor

SCH = "{http://purl.oclc.org/dsdl/schematron}"


@dataclass(frozen=True)
class Finding:
    file: str
    path: str
    message: str


def _alternatives(context: str) -> str:
    """A rule context (an XSLT pattern) as an expression selecting its nodes."""
    parts, depth, current = [], 0, ""
    for char in context:
        depth += char in "(["
        depth -= char in ")]"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return " | ".join(p.strip() if p.strip().startswith("/") else "//" + p.strip() for p in parts)


class Rules:
    """The Schematron patterns embedded in a RELAX NG grammar."""

    def __init__(self, grammar: Path) -> None:
        root = etree.parse(str(grammar)).getroot()
        self.namespaces = {n.get("prefix", ""): n.get("uri", "") for n in root.iter(f"{SCH}ns")}
        self.namespaces.setdefault("tei", "http://www.tei-c.org/ns/1.0")
        self.patterns = list(root.iter(f"{SCH}pattern"))
        self.processor = PySaxonProcessor(license=False)
        self.checks = 0  # asserts and reports evaluated, over every run

    def _xpath(self, item: PyXdmNode) -> PyXPathProcessor:
        xpath = self.processor.new_xpath_processor()
        for prefix, uri in self.namespaces.items():
            xpath.declare_namespace(prefix, uri)
        xpath.set_context(xdm_item=item)
        return xpath

    def run(self, path: Path) -> list[Finding]:
        document = self.processor.parse_xml(xml_file_name=str(path))
        findings: list[Finding] = []
        for pattern in self.patterns:
            done: set[str] = set()
            for rule in pattern.iter(f"{SCH}rule"):
                nodes = self._xpath(document).evaluate(_alternatives(rule.get("context", "")))
                for node in list(nodes) if nodes is not None else []:
                    xpath = self._xpath(node)
                    where = xpath.evaluate_single("path(.)").string_value
                    if where in done:
                        continue
                    done.add(where)
                    for let in rule.iter(f"{SCH}let"):
                        value = xpath.evaluate(let.get("value", ""))
                        xpath.declare_variable(let.get("name", ""))
                        xpath.set_parameter(let.get("name", ""), value)
                    for test in [*rule.iter(f"{SCH}assert"), *rule.iter(f"{SCH}report")]:
                        self.checks += 1
                        holds = xpath.effective_boolean_value(test.get("test", ""))
                        if holds != (test.tag == f"{SCH}assert"):
                            message = " ".join("".join(test.itertext()).split())
                            findings.append(Finding(str(path), where, message))
        return findings
