"""Text pulled out of a PDF: hard-wrapped lines joined, page numbers and repeated headers and footers dropped."""

import pytest

from actors.models import Mention
from articles.importers.parsing import fingerprint, parse_briefing
from articles.importers.reading import read_briefing
from tests.articles.conftest import SAMPLE
from tests.articles.importers.briefings import (
    FOOTER,
    RUNNING_HEADER,
    expected_body,
    hard_wrapped,
    paginated,
    run_import,
    summary,
)
from tests.factories import ActorFactory, AliasFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = SAMPLE.with_name("sino-north-korean-partnership.pdftotext.txt")


def body_of(text):
    return parse_briefing(text).body


def test_a_hard_wrapped_paragraph_becomes_one_line_and_paragraph_breaks_stay():
    text = "A TITLE\n\nThe first paragraph is\nwrapped over three\nlines.\n\nThe second one\ntoo."

    assert body_of(text) == "The first paragraph is wrapped over three lines.\n\nThe second one too."


def test_without_pages_short_sentence_lines_stay_one_paragraph():
    """A Markdown writer's one sentence per line is one paragraph; only text from pages is cut at short lines."""
    assert body_of("A TITLE\n\nOne sentence.\nAnother one.\n\nNext.") == "One sentence. Another one.\n\nNext."


def test_headings_list_items_quotes_and_tables_keep_their_lines():
    text = (
        "A TITLE\n\n## Background\n\nThree points:\n- the first, wrapped\n  over two lines;\n- the second;\n"
        "1. a numbered one.\n\n> A quoted line\n> and its second line.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |"
    )

    assert body_of(text) == (
        "## Background\n\nThree points:\n- the first, wrapped over two lines;\n- the second;\n1. a numbered one."
        "\n\n> A quoted line\n> and its second line.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |"
    )


@pytest.mark.parametrize(
    ("wrapped", "elsewhere", "joined"),
    [
        ("a well-\nknown fact", "", "a well-known fact"),  # a hyphen is kept...
        ("the geo-\npolitics of it", "", "the geo-politics of it"),
        ("the geo-\npolitics of it", " Geopolitics matters.", "the geopolitics of it"),  # ...unless the text proves
        ("the geo-\npolitics of it", " Geopolitics and geo-politics.", "the geo-politics of it"),  # (both: kept)
        ("the geo\u00ad\npolitics of it", "", "the geopolitics of it"),  # a soft hyphen is a hyphenation point
        ("from 1961–\n1965 on", "", "from 1961–1965 on"),
    ],
)
def test_a_hyphen_at_a_line_end_is_kept_unless_the_text_spells_the_word_without(wrapped, elsewhere, joined):
    body = body_of(f"A TITLE\n\nIt is {wrapped}.{elsewhere}")

    assert body == f"It is {joined}.{elsewhere}"


@pytest.mark.parametrize("page_number", ["12", "- 4 -", "Page 3 of 7", "3/7", "— 5 —"])
def test_lone_page_numbers_go_and_a_paragraph_cut_by_the_page_is_joined(page_number):
    text = f"A TITLE\n\nA paragraph that runs on\nto the next page\n\n{page_number}\n\fand ends there.\n\nNext one."

    briefing = parse_briefing(text)

    assert briefing.body == "A paragraph that runs on to the next page and ends there.\n\nNext one."
    assert briefing.page_numbers_removed == 1


def test_a_page_break_after_a_full_stop_keeps_the_paragraph_break():
    text = "A TITLE\n\nA paragraph that ends.\n\n7\n\nAnother paragraph starts."

    assert body_of(text) == "A paragraph that ends.\n\nAnother paragraph starts."


def test_a_line_repeated_at_page_breaks_goes_and_the_same_words_in_the_text_stay():
    page = "Institute of Things\n\nSome text of page {n},\nwrapped at line {n}.\n\n{n}\n\f"
    text = "A TITLE\n\n" + "".join(page.format(n=n) for n in range(1, 4)) + "We work at the\nInstitute of Things now."

    briefing = parse_briefing(text)

    assert briefing.body == (
        "Some text of page 1, wrapped at line 1.\n\nSome text of page 2, wrapped at line 2.\n\n"
        "Some text of page 3, wrapped at line 3.\n\nWe work at the Institute of Things now."
    )
    assert briefing.repeated_lines_removed == {"Institute of Things": 3}


