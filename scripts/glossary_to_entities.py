"""Bootstrap texts/entities.xml from translations/glossary.tsv (run once; then edit by hand).

People, places, organisations, treaties and events of the glossary become
person/place/org/event entries with their names in en/tr/ru and the
variants the sources and translations use. Terms stay in the glossary only.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "person": ("listPerson", "person", "persName"),
    "place": ("listPlace", "place", "placeName"),
    "org": ("listOrg", "org", "orgName"),
    "treaty": ("listEvent", "event", "eventName"),
    "event": ("listEvent", "event", "eventName"),
}


def main() -> int:
    rows = list(
        csv.DictReader(
            (ROOT / "translations/glossary.tsv").open(encoding="utf-8"),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    lists: dict[str, list[str]] = {
        "listPerson": [],
        "listPlace": [],
        "listOrg": [],
        "listEvent": [],
    }
    for row in rows:
        if row["kind"] not in KINDS:
            continue
        list_tag, tag, name_tag = KINDS[row["kind"]]
        type_attr = f' type="{row["kind"]}"' if tag == "event" else ""
        lines = [f'      <{tag} xml:id="{row["id"]}"{type_attr}>']
        for lang in ("en", "tr", "ru"):
            if row[lang].strip():
                lines.append(
                    f'        <{name_tag} xml:lang="{lang}" type="main">{escape(row[lang].strip())}</{name_tag}>'
                )
        for lang in ("en", "tr", "ru"):
            seen = {row[lang].strip()}
            for variant in row[f"{lang}_variants"].split("|"):
                variant = variant.strip()
                if variant and variant not in seen:
                    seen.add(variant)
                    lines.append(
                        f'        <{name_tag} xml:lang="{lang}" type="variant">{escape(variant)}</{name_tag}>'
                    )
        if row["description"].strip():
            lines.append(f'        <note xml:lang="en">{escape(row["description"].strip())}</note>')
        lines.append(f"      </{tag}>")
        lists[list_tag].append("\n".join(lines))
    body = "\n".join(
        f"    <{name}>\n" + "\n".join(items) + f"\n    </{name}>"
        for name, items in lists.items()
        if items
    )
    sys.stdout.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="entities" xml:lang="en" type="authority">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">People, places, organisations, treaties and events of the Soviet–Turkish Relations Reader</title>
        <respStmt xml:id="editors"><resp>compilation</resp><name>Soviet–Turkish Relations Reader project</name></respStmt>
      </titleStmt>
      <publicationStmt><publisher>Soviet–Turkish Relations Reader project</publisher><date when="2026">2026</date></publicationStmt>
      <sourceDesc><p>Compiled from the five sources of the corpus and translations/glossary.tsv.</p></sourceDesc>
    </fileDesc>
    <profileDesc>
      <langUsage>
        <language ident="en">English</language>
        <language ident="tr">Turkish</language>
        <language ident="ru">Russian</language>
      </langUsage>
    </profileDesc>
    <revisionDesc><change when="2026-11-25" who="#editors">Bootstrapped from the glossary.</change></revisionDesc>
  </teiHeader>
  <standOff>
{body}
  </standOff>
</TEI>
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
