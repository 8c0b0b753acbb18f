"""Generated pages' HTML blocks kept out of Python-Markdown's way.

Our generated pages are Markdown with large HTML blocks (office cards, hours tables,
the finder's lists). Python-Markdown passes such a block through unchanged, but only
after parsing it tag by tag to find where it ends: at NRW scale that parsing was
half of the time MkDocs spent on a page. So, before Markdown, each top-level block
the core wrote is replaced by a placeholder paragraph, and put back after Markdown,
which gives the HTML Markdown would have given (tests/test_build.py compares).

A block is set aside only when it is unambiguous: it starts at the beginning of a
line after an empty line with a block-level tag, ends with the line that closes that
tag, is followed by an empty line (or by further such blocks, set aside with it), and
asks for no Markdown inside (`markdown`: texts.py's German fallback text stays with
Markdown).
"""

from __future__ import annotations

import re
import secrets

BLOCK_TAGS = ("div", "p", "table", "ul", "ol", "dl", "section", "address", "details", "form", "nav", "figure", "noscript", "script")
_MARKDOWN = re.compile(r"\smarkdown[\s=>]")  # md_in_html: Markdown inside this block
PLACEHOLDER = "KIMHTML"  # then the page's key and the block's number: a word Markdown keeps as it is
_START = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")[\s>]")


def set_aside(markdown: str) -> tuple[str, dict[str, str]]:
    """The page with its HTML blocks replaced by placeholders, and the blocks by placeholder."""
    lines = markdown.split("\n")
    kept: list[str] = []
    blocks: dict[str, str] = {}
    key = secrets.token_hex(4)
    i = 0
    while i < len(lines):
        end = _run_end(lines, i) if i == 0 or not lines[i - 1].strip() else None
        if end is None:
            kept.append(lines[i])
            i += 1
            continue
        block = "\n".join(lines[i : end + 1])
        if _MARKDOWN.search(block):
            kept.extend(lines[i : end + 1])
        else:
            placeholder = f"{PLACEHOLDER}{key}X{len(blocks)}"
            blocks[placeholder] = block
            kept.append(placeholder)
        i = end + 1
    return "\n".join(kept), blocks


def _run_end(lines: list[str], first: int) -> int | None:
    """The last line of the blocks that follow each other from `first` on, if an empty
    line (or the end) comes after them (Markdown passes such a run through as one)."""
    end = None
    while first < len(lines) and (start := _START.match(lines[first])):
        close = _block_end(lines, first, start.group(1))
        if close is None:
            return None
        end, first = close, close + 1
    if end is None or (end + 1 < len(lines) and lines[end + 1].strip()):
        return None
    return end


_PLACEHOLDER = re.compile(rf"<p>({PLACEHOLDER}[0-9a-f]+X[0-9]+)</p>")


def put_back(html: str, blocks: dict[str, str]) -> str:
    if not blocks:
        return html
    # Markdown follows a raw block with an empty line, a paragraph without... (In one
    # pass: a list page has thousands of blocks.)
    html = _PLACEHOLDER.sub(lambda found: blocks[found.group(1)] + "\n" if found.group(1) in blocks else found.group(0), html)
    return html.rstrip()  # ...and strips the end of its output


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    """The line that closes the block opened on `first` (and ends with the closing tag)."""
    opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    depth = 0
    for i in range(first, len(lines)):
        line = lines[i]
        depth += len(opening.findall(line)) - line.count(closing)
        if depth <= 0:
            return i if line.rstrip().endswith(closing) else None
    return None
