"""Undo the page layout that text pulled out of a PDF keeps: page furniture out, hard-wrapped lines joined.

Such text still has its pages: a form feed between them, a page number, a running header or
footer on each (the institute's name, the update's running title), and a line break wherever
a printed line was full. Markdown and Word files have none of it, and for them nothing here
changes what a reader sees: Markdown shows a line break inside a paragraph as a space.

Page furniture (`without_page_furniture`), replaced by a `PAGE_BREAK` line:
- a form feed, and a page number on a line of its own ("12", "- 4 -", "Page 3 of 7", "3/7");
- a line that recurs verbatim (spacing aside) at least `REPEATS` times within `NEAR` lines of
  a page break (a form feed or a page number), and only those occurrences: the same words in
  the text stay, and without page numbers or form feeds no line is ever taken for furniture.
The parser drops the title's repeats too, since only it knows the title.

`blocks` cuts the lines into blank-line-separated blocks, each knowing whether a page break
came before it, so the parser can join a paragraph that a page cut in two. Where text from
pages has no blank line between paragraphs, `mark_paragraph_ends` finds them by their short
last lines.

Hard-wrapped lines (`unwrap`): inside a paragraph a line break becomes a space, except before
a line that starts a list item, a quote or a table row. A hyphen at a line's end is kept and
the lines are joined without a space ("well-⏎known" → "well-known"): a hyphen is only taken
out when the text proves it was a hyphenation, that is when the text writes the joined word
elsewhere and never the hyphenated one ("geo-⏎politics" → "geopolitics" in a text that says
"geopolitics"). A soft hyphen is a hyphenation point by definition and always goes; a dash
glued to its word ("1961–⏎1965") joins without a space.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.markdown import heading_line

PAGE_BREAK = "\f"
PAGE_NUMBER = re.compile(
    r"^(?:(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—])$",
    re.IGNORECASE,
)
REPEATS = 3
NEAR = 2  # lines of text before and after a page break where headers and footers sit
STARTS_OWN_LINE = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|>|\|)")  # list item, quote, table row
WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"
GLUED_DASHES = "–—/"
PARAGRAPH_END = re.compile(r"[.!?…][\"'”’)\]]*$")
FULL_LINE = 0.85  # of the text's width: a line shorter than that, the next word fitting, was cut on purpose


@dataclass
class Furniture:
    """What `without_page_furniture` took out."""

    pages: bool = False  # the text had form feeds or page numbers: it was laid out on pages
    page_numbers: int = 0
    repeated_lines: Counter = field(default_factory=Counter)  # line → occurrences removed


@dataclass
class Block:
    """Lines between blank lines; whether a page break came just before it, and whether one ended it."""

    text: str
    after_page_break: bool = False
    ends_at_page_break: bool = False  # no blank line between its text and the break: it runs on


def without_page_furniture(text):
    """The text's lines (right-stripped), with page breaks, page numbers and repeated headers made `PAGE_BREAK`."""
    lines = [line.rstrip() for line in text.replace(PAGE_BREAK, f"\n{PAGE_BREAK}\n").split("\n")]
    furniture = Furniture()
    breaks = []
    for index, line in enumerate(lines):
        if PAGE_NUMBER.match(line.strip()):
            furniture.page_numbers += 1
            lines[index] = PAGE_BREAK
        if lines[index] == PAGE_BREAK:
            breaks.append(index)
    if not breaks:
        return lines, furniture  # no pages: no line is taken for a header
    furniture.pages = True
    # The text's start and end are page boundaries too: the first page's header, the last one's footer.
    near = sorted(_near_breaks(lines, [-1, *breaks, len(lines)]))
    counts = Counter(_same(lines[index]) for index in near)
    for index in near:
        key = _same(lines[index])
        if counts[key] >= REPEATS:
            furniture.repeated_lines[key] += 1
            lines[index] = PAGE_BREAK
    return lines, furniture


