"""Reading TEI into the document model (and safe XML loading)."""

from reader.tei.read import read, read_tree
from reader.tei.xml import load, parse_bytes

__all__ = ["load", "parse_bytes", "read", "read_tree"]
