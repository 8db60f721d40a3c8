"""Print editions: layout (:mod:`.edition`), PDF structure tags (:mod:`.tags`), hyphenation (:mod:`.hyphen`), the locked URL fetcher (:mod:`.fetch`)."""
