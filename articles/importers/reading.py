"""Turn an uploaded file into plain text, or refuse it with a message an editor understands.

Line endings become "\n"; a form feed (a page break in text pulled out of a PDF) is kept
for the parser, which undoes the pages (`page_layout`).

.txt and .md must be UTF-8 (a byte-order mark is fine; UTF-16 with a BOM, as Word's
"Unicode text" writes it, is accepted too). .docx is read with python-docx: headings
become Markdown headings and hyperlinks become `[text](url)` links, so one parser
handles every format.

A .docx is a zip of XML files, and a small one can unpack to a huge one. Before
python-docx sees it, the zip's listing must be within
`settings.BRIEFING_DOCX_MAX_MEMBERS` files, `BRIEFING_DOCX_MAX_MEMBER_BYTES` for any
one of them and `BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES` in all (zipfile never unpacks
more than a member's listed size). Paragraph style names are read once per document,
not looked up per paragraph, and tables are read cell by cell, ignoring spans, so the
work grows with the size of the file only. Anything unreadable is refused with a message.
"""

import io
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from .errors import ImportRefused

TEXT_EXTENSIONS = {".txt", ".md"}
DOCX_EXTENSION = ".docx"
SUPPORTED_EXTENSIONS = sorted(TEXT_EXTENSIONS | {DOCX_EXTENSION})

# C0 control characters other than tab, newline, carriage return and form feed:
# they never occur in a written text, so their presence means a binary file.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
HEADING_STYLE = re.compile(r"^Heading (\d)$")


def read_briefing(file_name, data):
    """The text of the file, with line endings normalised; ImportRefused when it cannot be read."""
    extension = PurePath(file_name).suffix.lower()
    if extension not in TEXT_EXTENSIONS and extension != DOCX_EXTENSION:
        raise ImportRefused(
            f"{file_name}: files of type “{extension or 'without extension'}” cannot be imported; "
            f"use {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    check_size(file_name, len(data))
    text = _docx_text(file_name, data) if extension == DOCX_EXTENSION else _decode(file_name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a form feed stays: the parser sees the pages
    if BINARY_CHARACTERS.search(text):
        raise ImportRefused(f"{file_name} contains binary data, not text; export the briefing as text or .docx.")
    if not text.strip():
        raise ImportRefused(f"{file_name} is empty.")
    return text


def check_size(file_name, size):
    """Refuse a file over the size limit; callers holding only a file's size can check before reading it."""
    limit = settings.BRIEFING_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRefused(
            f"{file_name} is {filesizeformat(size)}; briefings larger than {filesizeformat(limit)} are refused."
        )


def _decode(file_name, data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        if b"\x00" in data:
            raise ImportRefused(f"{file_name} contains binary data, not text; export the briefing as text or .docx.")
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{file_name} is not valid UTF-8 text (undecodable byte at position {error.start}); save it as UTF-8."
        ) from error


def _docx_text(file_name, data):
    unreadable = f"{file_name} is not a readable Word (.docx) document."
    check_docx_archive(file_name, data)
    try:
        document = Document(io.BytesIO(data))
        styles = ParagraphStyles(document)
        blocks = []
        for item in document.iter_inner_content():
            text = _table_markdown(item) if isinstance(item, Table) else _paragraph_markdown(item, styles)
            if text:
                blocks.append(text)
    except LxmlError as error:
        raise ImportRefused(f"{unreadable} Its XML is malformed ({_first_line(error)}).") from error
    except (
        OpcError,
        PythonDocxError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        # a missing part, a broken zip, an unknown compression, encryption, nesting too deep
        raise ImportRefused(unreadable) from error
    return "\n\n".join(blocks)


def check_docx_archive(file_name, data):
    """Refuse a .docx whose zip listing is broken, has too many files or unpacks too large; nothing is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportRefused(f"{file_name} is not a readable Word (.docx) document.") from error
    if len(members) > settings.BRIEFING_DOCX_MAX_MEMBERS:
        raise ImportRefused(
            f"{file_name} holds {len(members)} files; a Word document with more than "
            f"{settings.BRIEFING_DOCX_MAX_MEMBERS} is refused."
        )
    largest = max(members, key=lambda member: member.file_size, default=None)
    if largest is not None and largest.file_size > settings.BRIEFING_DOCX_MAX_MEMBER_BYTES:
        raise ImportRefused(
            f"{file_name} unpacks {largest.filename} to {filesizeformat(largest.file_size)}; "
            f"a part larger than {filesizeformat(settings.BRIEFING_DOCX_MAX_MEMBER_BYTES)} is refused."
        )
    total = sum(member.file_size for member in members)
    if total > settings.BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            f"{file_name} unpacks to {filesizeformat(total)}; Word documents larger than "
            f"{filesizeformat(settings.BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES)} unpacked are refused."
        )


def _first_line(error):
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


class ParagraphStyles:
    """The name of each paragraph style, read in one pass over the document's styles.

    python-docx's `paragraph.style` searches every style for each paragraph. As it does,
    a paragraph without a style, or with an unknown one or one of another type, gets the
    default paragraph style; of two styles with one id, the first counts.
    """

    def __init__(self, document):
        styles = document.styles
        self.names = {}
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id not in self.names:
                self.names[style.style_id] = style.name or ""
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default = (default.name or "") if default is not None else ""

    def name(self, paragraph):
        return self.names.get(paragraph._p.style, self.default)


def _paragraph_markdown(paragraph, styles):
    text = "".join(_inline_markdown(item) for item in paragraph.iter_inner_content()).strip()
    style = styles.name(paragraph)
    level = HEADING_STYLE.match(style)
    if text and style == "Title":
        return f"# {text}"
    if text and level:
        return f"{'#' * int(level.group(1))} {text}"
    return text


def _cell_text(tc, table):
    return " ".join(Paragraph(p, table).text for p in tc.iterchildren(qn("w:p")))


def _table_markdown(table):
    """A Word table as a Markdown table, so none of its words are lost.

    Each cell once, as stored: a merged cell's words appear in its first row and column only
    (python-docx's `row.cells` repeats a cell for every column it spans and every row it is
    merged into, which a crafted file can make endless).
    """
    rows = [
        [" ".join(_cell_text(tc, table).split()).replace("|", "\\|") for tc in tr.iterchildren(qn("w:tc"))]
        for tr in table._tbl.iterchildren(qn("w:tr"))
    ]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    lines = [f"| {' | '.join(cells)} |" for cells in rows]
    lines.insert(1, f"|{' --- |' * len(rows[0])}")
    return "\n".join(lines)


def _inline_markdown(item):
    """A run as its text; a hyperlink as a Markdown link (a link within the document points nowhere yet)."""
    if isinstance(item, Hyperlink):
        return f"[{item.text}]({item.url if item.address else '#'})"
    return item.text
