"""The benchmark's corpus and queries: generated French conference transcripts.

Sentences are assembled from word lists with Zipf-like weights and a fixed seed, so every
run generates the same corpus, about 120 moments of 30 s an hour, without downloading
anything. The judged transcripts of ``tests/data/search`` are added to it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from archive.search.engine.documents import MomentDoc, ReplayDoc
from archive.text import fold
from tests.search.judged import JudgedQuery, load_replays

SEED = 20240917
CUE_SECONDS = 30.0
# Word lists for the generated corpus: ordinary vocabulary of industry conferences. Items
# are drawn with Zipf-like weights, so a few are frequent and most are rare, as in speech.
OPENERS = """Aujourd'hui|Concrètement|Très honnêtement|Sur le terrain|Depuis trois ans|Dans notre
secteur|Pour nos adhérents|Dans les faits|Au fond|Pour être clair|Il faut le dire|Je le répète|Si
l'on regarde les chiffres|À mon sens|Dans la plupart des cas|Pour la première fois|Depuis la
crise|En résumé|Soyons lucides|Pour aller vite|De notre point de vue|Chez nous|Dans mon
entreprise|Au niveau national|Dans notre bassin d'emploi|Avec le recul|Ce qui a changé, c'est
que|Je crois que|On constate que|Il est frappant de voir que|Ce matin encore|L'an dernier|Pendant
la pandémie|Avant tout|Pour résumer|Du côté des salariés|Du côté des dirigeants|Sur ce
point|Franchement|En pratique""".split("|")
SUBJECTS = """nos entreprises|les industriels|les PME|les ETI|nos équipes|les collectivités|l'État|les
investisseurs|les donneurs d'ordre|les sous-traitants|les grands groupes|les syndicats|les chambres de
commerce|les pôles de compétitivité|les régions|les banques|les fédérations professionnelles|les
start-up industrielles|nos clients|les fournisseurs|les directions d'usine|les bureaux
d'études|les laboratoires|les universités|les lycées professionnels|les centres de formation|les
agences de développement|les élus locaux|les salariés|les managers de proximité|les responsables
qualité|les acheteurs|les ingénieurs|les techniciens de maintenance|les opérateurs|les chefs
d'équipe|les cabinets de conseil|les fonds d'investissement|les assureurs|les transporteurs|les
distributeurs|les intégrateurs|les éditeurs de logiciels|les constructeurs|les équipementiers|les
coopératives|les artisans|les consommateurs|les pouvoirs publics|la Commission européenne""".split(
    "|"
)
VERBS = """doivent accélérer|cherchent à renforcer|ont besoin de|investissent dans|misent sur|se
mobilisent pour|peinent à financer|veulent développer|ont engagé|préparent|attendent des garanties
sur|travaillent ensemble sur|mesurent mieux|redécouvrent|structurent|négocient|pilotent|soutiennent|
anticipent|réorganisent|évaluent|modernisent|partagent|sous-estiment|accompagnent|financent|
simplifient|documentent|planifient|testent|déploient|mutualisent|sécurisent|améliorent|repensent|
expérimentent|industrialisent|priorisent|défendent|questionnent|découvrent|valorisent|
transforment|optimisent|comparent|intègrent|externalisent|reprennent en main|suivent de près|
discutent de|parlent beaucoup de|ont trop longtemps négligé|regardent avec attention|
ont fait des progrès sur""".split("|")
NOUNS = """la transition énergétique|la modernisation des lignes|la formation des opérateurs|le
recrutement de techniciens|la digitalisation des ateliers|la robotisation|l'efficacité énergétique|la
souveraineté industrielle|l'économie circulaire|le recyclage des matériaux|la traçabilité des
pièces|la qualité|l'export|la compétitivité|la capacité de production|l'innovation|les
investissements productifs|la relocalisation de certaines productions|la réindustrialisation|
l'attractivité des métiers|l'emploi local|la cybersécurité|les données industrielles|la maintenance
des équipements|la réduction des émissions|la consommation d'électricité|le coût de l'énergie|
l'approvisionnement en matières premières|la logistique|les délais de livraison|la transmission des
entreprises|la mixité des équipes|la santé au travail|la sécurité des sites|l'intelligence
artificielle|l'automatisation|l'hydrogène|les réseaux de chaleur|l'impression 3D|les matériaux
composites|la fabrication additive|la sobriété|la gestion de l'eau|le foncier industriel|les normes
européennes|la fiscalité de production|les marges|la trésorerie|le besoin en fonds de roulement|les
carnets de commandes|la planification|le contrôle non destructif|la métrologie|l'ergonomie des
postes|le travail en équipe|la polyvalence|la gestion des stocks|les flux tendus|le juste-à-temps|
l'amélioration continue|le lean management|la démarche qualité|la certification|l'éco-conception|
l'analyse du cycle de vie|le bilan carbone|les achats responsables|la sous-traitance|les
partenariats|la coopération entre sites|les plateformes collaboratives|le cloud|l'informatique
industrielle|les automates|les capteurs|la supervision|la télémaintenance|les cobots|les véhicules
autonomes|les entrepôts|le transport ferroviaire|le fret|les ports|les emballages|le
conditionnement|la chaîne du froid|la biomasse|la géothermie|le photovoltaïque|l'éolien en mer|les
batteries|les moteurs électriques|l'électronique de puissance|les semi-conducteurs|la
chimie verte|les procédés|la fonderie|la forge|l'usinage|la tôlerie|le soudage|la peinture|le
traitement de surface|l'assemblage|le montage|les essais|la validation|les prototypes|les
brevets|la propriété intellectuelle|la recherche appliquée|les thèses industrielles|les
alternants|les stagiaires|les seniors|la reconversion|la mobilité interne|les salaires|le
partage de la valeur|l'intéressement|le télétravail|les horaires|la conduite du changement|la
gouvernance|la stratégie|les fusions|les acquisitions|la croissance externe|les exportations
vers l'Asie|le marché américain|la concurrence chinoise|les droits de douane|le mécanisme
d'ajustement carbone|les aides publiques|le crédit d'impôt recherche|les appels à projets|les
subventions|les prêts garantis|le capital-risque|la bourse|les introductions en bourse""".split("|")
MODIFIERS = """de nos sites|des territoires|en France|au quotidien|du secteur|à long terme|dans
nos usines|de la filière|en Europe|pour nos clients|de demain|de nos fournisseurs|en région|dans
les ateliers|de proximité|à grande échelle|au bon niveau|sans tabou|avec méthode|étape par
étape|de manière pragmatique|en profondeur|plus rapidement|de façon durable|avec les
syndicats|avec les écoles|en interne|à l'international|dans la durée|pour les jeunes""".split("|")
COMPLEMENTS = """d'ici {year}|dans les {n} prochaines années|avec le soutien de la région|malgré
la hausse des coûts|pour rester compétitifs|en lien avec les laboratoires|sur tout le
territoire|autour de {city}|dans la filière {sector}|à l'échelle européenne|avec des résultats
concrets|sans attendre les aides|grâce au dialogue social|avec nos partenaires {company}|pour les
{n} sites du groupe|dès cette année|avec un budget de {n} millions d'euros|pour {n} pour cent de
nos ventes|depuis notre implantation à {city}|avec l'appui de {company}|face à la concurrence|
malgré les tensions sur les prix|en commençant par {city}|avant la fin de l'année|à chaque
changement de série|au rythme des commandes|selon les retours du terrain|pour répondre aux
clients de la filière {sector}|sans perdre de vue la sécurité|avec une équipe de {n} personnes""".split(
    "|"
)
CLOSERS = """C'est un chantier de long terme.|Les résultats sont encourageants.|Nous en reparlerons
tout à l'heure.|Il reste beaucoup à faire.|C'est une question de confiance.|Les chiffres parlent
d'eux-mêmes.|Personne ne peut y arriver seul.|C'est là que tout se joue.|Nous avons appris de nos
erreurs.|La dynamique est lancée.|Je vous donne un exemple.|C'est tout l'enjeu.|On ne part pas de
zéro.|Ce n'est pas simple.|Il faut du temps.|Nous y croyons beaucoup.""".split("|")
SECTORS = [
    "aéronautique",
    "automobile",
    "agroalimentaire",
    "chimie",
    "plasturgie",
    "métallurgie",
    "textile",
    "bois",
    "pharmacie",
    "électronique",
    "ferroviaire",
    "naval",
    "cosmétique",
    "verre",
    "papier",
    "ciment",
    "mécanique",
    "nucléaire",
    "spatial",
    "emballage",
]
CITIES = [
    "Lyon",
    "Grenoble",
    "Toulouse",
    "Nantes",
    "Lille",
    "Rouen",
    "Metz",
    "Dijon",
    "Limoges",
    "Clermont-Ferrand",
    "Saint-Étienne",
    "Besançon",
    "Valenciennes",
    "Le Havre",
    "Brest",
    "Mulhouse",
    "Pau",
    "Tours",
    "Orléans",
    "Chambéry",
    "Angers",
    "Reims",
    "Amiens",
    "Troyes",
]
FIRST = [
    "Anne",
    "Bruno",
    "Camille",
    "David",
    "Emma",
    "François",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jérôme",
    "Karine",
    "Louis",
    "Manon",
    "Nathalie",
    "Olivier",
    "Pauline",
    "Quentin",
    "Rémi",
    "Sandrine",
    "Théo",
    "Valérie",
    "Xavier",
    "Yasmine",
    "Zoé",
    "Benoît",
    "Cécile",
    "Denis",
    "Estelle",
]
LAST = [
    "Arnaud",
    "Barre",
    "Caillaud",
    "Delmas",
    "Esnault",
    "Fabre",
    "Gautier",
    "Hamon",
    "Jacquet",
    "Lemaire",
    "Mallet",
    "Noël",
    "Ollivier",
    "Pichon",
    "Quéré",
    "Renaud",
    "Sabatier",
    "Tessier",
    "Vasseur",
    "Weber",
    "Bertin",
    "Colin",
    "Dumas",
    "Ferrier",
    "Guillot",
    "Hervé",
    "Joly",
]
TOPICS = [
    "Réussir la transition énergétique",
    "Former les talents de demain",
    "L'usine du futur",
    "Financer la croissance industrielle",
    "Souveraineté et chaînes de valeur",
    "Innovation et territoires",
    "La filière {sector} face aux crises",
    "Décarboner la production",
    "Attirer les jeunes vers l'industrie",
    "Numérique et performance industrielle",
]
SYLLABLES = [
    "va",
    "lo",
    "tre",
    "xa",
    "mi",
    "dor",
    "sen",
    "ka",
    "ru",
    "bel",
    "tin",
    "qua",
    "pho",
    "zel",
]
#: Generated sessions predate the judged ones (2024 and 2025 editions).
YEARS = range(2015, 2024)


