"""A reader's path through the demo update in a real browser: keyboard, phone, dark mode, strict CSP."""

import pytest

from articles.demo.loading import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


@pytest.fixture
def article_path():
    return load_demo().get_absolute_url()


def test_keyboard_reader_skips_to_the_content_and_follows_the_table_of_contents(page_at, article_path):
    page = page_at(article_path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to content"
    assert page.locator(".skip-link").is_visible()  # visible when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    toc_link = page.get_by_role("link", name="Shifting dynamics").first
    toc_link.focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Shifting dynamics")
    assert page.url.endswith("#" + heading.get_attribute("id"))
    assert heading.bounding_box()["y"] < 200  # scrolled to the section
    assert page.problems == []  # no script errors, no CSP violations


def test_on_a_phone_the_first_paragraph_starts_above_the_fold(page_at, article_path):
    page = page_at(article_path, **PHONE)
    first_paragraph = page.locator("main article p").filter(has_text="While China and North Korea").first
    assert first_paragraph.bounding_box()["y"] < PHONE["viewport"]["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    assert page.locator("h1").count() == 1


def test_dark_mode_follows_the_system_setting(page_at, article_path):
    light = page_at(article_path, color_scheme="light")
    dark = page_at(article_path, color_scheme="dark")
    background = "getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(background) != dark.evaluate(background)
    assert sum(int(part) for part in dark.evaluate(background)[4:-1].split(",")[:3]) < 150  # a dark page
