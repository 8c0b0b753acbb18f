"""Write the docs tree: hand-written pages from `content/` plus the generated ones.

Any engine that reads a Material-style docs tree with static-i18n suffixes can
render the result; MkDocs is only one of them. Files are written only when their
content changed, so `mkdocs serve` does not rebuild in a loop and unchanged
pages keep their timestamps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from .. import i18n
from ..domain.directory import Directory
from ..outputs import feed, open_data
from ..outputs.maps import vendor_files
from ..reading.load import hand_written_files, load, load_settings
from ..reading.pages import split_name
from ..reading.yamlfile import Problem
from ..rendering import frames
from ..rendering.pages import FINDER_INDEX, beside_pages, contact_cards, handout_files, handout_parts, render_pages
from ..rendering.texts import GERMAN_ONLY, SECTION, compose
from . import changes, images
from .processes import end_with_parent, jobs, split

# In the docs tree (MkDocs ignores dot files): what the tree was staged from, and
# that kim made the folder (so it may delete what it did not write there).
STAMP = ".kim-staged"
MARKER = ".kim-docs"
KEPT = (STAMP, MARKER, ".gitkeep")  # .gitkeep: build/docs/ is in the repository, empty


class DocsFolderError(Exception):
    """The folder given for the docs tree holds other things: staging would delete them."""


def check_docs_dir(content_dir: Path, docs_dir: Path) -> None:
    docs, content = docs_dir.resolve(), content_dir.resolve()
    if docs == content or docs in content.parents or content in docs.parents:
        raise DocsFolderError(i18n.editor("kim: %(folder)s cannot hold the docs tree: it is, holds or lies inside the content folder. Use build/docs.", folder=docs_dir))
    ours = any((docs_dir / name).exists() for name in (MARKER, STAMP, "finder/offices.json"))  # the last: staged by older versions
    if docs_dir.is_dir() and any(p.name != ".gitkeep" for p in docs_dir.iterdir()) and not ours:
        raise DocsFolderError(i18n.editor("kim: %(folder)s holds files that kim did not write, and staging would delete them. Use an empty folder, such as build/docs.", folder=docs_dir))


GENERATOR_DIR = Path(__file__).parents[1]  # the whole generator: a change to any part of it stages anew


@dataclass
class StageResult:
    written: int
    unchanged: int
    removed: int
    warnings: list = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # written or removed: "docs", "pages", "site" (the folders)


def signature(content_dir: Path, today: dt.date, previous: str = "") -> str:
    """What the docs tree depends on: the content of every file of `content/` and of
    the generator, the date (closures and holidays are shown from today on), and where
    the previous publication's list of changes comes from (the feed compares with it).
    By content, not time stamps: `cp -p`, `rsync -t` or an unpacked archive keep
    the old time of a changed file."""
    digest = hashlib.sha256(f"{today.isoformat()}\n{previous}\n{frames.enabled()}\n".encode())
    for folder in (content_dir, GENERATOR_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder)}\n".encode())
                digest.update(_file_digest(path, path.stat()))
    return digest.hexdigest()


_digests: dict[tuple, bytes] = {}


def _file_digest(path: Path, status: os.stat_result) -> bytes:
    """A file's SHA-256, remembered in this process while the file is untouched (the
    change time moves on every write, whatever the modification time says)."""
    key = (str(path), status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    if key not in _digests:
        with path.open("rb") as f:
            _digests[key] = hashlib.file_digest(f, "sha256").digest()
    return _digests[key]


@contextlib.contextmanager
def build_lock(docs_dir: Path):
    """One build of a project at a time: a second one waits for the first, so that
    neither reads or writes a half-made tree. Held again by the same process, it
    does not wait."""
    path = docs_dir.parent / ".kim-build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _locks.setdefault(str(path.resolve()), filelock.FileLock(path))
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        print(i18n.editor("kim: another build of this project is running; waiting for it to finish (%(lock)s).", lock=path), file=sys.stderr)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


_locks: dict[str, filelock.FileLock] = {}


def stage(content_dir: Path, docs_dir: Path, today: dt.date | None = None, language: str | None = None, quick: bool = False) -> StageResult:
    """Check `content/` (raising ContentError) and bring `docs_dir` up to date.

    Does nothing when nothing changed since the last staging: `make site` stages
    with `kim stage`, and the MkDocs plugin (once per language) finds it done.
    `language`: the pages of that language only, the rest left as they are (the
    preview shows the language being viewed first, then stages all). `quick` (the
    preview): only the pages that show what changed since this process last staged
    the whole tree (staging/changes.py)."""
    check_docs_dir(content_dir, docs_dir)
    with build_lock(docs_dir):
        return _stage(content_dir, docs_dir, today or dt.date.today(), language, quick)


@dataclass
class _Last:
    """The whole tree as this process last staged it: the content, and the office cards."""

    today: dt.date
    directory: Directory
    cards: dict[str, dict] = field(default_factory=dict)


_last: dict[Path, _Last] = {}
_remembering = threading.Lock()  # a quick staging waits for `remember` to finish


def remember(content_dir: Path, docs_dir: Path, today: dt.date | None = None, cards: bool = True) -> None:
    """Load the content as staged, for the preview's first quick staging to compare with
    (`kim stage` staged it in another process), and with `cards` make what it keeps from
    save to save. The preview loads it before it serves a page (the editor may save at
    once), and makes the cards in the background."""
    today = today or dt.date.today()
    with _remembering:
        last = _last.get(docs_dir.resolve())
        if last is None:
            # Only the content as staged: one saved since would be taken for what the
            # site shows, and the change never rendered. Then the first quick staging
            # stages everything.
            stamp = docs_dir / STAMP
            source = previous_source(content_dir)
            staged = signature(content_dir, today, source or "")
            if not stamp.is_file() or stamp.read_text(encoding="utf-8") != staged:
                return
            last = _Last(today, load(content_dir, today=today))
            if signature(content_dir, today, source or "") != staged:
                return
            last = _last.setdefault(docs_dir.resolve(), last)
        if cards and not last.cards and last.today == today:
            # The cards and the finder's entries, which every save's lists show: made now,
            # while the editor reads, not at her first save.
            data = open_data.data_files(last.directory, today)
            render_pages(last.directory, today, False, i18n.SITE_LANGUAGES, data, lambda source: source.startswith("finder/"), last.cards)


def _stage(content_dir: Path, docs_dir: Path, today: dt.date, language: str | None = None, quick: bool = False) -> StageResult:
    stamp = docs_dir / STAMP
    source = previous_source(content_dir)
    current = signature(content_dir, today, source or "")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == current:
        return StageResult(0, 0, 0, [])
    stamp.unlink(missing_ok=True)
    directory = load(content_dir, today=today)
    previous = _previous(source) if source else feed.Previous()
    copied = hand_written_files(content_dir)
    languages = [language] if language else list(i18n.SITE_LANGUAGES)
    if quick:
        with _remembering:  # what the preview keeps is being made: use it when it is there
            pass
    kept = _last.get(docs_dir.resolve())
    changed = changes.between(kept.directory, directory) if quick and not language and kept and kept.today == today else None
    last = kept if kept is not None and changed is not None else _Last(today, directory)  # else its cards are made anew
    if changed is not None:
        for cards in last.cards.values():
            for key in [key for key in cards if key[0] in changed.offices]:
                del cards[key]
    if not language:
        _last[docs_dir.resolve()] = _Last(today, directory, last.cards)
    early = _Early() if changed is None and not language and frames.enabled() else None
    if early is not None:
        early.folder = pages_dir(docs_dir)
        early.keep = {split_name(path)[0] for path in copied if path.endswith(".md")} | set(GERMAN_ONLY)
    render = _render(directory, today, "index.md" not in copied, languages, not language, early) if changed is None else _render_changes(directory, today, "index.md" not in copied, changed, last.cards)
    generated = render | feed.feed_files(directory, today, previous)
    # A hand-written page takes the place of a generated one with the same path,
    # so editors can replace any generated page; texts.compose fills the gaps
    # between languages.
    # A quick staging leaves the pages it does not render again as they are, an editor's
    # page with a generated part (a topic's offices) too.
    hand_pages = {path: source.read_text(encoding="utf-8") for path, source in copied.items() if path.endswith(".md") and (changed is None or changed.shows(split_name(path)[0]))}
    pages = compose(hand_pages, {path: text for path, text in generated.items() if path.endswith(".md")}, languages)
    site_files: dict[str, str | bytes] = {path: text for path, text in generated.items() if is_site_file(path)}
    filled, pages = _frames(pages)
    pages.update(early.frames if early else {})
    # Text is encoded file by file as it is written (_sync): at NRW scale the pages are
    # hundreds of megabytes, which need not be held twice.
    wanted: dict[str, str | bytes] = {path: text for path, text in generated.items() if not path.endswith(".md") and not is_site_file(path)}
    wanted.update(vendor_files())
    wanted.update({path: images.published(source) for path, source in copied.items() if not path.endswith(".md")})
    wanted.update(pages)
    del generated

    docs_dir.mkdir(parents=True, exist_ok=True)
    (docs_dir / MARKER).touch()
    if language:
        # Pages of the one language, and the files every language uses. Also the German
        # page of a page that is gone: static-i18n would build it in the language's place
        # (every page that is not gone is there in every language, texts.compose).
        def ours(path: str) -> bool:
            if path.startswith(FINDER_INDEX) and path.endswith(".json"):
                return split_name(path.removesuffix(".json"))[1] == language  # each language has its own
            if not path.endswith(".md"):
                return True
            base, page_language = split_name(path)
            return page_language == language or (page_language == i18n.DEFAULT_LANGUAGE and f"{base}{i18n.suffix(language)}.md" not in wanted)

        docs = _sync(docs_dir, {path: data for path, data in wanted.items() if ours(path)}, ours)
        framed = _sync(pages_dir(docs_dir), {path: data for path, data in filled.items() if ours(path)}, ours)
        counts = (len(docs[0]) + len(framed[0]), docs[1] + framed[1], len(docs[2]) + len(framed[2]))
        return StageResult(*counts, sorted(directory.warnings + _feed_warning(source, previous)))  # no stamp: not all is staged
    ours = changed.owns if changed is not None else (lambda path: True)
    # Frames are made for the pages rendered: a quick staging leaves the others.
    docs = _sync(docs_dir, wanted, (lambda path: frames.FRAME not in path and ours(path)) if changed is not None else ours)
    beside = _sync(site_files_dir(docs_dir), site_files, ours)
    framed = _sync(pages_dir(docs_dir), filled, (lambda path: path not in early.written) if early else ours)
    if early:
        framed = (early.changed + framed[0], early.unchanged + framed[1], framed[2])
    stamp.write_text(current, encoding="utf-8")
    parts = (docs, beside, framed)
    return StageResult(
        sum(len(part[0]) for part in parts),
        sum(part[1] for part in parts),
        sum(len(part[2]) for part in parts),
        sorted(directory.warnings + _feed_warning(source, previous)),
        {"docs": docs[0] + docs[2], "site": beside[0] + beside[2], "pages": framed[0] + framed[2]},
    )


def _render_changes(directory: Directory, today: dt.date, start_page: bool, changed: changes.Changes, cards: dict[str, dict]) -> dict[str, str]:
    """The pages that show what a save changed, in every language, with the files beside them."""
    data = open_data.data_files(directory, today)
    return render_pages(directory, today, start_page, i18n.SITE_LANGUAGES, data, changed.shows, cards) | beside_pages(directory, today, changed.offices)


def _frames(pages: dict[str, str]) -> tuple[dict[str, str | bytes], dict[str, str]]:
    """The generated pages that are filled into frames after MkDocs has built them
    (rendering/frames.py), and the docs tree's pages: the others, and the frames."""
    if not frames.enabled():
        return {}, {path: text.replace(f"\n{SECTION}\n", "", 1) for path, text in pages.items()}
    filled: dict[str, str | bytes] = {}
    docs: dict[str, str] = {}
    for path, text in pages.items():
        head, section, tail = text.partition(f"\n{SECTION}\n")
        if page := frames.framed(path, text):
            filled[path] = text
            docs[page.frame] = frames.frame_source(page)
        elif section:
            # An editor's page with a generated part (a topic's offices): the editor's
            # part goes through MkDocs, the generated one is filled in.
            filled[path] = frames.tail_source(tail)
            docs[path] = frames.tail_frame(head, tail)
        else:
            docs[path] = text
    return filled, docs


