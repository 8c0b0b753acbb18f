"""`make bench`'s floor (benchmarks/floor.py) reads every staged page, wherever staging
puts it (`build/docs` and folders beside it named `build/docs-*`), and no frame."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import floor  # noqa: E402

PAGE = "---\ntitle: {title}\nkim_generated: true\n---\n\n# {title}\n\n## Adresse\n\n<div class=\"kim-card\">\n<p>Messstraße 1</p>\n</div>\n"


def test_the_floor_writes_every_page_of_the_staged_tree_and_no_frame(tmp_path, monkeypatch):
    monkeypatch.setenv("KIM_JOBS", "2")
    build = tmp_path / "build"
    files = {
        "docs/index.md": "# Start\n\n[Finder](finder/index.md)\n",
        "docs/finder/index.ar.md": "# البحث\n",
        "docs-pages/offices/stelle-0001.md": PAGE.format(title="Stelle 1"),
        "docs-pages/offices/stelle-0001.fa.md": PAGE.format(title="Stelle 1 fa"),
        "docs-pages/kim-frame-office.ar.md": "frame",
        "docs-site/data/offices.json": "[]",
    }
    for name, text in files.items():
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_text(text, encoding="utf-8")

    assert floor.build(tmp_path) == 4

    written = sorted(p.relative_to(tmp_path / "floor").as_posix() for p in (tmp_path / "floor").rglob("*") if p.is_file())
    assert written == ["ar/finder/index.html", "fa/offices/stelle-0001/index.html", "index.html", "offices/stelle-0001/index.html"]
    page = (tmp_path / "floor" / "fa/offices/stelle-0001/index.html").read_text(encoding="utf-8")
    assert '<html lang="fa">' in page and "<title>Stelle 1 fa</title>" in page
    assert '<a href="#adresse">Adresse</a>' in page  # the table of contents, slugs as mkdocs.yml makes them
    assert '<div class="kim-card">\n<p>Messstraße 1</p>\n</div>' in page  # the HTML block as written
