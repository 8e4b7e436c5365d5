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


# --- Every lesson figure of the built site, read from its SVG ---------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
PHONE_TEXT_PX = 11  # the smallest text a figure may show on a 390-px phone, in CSS px
NON_TEXT_CONTRAST = 3.0  # WCAG 2.2, 1.4.11: text and lines of a dark figure against its background


def _parse(svg: str):
    import xml.etree.ElementTree as ET

    return ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))


def _scale(transform: str | None) -> float:
    found = re.search(r"scale\(([-\d.e]+)", transform or "")
    return float(found[1]) if found else 1.0


def _texts(root):
    """Each text of a matplotlib SVG (drawn as glyph paths): its group and what it says."""
    for group in root.iter(SVG + "g"):
        if group.get("id", "").startswith("text_"):
            comment = next((c.text.strip() for c in group if c.tag is _comment_tag()), "")
            yield group, comment


def _comment_tag():
    import xml.etree.ElementTree as ET

    return ET.Comment


def text_sizes(svg: str) -> list[tuple[str, float]]:
    """Each text of the SVG and its smallest glyph in points: matplotlib writes a text's glyphs
    at ``scale(size / 100)``, and a superscript's at a further ``scale(0.7)``."""
    sizes = []
    for group, text in _texts(_parse(svg)):
        for inner in group.iter(SVG + "g"):
            if "scale(" in (inner.get("transform") or ""):
                glyphs = [_scale(use.get("transform")) for use in inner.iter(SVG + "use")]
                sizes.append((text, _scale(inner.get("transform")) * 100 * min(glyphs, default=1.0)))
    return sizes


def _style(element) -> dict[str, str]:
    return dict(
        (key.strip(), value.strip())
        for key, value in (part.split(":", 1) for part in (element.get("style") or "").split(";") if ":" in part)
    )


def _relative_luminance(rgb) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour, background) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((_relative_luminance(to_rgb(colour)), _relative_luminance(to_rgb(background))))
    return (darker + 0.05) / (lighter + 0.05) if darker > lighter else (lighter + 0.05) / (darker + 0.05)


def _over(colour: str, opacity: float, background) -> tuple[float, float, float]:
    return tuple(opacity * c + (1 - opacity) * b for c, b in zip(to_rgb(colour), to_rgb(background), strict=True))


def low_contrast(svg: str, background=DARK_BACKGROUND) -> list[str]:
    """The texts, lines and markers of a figure's SVG with less than 3:1 contrast against ``background``.

    Text: its glyphs' fill. Lines: every stroke (spines, ticks, data lines, contour lines, marker edges).
    Markers: the fill of each marker (a ``<use>`` of a line or a scatter). An element's opacity is
    mixed in. Left out: areas (bars, filled regions), grid lines and the legend's frame, which
    matplotlib draws faint on purpose, and text written on a picture, which keeps the picture's colours.
    """
    root = _parse(svg)
    problems: list[str] = []
    pictures = [_box(image) for image in root.iter(SVG + "image")]

    def check(where: str, colour: str | None, opacity: float) -> None:
        if colour and colour != "none" and opacity > 0:
            ratio = contrast(_over(colour, opacity, background), background)
            if ratio < NON_TEXT_CONTRAST:
                problems.append(f"{where}: {colour} (opacity {opacity:g}) has contrast {ratio:.2f}:1")

    def walk(element, inherited: dict, path: tuple[str, ...]) -> None:
        style = {**inherited, **_style(element)}
        ident = element.get("id", "")
        here = (*path, ident) if ident else path
        tag = element.tag.removeprefix(SVG) if isinstance(element.tag, str) else ""
        text = next((p for p in reversed(here) if p.startswith("text_")), None)
        grid = any(p.startswith(("xtick_", "ytick_")) for p in here) and tag == "path"
        frame = any(p.startswith("legend_") for p in here) and any(p.startswith("patch_") for p in here)
        opacity = float(style.get("opacity", 1))
        if text is not None and tag in ("use", "path"):
            if not _on(pictures, element, here, root):
                check(f"text {_text_of(root, text)!r}", style.get("fill", "#000000"), opacity)
        elif tag in ("path", "use") and not grid and not frame and not _on(pictures, element, here, root):
            if float(style.get("stroke-width", 1)) > 0 and not _same(style.get("stroke"), background):
                # (a marker's edge in the background's colour is a halo around it, not a line)
                check(f"line {ident or here[-1]}", style.get("stroke"), opacity * float(style.get("stroke-opacity", 1)))
            if tag == "use":  # a marker: of a line, a scatter or a tick
                check(f"marker {here[-1]}", style.get("fill", "#000000"), opacity * float(style.get("fill-opacity", 1)))
        if tag == "defs":
            return
        for child in element:
            if isinstance(child.tag, str):
                walk(child, style, here)

    walk(root, {}, ())
    return sorted(set(problems))


