"""The processes a build starts end with it: after `kill -9` of `mkdocs build` (which
leaves it no time to stop anything) no forked staging process, no further language
build and no Pagefind is left running. Reads /proc (Linux)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, FIXTURES, make_project

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc")

OFFICES = 60  # enough that staging takes a second or more


def many_offices(project: Path) -> Path:
    """A project of OFFICES offices, not staged yet."""
    make_project(project, FIXTURES / "finder")
    (project / "build" / "docs").mkdir(parents=True)
    office = (FIXTURES / "finder" / "offices" / "b-nord-eickel.yml").read_text(encoding="utf-8")
    for number in range(OFFICES):
        text = office.replace("B Nord Eickel", f"Büro {number:03d}").replace("Kontakt Arabisch", f"Kontakt Arabisch {number:03d}").replace("Kontakt Türkisch", f"Kontakt Türkisch {number:03d}")
        (project / "content" / "offices" / f"buero-{number:03d}.yml").write_text(text, encoding="utf-8")
    return project


def processes() -> dict[int, tuple[int, str, str]]:
    """Every process: its parent, state and command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
            found[int(entry.name)] = (int(parent), state, command)
    return found


def descendants(pid: int) -> dict[int, str]:
    """The processes below `pid` (children, their children ...): their command lines."""
    table = processes()
    found: dict[int, str] = {}
    parents = {pid}
    while parents:
        children = {child for child, (parent, _, _) in table.items() if parent in parents and child not in found}
        found |= {child: table[child][2] for child in children}
        parents = children
    return found


def running(pids) -> list[int]:
    """Those of `pids` still running (an ended one can stay a zombie until reaped)."""
    table = processes()
    return [pid for pid in pids if pid in table and table[pid][1] not in "ZX"]


def wait_for(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if result := predicate():
            return result
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


# The phase of the build to kill it in: which of its children shows that it has begun.
# A forked staging process has the build's own command line; a further language build
# and Pagefind have their own, once their program runs.
PHASES = {
    "staging": lambda build, command: command == build,
    "languages": lambda build, command: ".kim-part" in command,
    "search index": lambda build, command: "pagefind" in command,
}


@pytest.mark.parametrize("phase", PHASES)
def test_kill_9_of_a_build_leaves_none_of_its_processes(finder_site, tmp_path, phase):
    project = tmp_path / "project"
    if phase == "staging":
        many_offices(project)
    else:
        shutil.copytree(finder_site.parent, project)  # staged already: the build starts with its languages
    # Two processes: one further process builds half the languages, whatever the machine.
    command = [sys.executable, "-m", "mkdocs", "build"]
    build = subprocess.Popen(command, cwd=project, env={**ENV, "KIM_JOBS": "2"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = " ".join(command) + " "  # as /proc shows it
    children: dict[int, str] = {}
    try:

        def begun() -> bool:
            assert build.poll() is None, f"the build ended before its {phase} began"
            children.update(descendants(build.pid))
            return any(PHASES[phase](own, child) for child in children.values())

        wait_for(begun, 300, f"the build's {phase}")
        if phase != "staging":
            # Held still, so that they cannot end by finishing their work first. (Their
            # program runs: what they do before it, ending with the build, is done.)
            for pid in running(children):
                os.kill(pid, signal.SIGSTOP)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        end = time.monotonic() + 5
        while running(children) and time.monotonic() < end:
            time.sleep(0.05)
        left = {pid: children[pid] for pid in running(children)}
        assert left == {}, f"left running after kill -9 of the build in its {phase}: {left}"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in running(children):  # left by a failure: ended here
            os.kill(pid, signal.SIGKILL)
