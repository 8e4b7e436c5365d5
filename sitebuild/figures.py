"""A snippet's figure saved twice at build time: as the snippet drew it, and restyled for dark mode.

The page shows the first in Material's light scheme and the second in its dark ("slate")
scheme, through Material's ``#only-light`` and ``#only-dark`` image fragments. The dark copy
is the same figure object restyled after the light one is saved, so the snippet runs once:
backgrounds take the slate background colour; black, white and grey (text, ticks, spines,
grid, legend frames, black data) swap lightness; coloured data keeps its colour, so a
colour-blind-safe palette stays one. Pictures and colour maps keep their colours, and so do text
and points drawn on a picture (a count on a confusion matrix's cell): they were chosen for it.
"""

from __future__ import annotations

import colorsys
import io
import re
import sys

import matplotlib as mpl
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

# Material's slate scheme: --md-default-bg-color is hsl(225, 15%, 14%); text is a light grey.
DARK_BACKGROUND = (0.119, 0.130, 0.161)
DARK_FOREGROUND = (0.86, 0.87, 0.90)
# Salts the ids matplotlib writes into an SVG, which it otherwise draws at random: the same figure is the same file.
SVG_HASH_SALT = "pytorch-from-first-principles"
GREYISH = 0.15  # a colour whose saturation (HLS) is below this is black, white or grey, and flips
SVG_SIZE = re.compile(r'width="([\d.]+)pt" height="([\d.]+)pt"')


# matplotlib calls the functions its ``figure.hooks`` setting names with each figure pyplot makes:
# the worker's page child names this one, so that a figure's error names the line that made it.
FIGURE_HOOK = "sitebuild.figures:remember_line"
RUNNING = {"file": ""}  # the snippet file the page's child is running


def remember_line(figure) -> None:
    """Record on a new figure the line of the running snippet that made it (``figure.sitebuild_line``)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename != RUNNING["file"]:
        frame = frame.f_back
    figure.sitebuild_line = frame.f_lineno if frame is not None else None


def light_and_dark_svg(fig) -> dict:
    """The figure as SVG twice, ``svg`` (as drawn) and ``svg_dark``, with its size in CSS pixels.

    Saving with ``bbox_inches="tight"`` draws a figure twice: once to lay it out and measure it,
    once to write it. The dark copy only changes colours, so it is written in the layout and box
    the light one measured, with one draw: both copies are one size (laid out a second time, a
    figure under a ``suptitle`` came out up to 7 px taller, and the page squeezed it into the
    light copy's box), and the figures take a quarter less of the build's time.
    """
    mpl.rcParams["svg.hashsalt"] = SVG_HASH_SALT  # here: a snippet may have reset the style
    boxes = []
    measure = fig.get_tightbbox

    def measured(*args, **kwargs):
        boxes.append(measure(*args, **kwargs))
        return boxes[-1]

    fig.get_tightbbox = measured  # savefig asks the figure for its tight box: keep what it said
    try:
        svg = _svg(fig, bbox_inches="tight")
    finally:
        del fig.get_tightbbox
    width, height = svg_size(svg)
    restyle_for_dark(fig)
    layout = fig.get_layout_engine()
    fig.set_layout_engine("none")  # laid out already, by the light copy's save
    try:
        pad = mpl.rcParams["savefig.pad_inches"]
        dark = _svg(fig, bbox_inches=boxes[-1].padded(pad, pad))
    finally:
        fig.set_layout_engine(layout)
    return {"svg": svg, "svg_dark": dark, "width": round(width * 4 / 3), "height": round(height * 4 / 3)}


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height, in points, that matplotlib wrote on an SVG's root element."""
    width, height = SVG_SIZE.search(svg).groups()
    return float(width), float(height)


def _svg(fig, bbox_inches) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches=bbox_inches, metadata={"Date": None}, facecolor=fig.get_facecolor())
    return rounded(buffer.getvalue())


LONG_DECIMAL = re.compile(r"(-?\d+\.\d{2})\d+")
PATH_DATA = re.compile(r' d="([^"]*)"')


