r"""Make the search index read well: formulas as plain text, and each glossary term its own result.

MkDocs' search plugin indexes a page's HTML before the build renders its maths, so the index it
writes holds TeX (``\(\frac{\partial L}{\partial m}\)``), which shows in the result previews. It
also indexes by heading, so a definition list (the glossary) becomes one run-on result per
heading: "Loss One number … Cross-entropy The loss …". After the build:

- :func:`mark_terms` (on each page, before the maths is rendered) gives every ``<dt>`` an id, so
  a term can be linked to, and records the term and its definition;
- :func:`rewrite_index` turns the TeX in every entry into plain text (``∂L/∂m``), gives each
  recorded term an entry of its own and takes its text out of its section's entry.

Code blocks and their Output are left out of the index: they were half of it, and every page
fetches the whole index on its first visit. Search finds what the prose says, inline code
(``torch.from_numpy``) included. :func:`without_code` takes them out of the page's HTML before
the search plugin reads it (parsing their highlighting was most of the plugin's time), and
:func:`with_code` puts them back for the page itself. It also shows the search plugin each table
as a list of its rows, cells joined by " · " (the plugin drops table tags, so a table's cells
would run on into one line), and puts the table back after.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup

INDEX = "search/search_index.json"
CODE_OR_TABLE = re.compile(r"<pre\b.*?</pre>|<table\b.*?</table>", re.DOTALL)
# What without_code leaves for a block: a comment; for a table, the comment and its rows as a list.
CODE_COMMENT = re.compile(r"(<!-- code [0-9a-f]{16} \d+ -->)(?:<!-- rows -->.*?<!-- rows end -->)?", re.DOTALL)
ROW, CELL = re.compile(r"<tr\b.*?</tr>", re.DOTALL), re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.DOTALL)
INLINE_OR_DISPLAY = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]", re.DOTALL)

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "Theta": "Θ", "lambda": "λ", "Lambda": "Λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "Pi": "Π", "rho": "ρ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "Phi": "Φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Omega": "Ω", "ell": "ℓ",
    "partial": "∂", "nabla": "∇", "cdot": "·", "times": "×", "odot": "⊙", "circ": "∘", "pm": "±",
    "leftarrow": "←", "rightarrow": "→", "to": "→", "longrightarrow": "⟶", "Rightarrow": "⇒",
    "implies": "⟹", "mapsto": "↦", "approx": "≈", "sim": "∼", "propto": "∝", "equiv": "≡",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "in": "∈", "notin": "∉",
    "sum": "Σ", "prod": "Π", "int": "∫", "infty": "∞", "top": "ᵀ", "dots": "…", "ldots": "…",
    "cdots": "⋯", "mid": "|", "lVert": "‖", "rVert": "‖", "lfloor": "⌊", "rfloor": "⌋",
    "|": "‖", "{": "{", "}": "}", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$",
}  # fmt: skip
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼"}
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
SPACING = re.compile(r"\\(?:[,;:! ]|quad\b|qquad\b)")
SIZING = re.compile(r"\\(?:left|right|middle|[bB]ig{1,2}[lr]?)\b\s*(\\[{}|]|[()\[\]|.])?")
SUPERSCRIPTS = ("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ")
SUBSCRIPTS = ("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
GROUP = r"\{([^{}]*)\}"
STYLED = r"\\(?:text|mathrm|operatorname|mathbf|boldsymbol|mathit|mathcal|mathsf)"


def tex_to_text(tex: str) -> str:
    r"""A formula's TeX as plain text a reader can follow in a search result.

    >>> tex_to_text(r"\frac{\partial L}{\partial m}")
    '∂L/∂m'
    >>> tex_to_text(r"w \leftarrow w - \eta \, \frac{\partial L}{\partial w}")
    'w ← w − η ∂L/∂w'
    >>> tex_to_text(r"\hat y = \sigma(x_0^2 + b_{1})")
    'ŷ = σ(x₀² + b₁)'
    >>> tex_to_text(r"\frac{1}{n} \sum_{i=1}^{n} (y_i - \hat{y}_i)^2")
    '1/n Σᵢ₌₁ⁿ (yᵢ − ŷᵢ)²'
    >>> tex_to_text(r"W^\top \mathbf x")
    'Wᵀ x'
    >>> tex_to_text(r"\boldsymbol\delta_2, x_1, \dots, \bar{x}_{\cdot j}")
    'δ₂, x₁, …, x̄_(· j)'
    >>> tex_to_text(r"\mathbb R^d, \lfloor k / s \rfloor")
    'ℝ^d, ⌊ k / s ⌋'
    >>> tex_to_text(r"\begin{aligned} L &= a \\ &= b \\ c &= d \end{aligned}")
    'L = a = b; c = d'
    """
    text = re.sub(r"\\(?:begin|end)\{[a-z*]+\}(\{[^{}]*\})?", " ", tex)
    text = re.sub(r"\\\\\s*&", " ", text)  # an aligned line that goes on from the last: one chain
    text = re.sub(r"\s*\\\\\s*", "; ", text.replace("&", " "))
    text = SIZING.sub(lambda m: (m[1] or "").lstrip("\\").replace(".", ""), text)
    text = SPACING.sub(" ", text)
    text = re.sub(STYLED + r"\s*(?:" + GROUP + r"|(\\[A-Za-z]+|\w))", r"\1\2", text)
    text = re.sub(
        r"\\mathbb\s*(?:" + GROUP + r"|(\w))", lambda m: "".join(BLACKBOARD.get(c, c) for c in m[1] or m[2]), text
    )
    text = re.sub(r"\\underbrace\s*" + GROUP + r"_" + GROUP, r"\1", text)
    for _ in range(6):  # innermost first: a fraction inside a fraction, an accent inside a root
        previous = text
        text = re.sub(r"\\[dt]?frac\s*" + GROUP + GROUP, lambda m: f"{_wrap(m[1])}/{_wrap(m[2])}", text)
        text = re.sub(r"\\[dt]?frac\s*(\d)(\d)", r"\1/\2", text)
        text = re.sub(r"\\sqrt\s*" + GROUP, lambda m: f"√{_wrap(m[1])}", text)
        text = re.sub(r"\\(" + "|".join(ACCENTS) + r")(?![A-Za-z])\s*(?:" + GROUP + r"|([A-Za-z]))", _accent, text)
        text = re.sub(r"\^\s*(?:" + GROUP + r"|(\\[A-Za-z]+|\w))", lambda m: _script(m, SUPERSCRIPTS, "^"), text)
        text = re.sub(r"_\s*(?:" + GROUP + r"|(\\[A-Za-z]+|\w))", lambda m: _script(m, SUBSCRIPTS, "_"), text)
        if text == previous:
            break
    text = re.sub(r"\\([A-Za-z]+|[|{}%_&#$])", lambda m: SYMBOLS.get(m[1], m[1]), text)
    text = text.replace("{", "").replace("}", "").replace("-", "−").replace("'", "′")
    text = re.sub(r"([∂∇√]) +", r"\1", text)
    return unicodedata.normalize("NFC", " ".join(text.split()))  # y and a combining hat as one ŷ


def _wrap(part: str) -> str:
    part = part.strip()
    return part if re.fullmatch(r"[\w∂.′]+|\\?[A-Za-z]+\s*\w?|\\partial\s*\w+", part) else f"({part})"


def _accent(match: re.Match) -> str:
    base = (match[2] or match[3]).strip()
    return base + ACCENTS[match[1]] if len(base) == 1 else f"{match[1]}({base})"


def _script(match: re.Match, table: tuple[str, str], mark: str) -> str:
    """``x^2`` as ``x²`` where Unicode has every character raised (or lowered), else ``x^(…)``."""
    body = (match[1] if match[1] is not None else match[2]).strip()
    body = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m[1], m[1]), body)
    mapped = body.translate(str.maketrans(*table))
    if body and all(c in table[1] or c == " " for c in mapped):
        return mapped.replace(" ", "")
    return f"{mark}{body}" if len(body) == 1 else f"{mark}({body})"


def readable(text: str) -> str:
    """Index text (HTML, escaped) with each ``\\(…\\)`` and ``\\[…\\]`` formula as plain text."""

    def plain(match: re.Match) -> str:
        tex = html.unescape(match["inline"] or match["display"] or "")
        return html.escape(tex_to_text(tex), quote=False)

    return INLINE_OR_DISPLAY.sub(plain, text)


def mark_terms(output: str, page_url: str, terms: list[dict]) -> str:
    """Give each ``<dt>`` of the page an id; append ``{location, title, text, section, list}`` to ``terms``.

    Runs on the page's HTML before its maths is rendered, so definitions still hold their TeX.
    """
    if "<dt>" not in output:
        return output
    soup = BeautifulSoup(output, "html.parser")
    article = soup.find("article") or soup
    taken = {tag["id"] for tag in soup.find_all(id=True)}
    ids = []
    for dl in article.find_all("dl"):
        heading = dl.find_previous(re.compile(r"^h[1-6]$"), id=True)
        section = f"{page_url}#{heading['id']}" if heading and heading.name != "h1" else page_url
        flattened = " ".join(dl.get_text().split())
        for dt in dl.find_all("dt", recursive=False):
            term = " ".join(dt.get_text().split())
            anchor = _unique("term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-"), taken)
            ids.append(anchor)
            dd = dt.find_next_sibling("dd")
            definition = " ".join(dd.get_text().split()) if dd else ""
            terms.append({"location": f"{page_url}#{anchor}", "title": term, "text": definition, "section": section})
        terms[-1]["list"] = flattened
    pieces = output.split("<dt>")
    return pieces[0] + "".join(f'<dt id="{anchor}">{piece}' for anchor, piece in zip(ids, pieces[1:], strict=True))


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in taken:
        n += 1
        candidate = f"{anchor}-{n}"
    taken.add(candidate)
    return candidate


def without_code(content: str) -> tuple[str, dict[str, str]]:
    """The page's HTML with each ``<pre>`` block as a comment of its own, each table as a comment and
    its rows as a list, and the blocks and tables by comment.

    >>> html, blocks = without_code("<p>a</p><pre><code>x = 1</code></pre><p>b</p>")
    >>> "x = 1" in html, with_code(html, blocks)
    (False, '<p>a</p><pre><code>x = 1</code></pre><p>b</p>')
    >>> table = "<table><tr><th>n</th><th>Name</th></tr><tr><td>0</td><td><em>zero</em></td></tr></table>"
    >>> html, blocks = without_code(table)
    >>> html[html.index("<ul>"):html.index("</ul>")], with_code(html, blocks) == table
    ('<ul><li>n · Name</li><li>0 · <em>zero</em></li>', True)
    """
    blocks: dict[str, str] = {}
    nonce = secrets.token_hex(8)  # never in the page's own text, so only these comments are put back

    def stash(match: re.Match) -> str:
        comment = f"<!-- code {nonce} {len(blocks)} -->"
        blocks[comment] = match[0]
        if match[0].startswith("<pre"):
            return comment
        rows = [" · ".join(c.strip() for c in CELL.findall(row) if c.strip()) for row in ROW.findall(match[0])]
        return comment + "<!-- rows --><ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul><!-- rows end -->"

    return CODE_OR_TABLE.sub(stash, content), blocks


def with_code(content: str, blocks: dict[str, str]) -> str:
    """``content`` with the code blocks and tables :func:`without_code` took out put back."""
    return CODE_COMMENT.sub(lambda match: blocks.get(match[1], match[0]), content)


def rewrite_index(site_dir: Path, terms: list[dict]) -> None:
    """Plain-text formulas in every entry; each term an entry of its own, out of its section's entry."""
    path = Path(site_dir) / INDEX
    if not path.is_file():
        return  # the search plugin is off
    index = json.loads(path.read_text())
    lists = {term["section"]: [] for term in terms}
    for term in terms:
        if "list" in term:
            lists[term["section"]].append(html.escape(term["list"], quote=False))
    docs = []
    for doc in index["docs"]:
        for flattened in lists.get(doc["location"], []):
            if flattened not in doc["text"]:  # markup inside the list (<code>): compare as plain text
                doc["text"] = " ".join(re.sub(r"<[^>]+>", "", doc["text"]).split())
            doc["text"] = doc["text"].replace(flattened, " ").strip()
        docs.append(doc)
        docs += [
            {"location": t["location"], "title": t["title"], "text": html.escape(t["text"], quote=False)}
            for t in terms
            if t["section"] == doc["location"]
        ]
    for doc in docs:
        text = " ".join(doc["text"].split())
        doc["title"], doc["text"] = readable(doc["title"]), readable(text)
    index["docs"] = docs
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")))
