"""Generated pages straight into Material's page, without MkDocs' per-page path.

About nine of ten pages are generated from data (offices, municipalities, the finder's
lists). Pages of one kind in one language differ, in what the theme writes around them,
only in a few places: title, description, the page's address (language menu, canonical
and alternate links), the skip link, the table of contents and the article. So staging
puts a *frame* into the docs tree in their place (`frame_source`): per language, one
for every page of a folder (`offices/kim-frame.md`), and one in the place of each
generated page of its own kind (the office index, the finder, ...). MkDocs renders the
frames with Material's own templates, so the look is Material's by construction. The
frames' placeholders are then found (`Frame.read`) and each page filled into its frame
(`Frame.fill`), with the body converted as MkDocs converts it (`Bodies`).

Material's table of contents is written here (`toc_html`), as partials/toc.html and
toc-item.html write it; mkdocs_adapter/upstream.py fingerprints both, and
tests/test_build.py compares every page with a build that takes MkDocs' path.
Staging with KIM_FRAMES=0 puts every page into the docs tree (that plain tree is what
any engine reading a Material docs tree can render).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from markupsafe import Markup, escape

from ..i18n.languages import prefix, suffix
from ..reading.pages import page_url, split_front_matter, split_name
from ..reading.sanitise import clean_page
from . import html_blocks

FRAME = "kim-frame"  # a folder's frame: offices/kim-frame.md; no page of content is named so
TITLE = "KimFrameTitle"
DESCRIPTION = "KimFrameDescription"
HEADING = "KimFrameHeading"
SECTION = "KimFrameSection"  # a heading below the title: the frame has a table of contents
VARIABLE = "KIM_FRAMES"  # "0": every page takes MkDocs' path (the plain docs tree)

# The front matter a page of a folder's frame may have: anything else (a preload, a
# template) makes the page a frame of its own.
SHARED_META = {"title", "description", "kim_generated"}


class FrameError(Exception):
    """A frame does not look as Material 9.8.1 wrote it (after an upgrade of Material)."""


def enabled() -> bool:
    return os.environ.get(VARIABLE, "1").strip() != "0"


@dataclass(frozen=True)
class Source:
    """A generated page as staged: its path in the docs tree, front matter and Markdown body."""

    path: str
    meta: dict
    body: str

    @classmethod
    def read(cls, path: str, text: str) -> Source:
        meta, body = split_front_matter(text)
        return cls(path, meta, body)

    @property
    def base(self) -> str:
        return split_name(self.path)[0]

    @property
    def language(self) -> str:
        return split_name(self.path)[1]

    @property
    def frame(self) -> str:
        """The path in the docs tree of the frame this page is filled into."""
        folder, _, name = self.base.rpartition("/")
        if not folder or name == "index" or not set(self.meta) <= SHARED_META:
            return self.path  # a frame of its own, in the page's place
        kind = FRAME if "description" in self.meta else f"{FRAME}-plain"
        return f"{folder}/{kind}{suffix(self.language)}.md"

    @property
    def name(self) -> str:
        return self.base.rpartition("/")[2]


def framed(path: str, text: str) -> Source | None:
    """A staged page that is filled into a frame: a generated one, which starts with its
    title as the first heading (rendering/pages.py heading()); None for any other."""
    if not path.endswith(".md") or not text.startswith("---\n"):
        return None
    page = Source.read(path, text)
    generated = page.meta.get("kim_generated") is True and isinstance(page.meta.get("title"), str)
    return page if generated and page.body.lstrip("\n").startswith("# ") else None


def frame_source(page: Source) -> str:
    """The frame's Markdown: the page's own front matter for a frame of its own (its
    title, description and preload are its alone), placeholders for a folder's."""
    meta = dict(page.meta)
    if page.frame != page.path:
        meta = {"title": TITLE, "kim_generated": True} | ({"description": DESCRIPTION} if "description" in meta else {})
    lines = ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()), "---", ""]
    return "\n".join(lines) + f"\n# {HEADING}\n\n## {SECTION}\n"


TAIL = "kim_tail"  # front matter of a generated part staged on its own


def tail_source(tail: str) -> str:
    return f"---\n{TAIL}: true\n---\n{tail}"


def tail_frame(head: str, tail: str) -> str:
    """An editor's page whose generated part is filled in later: the part's place is a
    heading of the level the part starts with (its entries in the table of contents go
    where that heading's entry is)."""
    first = re.search(r"^(#{1,6}) ", tail, re.MULTILINE)
    return f"{head.rstrip()}\n\n{first[1] if first else '##'} {SECTION}\n"


# -- The body, as MkDocs converts it -----------------------------------------------------


@dataclass
class Body:
    html: str
    toc: list[dict]  # Python-Markdown's toc_tokens: name (HTML), id, level, children


