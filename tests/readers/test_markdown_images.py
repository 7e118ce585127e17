"""A picture named in Markdown that cannot be a file (a NUL in its name, as a damaged or
hostile fragment may hold) is a missing picture on its fragment, never a fault."""

from __future__ import annotations

from uprreport import api


def test_a_picture_whose_name_holds_a_nul_is_missing_not_a_fault(sample_copy):
    fragment = next((sample_copy / "contributions").glob("*/*.md"))
    text = fragment.read_text(encoding="utf-8")
    fragment.write_text(text + "\n\n![Clinics](\x00clinics.png)\n", encoding="utf-8")
    v = api.validate(sample_copy)
    said = [d for d in v.report.items if d.code == "image-missing"]
    assert said and said[0].location.path.endswith(fragment.name) and "clinics.png" in said[0].message
