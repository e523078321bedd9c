"""Transcript search benchmark: this project's Whoosh index, SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search.py [--hours 1000] [--quick] [--no-postgres]

Generates a corpus of French conference transcripts from word lists and templates with a
fixed seed (about 120 moments of 30 s per hour), adds the judged transcripts of
``tests/data/search`` to it, and measures on the same corpus and the same queries:

1. this project's search, in process, with highlights and facets;
2. SQLite FTS5 with the ``unicode61 remove_diacritics 2`` tokenizer;
3. PostgreSQL full text, ``simple`` configuration plus ``unaccent``, in a scratch database.

Recall@10 counts, over the judged queries that expect moments, how many expected moments
appear among the first ten moments. The last line sums it up for the README.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.search.documents import MomentDoc, ReplayDoc, speaker_key  # noqa: E402
from archive.search.index import SearchIndex  # noqa: E402
from archive.search.query import HitKind, SearchRequest  # noqa: E402
from archive.search.syntax import ItemKind, parse  # noqa: E402
from archive.text import fold  # noqa: E402
from tests.search.judged import JudgedQuery, load_queries, load_replays  # noqa: E402

SEED = 20240917
CUE_SECONDS = 30.0
PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

# Word lists for the generated corpus: ordinary vocabulary of industry conferences.
OPENERS = [
    "Aujourd'hui", "Concrètement", "Très honnêtement", "Sur le terrain", "Depuis trois ans",
    "Dans notre secteur", "Pour nos adhérents", "Dans les faits", "Au fond", "Pour être clair",
    "Il faut le dire", "Je le répète", "Si l'on regarde les chiffres", "À mon sens",
    "Dans la plupart des cas", "Pour la première fois", "Depuis la crise", "En résumé",
]
SUBJECTS = [
    "nos entreprises", "les industriels", "les PME", "les ETI", "nos équipes", "les collectivités",
    "l'État", "les investisseurs", "les donneurs d'ordre", "les sous-traitants", "les grands groupes",
    "les syndicats", "les chambres de commerce", "les pôles de compétitivité", "les régions",
    "les banques", "les fédérations professionnelles", "les start-up industrielles", "nos clients",
    "les fournisseurs", "les directions d'usine", "les bureaux d'études", "les laboratoires",
]
VERBS = [
    "doivent accélérer", "cherchent à renforcer", "ont besoin de", "investissent dans",
    "misent sur", "se mobilisent pour", "peinent à financer", "veulent développer",
    "ont engagé", "préparent", "attendent des garanties sur", "travaillent ensemble sur",
    "mesurent mieux", "redécouvrent", "structurent", "négocient", "pilotent", "soutiennent",
    "anticipent", "réorganisent", "évaluent", "modernisent", "partagent",
]
OBJECTS = [
    "la transition énergétique", "la modernisation des lignes de production",
    "la formation des opérateurs", "le recrutement de techniciens", "la digitalisation des ateliers",
    "la robotisation", "l'efficacité énergétique", "la souveraineté industrielle",
    "l'économie circulaire", "le recyclage des matériaux", "la traçabilité des pièces",
    "la qualité", "l'export", "la compétitivité", "la capacité de production", "l'innovation",
    "les investissements productifs", "la relocalisation de certaines productions",
    "la réindustrialisation du pays", "l'attractivité des métiers", "l'emploi local",
    "la cybersécurité", "les données industrielles", "la maintenance des équipements",
    "la réduction des émissions", "la consommation d'électricité", "le coût de l'énergie",
    "l'approvisionnement en matières premières", "la logistique", "les délais de livraison",
    "la transmission des entreprises", "la mixité des équipes", "la santé au travail",
    "la sécurité des sites", "l'intelligence artificielle", "l'automatisation", "l'hydrogène",
    "les réseaux de chaleur", "l'impression 3D", "les matériaux composites", "la fabrication additive",
    "la sobriété", "la gestion de l'eau", "le foncier industriel", "les normes européennes",
]
COMPLEMENTS = [
    "d'ici {year}", "dans les {n} prochaines années", "avec le soutien de la région",
    "malgré la hausse des coûts", "pour rester compétitifs", "en lien avec les laboratoires",
    "sur tout le territoire", "autour de {city}", "dans la filière {sector}", "à l'échelle européenne",
    "avec des résultats concrets", "sans attendre les subventions", "grâce au dialogue social",
    "avec nos partenaires {company}", "pour les {n} sites du groupe", "dès cette année",
]
CLOSERS = [
    "C'est un chantier de long terme.", "Les résultats sont encourageants.",
    "Nous en reparlerons tout à l'heure.", "Il reste beaucoup à faire.",
    "C'est une question de confiance.", "Les chiffres parlent d'eux-mêmes.",
    "Personne ne peut y arriver seul.", "C'est là que tout se joue.",
    "Nous avons appris de nos erreurs.", "La dynamique est lancée.",
]
SECTORS = [
    "aéronautique", "automobile", "agroalimentaire", "chimie", "plasturgie", "métallurgie",
    "textile", "bois", "pharmacie", "électronique", "ferroviaire", "naval", "cosmétique", "verre",
    "papier", "ciment", "mécanique", "nucléaire", "spatial", "emballage",
]
CITIES = [
    "Lyon", "Grenoble", "Toulouse", "Nantes", "Lille", "Rouen", "Metz", "Dijon", "Limoges",
    "Clermont-Ferrand", "Saint-Étienne", "Besançon", "Valenciennes", "Le Havre", "Brest",
    "Mulhouse", "Pau", "Tours", "Orléans", "Chambéry", "Angers", "Reims", "Amiens", "Troyes",
]
FIRST = [
    "Anne", "Bruno", "Camille", "David", "Emma", "François", "Gaëlle", "Hugo", "Inès", "Jérôme",
    "Karine", "Louis", "Manon", "Nathalie", "Olivier", "Pauline", "Quentin", "Rémi", "Sandrine",
    "Théo", "Valérie", "Xavier", "Yasmine", "Zoé", "Benoît", "Cécile", "Denis", "Estelle",
]
LAST = [
    "Arnaud", "Barre", "Caillaud", "Delmas", "Esnault", "Fabre", "Gautier", "Hamon", "Jacquet",
    "Lemaire", "Mallet", "Noël", "Ollivier", "Pichon", "Quéré", "Renaud", "Sabatier", "Tessier",
    "Vasseur", "Weber", "Bertin", "Colin", "Dumas", "Ferrier", "Guillot", "Hervé", "Joly",
]
TOPICS = [
    "Réussir la transition énergétique", "Former les talents de demain", "L'usine du futur",
    "Financer la croissance industrielle", "Souveraineté et chaînes de valeur",
    "Innovation et territoires", "La filière {sector} face aux crises", "Décarboner la production",
    "Attirer les jeunes vers l'industrie", "Numérique et performance industrielle",
]
SYLLABLES = ["va", "lo", "tre", "xa", "mi", "dor", "sen", "ka", "ru", "bel", "tin", "qua", "pho", "zel"]


@dataclass(frozen=True)
class Corpus:
    """The benchmark corpus: generated replays plus the judged ones."""

    replays: list[ReplayDoc]
    moments: int
    hours: float


def _sentence(rng: random.Random, companies: list[str]) -> str:
    complement = rng.choice(COMPLEMENTS).format(
        year=rng.randint(2026, 2040),
        n=rng.randint(2, 12),
        city=rng.choice(CITIES),
        sector=rng.choice(SECTORS),
        company=rng.choice(companies),
    )
    return (
        f"{rng.choice(OPENERS)}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
        f"{rng.choice(OBJECTS)} {complement}."
    )


def _cue_text(rng: random.Random, companies: list[str]) -> str:
    sentences = [_sentence(rng, companies) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.3:
        sentences.append(rng.choice(CLOSERS))
    return " ".join(sentences)


def generated_replays(hours: float, seed: int = SEED) -> Iterator[ReplayDoc]:
    """One-hour replays of generated French transcripts, deterministic for a seed."""
    rng = random.Random(seed)
    companies = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(400)]
    speakers = [f"{f} {ln}" for f in FIRST for ln in LAST]
    cues_per_replay = int(3600 / CUE_SECONDS)
    for number in range(int(hours)):
        year = rng.randint(2015, 2025)
        city = rng.choice(CITIES)
        people = rng.sample(speakers, rng.randint(1, 4))
        moments = [
            MomentDoc(
                cue_id=10_000_000 + number * 1000 + i,
                start=i * CUE_SECONDS,
                end=(i + 1) * CUE_SECONDS - 0.2,
                text=_cue_text(rng, companies),
                speaker=rng.choice(people),
            )
            for i in range(cues_per_replay)
        ]
        yield ReplayDoc(
            replay_id=f"gen-{number:05d}",
            title=rng.choice(TOPICS).format(sector=rng.choice(SECTORS)),
            description=_sentence(rng, companies),
            language="fr",
            visibility=rng.choices(["public", "unlisted", "private"], [90, 5, 5])[0],
            event=f"Forum industriel de {city} {year}",
            event_slug=f"forum-{fold(city).replace(' ', '-')}-{year}",
            year=year,
            speakers=people,
            themes=[rng.choice(SECTORS)],
            session_type=rng.choice(["keynote", "talk", "round_table", "masterclass"]),
            moments=moments,
        )


def build_corpus(hours: float) -> Corpus:
    """The generated replays for ``hours`` hours plus the judged transcripts."""
    replays = list(generated_replays(hours)) + load_replays()
    return Corpus(replays, sum(len(r.moments) for r in replays), hours)
