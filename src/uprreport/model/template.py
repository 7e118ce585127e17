"""What a Word template must hold for the writers: the styles they use by name, and the
paragraph where the report text goes. Offices restyle these in Word (docs/project-format.md)."""

BODY = "{{ body }}"

STYLES = ["Normal", "UN Paragraph", "Body Text", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
          "List Bullet", "List Number", "Quote", "Table Text", "Table Heading", "Table Grid",
          "Endnote Text", "Endnote Reference", "Footnote Text", "Footnote Reference", "Annex Title",
          "TOC Heading", "TOC 1", "TOC 2", "Caption"]