# Where the previous publication's list of changes is (a path or an address), for the
# feed of changes; `none` for none. Unset: the site's own, <site_url>data/changes.json.
PREVIOUS_VARIABLE = "KIM_PREVIOUS"


def previous_source(content_dir: Path) -> str | None:
    chosen = os.environ.get(PREVIOUS_VARIABLE, "").strip()
    if chosen:
        return None if chosen.lower() == "none" else chosen
    site_url = load_settings(content_dir).site_url
    return f"{site_url}{feed.SNAPSHOT}" if site_url else None


_fetched: dict[str, feed.Previous] = {}


def _previous(source: str) -> feed.Previous:
    """The previous publication's list, read once per process (the preview stages on every save)."""
    if source not in _fetched:
        _fetched[source] = feed.read_previous(source)
    return _fetched[source]


def _feed_warning(source: str | None, previous: feed.Previous) -> list[Problem]:
    if not previous.problem:
        return []
    message = i18n.editor("could not be read (%(error)s): the feed of changes starts again with this build, and its earlier entries are not in it.", error=previous.problem)
    return [Problem(source or "", 1, 1, feed.SNAPSHOT, message, warning=True)]


@dataclass
class _Early:
    """Generated pages written by the process that rendered them, as they go into frames
    (no editor's page takes their place, and each language has its own): at NRW scale
    they are hundreds of megabytes, which need not be handed on and held together.
    In their place the docs tree gets their frames."""

    folder: Path = Path()
    keep: set[str] = field(default_factory=set)  # pages by path without language that are handed on
    frames: dict[str, str] = field(default_factory=dict)  # the frames of the pages written
    written: set[str] = field(default_factory=set)  # the pages written (or unchanged)
    changed: list[str] = field(default_factory=list)  # of them, those whose file changed
    unchanged: int = 0

    def put(self, path: str, text: str) -> bool:
        """Write the page at once if it goes into a frame; whether it did."""
        page = frames.framed(path, text) if split_name(path)[0] not in self.keep else None
        if page is None:
            return False
        self.frames[page.frame] = frames.frame_source(page)
        if _write(self.folder, path, text.replace(SECTION, "")):  # as texts.compose passes it on
            self.changed.append(path)
        else:
            self.unchanged += 1
        self.written.add(path)
        return True

    def add(self, other: _Early) -> None:
        self.frames |= other.frames
        self.written |= other.written
        self.changed += other.changed
        self.unchanged += other.unchanged


