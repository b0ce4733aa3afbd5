"""Demo content for a global citizens' dialogue on the future of the Internet.

Pure data, turned into database records by a loader. Every participant-facing text is a
dict mapping a language code to the text; "en" and "fr" are always present. Partners are real
organisations; their roles in this 2026 dialogue are illustrative. Hosts marked "(demo host)"
are generic placeholders, not real organisations.
"""

from __future__ import annotations

from typing import Any

Text = dict[str, str]  # language code -> text

DIALOGUE: dict[str, Any] = {
    "slug": "future-of-the-internet",
    "title": {
        "en": "Global Citizens' Dialogue on the Future of the Internet",
        "fr": "Dialogue citoyen mondial sur l'avenir d'Internet",
        "es": "Diálogo Ciudadano Mundial sobre el Futuro de Internet",
        "de": "Globaler Bürgerdialog zur Zukunft des Internets",
    },
    "theme": {
        "en": "How citizens around the world want the Internet to be used, protected and governed.",
        "fr": "Comment les citoyens du monde entier veulent qu'Internet soit utilisé, protégé et gouverné.",
        "es": "Cómo quieren los ciudadanos de todo el mundo que se use, se proteja y se gobierne Internet.",
        "de": "Wie Bürgerinnen und Bürger weltweit das Internet nutzen, schützen und gestalten wollen.",
    },
    "description": {
        "en": (
            "On Saturday 5 December 2026, about 1,400 citizens at 15 sites on five continents "
            "discuss the future of the Internet. Each site recruits a group that reflects the "
            "diversity of its population and follows the same agenda of five sessions, with a "
            "short briefing, table discussions and individual votes. The results give "
            "decision-makers comparable, informed views of ordinary citizens on data, the "
            "digital public sphere, artificial intelligence and Internet governance."
        ),
        "fr": (
            "Le samedi 5 décembre 2026, environ 1 400 citoyens réunis sur 15 sites, sur cinq "
            "continents, débattent de l'avenir d'Internet. Chaque site recrute un groupe qui "
            "reflète la diversité de sa population et suit le même programme de cinq sessions, "
            "avec une courte information, des discussions en tables et des votes individuels. "
            "Les résultats offrent aux décideurs l'avis éclairé et comparable de citoyens "
            "ordinaires sur les données, l'espace public numérique, l'intelligence artificielle "
            "et la gouvernance d'Internet."
        ),
    },
    "source_language": "en",
    "date": "2026-12-05",
}

ORGANISER: dict[str, Any] = {
    "name": "Missions Publiques",
    "country": "FR",
    "website": "https://missionspubliques.org",
    "description": {
        "en": (
            "A Paris-based organisation that designs and runs citizen participation processes. "
            "As global coordinator it prepares the questions, agenda and information material, "
            "trains the host partners and writes the global report."
        ),
        "fr": (
            "Organisation basée à Paris qui conçoit et anime des démarches de participation "
            "citoyenne. En tant que coordinateur mondial, elle prépare les questions, le "
            "programme et les documents d'information, forme les partenaires hôtes et rédige "
            "le rapport mondial."
        ),
    },
}

