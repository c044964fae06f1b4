"""Find actor names in a text with one Aho–Corasick automaton over every name and alias.

Plain Python with no database access, so the benchmark can drive it directly.
The rules, in the order they apply:

- Any run of whitespace inside a name counts as one space: a line break (text from PDFs
  keeps its hard line breaks), a tab, several spaces, a non-breaking space. A blank line
  parts paragraphs, and no name spans it. Hits are reported at their places in the text
  as given, whitespace and all.
- Matching runs on a folded copy of the text (lower case, typographic apostrophes
  and hyphens made plain) of exactly the same length, so offsets stay true.
- A name only counts as a whole word: the character before it and the one after it
  are not letters or digits. An apostrophe is no letter, so "China's" names China.
  A prefix such as "Sino-" must be glued to the next word ("Sino-North Korean").
- Case: an abbreviation must match exactly ("US", never "us" or "Us"); any other
  name needs its capitals where the gazetteer has them, so "China" and an all-caps
  heading's "CHINA" count but the porcelain "china" does not.
- A demonym also matches with a plural s ("North Koreans").
- Where names overlap, the leftmost then longest wins: "North Korean" is North Korea
  and never a bare Korea, "South China Sea" (a gazetteer entry of its own) is not China.
- A name that several actors share (e.g. "Dominican") names none of them, but it still
  covers its words so that no shorter name inside it is taken.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

# Characters folded to a plain equivalent of the same width: ’ ‘ to ', hyphen and non-breaking hyphen to -.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def fold(text):
    """Lower-case `text` without changing its length, so positions in the fold are positions in the text."""
    text = text.translate(_PLAIN)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case to two ("İ"); keep those as they are.
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


_WHITESPACE = re.compile(r"\s+")
# Whitespace other than a single space: where the text must be respaced before matching.
_ODD_WHITESPACE = re.compile(r"[^\S ]|  ")
_PARAGRAPH_BREAK = "\n"  # what a blank line becomes: no key holds one, and it is no letter


def respace(text):
    """(`text` with each run of whitespace as one space, or a line break where it holds a blank line;
    for each of its characters the offset in `text`, or None when they are the same)."""
    if not _ODD_WHITESPACE.search(text):
        return text, None
    pieces, offsets, done = [], [], 0
    for run in _WHITESPACE.finditer(text):
        pieces.append(text[done : run.start()])
        offsets.extend(range(done, run.start()))
        line_breaks = len(f"x{run[0]}x".splitlines()) - 1
        pieces.append(_PARAGRAPH_BREAK if line_breaks > 1 else " ")
        offsets.append(run.start())
        done = run.end()
    pieces.append(text[done:])
    offsets.extend(range(done, len(text)))
    return "".join(pieces), offsets


def _spaced(name):
    """A gazetteer name with one space between its words."""
    return " ".join(name.split())


def _is_word(char):
    return char.isalnum()


@dataclass(frozen=True, slots=True)
class Name:
    """One way of naming an actor, as the matcher needs it."""

    text: str
    actor_id: int
    exact_case: bool = False
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    actor_id: int
    start: int
    end: int


class Matcher:
    """Every name of every actor in one automaton; build once, then `find()` in any number of texts."""

    def __init__(self, names):
        variants = defaultdict(list)
        for name in names:
            key = fold(_spaced(name.text))
            if key:
                variants[key].append(name)
        self.size = len(variants)
        self._automaton = ahocorasick.Automaton() if variants else None
        for key, group in variants.items():
            self._automaton.add_word(key, (len(key), tuple(group)))
        if self._automaton is not None:
            self._automaton.make_automaton()

    def find(self, text):
        """The hits in `text`, in order, none overlapping."""
        if self._automaton is None or not text:
            return []
        spaced, offsets = respace(text)
        folded = fold(spaced)
        candidates = []
        for last, (length, names) in self._automaton.iter(folded):
            start = last - length + 1
            if start > 0 and _is_word(folded[start - 1]):
                continue
            candidates.extend(_candidates(spaced, folded, start, last + 1, names))
        hits = _leftmost_longest(candidates)
        if offsets is None:
            return hits
        # A hit starts and ends on a letter, never in a run of whitespace: both ends map back one to one.
        return [Hit(hit.actor_id, offsets[hit.start], offsets[hit.end - 1] + 1) for hit in hits]


def _candidates(text, folded, start, end, names):
    """(start, end, actor id or None when ambiguous) for each way the names fit at this place."""
    actors_by_end = defaultdict(set)
    for name in names:
        stop = _word_end(folded, end, name)
        if stop is not None and _case_fits(name, text[start:end]):
            actors_by_end[stop].add(name.actor_id)
    for stop, actors in actors_by_end.items():
        yield start, stop, next(iter(actors)) if len(actors) == 1 else None


def _word_end(folded, end, name):
    """Where the match ends if it ends on a word boundary, else None."""
    if name.text.endswith("-"):
        return end if end < len(folded) and folded[end].isalpha() else None
    if end == len(folded) or not _is_word(folded[end]):
        return end
    plural_end = end + 1
    if name.plural and folded[end] == "s" and (plural_end == len(folded) or not _is_word(folded[plural_end])):
        return plural_end
    return None


def _case_fits(name, found):
    wanted = _spaced(name.text).translate(_PLAIN)
    found = found.translate(_PLAIN)
    if name.exact_case:
        return found == wanted
    return all(char.isupper() for want, char in zip(wanted, found, strict=True) if want.isupper())


def _leftmost_longest(candidates):
    hits = []
    covered_until = 0
    for start, end, actor_id in sorted(candidates, key=lambda c: (c[0], -c[1])):
        if start < covered_until:
            continue
        covered_until = end
        if actor_id is not None:
            hits.append(Hit(actor_id, start, end))
    return hits


def summarise(hits):
    """{actor id: (count, first position)} from the hits of one text."""
    summary = {}
    for hit in hits:
        count, first = summary.get(hit.actor_id, (0, hit.start))
        summary[hit.actor_id] = (count + 1, first)
    return summary
