"""`make site` shares the languages out to one process per core: the site it
publishes is the one a single process builds, page for page and byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, build_site, make_project


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_parallel_build_publishes_what_one_process_builds(tmp_path):
    one = files(build_site(make_project(tmp_path / "one", FIXTURES / "finder"), jobs=1))
    # Three processes: the default language's process and two further ones.
    three = files(build_site(make_project(tmp_path / "three", FIXTURES / "finder"), jobs=3))
    assert sorted(one) == sorted(three)
    assert sum(name.endswith(".html") for name in one) > 100
    # The search's list of languages is written in the order Pagefind found them.
    entry = "pagefind/pagefind-entry.json"
    assert json.loads(one.pop(entry))["languages"] == json.loads(three.pop(entry))["languages"]
    different = [name for name in one if one[name] != three[name]]
    assert different == []
