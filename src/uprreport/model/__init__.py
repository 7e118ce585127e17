"""Typed data of a report project and the document tree; no I/O here."""