def _render(directory: Directory, today: dt.date, start_page: bool, languages: list[str], beside: bool, early: _Early | None = None) -> dict[str, str]:
    """The pages of `languages` (and the files beside them), the languages shared out to
    one process per core: forked, so that each has the content loaded already. Not
    where threads run (the preview's server), which a fork does not take along.
    `early`: what it takes is written at once."""
    groups = split(languages, jobs())
    data = open_data.data_files(directory, today)  # once, not in every process
    if len(groups) < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        pages, _ = _render_languages(directory, today, start_page, languages, data, early, beside=False)
        return pages | (beside_pages(directory, today) if beside else {})
    global _rendering
    _rendering = (directory, today, start_page, data, early)
    # Each forked process ends with this one (killed, it could not stop them).
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(groups) - 1, mp_context=fork, initializer=end_with_parent, initargs=(os.getpid(), True)) as pool:
        # Each process makes the offices' handout halves in its languages; the last also
        # the contact cards (the first has the default language and the most to do: the
        # start page, the German-only ones).
        futures = [pool.submit(_render_in_fork, group, beside, beside and number == len(groups) - 1) for number, group in enumerate(groups) if number]
        pages, handouts = _render_languages(directory, today, start_page, groups[0], data, early, beside)
        for future in futures:
            more, more_handouts, taken = future.result()
            pages.update(more)
            handouts.update(more_handouts)
            if early and taken:
                early.add(taken)
    return pages | (handout_files(directory, handouts) if beside else {})