def _near_breaks(lines, breaks):
    """Indexes of the lines that may be a header or footer: up to NEAR lines of text either side of a break."""
    found = set()
    for index in breaks:
        for step in (-1, 1):
            seen, position = 0, index + step
            while 0 <= position < len(lines) and seen < NEAR:
                line = lines[position]
                if line == PAGE_BREAK:
                    break
                if line.strip():
                    seen += 1
                    if _may_be_furniture(line):
                        found.add(position)
                position += step
    return found


def _may_be_furniture(line):
    return any(char.isalpha() for char in line) and heading_line(line) is None and not STARTS_OWN_LINE.match(line)


def _same(line):
    return " ".join(line.split())


def blocks(lines):
    """Blank-line-separated blocks; a Markdown heading is a block of its own; a page break ends a block."""
    found, current = [], []
    page_break = starts_after = False

    def close(*, at_page_break):
        if current:
            found.append(Block("\n".join(current), starts_after, ends_at_page_break=at_page_break))
            current.clear()

    for line in lines:
        if line == PAGE_BREAK:
            close(at_page_break=True)
            page_break = True
            continue
        if not line.strip() or heading_line(line) is not None:
            close(at_page_break=False)
            if line.strip():
                found.append(Block(line, after_page_break=page_break))
                page_break = False
            continue
        if not current:
            starts_after, page_break = page_break, False
        current.append(line)
    close(at_page_break=False)
    return found


def mark_paragraph_ends(lines, *, is_heading):
    """A blank line after each line that ends a paragraph or is a heading, where a PDF's text has none.

    Only for text laid out on pages (`Furniture.pages`): some PDF text has no blank line between
    paragraphs, and Markdown's one-sentence-per-line style must not be cut. A line ends its
    paragraph when it is short — the next line's first word would have fitted on it — ends a
    sentence and the next line starts one; a short line at the start of a block, before a line
    starting a sentence, is a heading of its own when `is_heading` says it looks like one. A
    title in capitals over several lines stays together.
    """
    lengths = sorted(len(line) for line in lines if line.strip() and line != PAGE_BREAK)
    width = lengths[len(lengths) * 9 // 10] if lengths else 0  # most lines are full ones
    marked, starts_block = [], True
    for index, line in enumerate(lines):
        marked.append(line)
        if line == PAGE_BREAK or not line.strip():
            starts_block = True
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following == PAGE_BREAK or not following.strip():
            continue
        if _capitals(line) and _capitals(following):
            continue  # a title in capitals goes on
        short = len(line) + 1 + len(following.split()[0]) < FULL_LINE * width
        if (
            short
            and not following.lstrip()[:1].islower()  # what follows starts a sentence
            and (PARAGRAPH_END.search(line) or (starts_block and is_heading(line)))
        ):
            marked.append("")
            starts_block = True
            continue
        starts_block = False
    return marked


def _capitals(line):
    return any(char.isalpha() for char in line) and line == line.upper()


def vocabulary(text):
    """Every word of the text, case-folded: what `unwrap` asks before taking a hyphen out."""
    return {word.casefold() for word in WORD.findall(text)}


def unwrap(block, words):
    """The block with its hard-wrapped lines joined; returns the text and how many line breaks were joined."""
    lines = block.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        if STARTS_OWN_LINE.match(line) or joined[-1].lstrip().startswith("|"):
            joined.append(line)
        else:
            joined[-1] = _join(joined[-1], line.strip(), words)
    return "\n".join(joined), len(lines) - len(joined)


def _join(line, next_line, words):
    if line.endswith(SOFT_HYPHEN):
        return line[:-1] + next_line
    if line[-1:] in HYPHENS and line[-2:-1].isalpha() and next_line[:1].isalpha():
        head = WORD.findall(line)[-1]
        tail = WORD.match(next_line).group()
        if _proven_hyphenation(head, tail, words):
            return line[:-1] + next_line
        return line + next_line
    if line[-1:] in GLUED_DASHES and line[-2:-1].strip():
        return line + next_line
    return f"{line} {next_line}"


def _proven_hyphenation(head, tail, words):
    """The text writes head+tail as one word somewhere, and never head-tail."""
    return f"{head}{tail}".casefold() in words and f"{head}-{tail}".casefold() not in words