def _box(image) -> tuple[float, float, float, float]:
    """(left, top, width, height) of an ``<image>`` on the page. matplotlib writes a picture flipped,
    ``transform="scale(1 -1) translate(0 -T)"``, or, not resampled, ``transform="matrix(a 0 0 d e f)"``."""
    x, y, width, height = (float(image.get(k, 0)) for k in ("x", "y", "width", "height"))
    transform = image.get("transform") or ""
    number = r"(-?[\d.e]+)"
    if flipped := re.fullmatch(rf"scale\(1 -1\) translate\(0 {number}\)", transform):
        return x, -float(flipped[1]) - y - height, width, height
    if matrix := re.fullmatch(rf"matrix\({number} 0 0 {number} {number} {number}\)", transform):
        a, d, e, f = (float(v) for v in matrix.groups())
        xs, ys = sorted((a * x + e, a * (x + width) + e)), sorted((d * y + f, d * (y + height) + f))
        return xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]
    assert not transform, f"a picture placed by {transform!r}"
    return x, y, width, height


def _same(colour: str | None, background) -> bool:
    return colour not in (None, "none") and to_hex(colour) == to_hex(background)


def _text_of(root, ident: str) -> str:
    group = next(g for g in root.iter(SVG + "g") if g.get("id") == ident)
    return next((c.text.strip() for c in group if c.tag is _comment_tag()), ident)


def _on(pictures, element, here, root) -> bool:
    """Whether ``element`` (a glyph of a text, or a marker) is placed inside one of the SVG's pictures."""
    if not pictures:
        return False
    text = next((p for p in here if p.startswith("text_")), None)
    if text is not None:
        group = next(g for g in root.iter(SVG + "g") if g.get("id") == text)
        placed = next(
            (g.get("transform") for g in group.iter(SVG + "g") if "translate(" in (g.get("transform") or "")), ""
        )
        found = re.search(r"translate\(([-\d.e]+)[ ,]([-\d.e]+)", placed)
        if not found:
            return False
        x, y = float(found[1]), float(found[2])
    elif element.get("x") is not None:
        x, y = float(element.get("x")), float(element.get("y"))
    else:
        return False
    return any(left <= x <= left + width and top <= y <= top + height for left, top, width, height in pictures)


def _lesson_figures(built_site) -> list[tuple[str, str, str]]:
    """(page, snippet, dark SVG path) of every figure of every lesson page of the built site."""
    from conftest import lesson_pages, page_url

    figures = []
    for page in lesson_pages():
        html = (built_site / page_url(page) / "index.html").read_text()
        for img in BeautifulSoup(html, "html.parser").select("img.snippet-figure-dark"):
            figures.append((page, img.get("data-snippet", "?"), img["src"].split("#")[0]))
    return figures


