"""Several cycles in one register, links to the earlier ones, their confirmation, and the
measure of "same" on the labelled Slovenian lists (docs/linking.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprreport import linking
from uprreport.cli import main
from uprreport.model.register import Recommendation
from uprreport.readers import register

# The settled labels of two readings (docs/linking-labels.md): "same" and "related" pairs
LABELS = Path(__file__).parent / "data" / "linking-slovenia-adjudicated.csv"


def rec(rid, text, states=("France",), cycle=None):
    return Recommendation.model_validate({"id": rid, "text": text, "states": list(states), "position": "supported",
                                          **({"cycle": cycle} if cycle else {})})


def test_earlier_cycles_are_read_apart_ids_unique_per_cycle(tmp_path):
    path = tmp_path / "recommendations.csv"
    path.write_text("id,text,states,position,cycle\n"
                    "140.1,Ratify the Optional Protocol to the Convention against Torture,France,supported,\n"
                    "140.1,Ratify OP-CAT,Chile,noted,3\n"
                    "121.5,Combat trafficking in persons,Italy,supported,3\n", encoding="utf-8")
    now, where, diags, earlier = register.read_cycles(path, "recommendations.csv")
    assert [r.id for r in now] == ["140.1"] and now[0].cycle is None and set(where) == {"140.1"}
    assert [(r.cycle, r.id) for r in earlier] == [(3, "140.1"), (3, "121.5")]
    assert not [d for d in diags if d.code == "rec-duplicate"]
    recs, _where, _diags = register.read(path, "recommendations.csv")
    assert [r.id for r in recs] == ["140.1"]


def test_treaty_and_wording_links():
    current = [rec("140.1", "Ratify the Optional Protocol to the Convention against Torture", ("Chile",)),
               rec("140.2", "Continue efforts to combat trafficking in persons and protect victims")]
    earlier = [rec("121.1", "Consider acceding to the Optional Protocol to the Convention against Torture",
                   ("Chile",), 3),
               rec("121.2", "Strengthen efforts to combat trafficking in persons and protect its victims", cycle=3),
               rec("121.3", "Ratify the Rome Statute", cycle=3)]
    links = linking.propose(current, earlier)
    same = {(lk.id, lk.earlier_id) for lk in links if lk.relation == "same"}
    assert same == {("140.1", "121.1"), ("140.2", "121.2")}
    first = next(lk for lk in links if lk.id == "140.1")
    assert "OP-CAT" in first.evidence and "Chile" in first.evidence and first.earlier_cycle == 3


def test_import_link_export_and_confirm(tmp_path, realdata):
    runner = CliRunner()
    project = tmp_path / "p"
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    (project / "recommendations.csv").unlink()
    manifest = project / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("cycle: 4 ", "cycle: 5 ", 1), encoding="utf-8")
    upr = realdata / "upr"
    for args in (["import", "ohchr", str(upr / "slovenia-cycle4-thematic-list.docx"), "-p", str(project)],
                 ["import", "ohchr", str(upr / "slovenia-cycle3-thematic-list.docx"), "-p", str(project),
                  "--cycle", "3"]):
        got = runner.invoke(main, args)
        assert got.exit_code == 0, got.output
    now, _w, _d, earlier = register.read_cycles(project / "recommendations.csv", "recommendations.csv")
    assert len(now) == 254 and len(earlier) == 215 and {r.cycle for r in earlier} == {3}
    got = runner.invoke(main, ["import", "ohchr", str(upr / "slovenia-cycle3-thematic-list.docx"), "-p",
                               str(project), "--cycle", "5"])
    assert got.exit_code != 0 and "not an earlier cycle" in got.output
    got = runner.invoke(main, ["link", "-p", str(project)])
    assert got.exit_code == 0, got.output
    rows = list(csv.DictReader((project / "links.csv").open(encoding="utf-8")))
    assert rows and list(rows[0])[:6] == ["id", "earlier_id", "earlier_cycle", "relation", "score", "confirmed"]
    out = tmp_path / "links.xlsx"
    got = runner.invoke(main, ["export", "links", "-p", str(project), "-o", str(out)])
    assert got.exit_code == 0, got.output
    from openpyxl import load_workbook

    wb = load_workbook(out)
    ws = wb["Links"]
    header = [c.value for c in ws[1]]
    column = header.index("confirmed") + 1
    assert any('"yes,no"' in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    ws.cell(row=2, column=column).value = "yes"
    ws.cell(row=3, column=column).value = "no"
    wb.save(out)
    got = runner.invoke(main, ["import", "links", str(out), "-p", str(project)])
    assert got.exit_code == 0 and "2 links decided anew" in got.output, got.output
    kept = list(csv.DictReader((project / "links.csv").open(encoding="utf-8")))
    assert [r["confirmed"] for r in kept[:2]] == ["yes", "no"]
    got = runner.invoke(main, ["link", "-p", str(project)])   # a new run keeps the decisions
    assert "2 decisions of yours kept" in got.output
    assert [r["confirmed"] for r in csv.DictReader((project / "links.csv").open(encoding="utf-8"))][:2] == ["yes", "no"]


def test_subject_rule_same_family_instrument_related_synonyms():
    """Subjects matched as treaties are (model.subjects): one subject and one's principal
    asks within the other's is "same" whatever the wording; an instrument asked for the goal
    (a strategy against racism) is "related" to the goal; synonyms meet; a narrower form of
    the subject (antisemitism) is related to the general call."""
    current = [rec("140.1", "Continue to make every effort to combat trafficking in persons"),
               rec("140.2", "Combat racism"),
               rec("140.3", "Take effective measures to combat the growth of crimes based on hate language"),
               rec("140.4", "Publicly condemn antisemitic incidents and hate speech")]
    earlier = [rec("121.1", "Strengthen measures to prevent trafficking of persons, particularly children, and "
                            "protect and support victims", cycle=3),
               rec("121.2", "Investigate, prosecute and punish all human trafficking cases", cycle=3),
               rec("121.3", "Adopt a national strategy to combat racism", cycle=3),
               rec("121.4", "Sustain efforts in combating hate speech and other hate crimes", cycle=3),
               rec("121.5", "Take measures to eliminate racial discrimination and xenophobia", cycle=3)]
    links = {(lk.id, lk.earlier_id): lk for lk in linking.propose(current, earlier)}
    assert links["140.1", "121.1"].relation == "same" and "trafficking" in links["140.1", "121.1"].evidence
    assert links["140.1", "121.2"].relation == "related"      # prosecution: an ask the general call lacks
    assert links["140.2", "121.3"].relation == "related"      # a strategy for the goal
    assert links["140.2", "121.5"].relation == "same"         # racism, racial discrimination, xenophobia
    assert links["140.3", "121.4"].relation == "same"         # hate language, hate speech
    assert links["140.4", "121.4"].relation == "related"      # antisemitism within hate speech


def test_grounds_fields_groups_and_asks_that_narrow():
    """What makes a subject narrower or an ask another: discrimination on a ground (not the
    same as a general call or one on racism; a call on hate speech is not narrowed by it);
    women's economic empowerment within gender equality; a group alone, where a general call
    and an instrument differ; finding victims and caring for them; setting up an institution
    and strengthening one; "other minorities" adds no group to a list."""
    current = [rec("140.1", "Combat all forms of racism and discrimination"),
               rec("140.2", "Step up the fight against hate speech"),
               rec("140.3", "Promote gender equality"),
               rec("140.4", "Protect the rights of persons with disabilities"),
               rec("140.5", "Combat trafficking in persons by improving victim identification and prosecuting "
                            "traffickers"),
               rec("140.6", "Strengthen the capacity of the Ombudsman"),
               rec("140.7", "Improve access of Roma to education and housing")]
    earlier = [rec("121.1", "Eliminate discrimination against persons with disabilities", cycle=3),
               rec("121.2", "Take measures against racial discrimination", cycle=3),
               rec("121.3", "Combat hate speech and discrimination against LGBTI persons", cycle=3),
               rec("121.4", "Adopt measures for the economic empowerment of women", cycle=3),
               rec("121.5", "Bring the legislation on persons with disabilities in line with international standards",
                   cycle=3),
               rec("121.6", "Promote the rights of persons with disabilities", cycle=3),
               rec("121.7", "Provide victims of trafficking with redress and shelter", cycle=3),
               rec("121.8", "Investigate and prosecute cases of trafficking in persons", cycle=3),
               rec("121.9", "Establish a national human rights institution", cycle=3),
               rec("121.10", "Ensure access to education and housing for Roma, migrants and other minorities",
                   cycle=3),
               rec("121.11", "Ensure access to education and housing for Roma, migrants and refugees", cycle=3)]
    links = {(lk.id, lk.earlier_id): lk.relation for lk in linking.propose(current, earlier)}
    assert links.get(("140.1", "121.1")) == "related"     # discrimination on another ground
    assert links.get(("140.1", "121.2")) == "same"        # racism: racial discrimination
    assert links.get(("140.2", "121.3")) == "same"        # the ground narrows no hate-speech call
    assert links.get(("140.3", "121.4")) == "related"     # a field of gender equality
    assert links.get(("140.4", "121.5")) == "related"     # an instrument for the group
    assert links.get(("140.4", "121.6")) == "same"        # the same general call
    assert links.get(("140.5", "121.7")) == "related"     # caring for victims is not finding them
    assert links.get(("140.5", "121.8")) == "same"        # prosecution is among the means
    assert links.get(("140.6", "121.9")) == "related"     # setting up is not strengthening
    assert links.get(("140.7", "121.10")) == "same"       # Roma and migrants, members of the minorities
    assert links.get(("140.7", "121.11")) != "same"       # three groups: an umbrella


def test_a_treaty_body_recommendation_is_related_never_the_same(tmp_path):
    """A register holding a treaty body's concluding observation (``mechanism`` CEDAW, an id
    of its own) beside the UPR recommendations: linked to an earlier UPR recommendation it
    is related at most, however alike the words, so that no report says it was received at
    an earlier review; the UPR recommendation of the same wording is the same."""
    runner = CliRunner()
    project = tmp_path / "p"
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    (project / "recommendations.csv").write_text(
        "id,text,states,position,mechanism,source,cycle\n"
        "140.1,Continue efforts to combat domestic violence,France,supported,,,\n"
        "CEDAW-25a,Strengthen efforts to combat domestic violence and ensure that victims have access to "
        "shelters,,supported,CEDAW,CEDAW/C/SVN/CO/7,\n"
        "121.13,Strengthen the efforts to combat domestic violence,Chile,supported,,,3\n"
        "121.14,Strengthen efforts to combat domestic violence and ensure that victims have access to shelters,"
        "Italy,supported,,,3\n", encoding="utf-8")
    got = runner.invoke(main, ["link", "-p", str(project)])
    assert got.exit_code == 0, got.output
    rows = {(r["id"], r["earlier_id"]): r for r in csv.DictReader((project / "links.csv").open(encoding="utf-8"))}
    assert rows["140.1", "121.13"]["relation"] == "same"
    assert rows["CEDAW-25a", "121.14"]["relation"] == "related"    # word for word, but another mechanism
    assert float(rows["CEDAW-25a", "121.14"]["score"]) < linking.SAME
    assert "CEDAW and UPR" in rows["CEDAW-25a", "121.14"]["evidence"]
    got = runner.invoke(main, ["validate", "-p", str(project)])
    assert "link-invalid" not in got.output, got.output


def test_means_of_a_treaty_do_not_cap():
    """Joining a treaty as the means of a general call ("protect migrants, including by
    ratifying the ICRMW") is the same as the call to join it, and as another general call."""
    current = [rec("140.6", "Consider further necessary measures to protect migrants and refugees, including by "
                            "ratifying the International Convention on the Protection of the Rights of All Migrant "
                            "Workers and Members of Their Families")]
    earlier = [rec("122.2", "Ratify the International Convention on the Protection of the Rights of All Migrant "
                            "Workers and Members of Their Families", cycle=3),
               rec("122.146", "Safeguard the rights of newly-arrived and all immigrants", cycle=3)]
    same = {lk.earlier_id for lk in linking.propose(current, earlier) if lk.relation == "same"}
    assert same == {"122.2", "122.146"}


# Floors of the measure on the labelled sample (docs/linking.md, "Measured"): the targets are
# precision 0.9 and recall 0.8. The sample is every sixth recommendation of the cycle-4 list
# (43). The rules were written reading only "development" ids: those with a row in the
# settled file (42; 140.46 has none), in list order, at even positions (21). The other 22 are
# held out and measured apart.
FLOORS = {"all": (0.78, 0.79), "development": (0.94, 0.94), "held out": (0.66, 0.66)}


def test_same_measured_on_the_slovenian_lists(realdata):
    from uprreport.readers import ohchr_matrix

    def recs(cycle):
        path = realdata / "upr" / f"slovenia-cycle{cycle}-thematic-list.docx"
        rows, _diags = ohchr_matrix.read(path, path.name)
        out = []
        for r in rows:
            cells = {k: v for k, v in ohchr_matrix.register_row(r).items() if v not in (None, "", [])}
            out.append(Recommendation.model_validate({**cells, **({"cycle": 3} if cycle == 3 else {})}))
        return out

    labels = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    current = recs(4)
    order = [r.id for r in current]
    sample = order[::6]
    assert len(sample) == 43 and {r["id"] for r in labels} <= set(sample)
    development = set(sorted({r["id"] for r in labels}, key=order.index)[0::2])
    links = linking.propose([r for r in current if r.id in set(sample)], recs(3))
    got = {}
    for name, ids in (("all", set(sample)), ("development", development), ("held out", set(sample) - development)):
        gold = {(r["id"], r["earlier_id"]) for r in labels if r["relation"] == "same" and r["id"] in ids}
        found = {(lk.id, lk.earlier_id) for lk in links if lk.relation == "same" and lk.id in ids}
        got[name] = (round(len(found & gold) / max(len(found), 1), 3), round(len(found & gold) / len(gold), 3))
    assert all(got[k][0] >= p and got[k][1] >= r for k, (p, r) in FLOORS.items()), got


# The second labelled sample (docs/linking-labels.md, "Cycles 3 and 2"): every fifth
# recommendation of Slovenia's cycle-3 list (43) against the 180 of cycle 2, from UPR Info's
# export (session 20, ids 115.1 … in the export's order, as `import uprinfo --paragraph 115`
# numbers them). Labelled after the rules were written, by two readers who had not seen the
# tool's proposals, then settled: all of it is held out.
LABELS_CYCLE2 = Path(__file__).parent / "data" / "linking-slovenia-cycle2-adjudicated.csv"
FLOORS_CYCLE2 = {"same": (0.64, 0.70), "shown": (0.85, 0.17)}


def test_same_measured_on_cycles_3_and_2(realdata, tmp_path):
    from uprreport import api
    from uprreport.readers import register

    root = tmp_path / "svn"
    api.init(root, "national", realdata / "upr" / "slovenia-cycle3-thematic-list.docx")
    api.import_uprinfo(realdata / "upr" / "uprinfo-export-sessions-18-20.csv", root, "Slovenia", paragraph=115)
    current, _where, _diags, earlier = register.read_cycles(root / "recommendations.csv", "recommendations.csv")
    assert len(current) == 215 and len(earlier) == 180 and {r.cycle for r in earlier} == {2}
    sample = [r.id for r in current][::5]
    labels = list(csv.DictReader(LABELS_CYCLE2.open(encoding="utf-8")))
    assert len(sample) == 43 and {r["id"] for r in labels} == set(sample)
    links = linking.propose([r for r in current if r.id in set(sample)], earlier)
    gold = {(r["id"], r["earlier_id"]) for r in labels if r["relation"] == "same"}
    got = {}
    for name, least in (("same", linking.SAME), ("shown", 0.95)):
        found = {(lk.id, lk.earlier_id) for lk in links if lk.relation == "same" and lk.score >= least}
        got[name] = (round(len(found & gold) / max(len(found), 1), 3), round(len(found & gold) / len(gold), 3))
    assert all(got[k][0] >= p and got[k][1] >= r for k, (p, r) in FLOORS_CYCLE2.items()), got
