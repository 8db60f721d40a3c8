"""Exports for other people's tools: the DTS 1.0 API (:mod:`.dts`) and the CapiTainS layout (:mod:`.capitains`)."""
