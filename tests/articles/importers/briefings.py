"""What the sample briefing holds, and helpers the importer tests share."""

import re
import textwrap

from actors.models import Mention
from articles.demo import loading as demo
from articles.importers import import_briefing
from articles.models import Article, Citation, Expert, Quote, Region, Series, Source

TITLE = "The Sino-North Korean Partnership Today: North Korea's Power Shift"
HEADINGS = ["Strategic relations with North Korea", "North Korea's new positioning", "Shifting dynamics", "Conclusion"]
QUESTION = (
    "In what way has the current Sino-North Korean relationship changed in light of recent events "
    "such as the Russo-North Korean partnership?"
)
PLACEHOLDERS = [
    "friendship and cooperation treaty",
    "North Korea's resilience",
    "ideological exchange",
    "prioritises Russia",
    "military parade held in Beijing on September 3, 2025",
]


def expected_body():
    """The sample's body as an editor would write it by hand: the demo content."""
    return demo.BODY_FILE.read_text(encoding="utf-8").strip()


def run_import(text, by, name="briefing.txt", **options):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return import_briefing(name, data, by=by, **options)


def written_rows():
    return [model.objects.count() for model in (Article, Citation, Source, Quote, Series, Region, Expert, Mention)]


def crlf(text):
    return text.replace("\n", "\r\n")


def straight_quotes(text):
    return text.replace("“", '"').replace("”", '"')


def markdown_headings(text):
    text = text.replace(TITLE.upper(), f"# {TITLE}", 1)
    for heading in HEADINGS:
        text = text.replace(f"\n{heading}\n", f"\n## {heading}\n")
    return text


def real_urls(text):
    for number, phrase in enumerate(PLACEHOLDERS, start=1):
        text = text.replace(f"[{phrase}](#)", f"[{phrase}](https://example.org/source-{number})")
    return text


def summary(article):
    return {
        "title": article.title,
        "series": str(article.series),
        "region": str(article.region),
        "question": article.research_question,
        "headings": re.findall(r"^## (.+)$", article.body, re.MULTILINE),
        "citations": list(article.citations.values_list("order", "cited_text")),
        "quotes": list(article.quotes.values_list("expert__name", "kind")),
    }


RUNNING_HEADER = "HIG Regional Update — BRI and East Asia"
FOOTER = "The Hague Institute for Geopolitics · hig.example.org"
PAGE_NUMBERS = {
    "bare": "{n}",
    "dashes": "- {n} -",
    "page of": "Page {n} of {pages}",
}


def hard_wrapped(text, width=72):
    """Every line of `text` wrapped at `width` columns as a PDF's text keeps it (breaking after hyphens too)."""
    return "\n".join("\n".join(textwrap.wrap(line, width)) or line for line in text.split("\n"))


def paginated(text, *, lines_per_page=18, page_number="bare", glued=False):
    """`text` hard-wrapped and laid out on pages, as text pulled out of a PDF reads.

    Each page: the running header, its lines, the footer and the page number, then a form feed.
    `glued` leaves no blank line between the header or footer and the text, as some PDFs give it.
    """
    lines = hard_wrapped(text.strip()).split("\n")
    pages = [lines[start : start + lines_per_page] for start in range(0, len(lines), lines_per_page)]
    gap = [] if glued else [""]
    laid_out = []
    for number, page in enumerate(pages, start=1):
        furniture = PAGE_NUMBERS[page_number].format(n=number, pages=len(pages))
        header = [RUNNING_HEADER, *gap] if number > 1 else []
        laid_out.append("\n".join([*header, *page, *gap, FOOTER, "", furniture, ""]))
    return "\f".join(laid_out)