class Bodies:
    """Python-Markdown with the site's extensions (mkdocs.yml, as MkDocs reads them), one
    instance for all pages; HTML blocks are kept out of its way as in MkDocs' path."""

    def __init__(self, extensions: list, configs: dict) -> None:
        self.markdown = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def convert(self, text: str) -> Body:
        kept, blocks = html_blocks.set_aside(text)
        self.markdown.reset()
        html = html_blocks.put_back(self.markdown.convert(kept), blocks)
        return Body(html, getattr(self.markdown, "toc_tokens", []))


def _below_title(tokens: list[dict]) -> list[dict]:
    """The entries Material lists: those below the page's title."""
    return tokens[0]["children"] if tokens and tokens[0]["level"] == 1 else tokens


def toc_html(tokens: list[dict], label: str) -> str:
    """Material's table of contents (partials/toc.html, toc-item.html of Material 9.8.1)."""
    tokens = _below_title(tokens)
    parts = [f'<nav class="md-nav md-nav--secondary" aria-label="{escape(label)}">']
    if tokens:
        parts.append(f'<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>\n{label}\n</label>')
        parts.append('<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>')
        parts.extend(_toc_item(token) for token in tokens)
        parts.append("</ul>")
    parts.append("</nav>")
    return "\n".join(parts)


def _toc_item(token: dict) -> str:
    item = f'<li class="md-nav__item">\n<a href="#{token["id"]}" class="md-nav__link">\n<span class="md-ellipsis">\n{token["name"]}\n</span>\n</a>'
    if token["children"]:
        children = "\n".join(_toc_item(child) for child in token["children"])
        item += f'\n<nav class="md-nav" aria-label="{escape(Markup(token["name"]).striptags())}">\n<ul class="md-nav__list">\n{children}\n</ul>\n</nav>'
    return item + "\n</li>"


# -- The frame ---------------------------------------------------------------------------

