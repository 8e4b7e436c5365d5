"""Lighter pages (sitebuild/light_pages.py): only what a browser never draws, or draws the same, goes."""

from __future__ import annotations

import re

from conftest import ROOT
from sitebuild.light_pages import drop_blank_text, slim_code


def test_blank_text_between_blocks_is_dropped():
    page = "<div>\n<p>One.</p>\n<ul>\n<li><a href='#'>x</a></li>\n</ul>\n<script>1</script>\n</div>"
    assert drop_blank_text(page) == "<div><p>One.</p><ul><li><a href='#'>x</a></li></ul><script>1</script></div>"


def test_spaces_between_inline_elements_stay():
    page = "<p><em>a</em> <code>b</code>\n<span>c</span></p>\n<span>d</span> <script>2</script> <span>e</span>"
    assert drop_blank_text(page) == page


def test_code_blocks_are_left_exactly_as_they_are():
    code = '<pre><code><span class="k">def</span> f():\n\n    <span class="k">return</span> 1\n</code></pre>'
    page = f"<div>\n{code}\n</div>"
    assert code in drop_blank_text(page)


def test_slimmed_code_has_the_same_text_and_fewer_spans():
    code = (
        '<pre><code><span></span><span class="n">x</span><span class="w"> </span><span class="o">=</span>'
        '<span class="w"> </span><span class="n">f</span><span class="p">(</span><span class="p">)</span>'
        '<span class="w">  </span><span class="c1"># (1)!</span>\n</code></pre>'
    )
    slimmed = slim_code(code)

    def text(markup):
        return re.sub(r"<[^>]+>", "", markup)

    assert text(slimmed) == text(code)
    assert slimmed.count("<span") == 1  # the comment on its own; "=" and "()" drawn as plain code
    assert '<span class="c1"># (1)!</span>' in slimmed


def test_the_pieces_of_an_f_string_are_one_span():
    code = (
        '<pre><code><span class="sa">f</span><span class="s2">&quot;</span><span class="si">{</span>'
        '<span class="n">x</span><span class="si">:.2f}</span><span class="s2"> loss&quot;</span></code></pre>'
    )
    assert slim_code(code) == (
        '<pre><code>f<span class="s2">&quot;{</span>x<span class="s2">:.2f} loss&quot;</span></code></pre>'
    )


def test_what_is_left_plain_is_drawn_in_the_codes_own_colour_in_both_schemes():
    """Punctuation and operators lose their spans only because the site's stylesheet gives them the
    code's own colour; Material's own stylesheet draws names, constants and spaces so."""
    css = (ROOT / "docs" / "stylesheets" / "snippets.css").read_text()
    for scheme in ("default", "slate"):
        block = re.search(rf'\[data-md-color-scheme="{scheme}"\] \{{(.*?)\}}', css, re.S)[1]
        for kind in ("operator", "punctuation"):
            assert f"--md-code-hl-{kind}-color: var(--md-code-fg-color);" in block, (scheme, kind)
