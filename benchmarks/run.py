"""`make bench`: build synthetic sites at NRW scale and write benchmarks/RESULTS.md.

Measures, on this machine: the full build as `make site` runs it (`kim stage`, then
`mkdocs build` with its steps after the pages: the Content-Security-Policy, the search
index and the sitemap, timed by benchmarks/timed_build.py) at 100, 400 and 1,600 offices
in all ten languages; at NRW scale the floor (the same pages through Python-Markdown
into one Jinja template, no MkDocs: benchmarks/floor.py) and the same build in one
process with MkDocs and static-i18n as they are; the preview as `make serve` runs it
(`kim stage`, then `mkdocs serve --dirty`): save to changed page in every language, and
a broken file's list of mistakes in the viewed page, on the sample and at NRW scale;
first-view bytes (gzip) of an office page, the finder and the map; the finder's filter
time with 5,000 contacts; checking and staging of hostile input at n and 4n.

`BENCH_SIZES=20 BENCH_NRW=20` runs it all on a small site in a few minutes (a smoke
test: do not keep its RESULTS.md); `BENCH_SAVE_S` is how long the preview may take to
show a save (default 300 s), `BENCH_DIR` where the projects are built.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import plain_build  # noqa: E402
from benchmarks import floor, linear, slow3g  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from generator.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES  # noqa: E402

# A published site's address (as the CI files set it where content/site.yml has none):
# the build writes the sitemap, canonical and language links as it would for the web.
ENV = {"KIM_SITE_URL": "https://kim.example.org/", **os.environ, "NO_MKDOCS_2_WARNING": "1"}
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/kim-bench"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,400,1600").split(",")]
NRW = int(os.environ.get("BENCH_NRW", "400"))

TARGETS = {
    "build": 30.0,  # s, NRW scale, ten languages
    "growth": 4.4,  # 4x the offices: at most 4.4x time and memory
    "memory": 600,  # MB, NRW scale, all processes of the build together
    "reload": 3.0,  # s, save to changed page in every language under `make serve`, NRW scale
    "reload_sample": 1.0,  # s, the same on the sample site
    "broken": 3.0,  # s, save of a broken file to its list of mistakes in the viewed page, NRW scale
    "broken_sample": 1.0,  # s, the same on the sample site
    "office_kb": 60,
    "finder_kb": 150,
    "filter_ms": 16,
}


def run_measured(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall time (s) and peak memory (MB) of one command: the most that the command and
    the processes it started held together, sampled every 50 ms."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as quiet, (WORK / "stderr.log").open("w+b") as errors:
        process = subprocess.Popen(args, cwd=cwd, env={**ENV, **(env or {})}, stdout=quiet, stderr=errors)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{errors.read().decode()[-2000:]}")
    return wall, peak // 1024


def _tree_rss(pid: int) -> int:
    """Resident memory (KB) of a process and all its descendants."""
    total = 0
    try:
        total += next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_rss(int(child))
    except (OSError, StopIteration, ValueError):
        pass
    return total


def project(offices: int, contacts: int) -> Path:
    folder = WORK / f"offices-{offices}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    generate(folder / "content", offices=offices, contacts=contacts)
    return folder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_build(offices: int) -> dict:
    folder = project(offices, contacts=3 * offices)
    kim = [sys.executable, "-m", "generator.cli", "stage"]
    parts_file = WORK / "parts.json"
    parts_file.unlink(missing_ok=True)
    timed_build = [sys.executable, str(ROOT / "benchmarks" / "timed_build.py"), str(parts_file)]
    stage_s, stage_mb = run_measured(kim, folder)
    build_s, build_mb = run_measured(timed_build, folder)  # `mkdocs build`, its steps after the pages timed
    pages = sum(1 for _ in (folder / "site").rglob("*.html"))
    result = {
        "offices": offices,
        "stage_s": stage_s,
        "mkdocs_s": build_s,
        "parts": json.loads(parts_file.read_text(encoding="utf-8")) if parts_file.exists() else {},
        "full_s": stage_s + build_s,
        "peak_mb": max(stage_mb, build_mb),
        "pages": pages,
        "site_mb": folder_size(folder / "site") / 1e6,
    }
    if offices != NRW:
        return result
    # The floor: the staged pages through Markdown into one Jinja template, no MkDocs.
    result["floor_s"], result["floor_mb"] = run_measured([sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(folder)], folder)
    result["floor_pages"] = sum(1 for _ in (folder / "floor").rglob("index.html"))
    result["floor_files"] = len(floor.pages(folder))
    shutil.rmtree(folder / "floor")
    # At NRW scale, for comparison: the same build in one process, as MkDocs and static-i18n
    # alone would run it (tests/plain_build.py), in a copy: the preview is measured here later.
    plain = folder.with_name(folder.name + "-plain")
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(folder, plain, symlinks=True)
    plain_build.use_in(plain)
    result["one_process_s"], result["one_process_mb"] = run_measured([sys.executable, "-m", "mkdocs", "build"], plain, {"KIM_JOBS": "1"})
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STARTUP_S = 1800  # the preview's first build, of every language
SAVE_S = float(os.environ.get("BENCH_SAVE_S", "300"))  # the longest a save may take to show; then the bench gives up on it


def office_url(base: str, language: str, office: str) -> str:
    return f"{base}/offices/{office}/" if language == DEFAULT_LANGUAGE else f"{base}/{language}/offices/{office}/"


def measure_preview(folder: Path, office: str, later_saves: int = 3) -> dict | None:
    """The preview as `make serve` runs it (`kim stage`, then `mkdocs serve --dirty`), the
    editor looking at the office's German page. Seconds from writing the office's file
    to the changed text (a new note) being served in each language: the first save,
    then `later_saves` more; then a broken file (an unclosed quote) until the preview's
    state, which its pages look at every 0.4 s (assets/kim-preview.js), holds the list
    of mistakes, and the file put back until the list is gone. None if the preview did
    not start."""
    subprocess.run([sys.executable, "-m", "generator.cli", "stage"], cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    port = free_port()
    with (WORK / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=folder, env=ENV, stdout=log, stderr=subprocess.STDOUT,
        )
    urls = {language: office_url(f"http://127.0.0.1:{port}", language, office) for language in SITE_LANGUAGES}
    path = folder / "content" / "offices" / f"{office}.yml"
    original = path.read_text(encoding="utf-8")
    try:
        started = _wait_all(urls, lambda language, body: f'lang="{language}"' in body, STARTUP_S)
        if len(started) < len(urls):
            return None
        saves = []
        for _ in range(1 + later_saves):
            marker = f"Gemessen {time.time_ns()}"
            _fetch(urls[DEFAULT_LANGUAGE])  # the page the editor looks at
            start = time.perf_counter()
            path.write_text(original + f"notes: {marker}\n", encoding="utf-8")
            saves.append(_wait_all(urls, lambda language, body, marker=marker: marker in body, SAVE_S, start))
            if len(saves[-1]) < len(urls):
                break  # a language did not show it: the next saves would not measure more
            time.sleep(1)  # the editor reads the page before saving again
        state = {DEFAULT_LANGUAGE: f"http://127.0.0.1:{port}/kim-preview.json"}
        start = time.perf_counter()
        path.write_text(original + 'notes: "Gemessen, ohne Ende\n', encoding="utf-8")
        shown = _wait_all(state, lambda language, body: bool(_problems(body)), SAVE_S, start).get(DEFAULT_LANGUAGE)
        start = time.perf_counter()
        path.write_text(original, encoding="utf-8")
        gone = _wait_all(state, lambda language, body: not _problems(body), SAVE_S, start).get(DEFAULT_LANGUAGE)
        return {"first": saves[0], "later": saves[1:], "broken_s": shown, "fixed_s": gone}
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):  # also a file the preview replaced while it was sent
        return None


def _problems(state: str) -> list:
    """The mistakes the preview's pages show (kim-preview.json), or none."""
    try:
        return json.loads(state).get("problems") or []
    except (ValueError, AttributeError):
        return []


