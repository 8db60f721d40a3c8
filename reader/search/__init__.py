"""Full-text search over every text and language: one analysis, an on-disk index, the site's index.

``Library.search`` (the Python API) and the static search of the built site
(Pagefind, see ``reader.render.html.search`` and docs/search.md) match the same way:

* **folding**: case and diacritics are folded, and the Turkish dotless ``ı``
  meets ``i``, so "Cicerin" finds "Çiçerin", "istanbul" finds "İstanbul", and
  "ılgaz", "Ilgaz" and "ilgaz" all meet (:func:`fold`);
* **stemming by language**: each word is also compared by its Snowball stem in
  the passage's language (english, turkish, russian; PyStemmer's C stemmers),
  so "договор" finds "договора" and "договором"; Turkish words are compared by
  one more key, a conservative suffix-stripped root (:func:`tr_root`), because
  the Snowball Turkish stemmer does not bring "kasaba" and "kasabası" together;
* **names**: a passage also answers to every name and spelling variant, in
  every language, of each entity it marks (``texts/entities.xml``), so
  "Chicherin" finds the Turkish "Çiçerin" and the Russian "Чичерина".

Every word of a query must match (in the text or in the names of the
passage's entities). A passage is a sentence (a group of aligned sentences of
a translation) or, for units without sentences (headings, keywords, some
notes), the whole unit; each language version is searched in its own
language, so a hit names its language and carries the aligned text in the
text's other languages.

The package, from the bottom: ``analysis`` (words, folding, stems, roots),
``hits`` (what a search answers, its limits), ``names`` (the authority file's
names), ``records`` (the passages of a text), ``index`` (the Tantivy index of
the records), ``store`` (where indexes live, how they are found and made
safely), ``engine`` (a query over an index), ``service`` (opening the search
of a corpus).

>>> fold("İstanbul") == fold("istanbul") == fold("ıstanbul")
True
>>> sorted(word_keys("договором", "ru"))
['договор', 'договором']
"""

from __future__ import annotations

from reader.search.analysis import (
    STEMMERS,
    TR_SUFFIXES,
    extra_words,
    fold,
    lower,
    tokens,
    tr_root,
    word_keys,
)
from reader.search.hits import (
    LABELS,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    SENTENCE_LABEL,
    AlignedVersion,
    QueryTooLong,
    SearchHit,
    UnknownSearchLanguage,
    label_text,
    make_snippet,
)
from reader.search.names import entity_name_table, name_span, name_words, names_index
from reader.search.records import (
    Record,
    build_records,
    context_weight,
    entities_for,
    entity_names,
    index_content,
    index_meta,
    records_of,
)

__all__ = [
    "LABELS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "SENTENCE_LABEL",
    "STEMMERS",
    "TR_SUFFIXES",
    "AlignedVersion",
    "QueryTooLong",
    "Record",
    "SearchHit",
    "UnknownSearchLanguage",
    "build_records",
    "context_weight",
    "entities_for",
    "entity_name_table",
    "entity_names",
    "extra_words",
    "fold",
    "index_content",
    "index_meta",
    "label_text",
    "lower",
    "make_snippet",
    "name_span",
    "name_words",
    "names_index",
    "records_of",
    "tokens",
    "tr_root",
    "word_keys",
]
