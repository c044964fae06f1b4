"""Read the structure of a briefing out of its text: title, kicker, headings, research question, body.

The text is what reaches editors: pulled out of a PDF (blank-line paragraphs, a title in
capitals repeated as a running header, short lines as headings, hard-wrapped lines, page
numbers, headers and footers — `page_layout` undoes the pages) or written in Markdown
(`#` headings). Paragraphs are kept word for word, each on one line (a line break inside a
paragraph is a space in Markdown too; list items, quotes and table rows keep their lines);
a paragraph that a page cut in two is joined again when the first part stops mid-sentence
or the second starts in lower case. The body is Markdown with `##` headings.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from articles.markdown import heading_line

from . import page_layout
from .errors import ImportRefused
from .page_layout import Block

RESEARCH_QUESTION = re.compile(
    r"^(?:This|That|Which|It)\s+(?:raises|poses|begs|leads\s+to)\s+the\s+(?:research\s+|central\s+)?question\s*[:,]?\s*",
    re.IGNORECASE,
)
WORD = page_layout.WORD
SENTENCE_END = (".", ",", ";", ":", "!")
# The end of a sentence, closing quotes and brackets aside: a page break after it may end a paragraph.
ENDS_SENTENCE = re.compile(r"[.!?:;…][\"'”’)\]]*$")
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
    repeated_lines_removed: Counter = field(default_factory=Counter)
    lines_joined: int = 0


def fingerprint(text):
    """The same briefing gives the same fingerprint whatever its line endings, trailing spaces or form feeds."""
    text = text.replace(page_layout.PAGE_BREAK, "\n\n")  # as files imported before were read
    lines = (line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines())
    normalised = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def parse_briefing(text):
    lines, furniture = page_layout.without_page_furniture(text)
    if furniture.pages:
        lines = page_layout.mark_paragraph_ends(lines, is_heading=lambda line: bool(_heading(line, is_last=False)))
    blocks = page_layout.blocks(lines)
    if not blocks:
        raise ImportRefused("The file has no text.")
    words = page_layout.vocabulary(text)
    title_line, blocks = _take_title(blocks, words)
    briefing = Briefing(
        title="", page_numbers_removed=furniture.page_numbers, repeated_lines_removed=furniture.repeated_lines
    )
    blocks = _drop_running_headers(blocks, title_line, briefing)
    blocks = _take_kicker(_join_pages(blocks), briefing)

    body = []
    for index, block in enumerate(blocks):
        heading = _heading(block, is_last=index == len(blocks) - 1)
        if heading:
            briefing.headings.append(heading)
            body.append(f"## {heading}")
            continue
        block, joined = page_layout.unwrap(block, words)
        briefing.lines_joined += joined
        if not briefing.research_question and (question := RESEARCH_QUESTION.match(block)):
            briefing.research_question, block = _split_question(block[question.end() :])
            if not block:
                continue
        briefing.paragraphs.append(block)
        body.append(block)
    briefing.body = "\n\n".join(body)
    briefing.title = _title_case(title_line, briefing.paragraphs) if _all_capitals(title_line) else title_line
    return briefing


def _take_title(blocks, words):
    """The first heading, or the first block when it is a short line (or lines) that is not a sentence."""
    first, rest = blocks[0].text, blocks[1:]
    heading = heading_line(first)
    if heading is not None:
        return heading, rest
    candidate = page_layout.unwrap(first, words)[0].replace("\n", " ")
    if len(candidate) <= TITLE_MAX_CHARS and not candidate.endswith(SENTENCE_END):
        return candidate, rest
    raise ImportRefused("No title found: the briefing must start with its title on a line of its own (or a # heading).")


def _comparable(text):
    text = text.strip()
    text = heading_line(text) or text
    return " ".join(text.replace("’", "'").split()).casefold()


def _drop_running_headers(blocks, title_line, briefing):
    """Drop the title where a PDF repeats it on later pages, as a block or a line of one: a page break there."""
    title = _comparable(title_line)
    kept, page_break = [], False
    for block in blocks:
        if _comparable(block.text) == title:
            briefing.running_headers_removed += 1
            page_break = True
            continue
        after, part = block.after_page_break or page_break, []
        for line in block.text.split("\n"):
            if _comparable(line) != title:
                part.append(line)
                continue
            briefing.running_headers_removed += 1
            if part:
                kept.append(Block("\n".join(part), after, ends_at_page_break=True))
                part = []
            after = True
        if part:
            kept.append(Block("\n".join(part), after, ends_at_page_break=block.ends_at_page_break))
        page_break = not part and after
    return kept


def _join_pages(blocks):
    """The blocks' texts, a paragraph that a page break cut in two joined again."""
    texts, previous = [], None
    for block in blocks:
        if texts and block.after_page_break and _continues(texts[-1], block.text, runs_on=previous.ends_at_page_break):
            texts[-1] += "\n" + block.text
        else:
            texts.append(block.text)
        previous = block
    return texts


def _continues(before, after, *, runs_on):
    """Whether `after`, the text after a page break, goes on with the paragraph `before`.

    It does when it starts in lower case; when it starts a sentence, it does if `before`
    stops mid-sentence and neither looks like a heading — unless `before` ran straight into
    the page break (no blank line), or stops on a small word ("the", "of"), as no heading does.
    """
    if heading_line(before) is not None or heading_line(after) is not None:
        return False
    if page_layout.STARTS_OWN_LINE.match(after) or page_layout.STARTS_OWN_LINE.match(before.rsplit("\n", 1)[-1]):
        return False
    if after[:1].islower():
        return True
    if ENDS_SENTENCE.search(before) or _heading(after, is_last=False):
        return False
    last_word = before.rsplit(None, 1)[-1].casefold()
    return runs_on or last_word in SMALL_WORDS or not _heading(before, is_last=False)


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
