"""The stylesheet keeps text contrast at 4.5:1 or better in light and dark mode."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[3] / "static" / "css" / "site.css").read_text()
PAIRS = [(fg, bg) for fg in ("text", "muted", "accent") for bg in ("bg", "panel", "chip")]


def palette(block):
    return dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", block))


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


LIGHT = palette(CSS.split("@media (prefers-color-scheme: dark)")[0])
DARK = {**LIGHT, **palette(CSS.split("@media (prefers-color-scheme: dark)")[1].split("}")[0])}


@pytest.mark.parametrize("mode", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_contrast_is_at_least_4_5_to_1(mode, fg, bg):
    assert contrast(mode[fg], mode[bg]) >= 4.5, (fg, bg, mode[fg], mode[bg])


def test_no_web_fonts_or_remote_resources():
    assert "@import" not in CSS and "@font-face" not in CSS and "url(" not in CSS
