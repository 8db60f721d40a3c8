"""The HTML reader: reader pages (:mod:`.page`), the site plan (:mod:`.site`), index and timeline (:mod:`.crossref`), static search (:mod:`.search`)."""
