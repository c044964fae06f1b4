"""A synthetic gazetteer and article of the sizes the issue asks for, the same on every run."""

import random
import string

from actors.tagging.matching import Name

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + [c + v + "n" for c in "bdgkmrst" for v in "aeiou"]
FILLER = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "it",
    "at",
    "from",
    "this",
    "its",
    "are",
    "an",
    "be",
    "has",
    "have",
    "which",
    "were",
    "their",
    "after",
    "more",
    "than",
    "two",
    "between",
    "relations",
    "trade",
    "talks",
    "sanctions",
    "border",
    "security",
    "policy",
    "minister",
    "meeting",
    "visit",
    "agreement",
    "economic",
    "military",
    "support",
    "region",
    "government",
    "leaders",
    "said",
    "week",
    "year",
    "new",
    "first",
    "also",
]


def _unique(make):
    """Wrap `make()` so it never returns the same string twice."""
    seen = set()

    def unique():
        while (candidate := make()) in seen:
            pass
        seen.add(candidate)
        return candidate

    return unique


def gazetteer(actors=10_000, seed=2026):
    """[(actor id, name, [(alias text, is abbreviation, is demonym)])]: one name and five aliases each."""
    rng = random.Random(seed)
    words = {k: _unique(lambda k=k: "".join(rng.choices(SYLLABLES, k=k)).capitalize()) for k in (3, 4)}
    abbreviation = _unique(lambda: "".join(rng.choices(string.ascii_uppercase, k=5)))
    entries = []
    for actor_id in range(1, actors + 1):
        name = words[3]()
        aliases = [
            (f"Republic of {name} {words[3]()}", False, False),
            (abbreviation(), True, False),
            (f"{words[3]()} {words[3]()}", False, False),
            (f"{name}ian", False, True),
            (words[4](), False, False),
        ]
        entries.append((actor_id, name, aliases))
    return entries


def names(entries):
    """The matcher's view of the gazetteer."""
    result = []
    for actor_id, name, aliases in entries:
        result.append(Name(name, actor_id))
        result.extend(Name(text, actor_id, exact_case=abbr, plural=demonym) for text, abbr, demonym in aliases)
    return result


def article(entries, words=2_000, mentions=120, seed=7):
    """`words` words in all: `mentions` names or aliases of random actors among filler."""
    rng = random.Random(seed)
    named = []
    for _ in range(mentions):
        _actor_id, name, aliases = rng.choice(entries)
        named.append(rng.choice([name] + [alias for alias, _abbr, _demonym in aliases]) + rng.choice(["", "'s", ","]))
    text = [rng.choice(FILLER) for _ in range(words - sum(len(mention.split()) for mention in named))]
    for mention in named:
        text.insert(rng.randrange(len(text) + 1), mention)
    return " ".join(text)