class Vocabulary:
    """Word lists with Zipf-like weights: the first items of a shuffled list are frequent."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lists = {}
        for name, items in {
            "opener": OPENERS,
            "subject": SUBJECTS,
            "verb": VERBS,
            "noun": NOUNS,
            "modifier": MODIFIERS,
            "complement": COMPLEMENTS,
            "closer": CLOSERS,
        }.items():
            shuffled = [" ".join(item.split()) for item in items]
            rng.shuffle(shuffled)
            weights = [1 / (rank + 1) ** 0.8 for rank in range(len(shuffled))]
            self.lists[name] = (shuffled, list(accumulate(weights)))

    def pick(self, name: str) -> str:
        """One item of a list, frequent items more often."""
        items, cumulative = self.lists[name]
        return self.rng.choices(items, cum_weights=cumulative)[0]


@dataclass(frozen=True)
class Corpus:
    """The benchmark corpus: generated replays plus the judged ones."""

    replays: list[ReplayDoc]
    moments: int
    hours: float


def _sentence(vocabulary: Vocabulary, companies: list[str]) -> str:
    rng = vocabulary.rng
    complement = vocabulary.pick("complement").format(
        year=rng.randint(2026, 2040),
        n=rng.randint(2, 40),
        city=rng.choice(CITIES),
        sector=rng.choice(SECTORS),
        company=rng.choice(companies),
    )
    modifier = f" {vocabulary.pick('modifier')}" if rng.random() < 0.4 else ""
    return (
        f"{vocabulary.pick('opener')}, {vocabulary.pick('subject')} {vocabulary.pick('verb')} "
        f"{vocabulary.pick('noun')}{modifier} {complement}."
    )


def _cue_text(vocabulary: Vocabulary, companies: list[str]) -> str:
    sentences = [_sentence(vocabulary, companies) for _ in range(vocabulary.rng.randint(3, 5))]
    if vocabulary.rng.random() < 0.3:
        sentences.append(vocabulary.pick("closer"))
    return " ".join(sentences)


def generated_replays(hours: float, seed: int = SEED) -> Iterator[ReplayDoc]:
    """One-hour replays of generated French transcripts, deterministic for a seed."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    companies = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(400)]
    speakers = [f"{f} {ln}" for f in FIRST for ln in LAST]
    cues_per_replay = int(3600 / CUE_SECONDS)
    for number in range(int(hours)):
        year = rng.choice(YEARS)
        city = rng.choice(CITIES)
        people = rng.sample(speakers, rng.randint(1, 4))
        moments = [
            MomentDoc(
                cue_id=10_000_000 + number * 1000 + i,
                start=i * CUE_SECONDS,
                end=(i + 1) * CUE_SECONDS - 0.2,
                text=_cue_text(vocabulary, companies),
                speaker=rng.choice(people),
            )
            for i in range(cues_per_replay)
        ]
        yield ReplayDoc(
            replay_id=f"gen-{number:05d}",
            title=rng.choice(TOPICS).format(sector=rng.choice(SECTORS)),
            description=_sentence(vocabulary, companies),
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


def incremental_replay(seed: int = SEED + 1) -> ReplayDoc:
    """A new one-hour replay cut in 8-second cues, as a subtitle file would be."""
    replay = next(generated_replays(1, seed))
    vocabulary = Vocabulary(random.Random(seed))
    companies = ["Valtrexa"]
    moments = [
        MomentDoc(99_000_000 + i, i * 8.0, i * 8.0 + 7.8, _sentence(vocabulary, companies), None)
        for i in range(450)
    ]
    return ReplayDoc(**{**replay.__dict__, "replay_id": "bench-incremental", "moments": moments})


# Timing queries: what visitors search for, beside the judged set.


def timing_queries(count: int, seed: int = SEED + 2) -> list[JudgedQuery]:
    """Topic searches drawn uniformly from the generator's subjects, some with filters."""
    rng = random.Random(seed)
    topics = [" ".join(item.split()) for item in NOUNS]
    queries = []
    for number in range(count):
        words = [w for w in topics[rng.randrange(len(topics))].split() if len(w) > 3]
        words = words or ["industrie"]
        kind = rng.random()
        filters: dict[str, object] = {}
        if kind < 0.35:
            q = rng.choice(words)
        elif kind < 0.65:
            q = " ".join(words[:2])
        elif kind < 0.75:
            q = f'"{topics[rng.randrange(len(topics))]}"'
        elif kind < 0.85:
            q = rng.choice(words)
            filters = rng.choice([{"year": rng.choice(YEARS)}, {"language": "fr"}])
        elif kind < 0.90:
            q = f"{rng.choice(words)} OR {rng.choice(rng.choice(topics).split())}"
        elif kind < 0.95:
            q = f"{rng.choice(words)} -{rng.choice(CITIES).split('-')[0]}"
        else:
            word = rng.choice(words)
            at = rng.randrange(1, max(2, len(word) - 1))
            q = word[:at] + word[at + 1 :]
        queries.append(JudgedQuery(id=f"timing-{number}", q=q, filters=filters))
    return queries
