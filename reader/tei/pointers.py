"""TEI pointers resolved as TEI resolves them, from the file they stand in.

A pointer attribute (``target``, ``corresp``, ``ref``, ``source`` …; TEI's
``teidata.pointer``) holds one or more URI references, separated by spaces:

* ``#x`` names the element with ``xml:id="x"`` in the same file;
* ``corpus:karakus#p1`` uses a private URI scheme that the file declares in
  ``encodingDesc/listPrefixDef``: the first ``prefixDef`` with ``ident="corpus"``
  rewrites the part after the colon (its ``matchPattern`` must match all of
  it) with its ``replacementPattern`` (``$1`` … are the groups) into a URI
  reference, which is relative to the file the pointer stands in
  (``texts/karakus.xml`` from a text, ``../../texts/karakus.xml`` from a
  translation);
* ``http://…``, ``https://…`` is an address on the web (never fetched here).

Anything else (``file:``, a bare relative path, an undeclared prefix) is not
a pointer this project writes. :func:`resolve` says what a pointer names, or
raises :class:`PointerError` saying why it names nothing; it never reads a file.

>>> from lxml import etree
>>> header = etree.fromstring(
...     '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><listPrefixDef>'
...     '<prefixDef ident="corpus" matchPattern="([a-z]+)(#.+)?" replacementPattern="../../texts/$1.xml$2"/>'
...     '</listPrefixDef></encodingDesc></teiHeader></TEI>')
>>> here = Path("corpus/translations/tr/karakus.xml")
>>> resolve("corpus:entities#ankara", here, prefix_defs(header))
Target(path=PosixPath('corpus/texts/entities.xml'), fragment='ankara', url=None)
>>> resolve("#p12.s3", here, prefix_defs(header))
Target(path=None, fragment='p12.s3', url=None)
>>> resolve("corpus:Karakus", here, prefix_defs(header))
Traceback (most recent call last):
...
reader.tei.pointers.PointerError: 'Karakus' does not match the matchPattern ([a-z]+)(#.+)? of the prefix corpus:
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from reader.tei.xml import TEI

#: The attributes that hold pointers (TEI's ``teidata.pointer``) in the
#: project's files; tests/tei/test_pointers.py checks against tei_all that no
#: pointer attribute the corpus uses is missing here.
POINTER_ATTRIBUTES = (
    "target",
    "corresp",
    "ref",
    "source",
    "copyOf",
    "sameAs",
    "ana",
    "who",
    "resp",
    "next",
    "prev",
    "synch",
    "facs",
    "exclude",
    "select",
    "decls",
    "rendition",
    "change",
    "hand",
    "wit",
    "spanTo",
    "scheme",
)
WEB = ("http://", "https://")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.DOTALL)
_GROUP = re.compile(r"\$(\d)")


class PointerError(ValueError):
    """A pointer that names nothing, and why (``prefix``: the undeclared prefix, if that is why)."""

    def __init__(self, message: str, prefix: str | None = None) -> None:
        super().__init__(message)
        self.prefix = prefix


@dataclass(frozen=True)
class PrefixDef:
    """One ``prefixDef``: how ``ident:…`` pointers are expanded."""

    ident: str
    match_pattern: str
    replacement_pattern: str

    def expand(self, rest: str) -> str:
        """The URI reference ``ident:rest`` stands for."""
        try:
            match = re.fullmatch(self.match_pattern, rest)
        except re.error as exc:
            raise PointerError(
                f"the matchPattern {self.match_pattern} of the prefix {self.ident}: "
                f"is not a regular expression ({exc})"
            ) from None
        if match is None:
            raise PointerError(
                f"{rest!r} does not match the matchPattern {self.match_pattern} "
                f"of the prefix {self.ident}:"
            )
        return _GROUP.sub(
            lambda group: match.group(int(group.group(1))) or "", self.replacement_pattern
        )


@dataclass(frozen=True)
class Target:
    """What a pointer names: an element of this file (``path`` None), a file of
    the project (and an element in it), or a web address."""

    path: Path | None
    fragment: str | None
    url: str | None = None


def prefix_defs(root: etree._Element) -> dict[str, PrefixDef]:
    """The file's prefix definitions, the first one of each ident (as TEI says)."""
    found: dict[str, PrefixDef] = {}
    path = f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}listPrefixDef/{TEI}prefixDef"
    for element in root.iterfind(path):
        ident = element.get("ident", "")
        if ident and ident not in found:
            found[ident] = PrefixDef(
                ident, element.get("matchPattern", ""), element.get("replacementPattern", "")
            )
    return found


def pointers(value: str | None) -> list[str]:
    """The pointers of an attribute value (TEI pointer lists are space-separated)."""
    return (value or "").split()


def resolve(pointer: str, here: Path, defs: dict[str, PrefixDef]) -> Target:
    """What ``pointer``, standing in the file ``here``, names (no file is read)."""
    if pointer.startswith("#"):
        if len(pointer) == 1:
            raise PointerError("an empty fragment names no element")
        return Target(None, pointer[1:])
    if pointer.startswith(WEB):
        return Target(None, None, url=pointer)
    scheme = _SCHEME.match(pointer)
    if scheme is None:
        raise PointerError("a file path is not a pointer here: use #id or a declared prefix", "")
    prefix, rest = scheme.groups()
    definition = defs.get(prefix)
    if definition is None:
        raise PointerError(
            f"the prefix {prefix}: is not declared in this file's listPrefixDef", prefix
        )
    expanded = definition.expand(rest)
    if _SCHEME.match(expanded) or expanded.startswith("/"):
        raise PointerError(f"the prefix {prefix}: expands to {expanded!r}, not a relative path")
    location, _, fragment = expanded.partition("#")
    if not location:
        return Target(None, fragment or None)
    path = Path(os.path.normpath(here.parent / location))
    return Target(path, fragment or None)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` lies within the folder ``root`` (no reading outside the corpus)."""
    try:
        Path(os.path.normpath(path.absolute())).relative_to(Path(os.path.normpath(root.absolute())))
    except ValueError:
        return False
    return True


__all__ = [
    "POINTER_ATTRIBUTES",
    "PointerError",
    "PrefixDef",
    "Target",
    "inside",
    "pointers",
    "prefix_defs",
    "resolve",
]