# tier one of: "global_partner", "cooperation_partner", "pilot_partner",
# "scientific_committee", "national_host"
PARTNERS: list[dict[str, Any]] = [
    # Global partners
    {
        "name": "European Commission",
        "short_name": "",
        "country": "BE",
        "website": "https://commission.europa.eu",
        "tier": "global_partner",
        "description": {
            "en": (
                "The executive body of the European Union, based in Brussels. It proposes and "
                "implements EU law, including rules on data protection and digital services."
            ),
            "fr": (
                "L'organe exécutif de l'Union européenne, basé à Bruxelles. Elle propose et met "
                "en œuvre le droit de l'UE, notamment les règles sur la protection des données "
                "et les services numériques."
            ),
        },
    },
    {
        "name": "Swiss Federal Office of Communications",
        "short_name": "OFCOM",
        "country": "CH",
        "website": "https://www.bakom.admin.ch",
        "tier": "global_partner",
        "description": {
            "en": (
                "The Swiss federal office responsible for telecommunications, broadcasting and "
                "postal services. It represents Switzerland in international discussions on "
                "Internet governance."
            ),
            "fr": (
                "L'Office fédéral de la communication (OFCOM) est chargé en Suisse des "
                "télécommunications, de la radiodiffusion et de la poste. Il représente la "
                "Suisse dans les discussions internationales sur la gouvernance d'Internet."
            ),
        },
    },
    {
        "name": "German Federal Ministry for Economic Affairs and Energy",
        "short_name": "BMWi",
        "country": "DE",
        "website": "https://www.bundeswirtschaftsministerium.de",
        "tier": "global_partner",
        "description": {
            "en": (
                "The Bundesministerium für Wirtschaft und Energie is the German federal ministry "
                "responsible for economic and energy policy, including parts of digital policy."
            ),
            "fr": (
                "Le Bundesministerium für Wirtschaft und Energie est le ministère fédéral "
                "allemand chargé de l'économie et de l'énergie, y compris d'une partie de la "
                "politique numérique."
            ),
        },
    },
    {
        "name": "Internet Society",
        "short_name": "ISOC",
        "country": "US",
        "website": "https://www.internetsociety.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "A global non-profit organisation founded in 1992 that supports an open, "
                "globally connected and secure Internet. It has chapters in many countries."
            ),
            "fr": (
                "Organisation mondiale à but non lucratif fondée en 1992 qui soutient un "
                "Internet ouvert, connecté à l'échelle mondiale et sûr. Elle compte des "
                "sections dans de nombreux pays."
            ),
        },
    },
    {
        "name": "Wikimedia Foundation",
        "short_name": "",
        "country": "US",
        "website": "https://wikimediafoundation.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "The non-profit organisation, based in San Francisco, that hosts Wikipedia and "
                "other free knowledge projects."
            ),
            "fr": (
                "L'organisation à but non lucratif, basée à San Francisco, qui héberge Wikipédia "
                "et d'autres projets de savoir libre."
            ),
        },
    },
    {
        "name": "World Economic Forum",
        "short_name": "WEF",
        "country": "CH",
        "website": "https://www.weforum.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "An international organisation for public-private cooperation based in Cologny, "
                "near Geneva, known for its annual meeting in Davos."
            ),
            "fr": (
                "Organisation internationale pour la coopération public-privé basée à Cologny, "
                "près de Genève, connue pour sa réunion annuelle de Davos."
            ),
        },
    },
    {
        "name": "Mozilla Foundation",
        "short_name": "",
        "country": "US",
        "website": "https://foundation.mozilla.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "A non-profit organisation working for an open and accessible Internet. It owns "
                "the Mozilla Corporation, which develops the Firefox browser."
            ),
            "fr": (
                "Organisation à but non lucratif qui œuvre pour un Internet ouvert et "
                "accessible. Elle détient la Mozilla Corporation, qui développe le navigateur "
                "Firefox."
            ),
        },
    },
    {
        "name": "UNESCO",
        "short_name": "",
        "country": "FR",
        "website": "https://www.unesco.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "The United Nations Educational, Scientific and Cultural Organization, based in "
                "Paris. Its mandate includes freedom of expression, access to information and "
                "the ethics of artificial intelligence."
            ),
            "fr": (
                "L'Organisation des Nations unies pour l'éducation, la science et la culture, "
                "basée à Paris. Son mandat couvre la liberté d'expression, l'accès à "
                "l'information et l'éthique de l'intelligence artificielle."
            ),
        },
    },
    {
        "name": "World Wide Web Foundation",
        "short_name": "",
        "country": "US",
        "website": "https://webfoundation.org",
        "tier": "global_partner",
        "description": {
            "en": (
                "Founded in 2009 by Sir Tim Berners-Lee, inventor of the World Wide Web, and "
                "Rosemary Leith to advance the open web as a public good and a basic right."
            ),
            "fr": (
                "Fondée en 2009 par Sir Tim Berners-Lee, inventeur du World Wide Web, et "
                "Rosemary Leith pour promouvoir le Web ouvert comme bien public et droit "
                "fondamental."
            ),
        },
    },
    # Cooperation partners
    {
        "name": "Council of Europe",
        "short_name": "",
        "country": "FR",
        "website": "https://www.coe.int",
        "tier": "cooperation_partner",
        "description": {
            "en": (
                "An international organisation of 46 member states, based in Strasbourg, that "
                "works for human rights, democracy and the rule of law. In 2024 it opened for "
                "signature a Framework Convention on Artificial Intelligence."
            ),
            "fr": (
                "Organisation internationale de 46 États membres, basée à Strasbourg, qui "
                "œuvre pour les droits humains, la démocratie et l'État de droit. En 2024, "
                "elle a ouvert à la signature une Convention-cadre sur l'intelligence "
                "artificielle."
            ),
        },
    },
    {
        "name": "Consortium for Science, Policy and Outcomes",
        "short_name": "CSPO",
        "country": "US",
        "website": "https://cspo.org",
        "tier": "cooperation_partner",
        "description": {
            "en": (
                "A research centre of Arizona State University, in Tempe and Washington, D.C., "
                "that studies how science and technology can better serve society."
            ),
            "fr": (
                "Centre de recherche de l'Arizona State University, à Tempe et Washington, "
                "qui étudie comment la science et la technologie peuvent mieux servir la "
                "société."
            ),
        },
    },
    # Pilot partners
    {
        "name": "Particip'Action",
        "short_name": "",
        "country": "FR",
        "website": "",
        "tier": "pilot_partner",
        "description": {
            "en": (
                "A civil-society partner that helped test the dialogue format in early pilot "
                "dialogues."
            ),
            "fr": (
                "Partenaire de la société civile qui a contribué à tester le format lors des "
                "premiers dialogues pilotes."
            ),
        },
    },
    {
        "name": "Savoir*Devenir",
        "short_name": "",
        "country": "FR",
        "website": "https://savoirdevenir.net",
        "tier": "pilot_partner",
        "description": {
            "en": (
                "A French non-profit association working on media and information literacy "
                "and digital citizenship. It helped test the format in pilot dialogues."
            ),
            "fr": (
                "Association française à but non lucratif consacrée à l'éducation aux médias "
                "et à l'information et à la citoyenneté numérique. Elle a contribué à tester "
                "le format lors de dialogues pilotes."
            ),
        },
    },
    # Scientific committee
    {
        "name": "WZB Berlin Social Science Center",
        "short_name": "WZB",
        "country": "DE",
        "website": "https://www.wzb.eu",
        "tier": "scientific_committee",
        "description": {
            "en": (
                "A publicly funded social science research institute in Berlin, including "
                "research on digitalisation and democracy. Reviews questions and information "
                "material."
            ),
            "fr": (
                "Institut de recherche en sciences sociales à financement public, à Berlin, "
                "dont les travaux portent notamment sur le numérique et la démocratie. Relit "
                "les questions et les documents d'information."
            ),
        },
    },
    {
        "name": "Oxford Internet Institute",
        "short_name": "OII",
        "country": "GB",
        "website": "https://www.oii.ox.ac.uk",
        "tier": "scientific_committee",
        "description": {
            "en": (
                "A multidisciplinary research and teaching department of the University of "
                "Oxford that studies the social implications of the Internet. Reviews "
                "questions and information material."
            ),
            "fr": (
                "Département pluridisciplinaire de recherche et d'enseignement de l'université "
                "d'Oxford consacré aux effets sociaux d'Internet. Relit les questions et les "
                "documents d'information."
            ),
        },
    },
    {
        "name": "Berkman Klein Center for Internet & Society",
        "short_name": "",
        "country": "US",
        "website": "https://cyber.harvard.edu",
        "tier": "scientific_committee",
        "description": {
            "en": (
                "A research centre at Harvard University that studies the Internet, its law and "
                "its governance. Reviews questions and information material."
            ),
            "fr": (
                "Centre de recherche de l'université Harvard qui étudie Internet, son droit et "
                "sa gouvernance. Relit les questions et les documents d'information."
            ),
        },
    },
]