def rounded(svg: str) -> str:
    """The SVG with the coordinates of its paths to two decimals: a hundredth of a point, far below a
    pixel even zoomed (transforms keep theirs: a glyph's scale is 0.015625).

    matplotlib writes six; the lessons' figures are smaller this way, contour plots most.

    >>> rounded('<path d="M 53.276391 274.4 L 60.1 -0.004999" transform="scale(0.015625)"/>')
    '<path d="M 53.27 274.4 L 60.1 -0.00" transform="scale(0.015625)"/>'
    """
    return PATH_DATA.sub(lambda match: ' d="' + LONG_DECIMAL.sub(r"\1", match[1]) + '"', svg)


def dark_colour(colour) -> tuple[float, float, float, float]:
    """Black, white and greys swap lightness between the slate background and light grey; colours stay.

    >>> dark_colour("black") == (*DARK_FOREGROUND, 1.0)
    True
    >>> dark_colour((1, 1, 1, 0.8)) == (*DARK_BACKGROUND, 0.8)
    True
    >>> dark_colour("tab:blue") == to_rgba("tab:blue")
    True
    """
    r, g, b, alpha = to_rgba(colour)
    _, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation >= GREYISH and 0.05 < lightness < 0.95:
        return (r, g, b, alpha)
    mixed = (bg + (1 - lightness) * (fg - bg) for bg, fg in zip(DARK_BACKGROUND, DARK_FOREGROUND, strict=True))
    return (*(round(c, 4) for c in mixed), alpha)


def restyle_for_dark(fig) -> None:
    """Restyle ``fig`` in place for a dark page (see the module's docstring)."""
    fig.patch.set_facecolor(DARK_BACKGROUND)
    for artist in fig.findobj():
        if isinstance(artist, Text):
            if not _on_a_picture(artist):
                artist.set_color(dark_colour(artist.get_color()))
            if artist.get_bbox_patch() is not None:
                _restyle_patch(artist.get_bbox_patch())
        elif isinstance(artist, Line2D):
            artist.set_color(dark_colour(artist.get_color()))
            for get, set_ in (
                (artist.get_markerfacecolor, artist.set_markerfacecolor),
                (artist.get_markeredgecolor, artist.set_markeredgecolor),
            ):
                if get() not in ("none", "auto"):
                    set_(dark_colour(get()))
        elif isinstance(artist, Patch):
            _restyle_patch(artist)
        elif isinstance(artist, Collection) and artist.get_array() is None and not _on_a_picture(artist):
            # colour-mapped data keeps its map, and points on a picture their colours
            for get, set_ in (
                (artist.get_facecolor, artist.set_facecolor),
                (artist.get_edgecolor, artist.set_edgecolor),
            ):
                colours = get()
                if len(colours):
                    set_([dark_colour(c) for c in colours])
        elif isinstance(artist, AxesImage):
            continue  # pictures and colour maps are data
    for ax in fig.axes:
        ax.patch.set_facecolor(DARK_BACKGROUND)


def _on_a_picture(artist: Text | Collection) -> bool:
    """Whether a text, or every point of a scatter, is placed in data coordinates on one of its axes' images."""
    ax = artist.axes
    if ax is None:
        return False
    if isinstance(artist, Text):
        placed, points = artist.get_transform(), [artist.get_position()]
    else:
        placed, points = artist.get_offset_transform(), artist.get_offsets()
    if placed != ax.transData or not len(points):
        return False
    return any(all(_inside(image, x, y) for x, y in points) for image in ax.get_images())


def _inside(image: AxesImage, x: float, y: float) -> bool:
    left, right, bottom, top = image.get_extent()
    return min(left, right) <= x <= max(left, right) and min(bottom, top) <= y <= max(bottom, top)


def _restyle_patch(patch: Patch) -> None:
    patch.set_facecolor(dark_colour(patch.get_facecolor()))
    patch.set_edgecolor(dark_colour(patch.get_edgecolor()))
