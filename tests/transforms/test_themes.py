from uprreport.model.manifest import Theme
from uprreport.model.register import Recommendation
from uprreport.transforms.themes import keyed, resolve, slug


def _rec(i, themes):
    return Recommendation(id=f"1.{i}", text="x", position="supported", themes=themes)


def test_titles_are_accepted_where_themes_are_declared():
    recs = [_rec(1, "Equality & non-discrimination; justice"), _rec(2, "unknown")]
    declared = [Theme(key="equality", title="Equality & non-discrimination"), Theme(key="justice", title="J")]
    out, keyed_recs = keyed(declared, recs)
    assert [t.key for t in out] == ["equality", "justice"]
    assert keyed_recs[0].themes == ["equality", "justice"] and keyed_recs[1].themes == ["unknown"]
    # what was given is left as it is; a recommendation whose themes stay the same is not copied
    assert recs[0].themes == ["Equality & non-discrimination", "justice"]
    assert keyed_recs[0] is not recs[0] and keyed_recs[1] is recs[1]


def test_without_declared_themes_the_register_defines_them_in_order():
    recs = [_rec(1, "Rights of the child"), _rec(2, "Equality & non-discrimination; Rights of the child")]
    out, keyed_recs = keyed([], recs)
    assert [(t.key, t.title) for t in out] == [("rights-of-the-child", "Rights of the child"),
                                               ("equality-non-discrimination", "Equality & non-discrimination")]
    assert keyed_recs[1].themes == ["equality-non-discrimination", "rights-of-the-child"]
    assert resolve([], recs) == out and recs[1].themes == ["Equality & non-discrimination", "Rights of the child"]


def test_slug():
    assert slug("Côte d'Ivoire & co.") == "cote-d-ivoire-co"


def test_theme_map_groups_ohchr_themes_into_the_reports_chapters():
    recs = [_rec(1, "Children: definition; general principles; protection | Right to education"),
            _rec(2, "Children: juvenile justice"), _rec(3, "Right to health")]
    out, keyed_recs = keyed([Theme(key="children", title="Rights of the child"), Theme(key="health", title="Health")],
                            recs, {"Children: definition; general principles; protection": "children",
                                   "children: juvenile justice": "children", "Right to health": "health",
                                   "Right to education": "children"})
    assert [t.key for t in out] == ["children", "health"]
    assert [r.themes for r in keyed_recs] == [["children"], ["children"], ["health"]]


def test_keys_are_short_cut_at_a_word_and_stable_for_any_script():
    assert slug("Economic, social & cultural rights - general measures of implementation") == \
        "economic-social-cultural-rights-general"
    assert slug("حقوق الطفل") == slug("حقوق الطفل") != slug("الحق في الصحة")
    assert slug("حقوق الطفل").startswith("theme-")
