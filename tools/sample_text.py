"""Narrative fragments of the Arcadia sample: (contribution, file) -> (front matter, Markdown body).

Written for uprreport; Arcadia, its laws, institutions and figures are invented.
For theme fragments the generator fills in the recommendations they address.
"""

FRAGMENTS = {
    ("foreign-affairs", "methodology.md"): ({"section": "A", "order": 1}, """
The national mechanism for implementation, reporting and follow-up, established by government decree in 2021, prepared the present report. The mechanism brings together focal points of all line ministries, the National Statistical Office and the Office for Gender Equality and Non-Discrimination, with the Human Rights Ombudsperson taking part as an observer.

Each contributing body reported on the recommendations within its responsibility using a common implementation matrix, which records the status of each recommendation, the measures taken, the indicators used and the body responsible. The consolidated matrix is annexed to the present report.[^matrix]

A draft of the report was published for public consultation from 3 March to 3 April 2024. Forty-one civil society organizations, the Human Rights Ombudsperson and two academic institutions submitted 212 comments. The comments were shared with the responsible ministries, discussed at a public hearing on 18 April 2024 and answered in writing; the table of responses is published on the website of the Ministry of Foreign Affairs.

[^matrix]: The matrix is also published as an open data set and updated twice a year.
"""),
    ("foreign-affairs", "international.md"): ({"section": "D", "theme": "intl", "take": 7}, """
Since the previous review, Arcadia has ratified the Optional Protocol to the Convention on the Rights of the Child on a communications procedure (2022) and the Council of Europe Convention on Preventing and Combating Violence against Women and Domestic Violence (2023). The ratification of the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights is before the National Assembly.

Arcadia maintains a standing invitation to the special procedures and received visits from the Special Rapporteur on the right to education (2022) and the Independent Expert on sexual orientation and gender identity (2023). All periodic reports to the treaty bodies due during the period were submitted, and the backlog of two reports noted at the previous review was cleared.

The national mechanism launched a public online tracking tool in 2023, which shows for each recommendation of the universal periodic review, the treaty bodies and the special procedures the responsible body, the measures taken and their status.[^tracker]

[^tracker]: The tool records 1,146 recommendations from all mechanisms, of which 254 stem from the previous review.
"""),
    ("foreign-affairs", "developments.md"): ({"section": "B", "order": 1}, """
The period under review was marked by the adoption of the National Human Rights Action Plan 2023–2027, the first such plan with measurable indicators for every objective, and by the strengthening of the mandate and budget of the Human Rights Ombudsperson, whose status under the Paris Principles was reaffirmed in 2023.
"""),
    ("justice", "framework.md"): ({"section": "B", "order": 2}, """
The Act amending the Human Rights Ombudsperson Act (2022) gave the Ombudsperson a mandate to promote and protect the rights of the child, and established a separate budget line approved directly by the National Assembly.[^hro] The Act on Free Legal Aid (2022) extended legal aid to all civil and administrative proceedings for persons whose income is below the national poverty line.

The Criminal Code was amended in 2023 to introduce a consent-based definition of rape, to define torture in line with the Convention against Torture and to make bias motivation an aggravating circumstance for all offences.

[^hro]: Human Rights Ombudsperson Act, as amended, Official Gazette No. 44/2022.
"""),
    ("justice", "nhri.md"): ({"section": "D", "theme": "framework", "take": 6}, """
The budget of the Human Rights Ombudsperson increased by 38 per cent between 2020 and 2024 and its staff from 46 to 61 persons. The Ombudsperson opened two regional offices, in the north and in the east of the country, and now receives complaints online and by telephone in all official languages.

The National Human Rights Action Plan 2023–2027 was prepared with the participation of civil society and contains 112 measures, each with an indicator, a target value, a responsible body and a budget. Its implementation is reviewed each year by the national mechanism, and the annual report is discussed by the Committee on Human Rights and Petitions of the National Assembly.

Human rights training is now part of the initial and continuous training of judges, prosecutors, police officers and prison staff. In 2023, 2,140 officials took part in such training.
"""),
    ("justice", "justice.md"): ({"section": "D", "theme": "justice", "take": 6}, """
The average length of first-instance civil proceedings fell from 412 days in 2019 to 298 days in 2023, and the backlog of cases older than three years was reduced by 44 per cent, mainly through the specialization of judges and the introduction of electronic case management in all courts.[^courts]

Under the Act on Free Legal Aid, 18,900 persons received legal aid in 2023, compared with 11,200 in 2019. Mobile legal counselling days are held each month in 37 rural municipalities, and hearings by video link are available in civil and administrative cases.

The Judicial Council Act (2023) provides that seven of the eleven members of the Judicial Council are judges elected by their peers. Judges' asset declarations are published online since 2022.

[^courts]: Ministry of Justice, Annual Report on the Work of the Courts 2023, table 4.
"""),
    ("interior", "detention.md"): ({"section": "D", "theme": "torture", "take": 6}, """
Article 265a of the Criminal Code, in force since 2023, defines torture in the terms of article 1 of the Convention against Torture and punishes it with imprisonment of three to twelve years, without statute of limitations.

The prison population fell from 4,310 to 3,650 persons between 2019 and 2023, in part because electronic monitoring is now available as an alternative to pretrial detention. The occupancy rate of prisons fell from 118 to 97 per cent, but two older facilities remain overcrowded; their replacement by a new facility is planned for 2026.

An independent Police Complaints Commission, reporting to the National Assembly, began work in 2022. It received 512 complaints in 2023, of which 61 were referred to the public prosecutor. The Human Rights Ombudsperson, as the national preventive mechanism, made 74 visits to places of detention in 2023, including unannounced night visits.
"""),
    ("interior", "migration.md"): ({"section": "D", "theme": "migrants", "take": 6}, """
Arcadia received 6,120 applications for international protection in 2023. All applicants have access to free legal counselling from the first day of the procedure, provided by non-governmental organizations under contract with the Ministry. Since 2022, unaccompanied and separated children are no longer placed in detention but in specialized reception facilities run by the social services.

The National Action Plan against Trafficking in Persons 2023–2026 introduced a national referral mechanism that gives victims access to accommodation, health care and a reflection period of 90 days, whether or not they cooperate with the police. The number of identified victims rose from 31 in 2019 to 78 in 2023, which the Government attributes to better identification by labour inspectors and the police.

- Integration courses, including 300 hours of language tuition, are free for all persons granted international protection.
- The recognition of foreign qualifications was simplified in 2023 and takes at most 60 days.
- A statelessness determination procedure was introduced in the Aliens Act in 2024.
"""),
    ("health", "health.md"): ({"section": "D", "theme": "health", "take": 6}, """
The Health Care Act (2022) guarantees every resident access to a family doctor within 14 days. Twenty-eight new community health centres opened in rural areas, and the share of residents registered with a family doctor rose from 86 to 95 per cent between 2020 and 2024.[^health]

Waiting times for specialist treatment remain the main challenge. A central electronic waiting list was introduced in 2023, and waiting times beyond the maximum permitted fell by 31 per cent in its first year. The number of places in nursing education was doubled, and nurses' salaries were raised by 17 per cent in 2023.

The Mental Health Strategy 2022–2030 moves care from psychiatric hospitals to community mental health teams, of which 24 now cover the whole territory.

[^health]: National Institute of Public Health, Health Statistics Yearbook 2023.
"""),
    ("education", "education.md"): ({"section": "D", "theme": "education", "take": 6}, """
The Inclusive Education Act (2022) gives every child with a disability the right to attend a mainstream school with the support of an assistant where needed. The number of children with disabilities in mainstream schools rose from 3,900 to 6,300 between 2020 and 2024, and 410 teaching assistants were employed.

The separate classes for Roma children that existed in two municipalities were abolished in 2022. Roma teaching assistants now work in 46 schools, and the share of Roma children who complete primary education rose from 61 to 74 per cent.

Human rights and citizenship education became a compulsory subject in the last two years of primary school in 2023. Free early childhood education was extended to all children from the age of three.
"""),
    ("education", "children.md"): ({"section": "D", "theme": "children", "take": 5}, """
Corporal punishment of children was prohibited in all settings, including the home, by the Family Code amendments of 2022, supported by a national awareness campaign for parents.[^family]

The child protection services were reorganized into 12 regional centres with multidisciplinary teams, which cooperate with schools and health services under a common protocol adopted in 2023. The Human Rights Ombudsperson has had a specific mandate for the rights of the child since 2022, exercised by a deputy ombudsperson for children.

[^family]: Family Code, article 7, as amended by Official Gazette No. 15/2022.
"""),
    ("labour", "labour.md"): ({"section": "D", "theme": "labour", "take": 6}, """
The minimum wage increased by 41 per cent between 2019 and 2024 and is now set each year at a level at least 20 per cent above the cost of a basic basket of goods. The at-risk-of-poverty rate fell from 13.9 to 12.1 per cent over the same period, while the rate for persons over 65 remains high at 19.8 per cent.

The Labour Inspectorate recruited 60 new inspectors and carried out 2,300 inspections in agriculture and construction in 2023, finding irregularities in 41 per cent of them. The Act on Platform Work (2024) presumes an employment relationship for workers of digital platforms.

The National Housing Strategy 2023–2032 provides for 8,000 public rental dwellings and, for the first time, a programme for homeless persons based on the "housing first" approach.
"""),
    ("labour", "disabilities.md"): ({"section": "D", "theme": "disabilities", "take": 5}, """
The Act on Supported Decision-Making (2023) replaced plenary guardianship with a system of supported and co-decision-making; the courts are reviewing all 4,100 existing guardianship decisions by 2027. The Deinstitutionalization Strategy 2023–2030 provides for the move of 1,200 residents of large institutions to community living.

The employment rate of persons with disabilities rose from 38 to 44 per cent between 2019 and 2023, supported by wage subsidies and a quota of 2 per cent for employers with more than 20 employees.
"""),
    ("gender-equality", "women.md"): ({"section": "D", "theme": "women", "take": 7}, """
Since 2023, the Criminal Code defines rape as any sexual act without consent. Nine new shelters opened during the period, bringing the number of places to 1.1 per 10,000 inhabitants, and their funding is now guaranteed by law for five-year periods. A national helpline for victims of violence has been available 24 hours a day since 2022 and received 11,400 calls in 2023.

All police officers dealing with domestic violence and all judges of the family and criminal divisions received specialized training between 2021 and 2024.

The gender pay gap narrowed from 11.3 to 8.9 per cent between 2019 and 2023. Women hold 39 per cent of the seats in the National Assembly elected in 2022, compared with 27 per cent in the previous legislature.
"""),
    ("gender-equality", "equality.md"): ({"section": "D", "theme": "equality", "take": 5}, """
The Protection against Discrimination Act (2022) covers all grounds of discrimination, including sexual orientation, gender identity and sex characteristics, in all areas of life, and strengthened the independence of the Advocate of the Principle of Equality, whose budget doubled.[^equality]

A special prosecutor for hate crime was appointed in each of the four higher prosecution offices in 2023. The number of hate crime cases brought before the courts rose from 14 in 2019 to 52 in 2023. The National Action Plan against Racism and Intolerance 2024–2028 was adopted in January 2024.

[^equality]: Protection against Discrimination Act, Official Gazette No. 33/2022.
"""),
    ("culture-media", "media.md"): ({"section": "D", "theme": "expression", "take": 5}, """
The Media Act (2023) requires all media to publish their owners and sources of funding in a public register, and protects the editorial independence of the public broadcaster through a programme council appointed by civil society and the academic community.

A protocol between the police, the public prosecutor and journalists' associations, signed in 2022, provides for the priority handling of threats against journalists; 37 such cases were investigated in 2023. An act against strategic lawsuits against public participation is being drafted and is expected in 2025.
"""),
    ("environment", "environment.md"): ({"section": "D", "theme": "environment", "take": 5}, """
The Climate Act (2024) sets the goal of climate neutrality by 2050 and binding sectoral targets for 2030, and establishes an independent climate council. A constitutional amendment recognizing the right to a healthy living environment is before the National Assembly.

Access to drinking water was extended to 23 informal settlements between 2020 and 2024, and 91 per cent of Roma households now have access to safe drinking water, compared with 76 per cent in 2019.
"""),
    ("minorities", "minorities.md"): ({"section": "D", "theme": "minorities", "take": 4}, """
The National Programme of Measures for the Roma 2021–2030 includes the legalization of informal settlements where spatial plans allow it; 14 settlements were legalized during the period. The Roma Community Council is consulted on all measures of the programme, and Roma coordinators work in 20 municipalities.

Members of national minorities are represented in the National Assembly by reserved seats, and the Public Administration Act (2023) allows targeted recruitment measures where minorities are under-represented in local administration.
"""),
    ("statistics", "indicators.md"): ({"section": "C", "order": 1}, """
The National Statistical Office publishes a set of human rights indicators each year, disaggregated by sex, age, region and, where data can be collected lawfully, by disability and ethnic affiliation. Selected indicators are shown below.

| Indicator | 2019 | 2023 |
|---|---:|---:|
| At-risk-of-poverty rate (%) | 13.9 | 12.1 |
| Gender pay gap (%) | 11.3 | 8.9 |
| Early leavers from education (%) | 5.1 | 4.2 |
| Residents with a family doctor (%) | 86 | 95 |
| Prison occupancy rate (%) | 118 | 97 |

The indicators are published as open data and are used by the national mechanism to assess the implementation of recommendations.[^nso]

[^nso]: National Statistical Office, Human Rights Indicators 2023 (published annually since 2021).
"""),
    ("parliament", "oversight.md"): ({"section": "E", "order": 2}, """
The Committee on Human Rights and Petitions held three thematic hearings on the implementation of recommendations during the period, on the rights of persons with disabilities, on migration and on freedom of the media. Its conclusions were adopted by the plenary of the National Assembly and are followed up in the annual report of the national mechanism.
"""),
    ("foreign-affairs", "achievements.md"): ({"section": "E", "order": 1}, """
Arcadia regards the consent-based definition of rape, the reform of legal capacity and the introduction of the national tracking tool as its main achievements since the previous review. The reduction of poverty among older persons, the length of court proceedings and the living conditions in some Roma settlements remain the main challenges. The effects of the energy crisis of 2022 on household incomes slowed progress on social rights.
"""),
    ("foreign-affairs", "priorities.md"): ({"section": "F", "order": 1}, """
In the coming period, Arcadia will give priority to:

1. the completion of the deinstitutionalization of persons with disabilities;
2. the reduction of waiting times in health care;
3. the adoption of the act against strategic lawsuits against public participation;
4. the implementation of the National Programme of Measures for the Roma.
"""),
    ("foreign-affairs", "capacity.md"): ({"section": "G", "order": 1}, """
Arcadia would welcome technical assistance from the Office of the United Nations High Commissioner for Human Rights on the collection of data disaggregated by ethnic affiliation in line with the principle of self-identification, and on human rights indicators for the national tracking tool.
"""),
}