_rendering: tuple[Directory, dt.date, bool, dict[str, str], _Early | None] | None = None


def _render_in_fork(languages: list[str], beside: bool, cards: bool) -> tuple[dict[str, str], dict[str, dict[str, str]], _Early | None]:
    assert _rendering is not None
    directory, today, start_page, data, inherited = _rendering
    early = _Early(inherited.folder, inherited.keep) if inherited else None
    pages, handouts = _render_languages(directory, today, start_page, languages, data, early, beside)
    return pages | (contact_cards(directory) if cards else {}), handouts, early


def _render_languages(directory: Directory, today: dt.date, start_page: bool, languages: list[str], data: dict[str, str], early: _Early | None, beside: bool) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The pages of `languages`, and with `beside` the offices' handout halves in them;
    with `early`, each page written as it is rendered and let go (a process held all of
    its languages' pages at once: at NRW scale, the build's peak of memory), and only
    the rest handed on."""
    pages = render_pages(directory, today, start_page, languages, data, put=early.put if early else None)
    return pages, {language: handout_parts(directory, today, language) for language in languages} if beside else {}



# Files that are no page and need nothing from MkDocs (contact cards, the handouts'
# halves, the open data) go beside the docs tree and are copied into the built site as they are:
# every file in the docs tree costs static-i18n time in each of the ten languages.
SITE_FILES = ("vcard/", "handout/", "data/")


def is_site_file(path: str) -> bool:
    return path.startswith(SITE_FILES) and not path.endswith(".md")


def pages_dir(docs_dir: Path) -> Path:
    """`build/docs-pages/` beside `build/docs/`: the generated pages filled into frames."""
    return docs_dir.with_name(f"{docs_dir.name}-pages")


def frames_dir(docs_dir: Path) -> Path:
    """`build/docs-frames/`: the frames as MkDocs last built them, for the preview to fill."""
    return docs_dir.with_name(f"{docs_dir.name}-frames")


def site_files_dir(docs_dir: Path) -> Path:
    """`build/docs-site/` beside `build/docs/`: copied into the site after the build."""
    return docs_dir.with_name(f"{docs_dir.name}-site")


def _sync(folder: Path, wanted: dict[str, str | bytes], ours: Callable[[str], bool] = lambda path: True) -> tuple[list[str], int, list[str]]:
    """Make `folder` hold exactly `wanted` (of the files `ours` accepts), writing only
    what changed: written, unchanged (a count), removed."""
    written: list[str] = []
    removed: list[str] = []
    unchanged = 0
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    for relative, value in wanted.items():
        if _write(folder, relative, value, root):
            written.append(relative)
        else:
            unchanged += 1
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in wanted and relative not in KEPT and ours(relative):
            path.unlink()
            removed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, unchanged, removed


def _write(folder: Path, relative: str, value: str | bytes, root: Path | None = None) -> bool:
    """Write one file into `folder` unless it holds that already; whether it was written."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    target = folder / relative
    if not target.resolve().is_relative_to(root or folder.resolve()):
        # Paths come from checked names only; this guards the promise anyway.
        raise ValueError(f"refusing to write {relative!r} outside {folder}")
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True
