"""The patches of other packages (generator/mkdocs_adapter/upstream.py) still fit the
installed packages: each function a patch replaces, copies or works through is as it
was checked, each line of their source that the adapter counts on is there, and each
Material file that overrides/ copies is the one it was copied from. In-process, no build.

A failure names the package, the installed version and what changed."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import inspect
import pkgutil
import re
from pathlib import Path

import material
import pytest
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from conftest import ROOT
from generator.mkdocs_adapter.upstream import UPSTREAM, Function, Line, MaterialFile

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
ADVICE = "\nRead the package's change, carry the patch in generator/mkdocs_adapter/upstream.py over (or drop it), then update its record there."


def fingerprint(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()[:16]


def parameters(function) -> str:
    """The signature without annotations (the source's fingerprint covers those)."""
    signature = inspect.signature(function)
    bare = [parameter.replace(annotation=parameter.empty) for parameter in signature.parameters.values()]
    return str(signature.replace(parameters=bare, return_annotation=signature.empty))


def material_original(original: str, templates: Path) -> bytes | None:
    """A file of Material's templates, or one block of it ("base.html#site_meta": up to its first endblock)."""
    path, _, block = original.partition("#")
    file = templates / path
    if not file.is_file():
        return None
    if not block:
        return file.read_bytes()
    found = re.search(r"\{% block " + re.escape(block) + r" %\}.*?\{% endblock %\}", file.read_text(encoding="utf-8"), re.S)
    return found.group(0).encode("utf-8") if found else None


def changed(record: Function | Line | MaterialFile, templates: Path = MATERIAL_TEMPLATES) -> list[str]:
    """What of the installed package no longer matches the record (nothing: it fits)."""
    package = f"{record.package} {importlib.metadata.version(record.package)} (checked against {record.checked})"
    if isinstance(record, MaterialFile):
        text = material_original(record.original, templates)
        if text is None:
            what = "is gone"
        elif fingerprint(text) != record.sha256:
            what = f"changed (fingerprint {record.sha256} is now {fingerprint(text)})"
        else:
            return []
        return [f"{package}: Material's {record.original} {what}. {record.ours}: {record.kim}. Compare it with the new original and carry the kim changes over."]
    try:
        function = pkgutil.resolve_name(record.name)
        source = inspect.getsource(function)
    except (ImportError, AttributeError, TypeError, OSError) as error:
        return [f"{package}: {record.name} is gone ({error}). The adapter counts on it: {record.why}."]
    found = []
    if isinstance(record, Function):
        if parameters(function) != record.signature:
            found.append(f"signature {record.signature} is now {parameters(function)}")
        if fingerprint(source) != record.source:
            found.append(f"source fingerprint {record.source} is now {fingerprint(source)}")
    elif record.line not in source:
        found.append(f"its source no longer holds {record.line!r}")
    return [f"{package}: {record.name}: {what}. The adapter counts on it: {record.why}." for what in found]


def name(record: Function | Line | MaterialFile) -> str:
    return record.original if isinstance(record, MaterialFile) else f"{record.name}:{getattr(record, 'line', '')}".rstrip(":")


@pytest.mark.parametrize("record", UPSTREAM, ids=name)
def test_what_each_patch_expects_is_as_installed(record):
    problems = changed(record)
    assert not problems, "\n".join(problems) + ADVICE


def test_the_versions_checked_are_the_versions_pinned():
    pinned = dict(line.split("==", 1) for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in line)
    stale = sorted({f"{record.package}: checked against {record.checked}, requirements.lock pins {pinned.get(record.package)}" for record in UPSTREAM if pinned.get(record.package) != record.checked})
    assert not stale, "\n".join(stale) + ADVICE


def test_every_material_file_that_overrides_copies_is_registered():
    registered = {record.original for record in UPSTREAM if isinstance(record, MaterialFile)}
    ours = {record.ours for record in UPSTREAM if isinstance(record, MaterialFile)}
    overrides = ROOT / "overrides"
    namesakes = {path.relative_to(overrides).as_posix() for path in overrides.rglob("*") if path.is_file() and (MATERIAL_TEMPLATES / path.relative_to(overrides)).is_file()}
    assert {f"overrides/{path}" for path in namesakes} <= ours
    # A block of main.html without super() replaces Material's block of base.html.
    main = (overrides / "main.html").read_text(encoding="utf-8")
    replaced = {block for block, body in re.findall(r"\{% block (\w+) -?%\}(.*?)\{%-? endblock", main, re.S) if "super()" not in body}
    assert {f"base.html#{block}" for block in replaced} <= registered


def test_only_upstream_reaches_into_other_packages():
    # The internals each patch touches, named only in upstream.py.
    internals = re.compile(r"_serve_request|clean_directory|reconfigure_files_alternates|\.current_language|\.building\b|extra_alternate|extra\.alternate|mount_path|sys\.modules|'dirty'")
    adapter = ROOT / "generator" / "mkdocs_adapter"
    found = [f"{path.name}: {match.group(0)}" for path in sorted(adapter.glob("*.py")) if path.name != "upstream.py" for match in internals.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


# -- The guard fails when a package changes ----------------------------------------------


def record_of(name: str, kind: type = Function):
    return next(record for record in UPSTREAM if isinstance(record, kind) and name in (record.original if isinstance(record, MaterialFile) else record.name))


def test_a_changed_fingerprint_is_reported_with_the_package_and_its_version():
    record = record_of("reconfigure_files_alternates")
    installed = importlib.metadata.version("mkdocs-static-i18n")
    assert changed(dataclasses.replace(record, source="0" * 16)) == [
        f"mkdocs-static-i18n {installed} (checked against 1.3.1): mkdocs_static_i18n.reconfigure.ExtendedPlugin.reconfigure_files_alternates: "
        f"source fingerprint 0000000000000000 is now {record.source}. The adapter counts on it: {record.why}."
    ]


def test_a_patched_method_changed_upstream_is_reported(monkeypatch):
    def reconfigure_files_alternates(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file, fallback=True):
        """As a later static-i18n might have it."""

    monkeypatch.setattr(ExtendedPlugin, "reconfigure_files_alternates", reconfigure_files_alternates)
    signature, source = changed(record_of("reconfigure_files_alternates"))
    assert "mkdocs-static-i18n" in signature and "reconfigure_files_alternates: signature (self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file) is now (self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file, fallback=True)" in signature
    assert "source fingerprint 6f85e2de7342bca1 is now" in source


def test_state_no_longer_set_upstream_is_reported(monkeypatch):
    def __init__(self, *args, **kwargs):
        self.current_language = None  # `building` gone

    monkeypatch.setattr(ExtendedPlugin, "__init__", __init__)
    building = next(record for record in UPSTREAM if isinstance(record, Line) and record.line == "self.building = False")
    assert [problem.split(": ", 2)[2] for problem in changed(building)] == ["its source no longer holds 'self.building = False'. The adapter counts on it: in_nested_build reads it."]
    assert changed(dataclasses.replace(building, name="mkdocs_static_i18n.reconfigure.ExtendedPlugin.gone"))[0].endswith("is gone (type object 'ExtendedPlugin' has no attribute 'gone'). The adapter counts on it: in_nested_build reads it.")


def test_a_copied_material_template_changed_upstream_is_reported(tmp_path):
    record = record_of("partials/header.html", MaterialFile)
    header = tmp_path / "partials" / "header.html"
    header.parent.mkdir()
    header.write_text((MATERIAL_TEMPLATES / "partials" / "header.html").read_text(encoding="utf-8").replace("md-header__inner", "md-header__inside"), encoding="utf-8")
    installed = importlib.metadata.version("mkdocs-material")
    [problem] = changed(record, tmp_path)
    assert problem.startswith(f"mkdocs-material {installed} (checked against 9.8.1): Material's partials/header.html changed (fingerprint 8cf3fb15bcf969ff is now ")
    assert problem.endswith("overrides/partials/header.html: a copy; the search field is shown for Pagefind's search, not Material's search plugin. Compare it with the new original and carry the kim changes over.")
    [gone] = changed(record_of("bundle.", MaterialFile), tmp_path)
    assert "Material's assets/javascripts/bundle.a5f9d56c.min.js is gone. overrides/assets/kim-head.js: kim-head.js takes the hreflang links out" in gone
