"""The editor's commands: `kim check`, `kim stage`, `kim export` and `kim schema`, the core without MkDocs."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from . import i18n
from .reading.load import check
from .reading.yamlfile import ContentError, Problem
from .staging.stage import DocsFolderError, stage


def main(argv: list[str] | None = None) -> int:
    language = _chosen_language(sys.argv[1:] if argv is None else argv)
    before = os.environ.get(i18n.EDITOR_LANGUAGE_VARIABLE)
    if language:
        os.environ[i18n.EDITOR_LANGUAGE_VARIABLE] = language
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - an editor gets one line, never a traceback
        message = i18n.editor(
            "kim: internal error (%(error)s). This is a bug in the generator, not in your content: please report it with the files you changed.", error=f"{type(error).__name__}: {error}"
        )
        print(message, file=sys.stderr)
        return 3
    finally:
        if before is None:
            os.environ.pop(i18n.EDITOR_LANGUAGE_VARIABLE, None)
        else:
            os.environ[i18n.EDITOR_LANGUAGE_VARIABLE] = before


def _chosen_language(argv: list[str]) -> str | None:
    """`--lang en` (before or after the command): read first, so that the help texts speak it too."""
    chooser = argparse.ArgumentParser(add_help=False)
    chooser.add_argument("--lang")
    known, _rest = chooser.parse_known_args(argv)
    return known.lang if known.lang in i18n.EDITOR_LANGUAGES else None


class _Help(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, i18n.editor("usage: ") if prefix is None else prefix)


# argparse's own error messages (Python 3.11 and later), put into the editor's language.
# A message of another shape stays as argparse wrote it.
_ARGPARSE_ERRORS = (
    (re.compile(r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)"), i18n.editor_later("%(argument)s: there is no %(value)s. Choose one of %(choices)s.")),
    (re.compile(r"argument (?P<argument>\S+): invalid (?:float|int) value: (?P<value>.+)"), i18n.editor_later("%(argument)s: %(value)s is not a number.")),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), i18n.editor_later("%(argument)s: the value after it is missing.")),
    (re.compile(r"the following arguments are required: (?P<argument>.+)"), i18n.editor_later("missing: %(argument)s.")),
    (re.compile(r"unrecognized arguments: (?P<value>.+)"), i18n.editor_later("kim does not know %(value)s.")),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for shape, said in _ARGPARSE_ERRORS:
            if found := shape.fullmatch(message):
                words = found.groupdict()
                if words.get("argument") == "command":
                    words["argument"] = i18n.editor("command")
                message = i18n.editor(said, **words)
                break
        self.exit(2, i18n.editor("%(prog)s: %(problem)s See: %(prog)s -h", prog=self.prog, problem=message) + "\n")


def _parser(make, *args, **kwargs) -> argparse.ArgumentParser:
    """A parser whose help speaks the editor's language."""
    parser = make(*args, formatter_class=_Help, add_help=False, **kwargs)
    parser._positionals.title = i18n.editor("arguments")
    parser._optionals.title = i18n.editor("options")
    parser.add_argument("-h", "--help", action="help", help=i18n.editor("show this help and exit"))
    language_help = i18n.editor("language of the messages: de (German, the default) or en (English); also set by %(variable)s", variable=i18n.EDITOR_LANGUAGE_VARIABLE)
    parser.add_argument("--lang", choices=i18n.EDITOR_LANGUAGES, help=language_help)
    return parser


