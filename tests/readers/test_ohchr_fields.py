"""OHCHR lists read exact to the field: every State, text, source, note, theme and SDG as
the document prints it. The lists are built as each cycle's lists are written (the layouts
of docs/ohchr-lists.md), with the cases met in real lists; each row is checked field by
field, through the import and back out of the register."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from uprreport import api
from uprreport.errors import UprError, UsageError
from uprreport.model import states
from uprreport.readers import ohchr_matrix, register


def _table(path: Path, header: list[str], rows: list) -> Path:
    """A list as Word holds it: one table; a str row is a theme row merged across the table."""
    doc = Document()
    t = doc.add_table(rows=1, cols=len(header))
    for c, h in zip(t.rows[0].cells, header):
        c.text = h
    for row in rows:
        cells = t.add_row().cells
        if isinstance(row, str):
            cells[0].merge(cells[-1]).text = row
        else:
            for c, value in zip(cells, row):
                c.text = value
    doc.save(path)
    return path


FOURTH = ["Recommendation and recommending State", "Position of the State under review",
          "Human rights themes and groups of persons", "Relevant SDGs"]
SOURCE4 = "\nSource of Position: A/HRC/59/15/Add.1 - Para.3"


def _fourth_cycle(path: Path) -> Path:
    return _table(path, FOURTH, [
        "Theme: Ratification of & accession to international instruments",
        ["140.1 Ratify the Optional Protocol to the Convention against Torture (OP-CAT) (Portugal, Slovakia);"
         + SOURCE4, "Supported", "Ratification of & accession to international instruments\nAffected persons:\n"
         "- persons deprived of their liberty", "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"],
        ["140.2 Ratify the International Convention for the Protection of All Persons from Enforced "
         "Disappearance (ICPPED) (Spain, Tunisia, Portugal);" + SOURCE4, "Supported",
         "Ratification of & accession to international instruments", "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"],
        ["140.3 Withdraw its reservations to the Convention on the Elimination of All Forms of Discrimination "
         "against Women (CEDAW) (the former Yugoslav Republic of Macedonia);" + SOURCE4, "Noted",
         "Ratification of & accession to international instruments", "5 - GENDER EQUALITY"],
        ["140.4 Ratify the International Convention on the Protection of the Rights of All Migrant Workers "
         "(ICRMW) (Lao People's Democratic Republic); Consider ratifying the Convention on migrant workers "
         "(Lao People\u2019s Democratic Republic) (Holy See);" + SOURCE4, "Supported/Noted",
         "Ratification of & accession to international instruments\nMigrants", "8 - DECENT WORK\n10 - REDUCED INEQUALITIES"],
        "Theme: Children: definition; general principles; protection",
        ["140.5 Raise the minimum age of marriage to 18 years (State of Palestine) (Portgual);" + SOURCE4,
         "Supported", "Children: definition; general principles; protection", "5 - GENDER EQUALITY"],
        ["140.6 Establish a national preventive mechanism within a year (Voluntary Pledge)", "Voluntary pledge",
         "Children: definition; general principles; protection", ""],
    ])


def test_fourth_cycle_rows_field_by_field(tmp_path):
    rows, diags = ohchr_matrix.read(_fourth_cycle(tmp_path / "l.docx"), "l.docx")
    got = {r.id: r for r in rows}
    assert len(rows) == 6
    r = got["140.1"]   # a treaty's acronym stays in the text; two States in one bracket are two
    assert r.text == "Ratify the Optional Protocol to the Convention against Torture (OP-CAT)"
    assert r.states == ["Portugal", "Slovakia"] and r.position == "supported"
    assert (r.position_source, r.source, r.note) == ("A/HRC/59/15/Add.1, para. 3", "A/HRC/59/15", "")
    assert r.affected_persons == ["persons deprived of their liberty"] and r.sdgs == [16]
    r = got["140.2"]
    assert r.text.endswith("Enforced Disappearance (ICPPED)") and r.states == ["Spain", "Tunisia", "Portugal"]
    r = got["140.3"]   # a State's name in lower case is a State
    assert r.text.endswith("against Women (CEDAW)") and r.states == ["the former Yugoslav Republic of Macedonia"]
    assert r.position == "noted" and r.sdgs == [5]
    r = got["140.4"]   # one State with a straight and a curly apostrophe is one State
    assert r.text == ("Ratify the International Convention on the Protection of the Rights of All Migrant Workers "
                      "(ICRMW); Consider ratifying the Convention on migrant workers")
    assert r.states == ["Lao People's Democratic Republic", "Holy See"]
    assert r.position == "partially supported" and r.themes == ["Ratification of & accession to international "
                                                                "instruments", "Migrants"] and r.sdgs == [8, 10]
    r = got["140.5"]   # a theme whose name holds semicolons is one theme; a misspelt State is said
    assert r.group == "Children: definition; general principles; protection"
    assert r.themes == ["Children: definition; general principles; protection"]
    assert r.states == ["State of Palestine", "Portgual"]
    unknown = [d for d in diags if d.code == "state-unknown"]
    assert len(unknown) == 1 and "'Portgual'" in unknown[0].message and "Portugal" in unknown[0].message
    assert unknown[0].location.row == 8
    r = got["140.6"]   # a voluntary pledge is read as one
    assert r.position == "voluntary pledge" and r.text.endswith("within a year (Voluntary Pledge)")


def test_the_register_keeps_every_field_through_import(tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    api.import_ohchr(_fourth_cycle(tmp_path / "l.docx"), root)
    recs, _where, diags = register.read(root / "recommendations.csv", "recommendations.csv")
    assert not [d for d in diags if d.severity.value == "error"], diags
    got = {r.id: r for r in recs}
    assert got["140.5"].themes == ["Children: definition; general principles; protection"]
    assert got["140.4"].states == ["Lao People's Democratic Republic", "Holy See"]
    assert got["140.1"].states == ["Portugal", "Slovakia"] and got["140.1"].position_source == "A/HRC/59/15/Add.1, para. 3"
    assert got["140.6"].position.value == "voluntary pledge"
    again = api.import_ohchr(_fourth_cycle(tmp_path / "l.docx"), root)   # idempotent
    assert not again.added and not again.changed


SECOND = ["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"]


def test_ohchr_note_lines_are_fields_not_text(tmp_path):
    path = _table(tmp_path / "l.docx", SECOND, [
        "Theme: A12 Acceptance of international norms",
        ["128.1 Ratify the Optional Protocol to the Convention against Torture (Denmark);\n"
         "Source of position: A/HRC/28/15/Add.1, para. 3 - Para. 3\n"
         "Comments: Information sent in a post Add.1 letter", "Supported", "A12 Acceptance of international norms", ""],
        ["128.2 Consider ratifying the Convention (Chile)", "Noted\nSource of position: A/HRC/28/15/Add.1 - Para. 5\n"
         "Comments: Position clarified at the adoption", "A12 Acceptance of international norms", ""],
    ])
    rows, _diags = ohchr_matrix.read(path, "l.docx")
    a, b = rows
    assert a.text == "Ratify the Optional Protocol to the Convention against Torture" and a.states == ["Denmark"]
    assert (a.position_source, a.source, a.note) == ("A/HRC/28/15/Add.1, para. 3", "A/HRC/28/15",
                                                     "Information sent in a post Add.1 letter")
    assert (b.text, b.position, b.position_source, b.note) == (
        "Consider ratifying the Convention", "noted", "A/HRC/28/15/Add.1, para. 5", "Position clarified at the adoption")
    assert a.uhri == ["A12"] and a.themes == ["Acceptance of international norms"]
    row = ohchr_matrix.register_row(a)
    assert row["note"] == "Information sent in a post Add.1 letter" and row["theme_codes"] == ["A12"]


THIRD = ["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"]


def test_sdg_lines_among_themes_are_sdgs(tmp_path):
    path = _table(tmp_path / "l.docx", THIRD, [
        "Theme: D51 Administration of justice & fair trial",
        ["121.9 Guarantee the independence of the judiciary (Austria)", "Supported",
         "D51 Administration of justice & fair trial\nS16 SDG 16 - peace, justice and strong institutions\n"
         "S05 SDG 5 - gender equality\nAffected persons:\n- judges, lawyers and prosecutors", ""],
    ])
    (r,), _ = ohchr_matrix.read(path, "l.docx")
    assert r.themes == ["Administration of justice & fair trial"] and r.uhri == ["D51"]
    assert r.sdgs == [5, 16] and r.affected_persons == ["judges, lawyers and prosecutors"]
    assert not any("SDG" in t or t.startswith("S ") for t in r.themes + [r.group])


@pytest.mark.parametrize("written,code", [
    ("Iran (Islamic Republic of)", "IRN"), ("Iran", "IRN"), ("Bolivia (Plurinational State of)", "BOL"),
    ("Bolivia", "BOL"), ("Laos", "LAO"), ("Lao People\u2019s Democratic Republic", "LAO"),
    ("United States", "USA"), ("United States of America", "USA"), ("DPR Korea", "PRK"),
    ("Democratic People's Republic of Korea", "PRK"), ("Republic of Korea", "KOR"), ("Cape Verde", "CPV"),
    ("Cabo Verde", "CPV"), ("the former Yugoslav Republic of Macedonia", "MKD"), ("North Macedonia", "MKD"),
    ("Holy See", "VAT"), ("State of Palestine", "PSE"), ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Bolivarian Republic of Venezuela", "VEN"), ("Netherlands (Kingdom of the)", "NLD"), ("Türkiye", "TUR"),
    ("Turkey", "TUR"), ("Côte d\u2019Ivoire", "CIV"), ("Trinidad and Tobago", "TTO"), ("Niger", "NER"),
    ("Nigeria", "NGA"), ("Dominica", "DMA"), ("Dominican Republic", "DOM"), ("Guinea", "GIN"),
    ("Equatorial Guinea", "GNQ"), ("Congo", "COG"), ("Democratic Republic of the Congo", "COD"),
])
def test_state_spellings_resolve_to_one_code(written, code):
    assert states.key(written) == code
    assert states.key(written.upper()) == code and states.key(f"  {written} ") == code


@pytest.mark.parametrize("bracket", ["OP-CAT", "ICPPED", "CEDAW", "ICRMW", "CRPD", "ICCPR", "Add.1", "para. 3",
                                     "No. 189", "Optional Protocol to the Convention against Torture",
                                     "Istanbul Convention", "Paris Principles"])
def test_what_is_no_state_stays_in_the_text(bracket):
    _rid, text, found, *_ = ohchr_matrix.parse_recommendation(f"140.1 Ratify it ({bracket}) (Chile)")
    assert text == f"Ratify it ({bracket})" and found == ["Chile"]


def test_groups_are_not_states():
    assert states.resolve("EU").kind == "group" and not states.resolve("OIF").is_state
    assert states.resolve("Holy See").kind == "observer" and states.resolve("Chile").kind == "state"


def test_every_cldr_name_resolves_to_its_own_code():
    """CLDR's names (a maintained list, written otherwise than the table's) of every State, in
    the six UN languages, resolve to that State, never to a neighbour ("République
    dominicaine" is not Dominica, "Guinea Ecuatorial" not Guinea)."""
    from babel import Locale

    known = {c.entity.alpha2 for c in states._table()}
    checked, wrong = 0, []
    for language in states.UN_LANGUAGES:
        for alpha2, name in Locale(language).territories.items():
            if alpha2 not in known or alpha2 == "UM":   # "U.S. Outlying Islands" are several territories
                continue
            checked += 1
            entity = states.resolve(name)
            if entity is None or entity.alpha2 != alpha2:
                wrong.append((language, alpha2, name, entity))
    assert not wrong and checked > 1400


def test_a_refused_list_leaves_no_half_made_project(tmp_path):
    not_a_list = tmp_path / "letter.docx"
    doc = Document()
    doc.add_paragraph("Dear colleagues, please find attached the list.")
    doc.save(not_a_list)
    target = tmp_path / "new"
    with pytest.raises(UprError):
        api.init(target, "national", not_a_list)
    assert not target.exists()
    written = api.init(target, "national", _fourth_cycle(tmp_path / "l.docx"))   # a second init works
    assert (target / "report.yaml").is_file() and (target / "recommendations.csv") in written
    checked = api.validate(target)
    assert not checked.report.has_errors(), [d.render() for d in checked.report.errors]
    assert "Children: definition; general principles; protection" in [t.title for t in checked.project.themes]


@pytest.mark.realdata
@pytest.mark.parametrize("name,distinct", [("slovenia-cycle4-thematic-list.docx", 94),
                                           ("slovenia-cycle3-thematic-list.docx", 81)])
def test_real_lists_field_by_field(realdata, name, distinct):
    """On OHCHR's own lists: every State resolves and is counted once (the 4th-cycle list
    writes Venezuela two ways), no note line or State is left in a text, every row has its
    source, and no SDG or code is taken for a theme."""
    rows, diags = ohchr_matrix.read(realdata / "upr" / name, name)
    assert not [d for d in diags if d.code == "state-unknown"], [d.message for d in diags]
    assert len({states.key(s) for r in rows for s in r.states}) == distinct
    for r in rows:
        assert r.states and all(states.resolve(s) is not None for s in r.states), r.id
        assert len({states.key(s) for s in r.states}) == len(r.states), r.id
        assert "Source of" not in r.text and not r.text.rstrip(" ;").endswith(tuple(f"({s})" for s in r.states))
        assert r.position_source.startswith(r.source + "/Add.1, para. ") or r.position_source.startswith(r.source)
        assert r.source in ("A/HRC/59/15", "A/HRC/43/15") and all(1 <= g <= 17 for g in r.sdgs)
        assert not [t for t in r.themes if "SDG" in t or t[:2].strip() in ("S",)]
    assert sum(bool(r.sdgs) for r in rows) > len(rows) * 0.8


@pytest.mark.parametrize("written,code", [("Allemagne", "DEU"), ("Royaume-Uni", "GBR"), ("Alemania", "DEU"),
                                          ("Estados Unidos", "USA"), ("Германия", "DEU"), ("فرنسا", "FRA"),
                                          ("الأردن", "JOR"), ("法国", "FRA"), ("Grèce", "GRC")])
def test_names_in_the_un_languages_resolve(written, code):
    """Lists and registers in the other UN languages name States as CLDR does in them."""
    assert states.key(written) == code


def test_the_samples_name_only_states():
    samples = Path(__file__).resolve().parents[2] / "samples"
    for path in sorted(samples.glob("*/recommendations.csv")):
        recs, _where, _diags = register.read(path, path.name)
        assert recs and not [s for r in recs for s in r.states if states.resolve(s) is None], path


def test_validate_names_what_is_no_state_in_a_register(tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    reg = root / "recommendations.csv"
    text = reg.read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1]
    assert header.startswith("id,text,states")
    rows = [header, first] + [f'150.{i},Ratify the Convention,"CEDAW; Portgual",supported,,,,,'
                              for i in (1, 2)]
    reg.write_text("\n".join(rows) + "\n", encoding="utf-8")
    said = [d for d in api.validate(root).report.sorted() if d.code == "state-unknown"]
    assert [d.message.split("'")[1] for d in said] == ["CEDAW", "Portgual"]
    assert "150.1, 150.2" in said[1].message and "Portugal" in said[1].message
    assert said[0].location.path == "recommendations.csv" and said[0].location.row is not None


@pytest.mark.parametrize("word", ["LGBTI", "LGBT", "GBV", "LGBTIQ+", "Afghans", "Iranians", "Syrians", "Iraqi",
                                  "Nigerians", "Pakistanis", "Venezuelans"])
def test_acronyms_and_demonyms_are_no_states(word):
    assert states.resolve(word) is None
    _rid, text, found, *_ = ohchr_matrix.parse_recommendation(f"140.1 Protect them ({word}) (Chile)")
    assert text == f"Protect them ({word})" and found == ["Chile"]


@pytest.mark.parametrize("written,code", [
    ("Fédération de Russie", "RUS"), ("États-Unis d'Amérique", "USA"), ("République de Corée", "KOR"),
    ("Saint-Siège", "VAT"), ("République arabe syrienne", "SYR"), ("République démocratique du Congo", "COD"),
    ("Nigéria", "NGA"), ("République islamique d'Iran", "IRN"), ("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
                                                              "GBR"),
    ("Estados Unidos de América", "USA"), ("Santa Sede", "VAT"), ("República Bolivariana de Venezuela", "VEN"),
    ("UK", "GBR"), ("USA", "USA"), ("Afghanistan", "AFG")])
def test_un_language_official_names_resolve(written, code):
    assert states.key(written) == code


def test_a_group_at_the_end_stays_in_the_text():
    _rid, text, found, *_ = ohchr_matrix.parse_recommendation("140.1 Align with the acquis (European Union) (Chile)")
    assert text == "Align with the acquis (European Union)" and found == ["Chile"]


@pytest.mark.realdata
def test_init_from_a_list_takes_the_state_it_is_of(realdata, tmp_path):
    api.init(tmp_path / "m", "midterm", realdata / "upr" / "slovenia-cycle3-thematic-list.docx")
    m = api.validate(tmp_path / "m").project.manifest
    assert (m.state, m.iso3, m.cycle, m.wg_session) == ("Slovenia", "SVN", 3, 34)
    api.init(tmp_path / "n", "national", realdata / "upr" / "slovenia-cycle4-thematic-list.docx")
    m = api.validate(tmp_path / "n").project.manifest
    assert (m.state, m.iso3) == ("Slovenia", "SVN") and m.symbol.endswith("/SVN/1")


def test_init_from_a_table_says_how_to_import_it(tmp_path):
    table = tmp_path / "export.csv"
    table.write_text("To,Text,From,Response\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is a table") as said:
        api.init(tmp_path / "p", "national", table)
    assert "import uprinfo" in said.value.hint and not (tmp_path / "p").exists()