SITES: list[dict[str, Any]] = [
    # Europe
    {
        "slug": "fr-paris",
        "country": "FR",
        "city": "Paris",
        "languages": ["fr"],
        "time_zone": "Europe/Paris",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "Sciences Po",
            "country": "FR",
            "website": "https://www.sciencespo.fr",
            "description": {
                "en": "A research university in Paris specialising in the social and political sciences.",
                "fr": "Université de recherche parisienne spécialisée en sciences sociales et politiques.",
            },
        },
    },
    {
        "slug": "de-berlin",
        "country": "DE",
        "city": "Berlin",
        "languages": ["de"],
        "time_zone": "Europe/Berlin",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "Mehr Demokratie e.V.",
            "country": "DE",
            "website": "https://www.mehr-demokratie.de",
            "description": {
                "en": (
                    "A German non-profit association that campaigns for direct democracy and "
                    "has organised citizens' assemblies at federal level."
                ),
                "fr": (
                    "Association allemande à but non lucratif qui milite pour la démocratie "
                    "directe et a organisé des assemblées citoyennes au niveau fédéral."
                ),
            },
        },
    },
    {
        "slug": "ch-geneva",
        "country": "CH",
        "city": "Geneva",
        "languages": ["fr"],
        "time_zone": "Europe/Zurich",
        "mode": "in_person",
        "target_participants": 80,
        "host": {
            "name": "University of Geneva",
            "country": "CH",
            "website": "https://www.unige.ch",
            "description": {
                "en": "A public university in Geneva, founded in 1559.",
                "fr": "Université publique de Genève, fondée en 1559.",
            },
        },
    },
    # Americas
    {
        "slug": "br-sao-paulo",
        "country": "BR",
        "city": "São Paulo",
        "languages": ["pt"],
        "time_zone": "America/Sao_Paulo",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "University of São Paulo",
            "country": "BR",
            "website": "https://www.usp.br",
            "description": {
                "en": "A public university of the State of São Paulo and one of the largest in Brazil.",
                "fr": "Université publique de l'État de São Paulo et l'une des plus grandes du Brésil.",
            },
        },
    },
    {
        "slug": "mx-mexico-city",
        "country": "MX",
        "city": "Mexico City",
        "languages": ["es"],
        "time_zone": "America/Mexico_City",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "National Autonomous University of Mexico (UNAM)",
            "country": "MX",
            "website": "https://www.unam.mx",
            "description": {
                "en": "Mexico's national public university, based in Mexico City.",
                "fr": "L'université publique nationale du Mexique, basée à Mexico.",
            },
        },
    },
    {
        "slug": "us-tempe",
        "country": "US",
        "city": "Tempe",
        "languages": ["en"],
        "time_zone": "America/Phoenix",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "Consortium for Science, Policy and Outcomes, Arizona State University",
            "country": "US",
            "website": "https://cspo.org",
            "description": {
                "en": (
                    "A research centre of Arizona State University that studies how science "
                    "and technology can better serve society."
                ),
                "fr": (
                    "Centre de recherche de l'Arizona State University qui étudie comment la "
                    "science et la technologie peuvent mieux servir la société."
                ),
            },
        },
    },
    {
        "slug": "ca-montreal",
        "country": "CA",
        "city": "Montréal",
        "languages": ["fr", "en"],
        "time_zone": "America/Toronto",
        "mode": "hybrid",
        "target_participants": 100,
        "host": {
            "name": "Institut du Nouveau Monde",
            "country": "CA",
            "website": "https://inm.qc.ca",
            "description": {
                "en": "A non-partisan Quebec organisation that promotes citizen participation in democratic life.",
                "fr": "Organisation québécoise non partisane qui favorise la participation citoyenne à la vie démocratique.",
            },
        },
    },
    # Africa
    {
        "slug": "ke-nairobi",
        "country": "KE",
        "city": "Nairobi",
        "languages": ["en", "sw"],
        "time_zone": "Africa/Nairobi",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "Strathmore University",
            "country": "KE",
            "website": "https://strathmore.edu",
            "description": {
                "en": (
                    "A private university in Nairobi whose Centre for Intellectual Property and "
                    "Information Technology Law (CIPIT) works on Internet policy."
                ),
                "fr": (
                    "Université privée de Nairobi dont le Centre for Intellectual Property and "
                    "Information Technology Law (CIPIT) travaille sur les politiques d'Internet."
                ),
            },
        },
    },
    {
        "slug": "sn-dakar",
        "country": "SN",
        "city": "Dakar",
        "languages": ["fr"],
        "time_zone": "Africa/Dakar",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "Cheikh Anta Diop University of Dakar",
            "country": "SN",
            "website": "https://www.ucad.sn",
            "description": {
                "en": "Senegal's oldest and largest public university, in Dakar.",
                "fr": "La plus ancienne et la plus grande université publique du Sénégal, à Dakar.",
            },
        },
    },
    {
        "slug": "eg-cairo",
        "country": "EG",
        "city": "Cairo",
        "languages": ["ar"],
        "time_zone": "Africa/Cairo",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "The American University in Cairo",
            "country": "EG",
            "website": "https://www.aucegypt.edu",
            "description": {
                "en": "A private, independent university in Cairo, founded in 1919.",
                "fr": "Université privée et indépendante du Caire, fondée en 1919.",
            },
        },
    },
    {
        "slug": "tn-tunis",
        "country": "TN",
        "city": "Tunis",
        "languages": ["ar", "fr"],
        "time_zone": "Africa/Tunis",
        "mode": "in_person",
        "target_participants": 80,
        "host": {
            "name": "Tunisian Civic Dialogue Network (demo host)",
            "country": "TN",
            "website": "",
            "description": {
                "en": (
                    "Generic demo host standing for a Tunisian civic organisation that recruits "
                    "the participants and runs the day."
                ),
                "fr": (
                    "Hôte générique de démonstration représentant une organisation civique "
                    "tunisienne qui recrute les participants et organise la journée."
                ),
            },
        },
    },
    # Asia
    {
        "slug": "jp-tokyo",
        "country": "JP",
        "city": "Tokyo",
        "languages": ["ja"],
        "time_zone": "Asia/Tokyo",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "The University of Tokyo",
            "country": "JP",
            "website": "https://www.u-tokyo.ac.jp",
            "description": {
                "en": "A national university in Tokyo, founded in 1877.",
                "fr": "Université nationale de Tokyo, fondée en 1877.",
            },
        },
    },
    {
        "slug": "in-bengaluru",
        "country": "IN",
        "city": "Bengaluru",
        "languages": ["en", "hi"],
        "time_zone": "Asia/Kolkata",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "The Centre for Internet and Society",
            "country": "IN",
            "website": "https://cis-india.org",
            "description": {
                "en": (
                    "A non-profit organisation based in Bengaluru that carries out research and "
                    "policy work on the Internet and digital technologies."
                ),
                "fr": (
                    "Organisation à but non lucratif basée à Bengaluru qui mène des recherches "
                    "et des travaux de politique publique sur Internet et le numérique."
                ),
            },
        },
    },
    {
        "slug": "id-online",
        "country": "ID",
        "city": "Jakarta",
        "languages": ["en"],
        "time_zone": "Asia/Jakarta",
        "mode": "online",
        "target_participants": 60,
        "host": {
            "name": "Universitas Indonesia",
            "country": "ID",
            "website": "https://www.ui.ac.id",
            "description": {
                "en": "A public university with campuses in Depok and Jakarta.",
                "fr": "Université publique dont les campus se trouvent à Depok et à Jakarta.",
            },
        },
    },
    # Oceania
    {
        "slug": "au-sydney",
        "country": "AU",
        "city": "Sydney",
        "languages": ["en"],
        "time_zone": "Australia/Sydney",
        "mode": "in_person",
        "target_participants": 100,
        "host": {
            "name": "The newDemocracy Foundation",
            "country": "AU",
            "website": "https://www.newdemocracy.com.au",
            "description": {
                "en": (
                    "An Australian non-partisan research foundation that designs and runs "
                    "citizens' juries and other deliberative processes."
                ),
                "fr": (
                    "Fondation de recherche australienne non partisane qui conçoit et anime des "
                    "jurys citoyens et d'autres processus délibératifs."
                ),
            },
        },
    },
]