_SLOT = "\x00"
_CONTENT = re.compile(rf'<h1 id="{HEADING.lower()}">{HEADING}</h1>\s*<h2 id="{SECTION.lower()}">{SECTION}</h2>')
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary" aria-label="([^"]*)">.*?</nav>', re.DOTALL)
_TAIL = re.compile(rf'<h([1-6]) id="{SECTION.lower()}">{SECTION}</h\1>')
_TAIL_ENTRY = re.compile(rf'<li class="md-nav__item">\s*<a href="#{SECTION.lower()}" class="md-nav__link">\s*<span class="md-ellipsis">\s*{SECTION}\s*</span>\s*</a>\s*</li>')
# A page of the menu: its entry there opens its table of contents (partials/nav-item.html).
_TOC_LABEL = re.compile(r'<label class="md-nav__link md-nav__link--active" for="__toc">.*?</label>', re.DOTALL)
_TITLE_ELEMENT = re.compile(r"<title>[^<]*</title>")
_ATTRIBUTE = re.compile(r'="[^"]*"')


def _text(value: str) -> str:
    """What `{{ value | striptags | e }}` writes (Material's and our templates)."""
    return str(escape(Markup(value).striptags()))


@dataclass
class Frame:
    """A built frame, cut at its placeholders: literal text and the names of what goes between."""

    parts: list[str]
    toc_label: str
    menu_label: str  # for a page of the menu with a table of contents

    @classmethod
    def read(cls, html: str, shared: bool, frame_name: str = FRAME, tail: bool = False) -> Frame:
        def slot(name: str) -> str:
            return f"{_SLOT}{name}{_SLOT}"

        if tail:
            # Only the generated part's heading is ours: it and its entry in the tables of contents.
            marked, found = _TAIL.subn(slot("content"), html, count=1)
            marked, entries = _TAIL_ENTRY.subn(slot("toc_tail"), marked)
            if not found or not entries:
                raise FrameError("the frame's last heading is not where Material 9.8.1 writes it")
            return cls._cut(marked, "", "")
        marked, found = _CONTENT.subn(slot("content"), html, count=1)
        tocs = list(_TOC.finditer(marked))
        if not found or len(tocs) not in (1, 2):
            raise FrameError("the frame's article or table of contents is not where Material 9.8.1 writes it")
        label = Markup(tocs[0].group(1)).unescape()
        # The table of contents in the menu (a page of the menu) comes before the one beside the article.
        for toc, name in reversed(list(zip(tocs, ["toc_menu", "toc"][2 - len(tocs) :], strict=True))):
            marked = marked[: toc.start()] + slot(name) + marked[toc.end() :]
        menu_label = _TOC_LABEL.search(marked)
        if menu_label is not None:
            marked = marked[: menu_label.start()] + slot("toc_label") + marked[menu_label.end() :]
        marked = marked.replace(f'href="#{HEADING.lower()}"', f'href="#{slot("skip")}"')
        if shared:
            # In the title element and in attribute values as text; elsewhere as HTML.
            marked = _TITLE_ELEMENT.sub(lambda m: m[0].replace(TITLE, slot("title_text")), marked)
            marked = _ATTRIBUTE.sub(lambda m: m[0].replace(TITLE, slot("title_text")).replace(DESCRIPTION, slot("description")), marked)
            marked = marked.replace(TITLE, slot("title_html")).replace(f"/{frame_name}/", f"/{slot('name')}/")
        return cls._cut(marked, label, menu_label[0] if menu_label else "")

    @classmethod
    def _cut(cls, marked: str, label: str, menu_label: str) -> Frame:
        left = [word for word in (f"/{FRAME}", TITLE, DESCRIPTION, HEADING, SECTION) if word in marked]
        if left:
            raise FrameError(f"{left[0]} is left in the frame where Material 9.8.1 does not write it")
        return cls(marked.split(_SLOT), label, menu_label)

    def fill(self, page: Source, body: Body) -> str:
        if page.meta.get(TAIL):
            tail = {"content": clean_page(body.html, lambda src: None), "toc_tail": "\n".join(_toc_item(token) for token in body.toc)}
            return "".join(tail[part] if odd else part for odd, part in _alternating(self.parts))
        title = page.meta["title"]
        first = body.toc[0]["id"] if body.toc else ""
        toc = toc_html(body.toc, self.toc_label)
        listed = bool(_below_title(body.toc))
        values = {
            "content": body.html,
            "toc": toc,
            "toc_menu": toc if listed else "",
            "toc_label": self.menu_label if listed else "",
            "skip": first,
            "title_text": _text(title),
            "title_html": title,
            "description": _text(page.meta.get("description", "")),
            "name": page.name,
        }
        return "".join(values[part] if odd else part for odd, part in _alternating(self.parts))


def _alternating(parts: list[str]):
    for number, part in enumerate(parts):
        yield number % 2 == 1, part


def output_path(path: str) -> str:
    """Where MkDocs (static-i18n, directory URLs) writes a page of the docs tree."""
    return page_url(*split_name(path)) + "index.html"


def file_output(path: str) -> str:
    """Where static-i18n puts a file of the docs tree that is no page: `finder/offices.ar.json`
    in `ar/finder/offices.json`, `feed.xml` where it is."""
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension:
        return path
    base, language = split_name(stem)
    return f"{prefix(language)}{base}.{extension}"


# -- Filling a built site ---------------------------------------------------------------


def fill_site(pages_dir: Path, site: Path, frames_dir: Path, languages: set[str], bodies: Bodies, changed: set[str] | None = None) -> tuple[set[str], set[str]]:
    """Fill the staged pages of `languages` into their frames in the built site, keep the
    frames in `frames_dir` (the preview fills from there later), and take the folders'
    frames out of the site. `changed`: only these pages (paths in the docs tree), from
    the kept frames; a page of them that is gone is taken out of the site. The pages
    filled, and of them those that changed, by their path in the site."""
    if changed is not None:
        sources = [path for path in changed if path.endswith(".md") and (pages_dir / path).is_file()]
    else:
        sources = [path.relative_to(pages_dir).as_posix() for path in pages_dir.rglob("*.md")] if pages_dir.is_dir() else []
    pages = [Source.read(path, (pages_dir / path).read_text(encoding="utf-8")) for path in sorted(sources) if split_name(path)[1] in languages and (changed is None or path in changed)]
    frames: dict[str, Frame] = {}
    for page in pages:
        if page.frame not in frames:
            frames[page.frame] = _frame(page, site, frames_dir, kept=changed is not None)
    filled: set[str] = set()
    written: set[str] = set()
    for page in pages:
        target = output_path(page.path)
        filled.add(target)
        html = frames[page.frame].fill(page, bodies.convert(page.body))
        if not (site / target).is_file() or (site / target).read_text(encoding="utf-8") != html:
            (site / target).parent.mkdir(parents=True, exist_ok=True)
            (site / target).write_text(html, encoding="utf-8")
            written.add(target)
    gone = [path for path in changed or () if not (pages_dir / path).is_file()]
    built_frames = [] if changed is not None else [path.relative_to(site).as_posix() for path in site.rglob(f"{FRAME}*/index.html")]
    for path in [output_path(path) for path in gone] + built_frames:
        (site / path).unlink(missing_ok=True)
        if (site / path).parent.is_dir() and not any((site / path).parent.iterdir()):
            (site / path).parent.rmdir()
    return filled, written


def _frame(page: Source, site: Path, frames_dir: Path, kept: bool) -> Frame:
    """The page's frame: as just built (and kept), or as kept from the last build."""
    shared = page.frame != page.path
    stored = frames_dir / output_path(page.frame)
    built = site / output_path(page.frame)
    # A dirty build (the preview) leaves a filled page as it was: its frame is the kept one.
    html = built.read_text(encoding="utf-8") if not kept and built.is_file() else ""
    if SECTION in html:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(html, encoding="utf-8")
    else:
        html = stored.read_text(encoding="utf-8")
    name = split_name(page.frame)[0].rpartition("/")[2]
    return Frame.read(html, shared, name, tail=bool(page.meta.get(TAIL)))