def _run(argv: list[str] | None) -> int:
    folder_help = i18n.editor("project folder holding content/ (default: current folder)")
    parser = _parser(_Parser, prog="kim", description=i18n.editor("KIM case-management site: check content and stage the docs tree."))
    commands = parser.add_subparsers(dest="command", required=True, title=i18n.editor("commands"))
    check_cmd = _parser(commands.add_parser, "check", help=i18n.editor("check content/ and print every problem"))
    check_cmd.add_argument("folder", nargs="?", default=".", help=i18n.editor("project folder holding content/ (default: current folder), or the content folder itself"))
    stage_cmd = _parser(commands.add_parser, "stage", help=i18n.editor("check content/ and write the docs tree for MkDocs"))
    stage_cmd.add_argument("folder", nargs="?", default=".", help=folder_help)
    stage_cmd.add_argument("--docs-dir", default="build/docs", help=i18n.editor("where to write the docs tree, relative to the project folder"))
    export_help = i18n.editor("check content/ and write the open data (JSON, GeoJSON, CSV, HSDS, DCAT) without building the site")
    export_cmd = _parser(commands.add_parser, "export", help=export_help)
    export_cmd.add_argument("folder", nargs="?", default=".", help=folder_help)
    export_cmd.add_argument("--out", default="build/data", help=i18n.editor("where to write the files, relative to the project folder (default: build/data)"))
    links_cmd = _parser(commands.add_parser, "links", help=i18n.editor("ask every web address in the content's files whether it still leads somewhere (dead or moved links; needs the internet)"))
    links_cmd.add_argument("folder", nargs="?", default=".", help=folder_help)
    links_cmd.add_argument("--timeout", type=float, default=10.0, help=i18n.editor("seconds to wait for each answer (default: 10)"))
    review_cmd = _parser(commands.add_parser, "review", help=i18n.editor("list the offices due for a check (review_months in content/site.yml), oldest first; with --out, a letter in German for each"))
    review_cmd.add_argument("folder", nargs="?", default=".", help=folder_help)
    review_cmd.add_argument("--out", help=i18n.editor("write the letters (<office>.txt) and the list (faellig.md) into this folder, relative to the project folder"))
    schema_help = i18n.editor("write schema/*.schema.json and the field reference docs/fields.md from the data contract")
    schema_cmd = _parser(commands.add_parser, "schema", help=schema_help)
    schema_cmd.add_argument("folder", nargs="?", default=".", help=i18n.editor("project folder (default: current folder)"))
    schema_cmd.add_argument("--check", action="store_true", help=i18n.editor("only say whether they are up to date (exit 1 if not)"))
    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(Path(args.folder), args.check)

    project, content = _project_and_content(Path(args.folder))
    if not content.is_dir():
        message = i18n.editor("kim: no content folder at %(folder)s. Run kim in the project folder or name it: kim %(command)s path/to/project", folder=content, command=args.command)
        print(message, file=sys.stderr)
        return 2
    if args.command == "check":
        problems, warnings = check(content, project)
        warnings += _stale_schemas(project)
        for problem in problems + warnings:
            print(problem)
        offices = len([p for p in (content / "offices").glob("*.yml")])
        if problems:
            print(i18n.editor_plural("%(count)s problem found.", "%(count)s problems found.", len(problems)), file=sys.stderr)
            return 1
        if warnings:
            summary = i18n.editor_plural(
                "OK: %(offices)s offices checked, no problems, %(count)s warning.", "OK: %(offices)s offices checked, no problems, %(count)s warnings.", len(warnings), offices=offices
            )
        else:
            summary = i18n.editor("OK: %(offices)s offices checked, no problems.", offices=offices)
        print(summary, file=sys.stderr)
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
    staged = i18n.editor(
        "Staged %(folder)s: %(written)s written, %(unchanged)s unchanged, %(removed)s removed.",
        folder=project / args.docs_dir,
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
    )
    print(staged, file=sys.stderr)
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
    print(i18n.editor_plural("%(count)s letter and the list (faellig.md) written to %(folder)s.", "%(count)s letters and the list (faellig.md) written to %(folder)s.", len(offices), folder=out), file=sys.stderr)
    return 0


def _links(content: Path, project: Path, timeout: float) -> int:
    """Dead and moved links, one line each; 1 when there is one."""
    from .reading.links import addresses, check_links

    found = addresses(content, project)
    dead = check_links(found, timeout)
    for problem in dead:
        print(problem)
    checked = len({f.address for f in found})
    print(i18n.editor_plural("%(count)s web address checked, %(dead)s dead or moved.", "%(count)s web addresses checked, %(dead)s dead or moved.", checked, dead=len(dead)), file=sys.stderr)
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
    print(i18n.editor("Exported the open data of %(count)s offices to %(folder)s.", count=len(directory.offices), folder=out), file=sys.stderr)
    return 0


def _schema(project: Path, check_only: bool) -> int:
    """The JSON Schema files and the field reference (docs/fields.md), made from the models."""
    from .contract.schema import schema_files, stale_files

    if check_only:
        stale = stale_files(project)
        for path in stale:
            print(i18n.editor("kim: %(file)s is not what the data contract gives. Run: kim schema", file=path), file=sys.stderr)
        return 1 if stale else 0
    wanted = schema_files(project)
    for path in [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
        print(i18n.editor("Wrote %(file)s", file=path), file=sys.stderr)
    return 0


def _stale_schemas(project: Path) -> list[Problem]:
    """The project's schema files that do not know the content's carriers and towns (or
    an older contract): the editor's own program then marks right ids as wrong."""
    from .contract.schema import SCHEMA_DIR, stale_files

    if not (project / SCHEMA_DIR).is_dir():
        return []
    message = i18n.editor_later("does not know the content's carriers and towns as they are now, so your editor marks right ids as wrong and suggests old ones. Run: kim schema")
    return [Problem(path.relative_to(project).as_posix(), 1, 1, "file", i18n.editor(message), warning=True) for path in stale_files(project, only_schemas=True)]


def _project_and_content(folder: Path) -> tuple[Path, Path]:
    if (folder / "offices").is_dir() and not (folder / "content").is_dir():
        return folder.parent, folder
    return folder, folder / "content"


if __name__ == "__main__":
    sys.exit(main())