SESSIONS: list[dict[str, Any]] = [
    {
        "key": "internet-and-me",
        "title": {
            "en": "The Internet and me",
            "fr": "Internet et moi",
            "es": "Internet y yo",
            "de": "Das Internet und ich",
        },
        "duration_minutes": 60,
        "information": {
            "en": (
                "About two thirds of the world's population use the Internet, but roughly a "
                "third are still offline, mostly in rural areas and low-income countries. The "
                "Internet gives access to information, services, work and social contact; it "
                "also brings risks such as online fraud, harassment and excessive screen time. "
                "This session looks at the place of the Internet in your daily life and at what "
                "matters most to you."
            ),
            "fr": (
                "Environ deux tiers de la population mondiale utilisent Internet, mais près d'un "
                "tiers reste hors ligne, surtout dans les zones rurales et les pays à faible "
                "revenu. Internet donne accès à l'information, aux services, au travail et aux "
                "relations sociales ; il comporte aussi des risques comme la fraude en ligne, le "
                "harcèlement ou l'usage excessif des écrans. Cette session porte sur la place "
                "d'Internet dans votre vie quotidienne et sur ce qui compte le plus pour vous."
            ),
        },
        "video_url": "",
        "questions": [
            {
                "key": "q1-1",
                "kind": "single",
                "text": {
                    "en": "Overall, what effect has the Internet had on your life?",
                    "fr": "Dans l'ensemble, quel effet Internet a-t-il eu sur votre vie ?",
                    "es": "En general, ¿qué efecto ha tenido Internet en su vida?",
                    "de": "Welche Wirkung hatte das Internet insgesamt auf Ihr Leben?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Very positive",
                            "fr": "Très positif",
                            "es": "Muy positivo",
                            "de": "Sehr positiv",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Rather positive",
                            "fr": "Plutôt positif",
                            "es": "Más bien positivo",
                            "de": "Eher positiv",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Neither positive nor negative",
                            "fr": "Ni positif ni négatif",
                            "es": "Ni positivo ni negativo",
                            "de": "Weder positiv noch negativ",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Rather negative",
                            "fr": "Plutôt négatif",
                            "es": "Más bien negativo",
                            "de": "Eher negativ",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Very negative",
                            "fr": "Très négatif",
                            "es": "Muy negativo",
                            "de": "Sehr negativ",
                        },
                    },
                ],
            },
            {
                "key": "q1-2",
                "kind": "multiple",
                "text": {
                    "en": "For which of these activities is the Internet important to you? (Choose all that apply.)",
                    "fr": "Pour lesquelles de ces activités Internet est-il important pour vous ? (Plusieurs réponses possibles.)",
                    "es": "¿Para cuáles de estas actividades es importante Internet para usted? (Puede elegir varias respuestas.)",
                    "de": "Für welche dieser Tätigkeiten ist das Internet für Sie wichtig? (Mehrfachnennungen möglich.)",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Keeping in touch with family and friends",
                            "fr": "Garder le contact avec la famille et les amis",
                            "es": "Mantener el contacto con familiares y amigos",
                            "de": "Kontakt mit Familie und Freunden halten",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Finding news and information",
                            "fr": "S'informer et trouver des informations",
                            "es": "Informarse y buscar información",
                            "de": "Nachrichten und Informationen finden",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Work or studies",
                            "fr": "Le travail ou les études",
                            "es": "El trabajo o los estudios",
                            "de": "Arbeit oder Ausbildung",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Public services and administrative procedures",
                            "fr": "Les services publics et les démarches administratives",
                            "es": "Los servicios públicos y los trámites administrativos",
                            "de": "Öffentliche Dienste und Behördengänge",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Shopping and banking",
                            "fr": "Les achats et les opérations bancaires",
                            "es": "Las compras y los servicios bancarios",
                            "de": "Einkaufen und Bankgeschäfte",
                        },
                    },
                    {
                        "key": "f",
                        "text": {
                            "en": "Entertainment and culture",
                            "fr": "Les loisirs et la culture",
                            "es": "El ocio y la cultura",
                            "de": "Unterhaltung und Kultur",
                        },
                    },
                ],
            },
            {
                "key": "q1-3",
                "kind": "single",
                "text": {
                    "en": "Who should be mainly responsible for making sure that everyone in your country can access the Internet?",
                    "fr": "Qui devrait être principalement chargé de garantir que chacun, dans votre pays, puisse accéder à Internet ?",
                    "es": "¿Quién debería ser el principal responsable de garantizar que todas las personas de su país puedan acceder a Internet?",
                    "de": "Wer sollte hauptsächlich dafür verantwortlich sein, dass alle Menschen in Ihrem Land Zugang zum Internet haben?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "The national government",
                            "fr": "Le gouvernement national",
                            "es": "El gobierno nacional",
                            "de": "Die nationale Regierung",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Local authorities",
                            "fr": "Les collectivités locales",
                            "es": "Las autoridades locales",
                            "de": "Die Kommunen und Regionen",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Private companies",
                            "fr": "Les entreprises privées",
                            "es": "Las empresas privadas",
                            "de": "Private Unternehmen",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "International organisations",
                            "fr": "Les organisations internationales",
                            "es": "Las organizaciones internacionales",
                            "de": "Internationale Organisationen",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Each individual",
                            "fr": "Chaque individu",
                            "es": "Cada persona",
                            "de": "Jede und jeder Einzelne",
                        },
                    },
                ],
            },
            {
                "key": "q1-4",
                "kind": "single",
                "text": {
                    "en": "Which risk linked to the Internet worries you most?",
                    "fr": "Quel risque lié à Internet vous inquiète le plus ?",
                    "es": "¿Qué riesgo relacionado con Internet le preocupa más?",
                    "de": "Welches Risiko im Zusammenhang mit dem Internet beunruhigt Sie am meisten?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Loss of privacy",
                            "fr": "La perte de la vie privée",
                            "es": "La pérdida de privacidad",
                            "de": "Der Verlust der Privatsphäre",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Fraud and cybercrime",
                            "fr": "La fraude et la cybercriminalité",
                            "es": "El fraude y la ciberdelincuencia",
                            "de": "Betrug und Cyberkriminalität",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "False information",
                            "fr": "Les fausses informations",
                            "es": "La información falsa",
                            "de": "Falschinformationen",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Harassment and hate speech",
                            "fr": "Le harcèlement et les discours de haine",
                            "es": "El acoso y los discursos de odio",
                            "de": "Belästigung und Hassrede",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Dependence and excessive screen time",
                            "fr": "La dépendance et le temps d'écran excessif",
                            "es": "La dependencia y el uso excesivo de pantallas",
                            "de": "Abhängigkeit und zu viel Bildschirmzeit",
                        },
                    },
                ],
            },
        ],
    },
    {
        "key": "my-data-our-data",
        "title": {
            "en": "My data, our data",
            "fr": "Mes données, nos données",
            "es": "Mis datos, nuestros datos",
            "de": "Meine Daten, unsere Daten",
        },
        "duration_minutes": 60,
        "information": {
            "en": (
                "Personal data, such as what we search, buy and say and where we go, are "
                "collected by companies and public authorities. They can improve services, "
                "research and public health, but they can also be used for profiling, targeted "
                "advertising or surveillance. Some laws, such as the EU General Data Protection "
                "Regulation, give people rights over their data; in other countries the rules "
                "are weaker or absent."
            ),
            "fr": (
                "Nos données personnelles, comme ce que nous cherchons, achetons et disons ou "
                "les lieux où nous allons, sont collectées par des entreprises et des autorités "
                "publiques. Elles peuvent améliorer les services, la recherche et la santé "
                "publique, mais aussi servir au profilage, à la publicité ciblée ou à la "
                "surveillance. Certaines lois, comme le règlement général sur la protection des "
                "données de l'UE, donnent aux personnes des droits sur leurs données ; dans "
                "d'autres pays, les règles sont plus faibles ou inexistantes."
            ),
        },
        "video_url": "",
        "questions": [
            {
                "key": "q2-1",
                "kind": "scale",
                "text": {
                    "en": "I feel in control of how my personal data are used online.",
                    "fr": "J'ai le sentiment de maîtriser l'utilisation de mes données personnelles en ligne.",
                    "es": "Siento que controlo cómo se utilizan mis datos personales en línea.",
                    "de": "Ich habe das Gefühl, selbst zu bestimmen, wie meine persönlichen Daten im Internet verwendet werden.",
                },
                "options": [
                    {
                        "key": "1",
                        "text": {
                            "en": "Strongly disagree",
                            "fr": "Pas du tout d'accord",
                            "es": "Totalmente en desacuerdo",
                            "de": "Stimme überhaupt nicht zu",
                        },
                    },
                    {
                        "key": "2",
                        "text": {
                            "en": "Disagree",
                            "fr": "Plutôt pas d'accord",
                            "es": "En desacuerdo",
                            "de": "Stimme eher nicht zu",
                        },
                    },
                    {
                        "key": "3",
                        "text": {
                            "en": "Neither agree nor disagree",
                            "fr": "Ni d'accord ni pas d'accord",
                            "es": "Ni de acuerdo ni en desacuerdo",
                            "de": "Weder noch",
                        },
                    },
                    {
                        "key": "4",
                        "text": {
                            "en": "Agree",
                            "fr": "Plutôt d'accord",
                            "es": "De acuerdo",
                            "de": "Stimme eher zu",
                        },
                    },
                    {
                        "key": "5",
                        "text": {
                            "en": "Strongly agree",
                            "fr": "Tout à fait d'accord",
                            "es": "Totalmente de acuerdo",
                            "de": "Stimme voll und ganz zu",
                        },
                    },
                ],
            },
            {
                "key": "q2-2",
                "kind": "single",
                "text": {
                    "en": "Who should decide how your personal data are used?",
                    "fr": "Qui devrait décider de l'utilisation de vos données personnelles ?",
                    "es": "¿Quién debería decidir cómo se utilizan sus datos personales?",
                    "de": "Wer sollte darüber entscheiden, wie Ihre persönlichen Daten verwendet werden?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "I alone, case by case",
                            "fr": "Moi seul, au cas par cas",
                            "es": "Solo yo, caso por caso",
                            "de": "Nur ich, von Fall zu Fall",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "I, within limits set by law",
                            "fr": "Moi, dans les limites fixées par la loi",
                            "es": "Yo, dentro de los límites fijados por la ley",
                            "de": "Ich, innerhalb gesetzlicher Grenzen",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "The companies that collect them, under rules set by public authorities",
                            "fr": "Les entreprises qui les collectent, selon des règles fixées par les pouvoirs publics",
                            "es": "Las empresas que los recopilan, según normas fijadas por las autoridades públicas",
                            "de": "Die Unternehmen, die sie erheben, nach staatlich festgelegten Regeln",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Public authorities, on behalf of citizens",
                            "fr": "Les pouvoirs publics, au nom des citoyens",
                            "es": "Las autoridades públicas, en nombre de la ciudadanía",
                            "de": "Die Behörden, im Namen der Bürgerinnen und Bürger",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "I don't know",
                            "fr": "Je ne sais pas",
                            "es": "No lo sé",
                            "de": "Weiß nicht",
                        },
                    },
                ],
            },
            {
                "key": "q2-3",
                "kind": "multiple",
                "text": {
                    "en": "For which purposes would you accept that your personal data be used without being asked each time? (Choose all that apply.)",
                    "fr": "Pour quelles finalités accepteriez-vous que vos données personnelles soient utilisées sans qu'on vous demande votre accord à chaque fois ? (Plusieurs réponses possibles.)",
                    "es": "¿Para qué fines aceptaría que se utilicen sus datos personales sin pedirle permiso cada vez? (Puede elegir varias respuestas.)",
                    "de": "Für welche Zwecke würden Sie akzeptieren, dass Ihre persönlichen Daten verwendet werden, ohne dass Sie jedes Mal gefragt werden? (Mehrfachnennungen möglich.)",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Medical research",
                            "fr": "La recherche médicale",
                            "es": "La investigación médica",
                            "de": "Medizinische Forschung",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Fighting crime and terrorism",
                            "fr": "La lutte contre la criminalité et le terrorisme",
                            "es": "La lucha contra la delincuencia y el terrorismo",
                            "de": "Bekämpfung von Kriminalität und Terrorismus",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Improving public services",
                            "fr": "L'amélioration des services publics",
                            "es": "La mejora de los servicios públicos",
                            "de": "Verbesserung öffentlicher Dienste",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Personalised advertising",
                            "fr": "La publicité personnalisée",
                            "es": "La publicidad personalizada",
                            "de": "Personalisierte Werbung",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Training artificial intelligence systems",
                            "fr": "L'entraînement de systèmes d'intelligence artificielle",
                            "es": "El entrenamiento de sistemas de inteligencia artificial",
                            "de": "Training von KI-Systemen",
                        },
                    },
                    {
                        "key": "f",
                        "text": {
                            "en": "None of these",
                            "fr": "Aucune de ces finalités",
                            "es": "Ninguno de estos fines",
                            "de": "Keiner dieser Zwecke",
                        },
                    },
                ],
            },
            {
                "key": "q2-4",
                "kind": "single",
                "text": {
                    "en": "Should a global agreement set minimum rules for the protection of personal data?",
                    "fr": "Un accord mondial devrait-il fixer des règles minimales de protection des données personnelles ?",
                    "es": "¿Debería un acuerdo mundial fijar normas mínimas de protección de datos personales?",
                    "de": "Sollte ein weltweites Abkommen Mindeststandards für den Schutz persönlicher Daten festlegen?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Yes, binding on all countries",
                            "fr": "Oui, contraignant pour tous les pays",
                            "es": "Sí, vinculante para todos los países",
                            "de": "Ja, verbindlich für alle Länder",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Yes, but voluntary",
                            "fr": "Oui, mais sur une base volontaire",
                            "es": "Sí, pero de carácter voluntario",
                            "de": "Ja, aber freiwillig",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "No, each country should decide for itself",
                            "fr": "Non, chaque pays devrait décider lui-même",
                            "es": "No, cada país debería decidir por sí mismo",
                            "de": "Nein, jedes Land sollte selbst entscheiden",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "I don't know",
                            "fr": "Je ne sais pas",
                            "es": "No lo sé",
                            "de": "Weiß nicht",
                        },
                    },
                ],
            },
        ],
    },
    {
        "key": "digital-public-sphere",
        "title": {
            "en": "A strong digital public sphere",
            "fr": "Un espace public numérique fort",
        },
        "duration_minutes": 60,
        "information": {
            "en": (
                "Social networks, search engines and messaging apps shape which news and "
                "opinions people see. They let anyone speak in public, but they can also spread "
                "disinformation and hate speech quickly. Responses include self-regulation by "
                "platforms, laws requiring the removal of illegal content, independent "
                "fact-checking and media literacy education; each raises questions about "
                "freedom of expression and about who decides what is false."
            ),
            "fr": (
                "Les réseaux sociaux, les moteurs de recherche et les messageries influencent "
                "les informations et les opinions que nous voyons. Ils permettent à chacun de "
                "s'exprimer publiquement, mais peuvent aussi diffuser rapidement la "
                "désinformation et les discours de haine. Les réponses possibles vont de "
                "l'autorégulation des plateformes aux lois imposant le retrait des contenus "
                "illicites, en passant par la vérification indépendante des faits et l'éducation "
                "aux médias ; chacune soulève des questions sur la liberté d'expression et sur "
                "qui décide de ce qui est faux."
            ),
        },
        "video_url": "",
        "questions": [
            {
                "key": "q3-1",
                "kind": "single",
                "text": {
                    "en": "Who should be mainly responsible for fighting disinformation online?",
                    "fr": "Qui devrait être principalement chargé de lutter contre la désinformation en ligne ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Governments", "fr": "Les gouvernements"}},
                    {"key": "b", "text": {"en": "The platforms", "fr": "Les plateformes"}},
                    {
                        "key": "c",
                        "text": {
                            "en": "Independent journalists and fact-checkers",
                            "fr": "Les journalistes et vérificateurs de faits indépendants",
                        },
                    },
                    {"key": "d", "text": {"en": "Each user", "fr": "Chaque utilisateur"}},
                    {
                        "key": "e",
                        "text": {
                            "en": "International organisations",
                            "fr": "Les organisations internationales",
                        },
                    },
                ],
            },
            {
                "key": "q3-2",
                "kind": "scale",
                "text": {
                    "en": "Platforms should remove false information, even if this sometimes restricts freedom of expression.",
                    "fr": "Les plateformes devraient supprimer les fausses informations, même si cela restreint parfois la liberté d'expression.",
                },
                "options": [
                    {"key": "1", "text": {"en": "Strongly disagree", "fr": "Pas du tout d'accord"}},
                    {"key": "2", "text": {"en": "Disagree", "fr": "Plutôt pas d'accord"}},
                    {
                        "key": "3",
                        "text": {
                            "en": "Neither agree nor disagree",
                            "fr": "Ni d'accord ni pas d'accord",
                        },
                    },
                    {"key": "4", "text": {"en": "Agree", "fr": "Plutôt d'accord"}},
                    {"key": "5", "text": {"en": "Strongly agree", "fr": "Tout à fait d'accord"}},
                ],
            },
            {
                "key": "q3-3",
                "kind": "ranking",
                "text": {
                    "en": "Rank these measures for a healthy digital public sphere, from most important (1) to least important (5).",
                    "fr": "Classez ces mesures pour un espace public numérique sain, de la plus importante (1) à la moins importante (5).",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Media and information literacy for young people and adults",
                            "fr": "L'éducation aux médias et à l'information pour les jeunes et les adultes",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Transparency of recommendation algorithms",
                            "fr": "La transparence des algorithmes de recommandation",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Support for independent journalism",
                            "fr": "Le soutien au journalisme indépendant",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Clear legal rules on illegal content",
                            "fr": "Des règles juridiques claires sur les contenus illicites",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Labelling of content generated by AI",
                            "fr": "L'étiquetage des contenus générés par l'IA",
                        },
                    },
                ],
            },
            {
                "key": "q3-4",
                "kind": "single",
                "text": {
                    "en": "Should people be able to use online platforms without revealing their real identity?",
                    "fr": "Devrait-on pouvoir utiliser les plateformes en ligne sans révéler sa véritable identité ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Yes, always", "fr": "Oui, toujours"}},
                    {
                        "key": "b",
                        "text": {
                            "en": "Yes, but the platform should be able to identify users when a court requests it",
                            "fr": "Oui, mais la plateforme doit pouvoir identifier l'utilisateur à la demande d'un juge",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "No, real identity should always be required",
                            "fr": "Non, la véritable identité devrait toujours être exigée",
                        },
                    },
                    {"key": "d", "text": {"en": "I don't know", "fr": "Je ne sais pas"}},
                ],
            },
        ],
    },
    {
        "key": "governing-ai",
        "title": {
            "en": "Governing artificial intelligence",
            "fr": "Gouverner l'intelligence artificielle",
        },
        "duration_minutes": 60,
        "information": {
            "en": (
                "Artificial intelligence (AI) systems recommend content, screen job "
                "applications, help doctors read medical images and generate text and images. "
                "They can save time and improve services, but they can also reproduce bias, "
                "make errors that are hard to detect and change or replace jobs. Several "
                "frameworks already exist, including the UNESCO Recommendation on the Ethics of "
                "AI (2021), the EU AI Act (2024) and the Council of Europe Framework Convention "
                "on AI (2024); their approaches and reach differ."
            ),
            "fr": (
                "Les systèmes d'intelligence artificielle (IA) recommandent des contenus, trient "
                "des candidatures, aident les médecins à lire des images médicales et génèrent "
                "des textes et des images. Ils peuvent faire gagner du temps et améliorer des "
                "services, mais aussi reproduire des biais, commettre des erreurs difficiles à "
                "détecter et transformer ou supprimer des emplois. Plusieurs cadres existent "
                "déjà, dont la Recommandation de l'UNESCO sur l'éthique de l'IA (2021), le "
                "règlement européen sur l'IA (2024) et la Convention-cadre du Conseil de "
                "l'Europe sur l'IA (2024) ; leurs approches et leur portée diffèrent."
            ),
        },
        "video_url": "",
        "questions": [
            {
                "key": "q4-1",
                "kind": "single",
                "text": {
                    "en": "Overall, do you think artificial intelligence will do more good or more harm to people like you?",
                    "fr": "Dans l'ensemble, pensez-vous que l'intelligence artificielle fera plus de bien ou plus de mal aux personnes comme vous ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Much more good", "fr": "Beaucoup plus de bien"}},
                    {"key": "b", "text": {"en": "Somewhat more good", "fr": "Un peu plus de bien"}},
                    {
                        "key": "c",
                        "text": {
                            "en": "About as much good as harm",
                            "fr": "Autant de bien que de mal",
                        },
                    },
                    {"key": "d", "text": {"en": "Somewhat more harm", "fr": "Un peu plus de mal"}},
                    {"key": "e", "text": {"en": "Much more harm", "fr": "Beaucoup plus de mal"}},
                ],
            },
            {
                "key": "q4-2",
                "kind": "multiple",
                "text": {
                    "en": "In which areas should decisions never be left to AI alone, without a human check? (Choose all that apply.)",
                    "fr": "Dans quels domaines les décisions ne devraient-elles jamais être laissées à la seule IA, sans contrôle humain ? (Plusieurs réponses possibles.)",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Medical diagnosis and treatment",
                            "fr": "Le diagnostic et le traitement médical",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Hiring and dismissal",
                            "fr": "L'embauche et le licenciement",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Police and court decisions",
                            "fr": "Les décisions de police et de justice",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Granting loans or social benefits",
                            "fr": "L'octroi de prêts ou de prestations sociales",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "School grades and admissions",
                            "fr": "Les notes et les admissions scolaires",
                        },
                    },
                    {
                        "key": "f",
                        "text": {
                            "en": "None: AI may decide alone if it performs well",
                            "fr": "Aucun : l'IA peut décider seule si elle est fiable",
                        },
                    },
                ],
            },
            {
                "key": "q4-3",
                "kind": "single",
                "text": {
                    "en": "At what level should the main rules for AI be set?",
                    "fr": "À quel niveau les principales règles sur l'IA devraient-elles être fixées ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Global", "fr": "Mondial"}},
                    {
                        "key": "b",
                        "text": {
                            "en": "Regional, for example the African Union or the European Union",
                            "fr": "Régional, par exemple l'Union africaine ou l'Union européenne",
                        },
                    },
                    {"key": "c", "text": {"en": "National", "fr": "National"}},
                    {
                        "key": "d",
                        "text": {
                            "en": "By the companies that develop AI",
                            "fr": "Par les entreprises qui développent l'IA",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "No specific rules are needed",
                            "fr": "Aucune règle spécifique n'est nécessaire",
                        },
                    },
                ],
            },
            {
                "key": "q4-4",
                "kind": "single",
                "text": {
                    "en": "Should people always be told when they are dealing with an AI system rather than a human?",
                    "fr": "Faut-il toujours informer les personnes lorsqu'elles ont affaire à un système d'IA plutôt qu'à un humain ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Yes, always", "fr": "Oui, toujours"}},
                    {
                        "key": "b",
                        "text": {
                            "en": "Only when important decisions are involved",
                            "fr": "Seulement lorsque des décisions importantes sont en jeu",
                        },
                    },
                    {"key": "c", "text": {"en": "No", "fr": "Non"}},
                    {"key": "d", "text": {"en": "I don't know", "fr": "Je ne sais pas"}},
                ],
            },
        ],
    },
    {
        "key": "future-of-internet-governance",
        "title": {
            "en": "The future of Internet governance",
            "fr": "L'avenir de la gouvernance d'Internet",
        },
        "duration_minutes": 90,
        "information": {
            "en": (
                "No single body runs the Internet. Technical standards are developed by bodies "
                "such as the IETF and the W3C, domain names are coordinated by ICANN, and policy "
                "questions are discussed by governments, companies, civil society and "
                "researchers, for example at the UN Internet Governance Forum. In 2024 UN member "
                "states adopted the Global Digital Compact; some call for stronger "
                "intergovernmental rules, others defend the multistakeholder model, and both "
                "face questions of legitimacy and inclusion."
            ),
            "fr": (
                "Aucune instance ne dirige seule Internet. Les normes techniques sont élaborées "
                "par des organismes comme l'IETF et le W3C, les noms de domaine sont coordonnés "
                "par l'ICANN, et les questions politiques sont débattues par les gouvernements, "
                "les entreprises, la société civile et les chercheurs, par exemple au Forum sur "
                "la gouvernance de l'Internet des Nations unies. En 2024, les États membres de "
                "l'ONU ont adopté le Pacte numérique mondial ; certains demandent des règles "
                "intergouvernementales plus fortes, d'autres défendent le modèle multipartite, "
                "et les deux approches posent des questions de légitimité et d'inclusion."
            ),
        },
        "video_url": "",
        "questions": [
            {
                "key": "q5-1",
                "kind": "single",
                "text": {
                    "en": "Who should have the greatest say in decisions about the future of the Internet?",
                    "fr": "Qui devrait avoir le plus de poids dans les décisions sur l'avenir d'Internet ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "Governments", "fr": "Les gouvernements"}},
                    {
                        "key": "b",
                        "text": {
                            "en": "International organisations such as the United Nations",
                            "fr": "Les organisations internationales comme les Nations unies",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Technology companies",
                            "fr": "Les entreprises technologiques",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "Civil society and citizens",
                            "fr": "La société civile et les citoyens",
                        },
                    },
                    {
                        "key": "e",
                        "text": {
                            "en": "Technical experts and researchers",
                            "fr": "Les experts techniques et les chercheurs",
                        },
                    },
                ],
            },
            {
                "key": "q5-2",
                "kind": "single",
                "text": {
                    "en": "Should ordinary citizens be regularly consulted on decisions about Internet governance?",
                    "fr": "Les citoyens ordinaires devraient-ils être régulièrement consultés sur les décisions relatives à la gouvernance d'Internet ?",
                },
                "options": [
                    {
                        "key": "a",
                        "text": {
                            "en": "Yes, and their recommendations should be binding",
                            "fr": "Oui, et leurs recommandations devraient être contraignantes",
                        },
                    },
                    {
                        "key": "b",
                        "text": {
                            "en": "Yes, as advice to decision-makers",
                            "fr": "Oui, à titre consultatif pour les décideurs",
                        },
                    },
                    {
                        "key": "c",
                        "text": {
                            "en": "Only occasionally, on major questions",
                            "fr": "Seulement de temps en temps, sur les grandes questions",
                        },
                    },
                    {
                        "key": "d",
                        "text": {
                            "en": "No, these decisions should be left to elected representatives and experts",
                            "fr": "Non, ces décisions devraient revenir aux élus et aux experts",
                        },
                    },
                ],
            },
            {
                "key": "q5-3",
                "kind": "single",
                "text": {
                    "en": "How much do you trust your government to defend your interests in international negotiations on the Internet?",
                    "fr": "Dans quelle mesure faites-vous confiance à votre gouvernement pour défendre vos intérêts dans les négociations internationales sur Internet ?",
                },
                "options": [
                    {"key": "a", "text": {"en": "A lot", "fr": "Beaucoup"}},
                    {"key": "b", "text": {"en": "Somewhat", "fr": "Assez"}},
                    {"key": "c", "text": {"en": "Not much", "fr": "Peu"}},
                    {"key": "d", "text": {"en": "Not at all", "fr": "Pas du tout"}},
                    {"key": "e", "text": {"en": "I don't know", "fr": "Je ne sais pas"}},
                ],
            },
            {
                "key": "q5-4",
                "kind": "open",
                "text": {
                    "en": "What is the one change you would most like to see in the Internet in the next ten years?",
                    "fr": "Quel changement aimeriez-vous le plus voir sur Internet dans les dix prochaines années ?",
                },
                "options": [],
            },
        ],
    },
]

