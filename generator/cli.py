"""The editor's commands: `kim check`, `kim stage`, `kim export` and `kim schema`, the core without MkDocs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .reading.load import check
from .reading.yamlfile import ContentError
from .staging.stage import DocsFolderError, stage


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - an editor gets one line, never a traceback
        print(f"kim: internal error ({type(error).__name__}: {error}). This is a bug in the generator, not in your content: please report it with the files you changed.", file=sys.stderr)
        return 3


def _run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="kim", description="KIM case-management site: check content and stage the docs tree.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check content/ and print every problem")
    check_cmd.add_argument("folder", nargs="?", default=".", help="project folder holding content/ (default: current folder), or the content folder itself")
    stage_cmd = commands.add_parser("stage", help="check content/ and write the docs tree for MkDocs")
    stage_cmd.add_argument("folder", nargs="?", default=".", help="project folder holding content/ (default: current folder)")
    stage_cmd.add_argument("--docs-dir", default="build/docs", help="where to write the docs tree, relative to the project folder")
    export_cmd = commands.add_parser("export", help="check content/ and write the open data (JSON, GeoJSON, CSV, HSDS, DCAT) without building the site")
    export_cmd.add_argument("folder", nargs="?", default=".", help="project folder holding content/ (default: current folder)")
    export_cmd.add_argument("--out", default="build/data", help="where to write the files, relative to the project folder (default: build/data)")
    links_cmd = commands.add_parser("links", help="ask every web address in the content's files whether it still leads somewhere (dead or moved links; needs the internet)")
    links_cmd.add_argument("folder", nargs="?", default=".", help="project folder holding content/ (default: current folder)")
    links_cmd.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each answer (default: 10)")
    review_cmd = commands.add_parser("review", help="list the offices due for a check (review_months in content/site.yml), oldest first; with --out, a letter in German for each")
    review_cmd.add_argument("folder", nargs="?", default=".", help="project folder holding content/ (default: current folder)")
    review_cmd.add_argument("--out", help="write the letters (<office>.txt) and the list (faellig.md) into this folder, relative to the project folder")
    schema_cmd = commands.add_parser("schema", help="write schema/*.schema.json and the field reference docs/fields.md from the data contract")
    schema_cmd.add_argument("folder", nargs="?", default=".", help="project folder (default: current folder)")
    schema_cmd.add_argument("--check", action="store_true", help="only say whether they are up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(Path(args.folder), args.check)

    project, content = _project_and_content(Path(args.folder))
    if not content.is_dir():
        print(f"kim: no content folder at {content}. Run kim in the project folder or name it: kim {args.command} path/to/project", file=sys.stderr)
        return 2
    if args.command == "check":
        problems, warnings = check(content, project)
        for problem in problems + warnings:
            print(problem)
        offices = len([p for p in (content / "offices").glob("*.yml")])
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
            return 1
        notes = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
        print(f"OK: {offices} offices checked, no problems{notes}.", file=sys.stderr)
        return 0
    if args.command == "export":
        return _export(content, project / args.out)
    if args.command == "review":
        return _review(content, project / args.out if args.out else None)
    if args.command == "links":
        return _links(content, project, args.timeout)
    try:
        result = stage(content, project / args.docs_dir)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    except DocsFolderError as error:
        print(error, file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(f"Staged {project / args.docs_dir}: {result.written} written, {result.unchanged} unchanged, {result.removed} removed.", file=sys.stderr)
    return 0


def _review(content: Path, out: Path | None) -> int:
    """The offices due for a check: the list on stdout, or letters and list in `out`."""
    import datetime as dt

    from .outputs.review import due, due_list, letter
    from .reading.load import load

    try:
        directory = load(content)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    today = dt.date.today()
    offices = due(directory, today)
    listing = due_list(offices, directory.settings.review_months, today)
    if out is None:
        print(listing, end="")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for office in offices:
        (out / f"{office.slug}.txt").write_text(letter(office, directory, today), encoding="utf-8")
    (out / "faellig.md").write_text(listing, encoding="utf-8")
    print(f"{len(offices)} letters and the list (faellig.md) written to {out}.", file=sys.stderr)
    return 0


def _links(content: Path, project: Path, timeout: float) -> int:
    """Dead and moved links, one line each; 1 when there is one."""
    from .reading.links import addresses, check_links

    dead = check_links(content, project, timeout)
    for problem in dead:
        print(problem)
    checked = len({found.address for found in addresses(content, project)})
    print(f"{checked} web addresses checked, {len(dead)} dead or moved.", file=sys.stderr)
    return 1 if dead else 0


def _export(content: Path, out: Path) -> int:
    """The files the site publishes under /data/, written to `out` (the same function as the build's)."""
    import datetime as dt

    from .outputs.open_data import data_files
    from .reading.load import load

    try:
        directory = load(content)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    for path, text in data_files(directory, dt.date.today()).items():
        target = out / path.removeprefix("data/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    print(f"Exported the open data of {len(directory.offices)} offices to {out}.", file=sys.stderr)
    return 0


def _schema(project: Path, check_only: bool) -> int:
    """The JSON Schema files and the field reference (docs/fields.md), made from the models."""
    from .contract.schema import FIELDS_FILE, KINDS, SCHEMA_DIR, json_schema, with_field_reference

    wanted = {project / SCHEMA_DIR / f"{kind}.schema.json": json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n" for kind in KINDS}
    fields = project / FIELDS_FILE
    if fields.is_file():
        wanted[fields] = with_field_reference(fields.read_text(encoding="utf-8"))
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if check_only:
        for path in stale:
            print(f"kim: {path} is not what the data contract gives. Run: kim schema", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
        print(f"Wrote {path}", file=sys.stderr)
    return 0


def _project_and_content(folder: Path) -> tuple[Path, Path]:
    if (folder / "offices").is_dir() and not (folder / "content").is_dir():
        return folder.parent, folder
    return folder, folder / "content"


if __name__ == "__main__":
    sys.exit(main())
