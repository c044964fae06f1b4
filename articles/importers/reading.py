"""Turn an uploaded file into plain text, or refuse it with a message an editor understands.

.txt and .md must be UTF-8 (a byte-order mark is fine; UTF-16 with a BOM, as Word's
"Unicode text" writes it, is accepted too). .docx is read with python-docx: headings
become Markdown headings and hyperlinks become `[text](url)` links, so one parser
handles every format.
"""

import io
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.hyperlink import Hyperlink

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
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
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
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused(f"{file_name} is not a readable Word (.docx) document.") from error
    blocks = []
    for item in document.iter_inner_content():
        text = _table_markdown(item) if isinstance(item, Table) else _paragraph_markdown(item)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def _paragraph_markdown(paragraph):
    text = "".join(_inline_markdown(item) for item in paragraph.iter_inner_content()).strip()
    style = paragraph.style.name if paragraph.style is not None else ""
    level = HEADING_STYLE.match(style)
    if text and style == "Title":
        return f"# {text}"
    if text and level:
        return f"{'#' * int(level.group(1))} {text}"
    return text


def _table_markdown(table):
    """A Word table as a Markdown table, so none of its words are lost."""
    rows = [[" ".join(cell.text.split()).replace("|", "\\|") for cell in row.cells] for row in table.rows]
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
