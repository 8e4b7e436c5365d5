"""Figures drawn light and dark at build time: the restyling, and both variants on a built page."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup
from matplotlib.colors import to_hex, to_rgb
from test_engine import Project

from sitebuild.figures import DARK_BACKGROUND, DARK_FOREGROUND, light_and_dark_svg, svg_size


def _luminance(hex_colour: str) -> float:
    r, g, b = to_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _fills(svg: str) -> list[str]:
    return [c.lower() for c in re.findall(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})", svg)]


@pytest.fixture
def figure():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 4], color="tab:blue", label="data")
    ax.plot([0, 2], [0, 4], color="black", linestyle="--", label="reference")
    ax.set_title("A parabola")
    ax.set_xlabel("x")
    ax.grid(True)
    ax.legend()
    yield fig
    plt.close(fig)


def test_the_dark_figure_has_a_dark_background_light_text_and_the_same_data_colours(figure):
    drawn = light_and_dark_svg(figure)
    light, dark = drawn["svg"], drawn["svg_dark"]
    assert drawn["width"] > 0
    assert drawn["height"] > 0
    assert "#ffffff" in _fills(light)
    assert "#000000" in _fills(light)
    # No white or black is left in the dark copy: backgrounds are slate, text and lines light grey.
    assert "#ffffff" not in _fills(dark)
    assert "#000000" not in _fills(dark)
    assert to_hex(DARK_BACKGROUND) in _fills(dark)
    assert to_hex(DARK_FOREGROUND) in _fills(dark)
    assert _luminance(to_hex(DARK_BACKGROUND)) < 0.2 < 0.8 < _luminance(to_hex(DARK_FOREGROUND))
    # Data colours stay, so the palette still tells the series apart.
    assert "#1f77b4" in _fills(light)
    assert "#1f77b4" in _fills(dark)


def test_the_figure_background_is_the_first_thing_drawn_and_dark(figure):
    dark = light_and_dark_svg(figure)["svg_dark"]
    first_fill = re.search(r'id="patch_1">\s*<path[^>]*style="fill:\s*(#[0-9a-f]{6})', dark)
    assert first_fill is not None
    assert _luminance(first_fill[1]) < 0.2


def test_a_constrained_layout_figure_is_the_same_size_light_and_dark():
    """Laid out again for the dark copy, a grid of pictures under a title came out taller (about
    1 px in 200) than the light copy, whose size the page gives both."""
    fig, axes = plt.subplots(2, 5, figsize=(5, 2.8), layout="constrained")
    for label, ax in enumerate(axes.flat):
        ax.imshow([[label, 1], [1, label]], cmap="gray_r")
        ax.set_title(f"label {label}")
        ax.set_axis_off()
    fig.suptitle("Ten small pictures and their labels")
    drawn = light_and_dark_svg(fig)
    plt.close(fig)
    assert svg_size(drawn["svg"]) == svg_size(drawn["svg_dark"])
    assert fig.get_layout_engine() is not None  # the snippet's figure keeps its own layout engine


@pytest.mark.slow
def test_a_page_shows_each_figure_light_and_dark_with_its_title_as_alt_text(tmp_path):
    project = Project(tmp_path)
    project.write(
        "snippets/demo/plot.py",
        """\
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        ax.set_title("A falling line")
        """,
    )
    project.page("demo/plot.py")
    result = project.build()
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(project.html(), "html.parser")
    light, dark = soup.select("img.snippet-figure"), soup.select("img.snippet-figure-dark")
    assert len(light) == len(dark) == 1
    assert light[0]["src"].endswith("#only-light")
    assert dark[0]["src"].endswith("#only-dark")
    assert light[0]["alt"] == dark[0]["alt"] == "A falling line"
    assert (light[0]["width"], light[0]["height"]) == (dark[0]["width"], dark[0]["height"])
    site = project.path / "site"
    light_svg = (site / light[0]["src"].split("#")[0]).read_text()
    dark_svg = (site / dark[0]["src"].split("#")[0]).read_text()
    assert "#ffffff" in _fills(light_svg)
    assert to_hex(DARK_BACKGROUND) in _fills(dark_svg)
    assert "#ffffff" not in _fills(dark_svg)