def test_every_dark_figure_has_3_to_1_contrast_for_its_text_and_lines(built_site):
    from conftest import page_url

    figures = _lesson_figures(built_site)
    assert len(figures) > 20
    problems = []
    for page, snippet, src in figures:
        svg = (built_site / page_url(page) / src).resolve().read_text()
        problems += [f"docs/{page}: snippets/{snippet}: {p}" for p in low_contrast(svg)]
    assert not problems, f"{len(problems)} dark-figure elements below 3:1:\n" + "\n".join(problems)


def test_the_contrast_check_finds_a_dim_line_dark_text_and_faint_markers():
    fig, (ax, picture) = plt.subplots(1, 2, figsize=(5, 2))
    ax.plot([0, 1], [0, 1], color="#3b0f70", gid="dim-line")  # magma's dark purple: dark on the dark background
    ax.plot([0, 1], [1, 0], color="tab:orange", gid="bright-line")
    ax.scatter([0.5], [0.5], color="tab:blue", alpha=0.4, gid="faint-dots")
    ax.text(0.2, 0.8, "purple", color="#3b0f70")
    ax.grid(True)
    ax.set_title("Fine")
    picture.imshow([[0, 1], [1, 0]], cmap="gray")
    picture.text(0, 0, "on a picture", color="black")  # keeps its colour, on the picture
    picture.text(1, 1, "white", color="white")  # so does this one
    picture.scatter([0, 1], [1, 0], color="black", edgecolors="white", gid="points-on-the-picture")
    dark = light_and_dark_svg(fig)["svg_dark"]
    plt.close(fig)
    found = "\n".join(low_contrast(dark))
    assert "text 'purple'" in found
    assert "line dim-line" in found
    assert "marker faint-dots" in found
    assert "bright-line" not in found
    assert "Fine" not in found
    assert "picture" not in found
    assert "white" not in found
    assert "points-on-the-picture" not in found
    assert "tick" not in found  # ticks are light grey; grid lines are left out
    assert low_contrast(dark, background="white") != low_contrast(dark)


def test_text_sizes_reads_each_text_and_a_superscript_at_seven_tenths():
    fig = plt.figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "big", fontsize=20)
    fig.text(0.5, 0.5, "$10^{3}$", fontsize=10)
    sizes = text_sizes(light_and_dark_svg(fig)["svg"])
    plt.close(fig)
    assert [(text, round(size, 1)) for text, size in sizes] == [("big", 20.0), ("$10^{3}$", 7.0)]


def test_contrast_is_wcags_ratio():
    assert contrast("black", "white") == pytest.approx(21)
    assert contrast("#767676", "white") == pytest.approx(4.54, abs=0.01)
    assert contrast("white", "#767676") == contrast("#767676", "white")


def test_text_on_a_picture_keeps_its_colour_in_the_dark_copy():
    fig, ax = plt.subplots()
    ax.imshow([[0, 9], [9, 0]], cmap="cividis")
    on_picture = ax.text(0, 0, "1", color="white")
    beside = ax.text(3, 3, "2", color="white")
    light_and_dark_svg(fig)
    plt.close(fig)
    assert to_hex(on_picture.get_color()) == "#ffffff"
    assert to_hex(beside.get_color()) == to_hex(DARK_BACKGROUND)


def test_points_on_a_picture_keep_their_colours_and_points_beside_it_change():
    fig, ax = plt.subplots()
    ax.imshow([[0, 9], [9, 0]], cmap="coolwarm", extent=(-0.5, 1.5, -0.5, 1.5))
    on_picture = ax.scatter([0, 1], [0, 1], color="black", edgecolors="white")
    half_off = ax.scatter([0, 3], [0, 3], color="black")
    light_and_dark_svg(fig)
    plt.close(fig)
    assert to_hex(on_picture.get_facecolor()[0]) == "#000000"
    assert to_hex(on_picture.get_edgecolor()[0]) == "#ffffff"
    assert to_hex(half_off.get_facecolor()[0]) == to_hex(DARK_FOREGROUND)
