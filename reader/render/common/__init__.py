"""Shared by every output: inline HTML (:mod:`.inline`), interface strings (:mod:`.i18n`), incremental output (:mod:`.output`)."""
