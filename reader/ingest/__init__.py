"""``reader ingest``: a plain-text capture of a source → a first TEI draft.

The stages, each a module:

* :mod:`~reader.ingest.capture` reads the file and refuses what is not a capture;
* :mod:`~reader.ingest.blocks` turns lines into blocks (chrome set aside,
  page breaks repaired, notes paired with their calls), with
  :mod:`~reader.ingest.comments` for reader-comment threads and
  :mod:`~reader.ingest.inline` for the markup inside a line;
* :mod:`~reader.ingest.segment` cuts paragraphs into sentences (pysbd);
* :mod:`~reader.ingest.draft` writes the TEI draft and its header;
* :mod:`~reader.ingest.measure` compares a draft with a hand-corrected encoding
  (bench/ingest_agreement.py).
"""

from reader.ingest.capture import CaptureError, check_id, check_lang, decode_capture, read_capture
from reader.ingest.draft import REFS_DECL, Draft, ingest, ingest_file, problems_of

__all__ = [
    "REFS_DECL",
    "CaptureError",
    "Draft",
    "check_id",
    "check_lang",
    "decode_capture",
    "ingest",
    "ingest_file",
    "problems_of",
    "read_capture",
]
