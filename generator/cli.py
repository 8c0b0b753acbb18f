"""The editor's commands: `kim check` and `kim stage`, the core without MkDocs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import check
from .stage import DocsFolderError, stage
from .yamlfile import ContentError


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
    args = parser.parse_args(argv)

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


def _project_and_content(folder: Path) -> tuple[Path, Path]:
    if (folder / "offices").is_dir() and not (folder / "content").is_dir():
        return folder.parent, folder
    return folder, folder / "content"


if __name__ == "__main__":
    sys.exit(main())
