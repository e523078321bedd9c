"""The demo catalogue as data: an event modelled on Les Assises de l'Industrie 2022.

Everything spoken in the demo is synthesised from the scripts below, so the speakers,
their roles and their organisations are invented: no real person is made to say anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

SessionTypeValue = Literal["keynote", "masterclass", "round_table", "interview"]
LanguageCode = Literal["fr", "en"]

#: shown on the event page and on every generated slide
SYNTHETIC_NOTICE = {
    "fr": "Contenu de démonstration synthétique — intervenants fictifs",
    "en": "Synthetic demo content — fictional speakers",
}


@dataclass(frozen=True)
class DemoEvent:
    """The conference edition the demo replays belong to."""

    slug: str
    name: str
    year: int
    starts_on: date
    location: str
    description: str


@dataclass(frozen=True)
class DemoTheme:
    """A subject grouping demo replays."""

    slug: str
    name: str


@dataclass(frozen=True)
class DemoSpeaker:
    """An invented speaker; ``voice`` is the espeak-ng variant that makes them recognisable."""

    slug: str
    name: str
    role_title: str
    organisation: str
    voice: str = "m3"


@dataclass(frozen=True)
class DemoLine:
    """One sentence of a script, said by one speaker."""

    speaker_slug: str
    text: str


@dataclass(frozen=True)
class DemoReplay:
    """One demo session: catalogue metadata plus the script its recording is spoken from."""

    key: str
    title: str
    description: str
    session_type: SessionTypeValue
    language: LanguageCode
    speakers: list[str]
    themes: list[str]
    #: (start in seconds, title); the media builder snaps each start to a sentence start
    chapters: list[tuple[float, str]]
    lines: list[DemoLine]
    featured: bool = False
    #: imported without its transcript: the captions are made by speech to text (tiny.en)
    automatic_captions: bool = False


DEMO_EVENT = DemoEvent(
    slug="assises-industrie-2022",
    name="Les Assises de l'Industrie 2022",
    year=2022,
    starts_on=date(2022, 11, 29),
    location="Paris",
    description=(
        "Catalogue de démonstration inspiré des Assises de l'Industrie 2022 : une masterclass, "
        "des keynotes et des tables rondes sur la réindustrialisation, l'énergie, les "
        "compétences et le numérique. Le contenu est synthétique (voix de synthèse et images "
        "générées) et les intervenants, leurs fonctions et leurs organisations sont fictifs."
    ),
)

DEMO_THEMES = [
    DemoTheme("reindustrialisation", "Réindustrialisation"),
    DemoTheme("energie", "Énergie"),
    DemoTheme("competences", "Compétences"),
    DemoTheme("numerique", "Numérique"),
    DemoTheme("souverainete", "Souveraineté"),
]

DEMO_SPEAKERS = [
    DemoSpeaker(
        "claire-vasseur",
        "Claire Vasseur",
        "Directrice industrielle",
        "Forges de l'Aubrac (organisation fictive)",
        voice="f2",
    ),
    DemoSpeaker(
        "mathis-oberle",
        "Mathis Oberlé",
        "Directeur de la transformation numérique",
        "Ateliers Morvandiaux (organisation fictive)",
        voice="m3",
    ),
    DemoSpeaker(
        "nadia-benkhaled",
        "Nadia Benkhaled",
        "Responsable de l'apprentissage",
        "Campus des métiers du Val-Sombre (organisation fictive)",
        voice="f4",
    ),
    DemoSpeaker(
        "sophie-delaunay-ruiz",
        "Sophie Delaunay-Ruiz",
        "Journaliste, animatrice",
        "La Gazette des ateliers (organisation fictive)",
        voice="f3",
    ),
    DemoSpeaker(
        "helene-kerbrat",
        "Hélène Kerbrat",
        "Directrice de l'énergie",
        "Réseau électrique du Lac Vert (organisation fictive)",
        voice="f5",
    ),
    DemoSpeaker(
        "julien-marchetti",
        "Julien Marchetti",
        "Président",
        "Verreries de Valcombe (organisation fictive)",
        voice="m1",
    ),
    DemoSpeaker(
        "fiona-ashdown",
        "Fiona Ashdown",
        "Head of supply chain",
        "Northgate Components (fictional organisation)",
        voice="f2",
    ),
    DemoSpeaker(
        "rafael-duarte-moss",
        "Rafael Duarte-Moss",
        "Founder",
        "Brightwater Robotics (fictional organisation)",
        voice="m7",
    ),
]

_FR_NOTE = " Contenu de démonstration synthétique : voix de synthèse, intervenants fictifs."
_EN_NOTE = " Synthetic demo content: synthesised voices, fictional speakers."


def _said_by(speaker_slug: str, *sentences: str) -> list[DemoLine]:
    """Consecutive sentences by one speaker."""
    return [DemoLine(speaker_slug, sentence) for sentence in sentences]


def _dialogue(*turns: tuple[str, str]) -> list[DemoLine]:
    """Sentences as (speaker slug, text) pairs, in the order they are said."""
    return [DemoLine(speaker_slug, text) for speaker_slug, text in turns]


_SOPHIE, _HELENE, _JULIEN = "sophie-delaunay-ruiz", "helene-kerbrat", "julien-marchetti"
_FIONA, _RAFAEL = "fiona-ashdown", "rafael-duarte-moss"


DEMO_REPLAYS = [
    DemoReplay(
        key="keynote-reindustrialisation",
        title="Keynote : la réindustrialisation, une œuvre collective",
        description="Pourquoi produire en France exige de l'énergie décarbonée et des "
        "compétences, par la directrice industrielle d'une forge." + _FR_NOTE,
        session_type="keynote",
        language="fr",
        speakers=["claire-vasseur"],
        themes=["reindustrialisation", "energie", "competences"],
        chapters=[(0.0, "Ouverture"), (14.3, "Énergie décarbonée"), (23.9, "Compétences")],
        lines=_said_by(
            "claire-vasseur",
            "Mesdames et messieurs, bienvenue aux Assises de l'Industrie.",
            "La réindustrialisation n'est pas une nostalgie : c'est une œuvre collective "
            "et un choix d'avenir.",
            "Chaque usine qui rouvre crée des emplois qualifiés et fait vivre tout un territoire.",
            "Mais produire en France exige une énergie décarbonée, abondante et à un prix "
            "prévisible.",
            "Dans nos forges, les fours électriques ont fortement réduit nos émissions.",
            "Il faut aussi des compétences : sans soudeurs ni techniciens, aucune usine ne "
            "redémarre.",
            "Je crois qu'il est temps de remettre l'industrie au cœur de nos ambitions.",
            "Merci, et très belles Assises à toutes et à tous.",
        ),
        featured=True,
    ),
    DemoReplay(
        key="keynote-intelligence-artificielle",
        title="Keynote : l'intelligence artificielle au cœur des usines",
        description="Maintenance prédictive, vision industrielle et confiance dans les "
        "données : l'intelligence artificielle vue depuis l'atelier." + _FR_NOTE,
        session_type="keynote",
        language="fr",
        speakers=["mathis-oberle"],
        themes=["numerique"],
        chapters=[(0.0, "Depuis l'atelier"), (14.4, "Vision industrielle"), (23.7, "Confiance")],
        lines=_said_by(
            "mathis-oberle",
            "Bonjour. Parlons d'intelligence artificielle, mais parlons-en depuis l'atelier.",
            "Dans nos usines, elle sert d'abord à anticiper les pannes des machines.",
            "Des capteurs mesurent les vibrations, et un modèle prévient l'équipe de "
            "maintenance avant l'arrêt.",
            "La vision industrielle contrôle aussi la qualité des pièces, une par une.",
            "Ces outils ne remplacent pas les opérateurs : ils leur donnent de meilleures "
            "informations.",
            "La condition, c'est la confiance : des données maîtrisées, hébergées et protégées.",
            "Le numérique doit rester au service de l'humain et de l'efficacité énergétique.",
            "Merci à tous, et bonnes démonstrations sur les stands.",
        ),
    ),
    DemoReplay(
        key="masterclass-apprentissage",
        title="Masterclass : réussir l'apprentissage dans l'industrie",
        description="Tuteurs, portes ouvertes et compétences numériques : trois conseils "
        "pour former les jeunes dans les ateliers." + _FR_NOTE,
        session_type="masterclass",
        language="fr",
        speakers=["nadia-benkhaled"],
        themes=["competences", "numerique"],
        chapters=[(0.0, "Introduction"), (9.7, "Trois conseils"), (30.0, "Conclusion")],
        lines=_said_by(
            "nadia-benkhaled",
            "Bonjour à toutes et à tous, et merci d'être venus à cette masterclass.",
            "Aujourd'hui, je veux vous parler de l'apprentissage, qui transforme nos ateliers.",
            "Premier conseil : confiez à chaque apprenti un tuteur expérimenté et disponible.",
            "Deuxième conseil : ouvrez vos usines aux collégiens, aux familles et aux enseignants.",
            "Les métiers de la maintenance et de la soudure recrutent, mais ils restent méconnus.",
            "Troisième conseil : mettez les compétences numériques au cœur de chaque formation.",
            "Former les jeunes, c'est préparer l'usine de demain. Merci de votre attention.",
        ),
    ),
    DemoReplay(
        key="table-ronde-energie",
        title="Table ronde : énergie et décarbonation, quelles priorités ?",
        description="Prix de l'électricité, électrification des fours et raccordement au "
        "réseau : un gestionnaire d'énergie et un verrier débattent." + _FR_NOTE,
        session_type="round_table",
        language="fr",
        speakers=[_SOPHIE, _HELENE, _JULIEN],
        themes=["energie", "reindustrialisation"],
        chapters=[
            (0.0, "Le prix de l'énergie"),
            (14.3, "Électrifier les fours"),
            (22.6, "Accélérer"),
        ],
        lines=_dialogue(
            (
                _SOPHIE,
                "Bienvenue à cette table ronde sur l'énergie et la décarbonation de l'industrie.",
            ),
            (_SOPHIE, "Hélène Kerbrat, le prix de l'électricité inquiète les industriels."),
            (
                _HELENE,
                "Il faut des contrats d'énergie de long terme, pour qu'ils investissent sereinement.",
            ),
            (_JULIEN, "Pour un verrier, l'énergie pèse lourd dans les coûts de production."),
            (
                _JULIEN,
                "Nous électrifions nos fours, mais le raccordement au réseau prend des années.",
            ),
            (_SOPHIE, "Comment accélérer ces raccordements ?"),
            (
                _HELENE,
                "En planifiant ensemble, avec les industriels, les territoires et les réseaux.",
            ),
            (_JULIEN, "Et en formant les électriciens dont ces installations auront besoin."),
            (_SOPHIE, "Merci à tous les deux pour ces échanges."),
        ),
    ),
    DemoReplay(
        key="round-table-supply-chains",
        title="Round table: resilient supply chains and industrial sovereignty",
        description="Shortages, second suppliers and choosing our dependencies: two "
        "manufacturers compare notes, in English." + _EN_NOTE,
        session_type="round_table",
        language="en",
        speakers=[_FIONA, _RAFAEL],
        themes=["souverainete", "reindustrialisation"],
        chapters=[
            (0.0, "Lessons from the shortages"),
            (23.1, "Sovereignty"),
            (29.4, "Data and energy"),
        ],
        lines=_dialogue(
            (
                _FIONA,
                "Welcome to this round table on resilient supply chains and industrial "
                "sovereignty.",
            ),
            (
                _FIONA,
                "During the shortages, many factories stopped because a single component "
                "was missing.",
            ),
            (
                _RAFAEL,
                "We saw it in robotics: one missing chip could delay a whole production line.",
            ),
            (
                _RAFAEL,
                "So we now qualify two suppliers for every critical part, one of them in Europe.",
            ),
            (
                _FIONA,
                "Sovereignty does not mean producing everything at home; it means choosing "
                "our dependencies.",
            ),
            (_RAFAEL, "Data helps too: our planners see the stock of each supplier in real time."),
            (
                _FIONA,
                "And energy matters, because a low-carbon factory is also a more competitive one.",
            ),
            (_RAFAEL, "Thank you, it was a pleasure to share these lessons."),
        ),
    ),
    DemoReplay(
        key="interview-skills-automatic",
        title="Interview: training the welders of tomorrow",
        description="A short interview in English whose captions were made automatically by "
        "speech recognition, not written by hand." + _EN_NOTE,
        session_type="interview",
        language="en",
        speakers=[_FIONA],
        themes=["competences"],
        chapters=[(0.0, "Skills")],
        lines=_said_by(
            _FIONA,
            "Our factories need welders, electricians and maintenance technicians.",
            "Apprenticeships are the fastest way to train them, close to the machines.",
            "We open our workshops to schools every week, so that young people see real jobs.",
            "A welder who trains an apprentice passes on twenty years of experience.",
            "Digital tools help too: a simulator lets a beginner practise without wasting metal.",
            "In five years, we want one apprentice for every ten employees.",
        ),
        automatic_captions=True,
    ),
]


def speaker_by_slug(slug: str) -> DemoSpeaker:
    """The demo speaker with this slug."""
    for speaker in DEMO_SPEAKERS:
        if speaker.slug == slug:
            return speaker
    raise KeyError(f"No demo speaker is called {slug!r}.")
