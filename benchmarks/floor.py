"""The floor: the staged pages written with one Jinja template and no MkDocs.

`python benchmarks/floor.py PROJECT` reads every page of the staged docs tree
(`PROJECT/build/docs`, and any folder beside it named `build/docs-*`, where staging
may put generated pages; frames, `kim-frame*`, are not pages), all languages: the
front matter taken off, the body through Python-Markdown with the extensions of
mkdocs.yml (attr_list, md_in_html, toc with pymdownx's slugify, lower case), with
generated pages' HTML blocks set aside from Markdown as the build does, then put
into ONE plain Jinja page (title, table of contents, body) and written to
`PROJECT/floor/<language>/<path>/index.html`. One process per core, as the build.
What a build of these pages cannot get below on this machine: `make bench` reports
the full build's time as a multiple of it.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.i18n import SITE_LANGUAGES  # noqa: E402
from generator.rendering import html_blocks  # noqa: E402  # the build's own step for generated pages
from generator.staging.processes import jobs  # noqa: E402

FRAME = "kim-frame"
TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="{{ language }}">
<head><meta charset="utf-8"><title>{{ title }}</title><link rel="stylesheet" href="/assets/kim.css"></head>
<body>
<nav><ul>{% for item in toc %}<li><a href="#{{ item.id }}">{{ item.name }}</a></li>{% endfor %}</ul></nav>
<article>{{ body }}</article>
</body>
</html>
"""
)


def pages(project: Path) -> list[tuple[Path, str]]:
    """Every page file of the staged tree, with its path in the tree."""
    build = project / "build"
    folders = [build / "docs", *sorted(p for p in build.glob("docs-*") if p.is_dir())]
    found: dict[str, Path] = {}
    for folder in folders:  # a generated page beside the docs tree, not its frame in the tree's place
        for path in folder.rglob("*.md"):
            if not path.name.startswith(FRAME):
                found[path.relative_to(folder).as_posix()] = path
    return sorted(((path, name) for name, path in found.items()), key=lambda item: item[1])


def output_path(name: str) -> tuple[str, str]:
    """Language and file in the floor of a page's path (the suffix structure: x.en.md)."""
    stem = name[: -len(".md")]
    language = "de"
    base, _, suffix = stem.rpartition(".")
    if base and suffix in SITE_LANGUAGES:
        stem, language = base, suffix
    folder = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    prefix = "" if language == "de" else language + "/"
    return language, f"{prefix}{folder}index.html"


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            meta = yaml.load(text[4:end], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 5 :]
    return {}, text


def _flat(tokens: list[dict]) -> list[dict]:
    items = []
    for token in tokens:
        items.append(token)
        items += _flat(token.get("children", []))
    return items


def write(job: tuple[list[tuple[Path, str]], Path]) -> int:
    files, out = job
    md = markdown.Markdown(
        extensions=["attr_list", "md_in_html", "toc"],
        extension_configs={"toc": {"permalink": False, "slugify": slugify(case="lower")}},
    )
    for path, name in files:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        blocks: dict[str, str] = {}
        if meta.get("kim_generated"):
            body, blocks = html_blocks.set_aside(body)
        html = md.reset().convert(body)
        if blocks:
            html = html_blocks.put_back(html, blocks)
        toc = _flat(getattr(md, "toc_tokens", []))
        title = meta.get("title") or next((item["name"] for item in toc if item["level"] == 1), "")
        language, target = output_path(name)
        page = TEMPLATE.render(language=language, title=title, toc=[item for item in toc if item["level"] > 1], body=Markup(html))
        destination = out / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page, encoding="utf-8")
    return len(files)


def build(project: Path) -> int:
    """Write the floor of a staged project; the number of pages."""
    out = project / "floor"
    shutil.rmtree(out, ignore_errors=True)
    files = pages(project)
    count = max(1, min(jobs(), len(files)))
    shares = [(files[start::count], out) for start in range(count)]
    if count == 1:
        return write(shares[0])
    with multiprocessing.get_context("fork").Pool(count) as pool:
        return sum(pool.map(write, shares))


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve()))