def _wait_all(urls: dict[str, str], ready, timeout: float, start: float | None = None) -> dict[str, float]:
    """Poll every language's page, German last in each round (the viewed page is the one
    last asked for), until `ready(language, body)` for each: the seconds from `start` to
    each language's answer that was ready; a language missing took longer than `timeout`."""
    start = time.perf_counter() if start is None else start
    waiting = sorted(urls, key=lambda language: language == DEFAULT_LANGUAGE)
    seen: dict[str, float] = {}
    while waiting and time.perf_counter() - start < timeout:
        for language in list(waiting):
            body = _fetch(urls[language])
            if body is not None and ready(language, body):
                seen[language] = time.perf_counter() - start
                waiting.remove(language)
        if waiting:
            time.sleep(0.05)
    return seen


def sample_project() -> Path:
    """The repository's sample content, for the preview on a small site."""
    folder = WORK / "sample"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, folder / name)
    (folder / "build" / "docs").mkdir(parents=True)
    return folder


def measure_first_views(site: Path) -> dict:
    """gzip bytes of everything a first view loads from our host (map tiles excluded)."""
    from playwright.sync_api import sync_playwright

    views = {
        "office": ("/offices/stelle-0001/", False),
        "finder": ("/finder/", False),
        "map": ("/map/", True),
    }
    sizes = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (path, consent) in views.items():
            context = browser.new_context()
            page = context.new_page()
            bodies: list = []
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())
            page.on("response", functools.partial(list.append, bodies))  # Playwright marks its handlers: no bound method
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            if consent:
                page.click("[data-map-consent]")
                page.wait_for_selector("[data-map-ready]")
                page.wait_for_load_state("networkidle")
            total = 0
            for response in bodies:
                if response.url.startswith(url):
                    try:
                        total += len(gzip.compress(response.body(), 6))
                    except Exception:  # redirects and aborted requests have no body
                        pass
            sizes[name] = total / 1024
            context.close()
        browser.close()
    return sizes