RECOMMENDATION_EXAMPLES: list[Text] = [
    {
        "en": "Make affordable, good-quality Internet access a right for everyone, starting with rural areas.",
        "fr": "Faire d'un accès à Internet abordable et de qualité un droit pour tous, en commençant par les zones rurales.",
    },
    {
        "en": "Let everyone see, correct and delete the personal data held about them in one simple place.",
        "fr": "Permettre à chacun de consulter, corriger et supprimer en un seul endroit simple les données personnelles détenues à son sujet.",
    },
    {
        "en": "Teach media and information literacy at every school level and offer free courses for adults.",
        "fr": "Enseigner l'éducation aux médias et à l'information à tous les niveaux scolaires et proposer des cours gratuits aux adultes.",
    },
    {
        "en": "Require platforms to explain in plain language how their recommendation algorithms work.",
        "fr": "Obliger les plateformes à expliquer en langage clair le fonctionnement de leurs algorithmes de recommandation.",
    },
    {
        "en": "Keep a human responsible for every AI decision that affects a person's health, job or rights.",
        "fr": "Garder un humain responsable de toute décision d'IA qui touche à la santé, à l'emploi ou aux droits d'une personne.",
    },
    {
        "en": "Clearly label all images, videos and texts generated by artificial intelligence.",
        "fr": "Signaler clairement toutes les images, vidéos et textes générés par l'intelligence artificielle.",
    },
    {
        "en": "Agree on global minimum rules for data protection that every country applies.",
        "fr": "Adopter des règles minimales mondiales de protection des données, appliquées par tous les pays.",
    },
    {
        "en": "Hold a global citizens' dialogue before every major international decision on the Internet.",
        "fr": "Organiser un dialogue citoyen mondial avant chaque grande décision internationale sur Internet.",
    },
]
