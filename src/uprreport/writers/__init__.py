"""Writers turn the document tree into deliverables: DOCX (from templates) and PDF."""