def measure_filter(site: Path, contacts: int = 5000) -> dict:
    """Median time of one filter change in the finder, index of `contacts` contacts."""
    from playwright.sync_api import sync_playwright

    from generator.outputs.finder import index_json
    from generator.reading.load import load

    content = WORK / "filter-content"
    generate(content, offices=contacts // 3, contacts=contacts)
    big = WORK / "filter-site"
    if big.exists():
        shutil.rmtree(big)
    shutil.copytree(site, big)
    (big / "finder" / "offices.json").write_text(index_json(load(content), dt.date.today(), "de"), encoding="utf-8")
    index_kb = len(gzip.compress((big / "finder" / "offices.json").read_bytes(), 6)) / 1024
    with serve(big) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "/finder/")
        page.wait_for_selector("[data-result-count]:not(:empty)")
        times = page.evaluate(
            """() => {
              const form = document.querySelector('[data-finder-form]');
              const codes = ['ar', 'tr', 'uk', 'fa', 'ti', 'gsg', 'en', 'ru', 'so', ''];
              const times = [];
              for (let round = 0; round < 3; round++) for (const code of codes) {
                const radio = form.querySelector(`input[name=language][value="${code}"]`);
                if (!radio) continue;
                radio.checked = true;
                const start = performance.now();
                radio.dispatchEvent(new Event('change', {bubbles: true}));
                times.push(performance.now() - start);
              }
              return times;
            }"""
        )
        browser.close()
    return {"median_ms": statistics.median(times), "max_ms": max(times), "runs": len(times), "index_kb": index_kb}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def against(value: float | None, target: float) -> str:
    """The verdict on a measure with a limit, and by how much it is missed."""
    if value is None:
        return verdict(False)
    return verdict(True) if value <= target else f"{verdict(False)} ({value / target:.1f}× the target)"


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    print("hostile input ...", flush=True)
    growth = linear.measure()
    builds = []
    for offices in SIZES:
        print(f"building {offices} offices ...", flush=True)
        builds.append(measure_build(offices))
        print(json.dumps(builds[-1]), flush=True)
    nrw = next(b for b in builds if b["offices"] == NRW)
    nrw_folder = WORK / f"offices-{NRW}"
    print("first views ...", flush=True)
    views = measure_first_views(nrw_folder / "site")
    print("finder filter ...", flush=True)
    filtering = measure_filter(nrw_folder / "site")
    print("preview ...", flush=True)
    previews = {"sample": measure_preview(sample_project(), "hagen-rathaus-ii"), "nrw": measure_preview(nrw_folder, "stelle-0001")}
    print(json.dumps(previews), flush=True)
    write_results(builds, nrw, views, filtering, previews, growth)
    print("slow 3G ...", flush=True)
    slow3g.write(slow3g.measure(nrw_folder / "site"), f"the site of {NRW} offices")
    print((ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8"))


def seconds(value: float | None) -> str:
    return f"not within {SAVE_S:.0f} s" if value is None else f"{value:.2f} s"


def slowest(seen: dict[str, float]) -> float | None:
    """A save's time until every language showed it; None if one did not."""
    return max(seen.values()) if len(seen) == len(SITE_LANGUAGES) else None


def later(result: dict, language: str | None = None) -> float | None:
    """The median of the later saves: of the slowest language, or of one language."""
    times = [slowest(save) if language is None else save.get(language) for save in result["later"]]
    return None if not times or None in times else statistics.median(t for t in times if t is not None)


def preview_row(result: dict | None, target: float) -> tuple[str, str]:
    if result is None:
        return f"the preview did not start within {STARTUP_S // 60} min", verdict(False)
    first, rest = slowest(result["first"]), later(result)
    if not result["later"]:
        return f"first save {seconds(first)} (the slowest of the ten languages); later saves not measured", verdict(False)
    text = f"first save {seconds(first)}, later saves {seconds(rest)} (median of {len(result['later'])}; each the slowest of the ten languages)"
    return text, against(None if first is None or rest is None else max(first, rest), target)


def broken_row(result: dict | None, target: float) -> tuple[str, str]:
    if result is None:
        return f"the preview did not start within {STARTUP_S // 60} min", verdict(False)
    text = f"{seconds(result['broken_s'])} (gone {seconds(result['fixed_s'])} after the file was put back)"
    return text, against(result["broken_s"], target)


def write_results(builds, nrw, views, filtering, previews, growth_by_input) -> None:
    by_size = {b["offices"]: b for b in builds}
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {dt.datetime.now():%Y-%m-%d %H:%M}, on {machine()}.",
        "Synthetic content from `benchmarks/synthetic.py` (seed 1): 53 municipalities, three contacts per office, ten site languages.",
        "",
        "## Full build (`kim stage` + `mkdocs build`, as `make site`)",
        "",
        f"`mkdocs build` runs one process per core ({os.cpu_count()} here). Its steps after the pages are timed where",
        "the build calls them (`benchmarks/timed_build.py`): the Content-Security-Policy (policy), the search",
        "index (Pagefind) and the sitemap; the rest of `mkdocs build` is the pages. Peak memory is what all",
        "processes of a step held together (sampled every 50 ms); the larger of the two steps.",
        "",
        "| offices | pages | full build | stage | mkdocs build | of it: pages | policy | search index | sitemap | peak memory, all processes | ms per page | site size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        parts = b.get("parts", {})
        pages_s = b["mkdocs_s"] - sum(parts.values())
        lines.append(
            f"| {b['offices']} | {b['pages']} | {b['full_s']:.1f} s | {b['stage_s']:.1f} s | {b['mkdocs_s']:.1f} s | {pages_s:.1f} s | "
            + " | ".join(f"{parts[name]:.1f} s" if name in parts else "–" for name in ("policy", "search", "sitemap"))
            + f" | {b['peak_mb']} MB | {1000 * b['full_s'] / b['pages']:.1f} | {b['site_mb']:.0f} MB |"
        )
    lines += [
        "",
        f"## The floor: the same pages with one Jinja template, no MkDocs ({NRW} offices)",
        "",
        f"`benchmarks/floor.py` reads the {nrw['floor_files']} page files of the staged docs tree (`build/docs` and any",
        "`build/docs-*` beside it; frames, `kim-frame*`, left out), all ten languages, takes off the front matter,",
        "puts the body through Python-Markdown with the extensions of mkdocs.yml (attr_list, md_in_html, toc with",
        "pymdownx's slugify; generated pages' HTML blocks set aside as the build does) and into one plain Jinja",
        f"page (title, table of contents, body), written as `floor/<path>/index.html`, in {floor.jobs()} processes (one per core).",
        "",
        "| | pages | time | peak memory | the full build's time as a multiple of it |",
        "|---|---:|---:|---:|---:|",
        f"| floor | {nrw['floor_pages']} | {nrw['floor_s']:.1f} s | {nrw['floor_mb']} MB | |",
        f"| full build (`kim stage` + `mkdocs build`) | {nrw['pages']} | {nrw['full_s']:.1f} s | {nrw['peak_mb']} MB | {nrw['full_s'] / nrw['floor_s']:.1f}× |",
        f"| of it: `mkdocs build` | | {nrw['mkdocs_s']:.1f} s | | {nrw['mkdocs_s'] / nrw['floor_s']:.1f}× |",
        "",
        f"At NRW scale ({NRW} offices), for comparison, the same docs tree built by MkDocs and static-i18n as",
        "they are (MkDocs without our plugin cannot build this theme: its templates use what the plugin provides):",
        "",
        "| build | time | peak memory |",
        "|---|---:|---:|",
        f"| `mkdocs build` (the full build's second step) | {nrw['mkdocs_s']:.1f} s | {nrw['peak_mb']} MB |",
        f"| one process, MkDocs and static-i18n as they are (`KIM_JOBS=1`, tests/plain_build.py) | {nrw['one_process_s']:.1f} s | {nrw['one_process_mb']} MB |",
        "",
        "## The preview (`make serve`), in every language",
        "",
        "As `make serve` runs it: `kim stage`, then `mkdocs serve --dirty`. The editor looks at the office's German",
        "page; a new note is saved in its file, and all ten languages' pages of the office are asked for in a loop",
        "(German last in each round) until each shows it: seconds from writing the file. The first save after the",
        "start, then three more (the median), a second after each was shown everywhere.",
        "",
        "| language | sample: first save | sample: later saves | NRW: first save | NRW: later saves |",
        "|---|---:|---:|---:|---:|",
    ]
    for language in SITE_LANGUAGES:
        cells = []
        for name in ("sample", "nrw"):
            result = previews[name]
            if result is None:
                cells += ["–", "–"]
            else:
                cells += [seconds(result["first"].get(language)), seconds(later(result, language)) if result["later"] else "–"]
        lines.append(f"| {language} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "A broken file (a note with an unclosed quote) saved in the same preview: seconds until the preview's state",
        "(`kim-preview.json`, which its pages' script looks at every 0.4 s) holds the list of mistakes, and, the file",
        "put back, until the list is gone: see the targets.",
    ]
    growth = ""
    if 4 * NRW in by_size:
        t = by_size[4 * NRW]["full_s"] / nrw["full_s"]
        m = by_size[4 * NRW]["peak_mb"] / nrw["peak_mb"]
        growth = f"{t:.2f}× time, {m:.2f}× memory"
        growth_ok = t <= TARGETS["growth"] and m <= TARGETS["growth"]
    preview_nrw, preview_sample = preview_row(previews["nrw"], TARGETS["reload"]), preview_row(previews["sample"], TARGETS["reload_sample"])
    broken_nrw, broken_sample = broken_row(previews["nrw"], TARGETS["broken"]), broken_row(previews["sample"], TARGETS["broken_sample"])
    lines += [
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| NRW scale ({NRW} offices), ten languages, full build (stage, build, search index, sitemap) ≤ {TARGETS['build']:.0f} s | {nrw['full_s']:.1f} s | {against(nrw['full_s'], TARGETS['build'])} |",
        f"| peak memory at NRW scale, all processes together ≤ {TARGETS['memory']} MB | {nrw['peak_mb']} MB | {against(nrw['peak_mb'], TARGETS['memory'])} |",
    ]
    if growth:
        lines.append(f"| 4× the offices ({NRW} → {4 * NRW}): ≤ {TARGETS['growth']}× time and memory | {growth} | {verdict(growth_ok)} |")
    lines += [
        f"| preview (`make serve`), NRW scale: a saved office in every language ≤ {TARGETS['reload']:.0f} s | {preview_nrw[0]} | {preview_nrw[1]} |",
        f"| preview, sample site: the same ≤ {TARGETS['reload_sample']:.0f} s | {preview_sample[0]} | {preview_sample[1]} |",
        f"| preview, NRW scale: a broken file's list of mistakes in the viewed page ≤ {TARGETS['broken']:.0f} s | {broken_nrw[0]} | {broken_nrw[1]} |",
        f"| preview, sample site: the same ≤ {TARGETS['broken_sample']:.0f} s | {broken_sample[0]} | {broken_sample[1]} |",
        f"| first view of an office page ≤ 60 KB gzip | {views['office']:.0f} KB | {against(views['office'], TARGETS['office_kb'])} |",
        f"| finder page with its index ≤ 150 KB gzip | {views['finder']:.0f} KB | {against(views['finder'], TARGETS['finder_kb'])} |",
        f"| map page after consent (tiles excluded) | {views['map']:.0f} KB | (no target) |",
        f"| finder filtering with 5,000 contacts ≤ 16 ms (median of {filtering['runs']}) | {filtering['median_ms']:.1f} ms (max {filtering['max_ms']:.1f} ms; index {filtering['index_kb']:.0f} KB gzip) | {against(filtering['median_ms'], TARGETS['filter_ms'])} |",
        f"| the floor: the full build as a multiple of the same pages in one Jinja template, no MkDocs | {nrw['full_s'] / nrw['floor_s']:.1f}× ({nrw['full_s']:.1f} s against {nrw['floor_s']:.1f} s) | (no target) |",
        "",
    ]
    lines += ["## Hostile input stays linear", "", "Checking and staging at n and 4n (`benchmarks/linear.py`): a ratio near 4 is linear, 16 quadratic.", "", *linear.table(growth_by_input), ""]
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8")]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
