"""Invented content of the joint submission sample: a coalition of Arcadian organisations.

Every organisation, sentence and figure is invented for uprreport. Citations of
recommendations ("A/HRC/44/12, para. {intl}") are filled in by the generator with ids
of the national sample's register, so that they are checked against a real register.
"""

COALITION = {"name": "Arcadian Platform of Human Rights Organizations", "acronym": "APHRO",
             "email": "upr@aphro.example.org", "website": "aphro.example.org"}

KEYWORDS = ["civic space", "equality", "gender-based violence", "rights of the child", "asylum",
            "persons with disabilities", "Roma"]

# group slug: (group name, theme key, [(member name, acronym, description)])
GROUPS = {
    "civic-space": ("Working group on civic space and media freedom", "expression", [
        ("Centre for Free Media Arcadia", "CFMA", "Monitors attacks on journalists and offers legal support to media workers."),
        ("Arcadian Journalists' Association", "AJA", "The professional association of 900 journalists."),
        ("Citizens' Assembly Watch", "CAW", "Observes public assemblies and documents police conduct."),
        ("Open Society Forum Arcadia", "OSFA", "Promotes transparency and participation in public decision-making."),
    ]),
    "equality": ("Working group on equality and non-discrimination", "equality", [
        ("Rainbow Arcadia", "RA", "Defends the rights of lesbian, gay, bisexual, trans and intersex persons."),
        ("Roma Women's Network", "RWN", "A network of Roma women's groups in 14 municipalities."),
        ("Anti-Racism Action Arcadia", "ARAA", "Documents hate speech and hate crime and supports victims."),
        ("Equal Access Legal Clinic", "EALC", "A university legal clinic that litigates discrimination cases."),
    ]),
    "women": ("Working group on women's rights", "women", [
        ("SOS Helpline for Women", "SOS", "Runs a helpline and two shelters for victims of violence."),
        ("Women's Lobby of Arcadia", "WLA", "An umbrella of 30 women's organizations."),
        ("Feminist Legal Initiative", "FLI", "Lawyers working on violence against women and equal pay."),
        ("Rural Women's Association", "RWA", "Represents women farmers and rural entrepreneurs."),
    ]),
    "children": ("Working group on the rights of the child", "children", [
        ("Children's Rights Coalition Arcadia", "CRCA", "A coalition of 19 organizations working with children."),
        ("Safe Childhood Foundation", "SCF", "Prevents violence against children and supports child victims."),
        ("Youth Voice Arcadia", "YVA", "A youth-led organization promoting the participation of young people."),
        ("Foster Families Association", "FFA", "Represents foster families and children in alternative care."),
    ]),
    "migrants": ("Working group on migrants, refugees and trafficking", "migrants", [
        ("Refugee Legal Aid Arcadia", "RLAA", "Gives free legal aid to asylum seekers at the border and in reception centres."),
        ("Anti-Trafficking Centre", "ATC", "Identifies and assists victims of trafficking in persons."),
        ("Welcome Arcadia", "WA", "Volunteers supporting the integration of refugees."),
        ("Migrant Workers' Union", "MWU", "Organizes seasonal and migrant workers in agriculture and construction."),
    ]),
    "disabilities": ("Working group on the rights of persons with disabilities", "disabilities", [
        ("Disability Rights Arcadia", "DRA", "An organization of persons with disabilities that advocates for independent living."),
        ("Association of the Deaf", "AD", "Represents deaf persons and promotes sign language."),
        ("Inclusion Arcadia", "IA", "Supports persons with intellectual disabilities and their families."),
        ("Mental Health Users' Forum", "MHUF", "A self-advocacy group of users and former users of psychiatric services."),
    ]),
}

