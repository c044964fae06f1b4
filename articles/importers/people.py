"""Find the institute's experts in a briefing, what they are quoted or reported as saying, and unknown people.

An expert is recognised by full name, surname or role phrase ("HIG's Korea analyst").
Within a sentence that names an expert, words in quotation marks (curly or straight) are
a quote of that expert, and a sentence that reports the expert's view ("Breuker
emphasises that …", "Wits considers …", "according to Breuker") is a paraphrase: the
whole sentence, exactly as the paragraph has it. Everything found stays pending until the
expert approves it.
"""

import re
from dataclasses import dataclass, field

from articles.models import Quote

REPORTING_VERBS = (
    "states|stated|says|said|emphasises|emphasizes|emphasised|emphasized|stresses|stressed|considers|"
    "describes|described|argues|argued|notes|noted|explains|explained|believes|warns|warned|points out|"
    "adds|added|suggests|suggested|observes|thinks|sees|expects|claims|underlines|highlights|concludes|"
    "maintains|contends|asserts|predicts|finds|agrees"
)
# After a mention: an optional apposition (", professor in Korea Studies,") and adverb, then a reporting verb.
REPORTS_VIEW = re.compile(
    rf"^(?:['’]s)?(?:\s*,[^,]{{1,150}},)?\s+(?:(?:also|further|furthermore|however|therefore|\w+ly)\s+)?"
    rf"(?:{REPORTING_VERBS})\b"
)
ACCORDING_TO = re.compile(r"\baccording to\s+(?:(?:the|an?)\s+)?$", re.IGNORECASE)
CONTINUES_VIEW = re.compile(rf"^(?:He|She)\s+(?:(?:also|further|\w+ly)\s+)?(?:{REPORTING_VERBS})\b")
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
SENTENCE_END = re.compile(r"[.!?]+[”\"’)\]]*(?=\s+[“\"‘(\[]?[A-Z0-9])")
ABBREVIATIONS = {"dr", "prof", "mr", "mrs", "ms", "st", "vs", "no", "e.g", "i.e", "etc", "u.s", "jr", "sr"}
HONORIFICS = {"prof.", "prof", "dr.", "dr", "professor", "mr.", "ms.", "mrs."}
SURNAME_PARTICLES = {"van", "von", "de", "der", "den", "ter", "ten", "la", "le", "da", "di", "du"}

ROLE_WORDS = r"professor|expert|analyst|researcher|scholar|fellow|lecturer|economist|historian|specialist|director"
PERSON_NAME = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
NAME_THEN_ROLE = re.compile(
    rf"\b(?P<name>{PERSON_NAME}),\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){{0,4}}?(?P<role>{ROLE_WORDS})\b"
)
ROLE_THEN_NAME = re.compile(rf"\b(?P<role>{ROLE_WORDS}|Prof\.|Dr\.)\s+(?P<name>{PERSON_NAME})\b")
NOT_A_FIRST_NAME = {
    "According", "After", "Although", "And", "As", "At", "Before", "But", "During", "For", "However", "In",
    "Notably", "On", "Since", "The", "This", "That", "When", "While", "With",
}  # fmt: skip


@dataclass
class Attribution:
    expert: object
    kind: str
    text: str


@dataclass
class PeopleFound:
    attributions: list = field(default_factory=list)
    recognised: dict = field(default_factory=dict)  # expert → the ways it was named ("name", "surname", "role")
    unknown: list = field(default_factory=list)  # "Jane Doe (analyst)"


def find_people(paragraphs, experts):
    matcher = _ExpertMatcher(experts)
    found = PeopleFound()
    for paragraph in paragraphs:
        previous_experts = []
        for sentence in _sentences(paragraph):
            mentions = matcher.mentions(sentence)
            for _start, _end, expert, how in mentions:
                found.recognised.setdefault(expert, set()).add(how)
            found.attributions += _attributions(sentence, mentions, previous_experts)
            previous_experts = list(dict.fromkeys(mention[2] for mention in mentions))
    found.unknown = _unknown_people(paragraphs, matcher)
    return found


