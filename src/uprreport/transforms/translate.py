"""A report in another language: the translation's paragraphs in place of the source's, by
stable paragraph id (``apply``, a pass over the document), and the data the report prints
in the build's language (``localise``, over the project before the passes run).

A paragraph is translated when the project's catalog has its id and the source text it was
translated from is the paragraph's text today; a paragraph whose text changed since is
stale, and stays in the source language. Each is reported with its id and file.

The data-driven texts (``texts``): theme titles, the names of bodies (contributors, the
responsible bodies of implementation rows, the author, a coalition's members), the actions,
indicators and evidence of implementation rows, the statuses of a project's own vocabulary
that say no degree of the kind's statuses, the reviewed State's name when CLDR has none (a
fictional State), and recommending States or groups that are no State CLDR names. Each is
an entry of the PO file whose context says what it is (``KINDS``) and whose message is the
text: one translation serves every place it is printed. Statuses of the project's own
vocabulary are the kind's statuses of the same degree ("pleinement mise en œuvre" is
"fully implemented"), which the catalogs write in each language; States are named by CLDR
(Babel) by their ISO code, with the UN's short names where they differ (``UN_NAMES``).
An untranslated text is printed as written and reported once, where it comes from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from uprreport.diagnostics import Location, make
from uprreport.model import states
from uprreport.model.nodes import ListBlock, Table, iter_paras
from uprreport.model.tagged import TagError, parse, tagged

SEP = "\x04"   # between a data text's context and its source, in the key of the translations read (as gettext)

THEME, BODY, ACRONYM, STATE, RECOMMENDING, ACTION, INDICATOR, EVIDENCE, STATUS, MEMBER, KEYWORD, CAPTION = (
    "theme title", "body name", "acronym", "State under review", "recommending State", "action text", "indicator",
    "evidence", "status", "member description", "key word", "table caption")
KINDS = {
    THEME: "the title of a theme (report.yaml themes:), its heading, table rows and the chart's bars",
    BODY: "the name of a body: a contributor, a responsible body, the author or a member of the coalition",
    ACRONYM: "the acronym of the author",
    STATE: "the name of the State under review (no ISO name is known for it)",
    RECOMMENDING: "a recommending State or group that CLDR does not name",
    ACTION: "actions taken, from an implementation table",
    INDICATOR: "an indicator, from an implementation table",
    EVIDENCE: "evidence, from an implementation table",
    STATUS: "an implementation status of the project's vocabulary (report.yaml status_vocabulary:)",
    MEMBER: "the description of a member of the coalition (members annex)",
    KEYWORD: "a key word printed under the summary (report.yaml keywords:)",
    CAPTION: "the caption of a table in a contributor's text",
}

# The UN's short names where CLDR's differ (UNTERM: the short names of Member and observer
# States in the six languages as the UN lists them; docs/languages.md), by ISO 3166-1 alpha-2 code.
UN_NAMES = {
    "en": {"BO": "Bolivia (Plurinational State of)", "IR": "Iran (Islamic Republic of)", "KR": "Republic of Korea",
           "KP": "Democratic People's Republic of Korea", "RU": "Russian Federation", "SY": "Syrian Arab Republic",
           "TZ": "United Republic of Tanzania", "MD": "Republic of Moldova", "LA": "Lao People's Democratic Republic",
           "VN": "Viet Nam", "GB": "United Kingdom of Great Britain and Northern Ireland",
           "US": "United States of America", "FM": "Micronesia (Federated States of)", "PS": "State of Palestine",
           "VA": "Holy See", "CD": "Democratic Republic of the Congo", "CG": "Congo", "BN": "Brunei Darussalam",
           "CV": "Cabo Verde", "VE": "Venezuela (Bolivarian Republic of)", "NL": "Netherlands (Kingdom of the)",
           "BA": "Bosnia and Herzegovina", "AG": "Antigua and Barbuda", "TT": "Trinidad and Tobago",
           "KN": "Saint Kitts and Nevis", "VC": "Saint Vincent and the Grenadines", "LC": "Saint Lucia",
           "ST": "Sao Tome and Principe", "MM": "Myanmar", "CI": "Côte d'Ivoire"},
    "fr": {"BO": "Bolivie (État plurinational de)", "IR": "Iran (République islamique d’)", "KR": "République de Corée",
           "KP": "République populaire démocratique de Corée", "RU": "Fédération de Russie",
           "SY": "République arabe syrienne", "TZ": "République-Unie de Tanzanie", "MD": "République de Moldova",
           "LA": "République démocratique populaire lao", "VN": "Viet Nam",
           "GB": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", "US": "États-Unis d’Amérique",
           "FM": "Micronésie (États fédérés de)", "PS": "État de Palestine", "VA": "Saint-Siège",
           "CD": "République démocratique du Congo", "CG": "Congo", "BN": "Brunéi Darussalam", "CV": "Cabo Verde",
           "VE": "Venezuela (République bolivarienne du)", "NL": "Pays-Bas (Royaume des)"},
    "es": {"BO": "Bolivia (Estado Plurinacional de)", "IR": "Irán (República Islámica del)", "KR": "República de Corea",
           "KP": "República Popular Democrática de Corea", "RU": "Federación de Rusia",
           "SY": "República Árabe Siria", "TZ": "República Unida de Tanzanía", "MD": "República de Moldova",
           "LA": "República Democrática Popular Lao", "VN": "Viet Nam",
           "GB": "Reino Unido de Gran Bretaña e Irlanda del Norte", "US": "Estados Unidos de América",
           "FM": "Micronesia (Estados Federados de)", "PS": "Estado de Palestina", "VA": "Santa Sede",
           "CD": "República Democrática del Congo", "CG": "Congo", "BN": "Brunei Darussalam", "CV": "Cabo Verde",
           "VE": "Venezuela (República Bolivariana de)", "NL": "Países Bajos (Reino de los)"},
    "ru": {"BO": "Боливия (Многонациональное Государство)", "IR": "Иран (Исламская Республика)",
           "KR": "Республика Корея", "KP": "Корейская Народно-Демократическая Республика",
           "RU": "Российская Федерация", "SY": "Сирийская Арабская Республика",
           "TZ": "Объединенная Республика Танзания", "MD": "Республика Молдова",
           "LA": "Лаосская Народно-Демократическая Республика", "VN": "Вьетнам",
           "GB": "Соединенное Королевство Великобритании и Северной Ирландии", "US": "Соединенные Штаты Америки",
           "FM": "Микронезия (Федеративные Штаты)", "PS": "Государство Палестина", "VA": "Святой Престол",
           "CD": "Демократическая Республика Конго", "CG": "Конго", "BN": "Бруней-Даруссалам", "CV": "Кабо-Верде",
           "VE": "Венесуэла (Боливарианская Республика)", "NL": "Нидерланды (Королевство)"},
    "ar": {"BO": "بوليفيا (دولة - المتعددة القوميات)", "IR": "إيران (جمهورية - الإسلامية)", "KR": "جمهورية كوريا",
           "KP": "جمهورية كوريا الشعبية الديمقراطية", "RU": "الاتحاد الروسي", "SY": "الجمهورية العربية السورية",
           "TZ": "جمهورية تنزانيا المتحدة", "MD": "جمهورية مولدوفا", "LA": "جمهورية لاو الديمقراطية الشعبية",
           "VN": "فييت نام", "GB": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
           "US": "الولايات المتحدة الأمريكية", "FM": "ميكرونيزيا (ولايات - الموحدة)", "PS": "دولة فلسطين",
           "VA": "الكرسي الرسولي", "CD": "جمهورية الكونغو الديمقراطية", "CG": "الكونغو", "BN": "بروني دار السلام",
           "CV": "كابو فيردي", "VE": "فنزويلا (جمهورية - البوليفارية)", "NL": "هولندا (مملكة)"},
    "zh": {"BO": "多民族玻利维亚国", "IR": "伊朗伊斯兰共和国", "KR": "大韩民国", "KP": "朝鲜民主主义人民共和国",
           "RU": "俄罗斯联邦", "SY": "阿拉伯叙利亚共和国", "TZ": "坦桑尼亚联合共和国", "MD": "摩尔多瓦共和国",
           "LA": "老挝人民民主共和国", "VN": "越南", "GB": "大不列颠及北爱尔兰联合王国", "US": "美利坚合众国",
           "FM": "密克罗尼西亚联邦", "PS": "巴勒斯坦国", "VA": "教廷", "CD": "刚果民主共和国", "CG": "刚果",
           "BN": "文莱达鲁萨兰国", "CV": "佛得角", "VE": "委内瑞拉玻利瓦尔共和国", "NL": "荷兰王国"},
}


def key(kind: str, source: str) -> str:
    """The key of a data text's translation among a project's translations."""
    return f"{kind}{SEP}{source}"


@dataclass
class Text:
    """A data-driven text the report prints, and every place it comes from."""

    kind: str
    source: str
    places: list[Location] = field(default_factory=list)

    def where(self) -> str:
        shown = [_place(p) for p in self.places[:3]]
        return ", ".join(shown) + (f" and {len(self.places) - 3} more" if len(self.places) > 3 else "")


def _place(loc: Location) -> str:
    out = str(loc)
    return f"{out} ({loc.field})" if loc.field else out


def _code(alpha3: str | None) -> str:
    """The ISO alpha-2 code of an alpha-3 code, or "" (a fictional State's)."""
    if not alpha3:
        return ""
    found = [c.entity.alpha2 for c in states._table() if c.entity.code == alpha3.upper()]
    return found[0] if found else ""


@functools.lru_cache(maxsize=16)
def _territories(language: str) -> dict:
    from babel import Locale

    return dict(Locale.parse(language).territories)


def state_name(alpha2: str, language: str) -> str | None:
    """A State's name in ``language``: the UN's short name where known, else CLDR's."""
    if not alpha2:
        return None
    return UN_NAMES.get(language, {}).get(alpha2) or _territories(language).get(alpha2)


def _recommending(written: str) -> str:
    """The ISO alpha-2 code of a recommending State as written, or "" (a group, not a State)."""
    entity = states.resolve(written)
    return entity.alpha2 if entity is not None and entity.is_state and entity.alpha2 else ""


def _statuses(project) -> dict[str, str]:
    """Each status of the project's own vocabulary -> the kind's status of the same degree
    (the catalogs write those in every language); statuses without one are left out."""
    from uprreport.transforms.statuses import degree, vocabulary

    kind = list(project.profile.statuses) if project.profile else []
    own = vocabulary(project)
    if own == kind:
        return {}
    out, used = {}, set()
    for s in own:
        if s in kind:
            out[s] = s
            used.add(s)
    for s in own:
        if s in out:
            continue
        said = degree(s)
        same = [k for k in kind if said is not None and degree(k) == said and k not in used]
        if same:
            out[s] = same[0]
            used.add(same[0])
    return out


def texts(project) -> list[Text]:
    """Every data-driven text the report prints that a translator translates, in the order
    they come, each with its places."""
    found: dict[tuple[str, str], Text] = {}

    def add(kind: str, source: str | None, where: Location) -> None:
        if source and source.strip():
            found.setdefault((kind, source), Text(kind, source)).places.append(where)

    m = project.manifest
    for t in project.themes:
        add(THEME, t.title, Location("report.yaml", field=f"themes.{t.key}"))
    if m is not None:
        if not _code(m.iso3):
            add(STATE, m.state, Location("report.yaml", field="state"))
        if m.author:
            add(BODY, m.author.name, Location("report.yaml", field="author.name"))
            add(ACRONYM, m.author.acronym, Location("report.yaml", field="author.acronym"))
        for n, word in enumerate(m.keywords):
            add(KEYWORD, word, Location("report.yaml", field=f"keywords[{n}]"))
        mapped = _statuses(project)
        if m.status_vocabulary:
            for s in m.status_vocabulary:
                if s not in mapped and s not in (project.profile.statuses if project.profile else []):
                    add(STATUS, s, Location("report.yaml", field="status_vocabulary"))
    for c in project.contributions:
        if c.contributor:
            add(BODY, c.contributor.name, Location(f"{c.path}/contributor.yaml", field="name"))
    for c in project.contributions:
        for loc, row in c.implementation:
            add(BODY, row.responsible_body, replace(loc, field="responsible_body"))
            for p in row.partners:
                add(BODY, p, replace(loc, field="partners"))
            add(ACTION, row.actions, replace(loc, field="actions"))
            add(INDICATOR, row.indicators, replace(loc, field="indicators"))
            add(EVIDENCE, row.evidence, replace(loc, field="evidence"))
    for n, mem in enumerate(project.members, 2):
        where = Location(m.members or "members.csv", row=n)
        add(BODY, mem.name, replace(where, field="name"))
        add(MEMBER, mem.description, replace(where, field="description"))
    for rec in project.recommendations:
        for s in rec.states:
            if not _recommending(s):
                add(RECOMMENDING, s, replace(project.rec_locations.get(rec.id, Location(project.register_path)),
                                             field="states"))
    return list(found.values())


def localise(project, language: str, entries: dict):
    """``project`` with the data it prints in ``language`` (``texts`` translated from
    ``entries``, statuses as the kind's, States by CLDR): a new project, and a warning for
    each text left untranslated, at its first place."""
    done: dict[tuple[str, str], str] = {}
    out = []
    for text in texts(project):
        entry = entries.get(key(text.kind, text.source))
        if entry is not None and not entry.fuzzy and entry.target:
            done[(text.kind, text.source)] = entry.target
        else:
            out.append(make("translation-missing", text.places[0],
                            f"{text.kind} '{text.source}' has no translation into {language} "
                            f"(it is printed at {text.where()}); it is printed as written until translated "
                            f"(`uprreport translate export --to {language}`)"))

    def tr(kind: str, source: str | None) -> str | None:
        return done.get((kind, source), source) if source else source

    statuses = _statuses(project)

    def status(s: str) -> str:
        return statuses.get(s) or tr(STATUS, s)

    m = project.manifest
    update: dict = {}
    if m.status_vocabulary:
        update["status_vocabulary"] = [status(s) for s in m.status_vocabulary]
    name = state_name(_code(m.iso3), language)
    update["state"] = name or tr(STATE, m.state)
    if m.keywords:
        update["keywords"] = [tr(KEYWORD, w) for w in m.keywords]
    if m.author:
        update["author"] = m.author.model_copy(update={"name": tr(BODY, m.author.name),
                                                       "acronym": tr(ACRONYM, m.author.acronym)})
    project = replace(project, manifest=m.model_copy(update=update),
                      themes=[t.model_copy(update={"title": tr(THEME, t.title)}) for t in project.themes])

    def row_in(_c, _loc, row):
        new = {"status": status(row.status), "responsible_body": tr(BODY, row.responsible_body),
               "partners": [tr(BODY, p) for p in row.partners], "actions": tr(ACTION, row.actions),
               "indicators": tr(INDICATOR, row.indicators), "evidence": tr(EVIDENCE, row.evidence)}
        return row if all(getattr(row, k) == v for k, v in new.items()) else row.model_copy(update=new)

    project = project.with_rows(row_in)
    project = replace(project, contributions=[
        replace(c, contributor=c.contributor.model_copy(update={"name": tr(BODY, c.contributor.name)}))
        if c.contributor else c for c in project.contributions])
    project = replace(project, members=[mem.model_copy(update={"name": tr(BODY, mem.name),
                                                               "description": tr(MEMBER, mem.description)})
                                        for mem in project.members])

    def named(s: str) -> str:
        return state_name(_recommending(s), language) or tr(RECOMMENDING, s)

    project = replace(project, recommendations=[
        r.model_copy(update={"states": [named(s) for s in r.states]}) if r.states else r
        for r in project.recommendations])
    return project, out


def tables(blocks):
    """Every Table in ``blocks``, descending into lists and tables."""
    for b in blocks:
        if isinstance(b, Table):
            yield b
            for row in b.rows:
                for cell in row:
                    yield from tables(cell.blocks)
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield from tables(item)


def captions(doc, names: dict[str, str]) -> list[Text]:
    """The captions of the tables of contributors' texts, each with its places (the
    contributor's file), for the translator."""
    found: dict[str, Text] = {}
    for top in doc.body:
        for section in top.walk():
            for table in tables(section.blocks):
                if table.caption and table.caption.strip() and table.contributor:
                    found.setdefault(table.caption, Text(CAPTION, table.caption)).places.append(
                        Location(_table_source(table) or names.get(table.contributor, table.contributor)))
    return list(found.values())


def _table_source(table) -> str | None:
    for row in table.rows:
        for cell in row:
            for p in iter_paras(cell.blocks):
                if p.source:
                    return p.source
    return None


def apply(doc, ctx):
    language, entries = ctx.options.language, ctx.project.translations
    if not language:
        return ()
    names = {c.slug: c.display_name for c in ctx.project.contributions}
    out = []
    for text in captions(doc, names):
        entry = entries.get(key(CAPTION, text.source))
        if entry is not None and not entry.fuzzy and entry.target:
            for top in doc.body:
                for section in top.walk():
                    for table in tables(section.blocks):
                        if table.caption == text.source and table.contributor:
                            table.caption = entry.target
        else:
            out.append(make("translation-missing", text.places[0],
                            f"{CAPTION} '{text.source}' has no translation into {language} "
                            f"(it is printed at {text.where()}); it is printed as written until translated "
                            f"(`uprreport translate export --to {language}`)"))
    for top in doc.body:
        for section in top.walk():
            for p in iter_paras(section.blocks):
                if not p.id or not p.contributor:
                    continue   # generated text comes from the catalogs
                who = names.get(p.contributor, p.contributor)
                where = Location(p.source or f"translations/{language}.po", field=p.id)
                entry = entries.get(p.id)
                if entry is None:
                    out.append(make("translation-missing", where, f"{who}: paragraph {p.id} is not translated yet, "
                                    f"left in the source language (export it with `uprreport translate export "
                                    f"--to {language}`)"))
                    continue
                if entry.source == tagged(p.inlines) and not entry.fuzzy:
                    try:
                        p.inlines = parse(entry.target)
                        continue
                    except TagError:
                        pass
                out.append(make("translation-stale", where, f"{who}: 1 paragraph changed since translated "
                                f"({p.id}), left in the source language until translated again"))
    return out
