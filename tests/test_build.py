"""`make site` is faster than MkDocs alone would be: it fills the generated pages into
frames that MkDocs renders once per language and kind of page (generator/rendering/frames.py),
shares the languages out to one process per core (generator/mkdocs_adapter/parallel.py),
keeps generated HTML out of Python-Markdown (generator/rendering/html_blocks.py) and finds
static-i18n's language versions by name (generator/mkdocs_adapter/upstream.py). The site it
publishes is the one a single process of MkDocs and static-i18n as they are builds, every
page through MkDocs (tests/plain_build.py): the same files, every other file byte for byte,
every page the same after normalising whitespace and the order of attributes."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html

import plain_build
from conftest import FIXTURES, build_site, make_project
from generator.rendering.html_blocks import put_back, set_aside


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_fast_build_publishes_what_a_plain_build_does(tmp_path, finder_site):
    project = make_project(tmp_path / "plain", FIXTURES / "finder")
    plain_build.use_in(project)  # MkDocs and static-i18n as they are
    plain = files(build_site(project, {"KIM_JOBS": "1"}))
    # The shared finder site: built in three processes, the default language's and two further ones (conftest.JOBS).
    fast = files(finder_site)
    assert sorted(plain) == sorted(fast)
    assert sum(name.endswith(".html") for name in plain) > 100
    # The search's list of languages is written in the order Pagefind found them.
    entry = "pagefind/pagefind-entry.json"
    assert json.loads(plain.pop(entry))["languages"] == json.loads(fast.pop(entry))["languages"]
    assert [name for name in plain if not name.endswith(".html") and plain[name] != fast[name]] == []
    assert [name for name in plain if name.endswith(".html") and normal(plain[name]) != normal(fast[name])] == []
    # The frames are gone from the site; the pages filled into them are most of it.
    assert not [name for name in fast if "kim-frame" in name]
    staged = Path(finder_site).parent / "build" / "docs-pages"
    assert sum(1 for _ in staged.rglob("*.md")) > 0.8 * sum(name.endswith(".html") for name in fast)


def normal(html: bytes) -> str:
    """A page with its whitespace collapsed and each element's attributes in name order."""
    tree = lxml.html.document_fromstring(html)
    for element in tree.iter():
        if isinstance(element.tag, str):
            attributes = sorted(element.attrib.items())
            element.attrib.clear()
            element.attrib.update(attributes)
        element.text = " ".join(element.text.split()) or None if element.text else None
        element.tail = " ".join(element.tail.split()) or None if element.tail else None
    return lxml.etree.tostring(tree, encoding="unicode", method="html")


def test_only_whole_html_blocks_without_markdown_are_set_aside():
    page = "\n".join([
        "# Title",
        "",
        '<ul class="kim-cards">',
        "<li><div>nested</div></li>",
        "</ul>",
        "",
        '<div lang="de" markdown>',
        "",
        "## Markdown inside",
        "",
        "</div>",
        "",
        "<p>runs on</p> into text",
        "",
        "<div>not closed",
        "",
    ])
    markdown, blocks = set_aside(page)
    assert list(blocks.values()) == ['<ul class="kim-cards">\n<li><div>nested</div></li>\n</ul>']
    assert "## Markdown inside" in markdown and "<p>runs on</p> into text" in markdown and "<div>not closed" in markdown
    placeholder = next(iter(blocks))
    assert put_back(f"<h1>Title</h1>\n<p>{placeholder}</p>\n<h2>x</h2>", blocks) == f"<h1>Title</h1>\n{blocks[placeholder]}\n\n<h2>x</h2>"


def test_a_frame_that_material_wrote_otherwise_is_refused_with_what_is_missing():
    """After an upgrade of Material, a frame whose placeholders are not where Material
    9.8.1 wrote them stops the build with a message (the plugin adds how to build
    without frames), rather than filling pages wrongly."""
    import pytest

    from generator.rendering import frames

    article = f'<article><h1 id="{frames.HEADING.lower()}">{frames.HEADING}</h1>\n<h2 id="{frames.SECTION.lower()}">{frames.SECTION}</h2></article>'
    toc = '<nav class="md-nav md-nav--secondary" aria-label="Inhaltsverzeichnis"><ul><li>x</li></ul></nav>'
    with pytest.raises(frames.FrameError, match="article or table of contents"):
        frames.Frame.read(f"<html><body>{article}</body></html>", shared=True)
    with pytest.raises(frames.FrameError, match=f"{frames.TITLE} is left"):
        frames.Frame.read(f"<html>{toc}{article}<p>{frames.TITLE}</p></html>", shared=False)  # a page's own frame has its title
    frame = frames.Frame.read(f"<html><title>{frames.TITLE} - Site</title>{toc}{article}</html>", shared=True)
    page = frames.Source("offices/x.md", {"title": "A &amp; B"}, "")
    filled = frame.fill(page, frames.Body('<h1 id="a-b">A &amp; B</h1>', [{"level": 1, "id": "a-b", "name": "A &amp; B", "children": []}]))
    assert filled.startswith("<html><title>A &amp; B - Site</title>") and '<h1 id="a-b">A &amp; B</h1>' in filled
