"""`kim links`: every web address in the content's YAML files, asked whether it still
leads somewhere. Not part of the build (it asks other hosts): editors run it now and
then, or a scheduled CI job does. Politely: one request at a time per host, a few
hosts at once, a time limit, each address once; HEAD first, GET where a server does
not answer HEAD. A dead link (4xx, 5xx, no answer) or a moved one (a permanent
redirect) is one line in the checker's format."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .. import i18n
from .load import DATA_FOLDERS, SETTINGS_FILE
from .yamlfile import Problem, YamlFile, field_name

ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
PERMANENT = (301, 308)
USER_AGENT = "KIM-Linkpruefung/1.0 (a directory of advice offices checking its links)"


@dataclass(frozen=True)
class Found:
    file: str
    line: int
    column: int
    field: str
    address: str


def addresses(content_dir: Path, shown_from: Path) -> list[Found]:
    """Every web address written as a value in content/'s data files and site.yml."""
    files = [content_dir / SETTINGS_FILE] + [path for folder in DATA_FOLDERS for path in sorted((content_dir / folder).glob("*.yml"))]
    found = []
    for path in files:
        if not path.is_file():
            continue
        file = YamlFile(path, path.relative_to(shown_from).as_posix(), [])
        data = file.data()
        for where, value in _values(data, ()):
            if isinstance(value, str) and ADDRESS.fullmatch(value.strip()):
                node = file.node(where)
                line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
                found.append(Found(file.shown_as, line, column, field_name(where), value.strip()))
    return found


def _values(data, path: tuple) -> Iterator[tuple[tuple, object]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _values(value, (*path, i))
    else:
        yield path, data


def verdict(address: str, timeout: float) -> str | None:
    """Why `address` is dead or moved, or None where it leads to a page."""
    headers = {"User-Agent": USER_AGENT}
    try:
        with requests.Session() as session:
            response = session.head(address, allow_redirects=True, timeout=timeout, headers=headers)
            if response.status_code in (403, 405, 501) or response.status_code >= 500:
                response = session.get(address, allow_redirects=True, timeout=timeout, headers=headers, stream=True)
                response.close()
    except requests.Timeout:
        return i18n.editor("'%(address)s' gives no answer within %(seconds)s seconds. Open it in a browser; if it stays silent, find the page's new address or remove it.", address=address, seconds=i18n.editor_number(timeout))
    except requests.RequestException as error:
        return i18n.editor("'%(address)s' cannot be reached (%(error)s). Check the address; if the site is gone, remove it or write the new one.", address=address, error=type(error).__name__)
    if response.status_code >= 400:
        return i18n.editor("'%(address)s' is dead: the server answers %(status)s %(reason)s. Find the page's new address, or remove it.", address=address, status=response.status_code, reason=response.reason)
    moved = [hop for hop in response.history if hop.status_code in PERMANENT]
    if moved and response.url.rstrip("/") != address.rstrip("/"):
        return i18n.editor("'%(address)s' has moved for good to %(new)s. Write that address instead.", address=address, new=response.url)
    return None


def check_links(found: list[Found], timeout: float = 10.0, hosts_at_once: int = 8) -> list[Problem]:
    """One problem per dead or moved address (as `addresses` found them), in the files' order."""
    locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
    guard = threading.Lock()

    def ask(address: str) -> str | None:
        with guard:
            lock = locks[urlsplit(address).netloc.lower()]
        with lock:  # one request at a time per host
            return verdict(address, timeout)

    unique = list(dict.fromkeys(f.address for f in found))
    with ThreadPoolExecutor(max_workers=hosts_at_once) as pool:
        verdicts = dict(zip(unique, pool.map(ask, unique), strict=True))
    return [Problem(f.file, f.line, f.column, f.field, message) for f in found if (message := verdicts[f.address])]
