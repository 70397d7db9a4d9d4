"""Markdown with LaTeX math, rendered on the server; KaTeX typesets the math in the browser.

Math in ``$...$`` and ``$$...$$`` is protected from Markdown by markdown-it's dollarmath plugin and
written out as ``\\(...\\)`` / ``\\[...\\]`` for KaTeX's auto-render. Raw HTML is not allowed.
"""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin


def _math(content: str, options: dict) -> str:
    if options.get("display_mode"):
        return f'<div class="math display">\\[{escape(content)}\\]</div>\n'
    return f'<span class="math">\\({escape(content)}\\)</span>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    return md.use(dollarmath_plugin, allow_space=True, double_inline=True, renderer=_math)


def render_markdown(text: str, *, image_base: str = "") -> SafeString:
    """Render trusted course Markdown to HTML. Relative image paths are prefixed with image_base."""
    html = _parser().render(text or "")
    if image_base:
        html = html.replace('src="figures/', f'src="{image_base.rstrip("/")}/figures/')
    return mark_safe(html)
