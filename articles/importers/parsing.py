"""Read the structure of a briefing out of its text: title, kicker, headings, research question, body.

The text is what reaches editors: pulled out of a PDF (blank-line paragraphs, a title in
capitals repeated as a running header, short lines as headings) or written in Markdown
(`#` headings). Paragraphs are kept word for word; the body is Markdown with `##` headings.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from articles.markdown import heading_line

from .errors import ImportRefused

PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$", re.IGNORECASE)
RESEARCH_QUESTION = re.compile(
    r"^(?:This|That|Which|It)\s+(?:raises|poses|begs|leads\s+to)\s+the\s+(?:research\s+|central\s+)?question\s*[:,]?\s*",
    re.IGNORECASE,
)
WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
SENTENCE_END = (".", ",", ";", ":", "!")
HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 12
TITLE_MAX_CHARS = 250
KICKER_MAX_CHARS = 100
SMALL_WORDS = {
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet",
    "as", "at", "by", "in", "of", "off", "on", "per", "to", "up", "via", "vs",
}  # fmt: skip


@dataclass
class Briefing:
    """The parts of a briefing, as found in its text."""

    title: str
    kicker: str = ""
    research_question: str = ""
    headings: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    body: str = ""
    running_headers_removed: int = 0
    page_numbers_removed: int = 0


def fingerprint(text):
    """The same briefing gives the same fingerprint whatever its line endings or trailing spaces."""
    lines = (line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines())
    normalised = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def parse_briefing(text):
    blocks = _blocks(text)
    if not blocks:
        raise ImportRefused("The file has no text.")
    title_line, blocks = _take_title(blocks)
    briefing = Briefing(title="")
    blocks = _drop_running_headers(blocks, title_line, briefing)
    blocks = _take_kicker(blocks, briefing)

    body = []
    for index, block in enumerate(blocks):
        heading = _heading(block, is_last=index == len(blocks) - 1)
        if heading:
            briefing.headings.append(heading)
            body.append(f"## {heading}")
            continue
        if not briefing.research_question and (question := RESEARCH_QUESTION.match(block)):
            briefing.research_question, block = _split_question(block[question.end() :])
            if not block:
                continue
        briefing.paragraphs.append(block)
        body.append(block)
    briefing.body = "\n\n".join(body)
    briefing.title = _title_case(title_line, briefing.paragraphs) if _all_capitals(title_line) else title_line
    return briefing


def _blocks(text):
    """Paragraph-sized blocks separated by blank lines; a Markdown heading is always a block of its own."""
    blocks, current = [], []
    for line in text.split("\n"):
        line = line.rstrip()
        if not line.strip() or heading_line(line) is not None:
            if current:
                blocks.append("\n".join(current))
                current = []
            if line.strip():
                blocks.append(line)
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _take_title(blocks):
    """The first heading, or the first block when it is a short line (or lines) that is not a sentence."""
    first, rest = blocks[0], blocks[1:]
    heading = heading_line(first)
    if heading is not None:
        return heading, rest
    candidate = " ".join(line.strip() for line in first.split("\n"))
    if len(candidate) <= TITLE_MAX_CHARS and not candidate.endswith(SENTENCE_END):
        return candidate, rest
    raise ImportRefused("No title found: the briefing must start with its title on a line of its own (or a # heading).")


def _comparable(text):
    text = text.strip()
    text = heading_line(text) or text
    return " ".join(text.replace("’", "'").split()).casefold()


def _drop_running_headers(blocks, title_line, briefing):
    """Drop the title where a PDF repeats it on later pages (as a block or a line of one), and bare page numbers."""
    title = _comparable(title_line)
    kept = []
    for block in blocks:
        if _comparable(block) == title:
            briefing.running_headers_removed += 1
            continue
        if PAGE_NUMBER.match(block.strip()):
            briefing.page_numbers_removed += 1
            continue
        lines = [line for line in block.split("\n") if _comparable(line) != title]
        briefing.running_headers_removed += block.count("\n") + 1 - len(lines)
        if lines:
            kept.append("\n".join(lines))
    return kept


def _take_kicker(blocks, briefing):
    """ "Regional Update BRI and East Asia | While China…": the words before the first `|` of the first paragraph."""
    if not blocks or heading_line(blocks[0]) is not None:
        return blocks
    before, bar, after = blocks[0].partition("|")
    before = " ".join(before.split())
    if not bar or not before or len(before) > KICKER_MAX_CHARS or before.endswith(SENTENCE_END):
        return blocks
    briefing.kicker = before
    after = after.strip()
    return ([after] if after else []) + blocks[1:]


def _heading(block, *, is_last):
    markdown = heading_line(block)
    if markdown is not None:
        return markdown
    if is_last or "\n" in block:
        return ""
    text = block.strip()
    short = len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS
    if short and text[:1].isupper() and not text.endswith(SENTENCE_END) and "](" not in text:
        return text
    return ""


def _split_question(text):
    """The question (up to its question mark) and whatever the paragraph says after it."""
    mark = text.find("?")
    if mark == -1:
        return text.strip(), ""
    return text[: mark + 1].strip(), text[mark + 1 :].strip()


def _all_capitals(text):
    return any(char.isalpha() for char in text) and text == text.upper()


def _title_case(title, paragraphs):
    """Title case for a title written in capitals, spelling names the way the body spells them.

    "NORTH KOREA'S" → "North Korea's", "SINO-NORTH" → "Sino-North", "US" stays "US" when the
    body writes "US"; small words are lower case except first, last and after a colon.
    """
    spellings = _proper_spellings(paragraphs)
    words = title.split()
    cased = []
    starts_phrase = True
    for position, word in enumerate(words):
        lead, core, trail = re.match(r"^(\W*)(.*?)(\W*)$", word).groups()
        key = core.replace("’", "'").lower()
        if key in SMALL_WORDS and not starts_phrase and position != len(words) - 1:
            core = core.lower()
        elif len(spellings.get(key, "")) == len(core):
            spelling = zip(core, spellings[key], strict=True)
            core = "".join(char.upper() if model.isupper() else char.lower() for char, model in spelling)
            core = core[:1].upper() + core[1:]
        else:
            core = "-".join(part[:1].upper() + part[1:].lower() for part in core.split("-"))
        cased.append(f"{lead}{core}{trail}")
        starts_phrase = word.endswith((":", "?", "!", "—", "–"))
    return " ".join(cased)


def _proper_spellings(paragraphs):
    """Each word the body writes with capitals, by its lower-case form, in its most frequent spelling."""
    counts = Counter(word.replace("’", "'") for text in paragraphs for word in WORD.findall(text))
    spellings = {}
    for word, _count in counts.most_common():
        if word != word.lower():
            spellings.setdefault(word.lower(), word)
    return spellings