def test_a_line_repeated_only_twice_is_kept():
    text = "A TITLE\n\nFirst page text.\n\nBrief note\n\n1\n\fSecond page text.\n\nBrief note\n\n2"

    briefing = parse_briefing(text)

    assert briefing.headings == ["Brief note"] and briefing.body.count("Brief note") == 2


def test_a_line_repeated_without_page_breaks_is_kept():
    sections = "".join(f"Country {n}\n\nOutlook\n\nText about country {n}.\n\n" for n in range(1, 4))

    briefing = parse_briefing(f"A TITLE\n\n{sections}")

    assert briefing.headings.count("Outlook") == 3 and not briefing.repeated_lines_removed


def test_a_form_feed_changes_no_fingerprint():
    """Files imported before kept their fingerprints: the reader turned a form feed into a blank line then."""
    assert fingerprint("A TITLE\n\nOne.\fTwo.") == fingerprint("A TITLE\n\nOne.\n\nTwo.")


def test_the_reader_keeps_the_page_breaks_for_the_parser():
    assert read_briefing("pdf.txt", b"Page one.\r\n\x0cPage two.") == "Page one.\n\fPage two."


@pytest.mark.parametrize(
    "layout",
    [
        {"page_number": "bare"},
        {"page_number": "dashes", "glued": True},
        {"page_number": "page of", "lines_per_page": 25},
    ],
)
def test_the_sample_hard_wrapped_on_pages_imports_as_the_sample_does(importing_editor, sample_text, layout):
    expected = summary(run_import(sample_text, importing_editor, name="original.txt").article)
    text = paginated(sample_text, **layout)
    assert "high-\nlevel" in hard_wrapped(sample_text)  # a line ends in a compound's hyphen

    report = run_import(text, importing_editor, name="from-a-pdf.txt")

    article = report.article
    assert summary(article) == expected
    assert article.body == expected_body()
    assert RUNNING_HEADER not in article.body and FOOTER not in article.body
    pages = text.count("\f") + 1
    assert f"{pages} page number(s), removed" in report.found
    assert f"“{RUNNING_HEADER}” repeated at {pages - 1} page breaks, removed" in report.found
    assert f"“{FOOTER}” repeated at {pages} page breaks, removed" in report.found


def test_a_pdf_printed_by_a_browser_and_read_by_pdftotext_imports_as_the_sample_does(importing_editor, sample_text):
    """tests/data/…pdftotext.txt: the sample printed to PDF by Chromium (date, page title, address and "1/3" on
    each page) and read by `pdftotext`, which leaves no blank line between most paragraphs."""
    expected = summary(run_import(sample_text, importing_editor, name="original.txt").article)

    report = run_import(PDFTOTEXT.read_bytes(), importing_editor, name="from-a-pdf.txt")

    assert summary(report.article) == expected
    # pdftotext itself takes out the hyphen of a compound word it finds split over two lines
    assert report.article.body == expected_body().replace(
        "Sino-North Korean relationship. Consequently", "SinoNorth Korean relationship. Consequently"
    ).replace("self-confident", "selfconfident").replace("mutual-benefit", "mutualbenefit")
    assert "3 page number(s), removed" in report.found
    assert "“HIG Regional Update” repeated at 3 page breaks, removed" in report.found


def test_a_name_split_over_two_lines_is_tagged(importer):
    north_korea = ActorFactory(name="North Korea", slug="north-korea")
    AliasFactory(actor=north_korea, text="Democratic People's Republic of Korea")

    report = run_import("A TITLE\n\nTalks with the Democratic People’s\nRepublic of Korea resumed in March.", importer)

    assert report.article.body == "Talks with the Democratic People’s Republic of Korea resumed in March."
    tagged = report.article.mentions.filter(origin=Mention.Origin.AUTO).values_list("actor__name", flat=True)
    assert list(tagged) == ["North Korea"]