# group slug: (text with {cite:theme:n} placeholders, [proposals])
TEXTS = {
    "civic-space": ("""
The Government supported the recommendations to protect journalists ({cite:expression:0}) and to create an enabling environment for civil society ({cite:expression:1}). The protocol on threats against journalists signed in 2022 is a welcome step, but members of the coalition recorded 64 threats and 9 physical attacks against journalists in 2023, and only 3 cases reached a court.[^1]

The draft act against strategic lawsuits against public participation has not been published for consultation. Meanwhile, 11 defamation suits seeking damages above EUR 50,000 were filed against journalists and activists in 2023.
""", ["Adopt without delay an act against strategic lawsuits against public participation that meets international standards.",
      "Ensure that every threat against a journalist is investigated and that the results are made public each year."]),
    "equality": ("""
The Protection against Discrimination Act of 2022 covers sexual orientation and gender identity, as recommended ({cite:equality:0}). Legal gender recognition, however, still requires a medical diagnosis, and no same-sex partnership can be registered.

Hate crime is better prosecuted than during the previous period, but victims report that the police rarely record the bias motive. Of the 212 incidents documented by members of the coalition in 2023, 41 were reported to the police.[^2]
""", ["Introduce legal gender recognition based on self-determination.",
      "Train police officers to identify and record the bias motive of offences."]),
    "women": ("""
The consent-based definition of rape adopted in 2023 implements a central recommendation of the previous review ({cite:women:0}). Shelters remain concentrated in the capital: three of the eight regions have none, and women in rural areas wait an average of nine days for a place.

The national helpline is welcome, but it is not accessible to deaf women, and its staff received no training on the needs of migrant women.
""", ["Open at least one shelter in each region by 2026 and guarantee their funding by law.",
      "Make the national helpline accessible to deaf women and women who do not speak the official language."]),
    "children": ("""
The prohibition of corporal punishment in all settings ({cite:children:0}) has not yet been accompanied by sufficient support for parents. The regional child protection centres are understaffed: 40 per cent of social worker posts were vacant in 2023.[^3]

Children in alternative care still grow up in large institutions in two regions, contrary to the deinstitutionalization strategy.
""", ["Fill the vacant social worker posts in the regional child protection centres.",
      "Close the remaining large residential institutions for children by 2027."]),
    "migrants": ("""
Free legal counselling from the first day of the asylum procedure ({cite:migrants:0}) works well in reception centres but not at the border, where members of the coalition documented 37 cases of persons returned without an interview in 2023.

The national referral mechanism for victims of trafficking ({cite:migrants:1}) is a clear improvement; the reflection period should be granted automatically and not at the discretion of the police.
""", ["Give every person who asks for protection at the border access to a lawyer and to the asylum procedure.",
      "Grant the reflection period to every presumed victim of trafficking without conditions."]),
    "disabilities": ("""
The Act on Supported Decision-Making of 2023 ({cite:disabilities:0}) is a major reform. Courts have reviewed only 600 of the 4,100 guardianship decisions, and persons under guardianship still cannot vote.

Deinstitutionalization is slow: 1,050 persons still live in large institutions, and community services are lacking outside the cities.
""", ["Complete the review of all guardianship decisions by 2026 and restore the right to vote of all persons with disabilities.",
      "Fund community-based services in every municipality before further institutions are closed."]),
}

NOTES = {
    "[^1]": "[^1]: Centre for Free Media Arcadia, Annual Monitoring Report 2023.",
    "[^2]": "[^2]: Anti-Racism Action Arcadia, Hate Incident Register 2023.",
    "[^3]": "[^3]: Children's Rights Coalition Arcadia, Shadow Report on Child Protection, 2024.",
}

INTRO = """
The coalition prepared this submission between February and June 2024. Its six thematic working groups each assessed the implementation of the recommendations of the previous review in their field and proposed recommendations; the submission was adopted by the general assembly of the Platform on 24 June 2024.
"""

SUMMARY = """
Arcadia has adopted important laws since its previous review, in particular on discrimination, violence against women and legal capacity. Their implementation lags behind: services are concentrated in the capital, institutions lack staff, and civic space is under pressure from abusive lawsuits. This submission assesses the follow-up to the recommendations in six areas and proposes twelve recommendations.
"""