def _attributions(sentence, mentions, previous_experts):
    items = []
    reporters = [expert for start, end, expert, _how in mentions if _reports_view(sentence, start, end)]
    if not mentions and len(previous_experts) == 1 and CONTINUES_VIEW.match(sentence):
        reporters = previous_experts
    for expert in dict.fromkeys(reporters):
        items.append(Attribution(expert, Quote.Kind.PARAPHRASE, sentence))
    if mentions:
        for quoted in QUOTED.finditer(sentence):
            nearest = min(mentions, key=lambda mention: abs(mention[0] - quoted.start()))
            items.append(Attribution(nearest[2], Quote.Kind.QUOTE, quoted.group(1) or quoted.group(2)))
    return items


def _reports_view(sentence, start, end):
    return bool(REPORTS_VIEW.match(sentence[end:]) or ACCORDING_TO.search(sentence[:start]))


def _sentences(paragraph):
    """The sentences of a paragraph, each exactly as the paragraph has it."""
    sentences, start = [], 0
    for end in SENTENCE_END.finditer(paragraph):
        word = re.search(r"([\w.]+)[.!?]+$", paragraph[start : end.start() + 1])
        if word and (word.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        sentences.append(paragraph[start : end.end()].strip())
        start = end.end()
    if paragraph[start:].strip():
        sentences.append(paragraph[start:].strip())
    return sentences


def _unknown_people(paragraphs, matcher):
    unknown = {}
    for paragraph in paragraphs:
        for pattern in (NAME_THEN_ROLE, ROLE_THEN_NAME):
            for match in pattern.finditer(paragraph):
                name = match.group("name")
                if name.split()[0] in NOT_A_FIRST_NAME or matcher.is_known_name(name):
                    continue
                unknown.setdefault(name, match.group("role").lower().rstrip("."))
    return [f"{name} ({role})" for name, role in unknown.items()]


class _ExpertMatcher:
    """One pattern over every expert's names and role phrases; the longest match wins."""

    def __init__(self, experts):
        self.by_text = {}  # exact text (roles: case-folded) → (expert, how)
        surnames = {}
        for expert in experts:
            for name in _name_variants(_apostrophes(expert.name)):
                self.by_text[name] = (expert, "name")
            surnames.setdefault(_surname(_apostrophes(expert.name)), []).append(expert)
            if expert.role.strip():
                self.by_text[_apostrophes(expert.role.strip()).casefold()] = (expert, "role")
        for surname, owners in surnames.items():
            if surname and len(owners) == 1:  # a surname two experts share names neither of them
                self.by_text.setdefault(surname, (owners[0], "surname"))
        self.known_names = {text.casefold() for text, (_expert, how) in self.by_text.items() if how == "name"}
        alternatives = sorted(self.by_text, key=len, reverse=True)
        self.pattern = None
        if alternatives:
            body = "|".join(self._alternative(text) for text in alternatives)
            self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def _alternative(self, text):
        escaped = re.escape(text).replace("'", "['’]")
        if self.by_text[text][1] == "role":
            return f"(?i:{escaped})"
        return escaped

    def mentions(self, sentence):
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(sentence):
            text = _apostrophes(match.group())
            expert, how = self.by_text.get(text) or self.by_text[text.casefold()]
            found.append((match.start(), match.end(), expert, how))
        return found

    def is_known_name(self, name):
        return name.casefold() in self.known_names


def _apostrophes(text):
    return text.replace("’", "'")


def _name_variants(name):
    """ "Prof. dr. Remco Breuker" → the name as written and without honorifics."""
    words = name.split()
    bare = [word for word in words if word.lower() not in HONORIFICS]
    return {" ".join(words), " ".join(bare)} - {""}


def _surname(name):
    """The last word, with its particles: "Anna van der Berg" → "van der Berg"."""
    words = [word for word in name.split() if word.lower() not in HONORIFICS]
    if len(words) < 2:
        return ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])
