"""Invented content of the mid-term sample: the Human Rights Ombudsperson of Arcadia
(the NHRI) assesses, two years on, how far the State has implemented the recommendations."""

AUTHOR = {"name": "Human Rights Ombudsperson of Arcadia", "acronym": "HRO",
          "email": "info@ombudsperson.example.org", "website": "ombudsperson.example.org"}

# department slug: (name, themes it assesses)
DEPARTMENTS = {
    "civil-political": ("Department for Civil and Political Rights",
                        ["intl", "framework", "justice", "torture", "expression"]),
    "equality": ("Department for Equality and Non-Discrimination",
                 ["equality", "women", "minorities", "disabilities"]),
    "social-rights": ("Department for Economic and Social Rights", ["health", "education", "labour", "environment"]),
    "children": ("Deputy Ombudsperson for Children", ["children"]),
    "migration": ("Department for Migration and Asylum", ["migrants"]),
}

INTRO = """
This mid-term report is the Ombudsperson's independent assessment of the implementation of the 270 recommendations that Arcadia received in its third review. It covers the period from the adoption of the outcome of the review to 30 June 2022.

The assessment draws on the complaints the Ombudsperson received, on its monitoring visits to places of detention, schools and social care homes, and on information that the Ombudsperson requested from eleven ministries.[^method] Each recommendation was assessed as fully implemented, partially implemented or not implemented; where ministries and the Ombudsperson disagreed, the Ombudsperson's assessment is given and the disagreement noted.

[^method]: Requests for information were sent on 15 March 2022; ten ministries replied by the deadline of 15 May 2022.
"""

# theme: assessment paragraphs (by the department assessing it)
THEMES = {
    "justice": """
The Act on Free Legal Aid has widened access to justice, and the Ombudsperson received 30 per cent fewer complaints about the length of proceedings than in 2019. The reform of the Judicial Council remains before the National Assembly.
""",
    "torture": """
The definition of torture in the Criminal Code now follows the Convention against Torture. During its visits as the national preventive mechanism, the Ombudsperson found that two prisons remain overcrowded and that access to a doctor in police custody is still delayed, often by more than 24 hours.
""",
    "women": """
The consent-based definition of rape is a milestone. Services for victims are unevenly spread: three regions still have no shelter, and the Ombudsperson handled 46 complaints about the response of the police to domestic violence in 2021.
""",
    "disabilities": """
Supported decision-making has replaced plenary guardianship in law, but in practice courts have reviewed few decisions. The Ombudsperson's visits to four large social care homes found that residents had no individual plans for moving to the community.
""",
    "health": """
Waiting times for specialist treatment remain the most frequent subject of complaints in the field of health (412 in 2021). The new community mental health teams are a positive development that should be extended to all regions.
""",
    "children": """
The prohibition of corporal punishment in all settings entered into force in 2022. Child protection services lack staff: the Deputy Ombudsperson for Children found vacancies in nine of the twelve regional centres.
""",
    "migrants": """
Asylum-seeking children are no longer detained, as recommended. The Ombudsperson remains concerned about reports of persons returned at the border without access to the asylum procedure and has opened an inquiry.
""",
}

CONCLUSIONS = """
Two years after the review, about a third of the recommendations have been fully implemented, most of them by the adoption of laws. Implementation in practice lags behind: services are unevenly spread across the country, and several reforms have not been funded.

The Ombudsperson recommends that the Government give priority to the recommendations on detention, on services for victims of violence and on deinstitutionalization, and that it publish its own assessment so that the two can be compared.
"""
