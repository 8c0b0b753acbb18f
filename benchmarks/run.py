"""`make bench`: build synthetic sites at NRW scale and write benchmarks/RESULTS.md.

Measures, on this machine: full build (stage + mkdocs build) at 100, 400 and 1,600
offices in all ten languages, and at NRW scale the same build in one process with
MkDocs and static-i18n as they are; the preview (`mkdocs serve --dirty`): save to
changed page in the language viewed and in German after it, on the sample and at NRW
scale; first-view bytes (gzip) of an office page, the finder and the map; the finder's
filter time with 5,000 contacts; checking and staging of hostile input at n and 4n.
"""

from __future__ import annotations

import datetime as dt
import gzip
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
from benchmarks import linear, slow3g  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/kim-bench"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,400,1600").split(",")]
NRW = int(os.environ.get("BENCH_NRW", "400"))

TARGETS = {
    "build": 30.0,  # s, NRW scale, ten languages
    "growth": 4.4,  # 4x the offices: at most 4.4x time and memory
    "memory": 600,  # MB, NRW scale, all processes of the build together
    "reload": 3.0,  # s, edit to changed page in the viewed language under mkdocs serve, NRW scale
    "reload_sample": 1.0,  # s, the same on the sample site
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
    mkdocs = [sys.executable, "-m", "mkdocs", "build"]
    stage_s, stage_mb = run_measured(kim, folder)
    build_s, build_mb = run_measured(mkdocs, folder)  # one process per core (generator/mkdocs_adapter/parallel.py)
    pages = sum(1 for _ in (folder / "site").rglob("*.html"))
    result = {
        "offices": offices,
        "stage_s": stage_s,
        "mkdocs_s": build_s,
        "full_s": stage_s + build_s,
        "peak_mb": max(stage_mb, build_mb),
        "pages": pages,
        "site_mb": folder_size(folder / "site") / 1e6,
    }
    if offices != NRW:
        return result
    # At NRW scale, for comparison: the same build in one process, as MkDocs and static-i18n
    # alone would run it (tests/plain_build.py), in a copy: the preview is measured here later.
    plain = folder.with_name(folder.name + "-plain")
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(folder, plain, symlinks=True)
    plain_build.use_in(plain)
    result["one_process_s"], result["one_process_mb"] = run_measured(mkdocs, plain, {"KIM_JOBS": "1"})
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_reload(folder: Path, office: str, marker_field: str = "notes") -> dict | None:
    """Seconds from saving one office's YAML to the changed page being served: in the
    language being viewed (Arabic), and in German, built after it in the background."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    viewed = f"http://127.0.0.1:{port}/ar/offices/{office}/"
    other = f"http://127.0.0.1:{port}/offices/{office}/"
    try:
        # Started, the other languages built, and the Arabic page opened last.
        if not _wait_for(other, lambda body: "<article" in body, 900) or not _wait_for(viewed, lambda body: 'lang="ar"' in body, 900):
            return None
        path = folder / "content" / "offices" / f"{office}.yml"
        original = path.read_text(encoding="utf-8")
        marker = f"Gemessen {time.time_ns()}"
        start = time.perf_counter()
        path.write_text(original + f"{marker_field}: {marker}\n", encoding="utf-8")
        try:
            if not _wait_for(viewed, lambda body: marker in body, 900):
                return None
            viewed_s = time.perf_counter() - start
            if not _wait_for(other, lambda body: marker in body, 900):
                return None
            return {"viewed_s": viewed_s, "other_s": time.perf_counter() - start}
        finally:
            path.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


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


def _wait_for(url: str, ready, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


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
            bodies = []
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())
            page.on("response", lambda response, bodies=bodies: bodies.append(response))
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
    reloads = {"sample": measure_reload(sample_project(), "hagen-rathaus-ii"), "nrw": measure_reload(nrw_folder, "stelle-0001")}
    print(json.dumps(reloads), flush=True)
    write_results(builds, nrw, views, filtering, reloads, growth)
    print("slow 3G ...", flush=True)
    slow3g.write(slow3g.measure(nrw_folder / "site"), f"the site of {NRW} offices")
    print((ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8"))


def reload_text(result: dict | None) -> str:
    if result is None:
        return "no change shown within 15 min"
    return f"{result['viewed_s']:.1f} s (German, built after it: {result['other_s']:.1f} s)"


def write_results(builds, nrw, views, filtering, reloads, growth_by_input) -> None:
    by_size = {b["offices"]: b for b in builds}
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {dt.datetime.now():%Y-%m-%d %H:%M}, on {machine()}.",
        "Synthetic content from `benchmarks/synthetic.py` (seed 1): 53 municipalities, three contacts per office, ten site languages.",
        "",
        "## Full build (`kim stage` + `mkdocs build`)",
        "",
        f"`mkdocs build` runs one process per core ({os.cpu_count()} here). Peak memory is what all",
        "processes of a step held together (sampled every 50 ms).",
        "",
        "| offices | pages | full build | of it: stage | peak memory | ms per page | site size |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        lines.append(
            f"| {b['offices']} | {b['pages']} | {b['full_s']:.1f} s | {b['stage_s']:.1f} s | {b['peak_mb']} MB | "
            f"{1000 * b['full_s'] / b['pages']:.1f} | {b['site_mb']:.0f} MB |"
        )
    lines += [
        "",
        f"At NRW scale ({NRW} offices), the same docs tree two ways (MkDocs without our plugin cannot",
        "build this theme: its templates use what the plugin provides):",
        "",
        "| build | time | peak memory |",
        "|---|---:|---:|",
        f"| `mkdocs build`: one process per core, HTML blocks set aside, language versions found by name | {nrw['mkdocs_s']:.1f} s | {nrw['peak_mb']} MB |",
        f"| one process, MkDocs and static-i18n as they are (`KIM_JOBS=1`, tests/plain_build.py) | {nrw['one_process_s']:.1f} s | {nrw['one_process_mb']} MB |",
    ]
    growth = ""
    if 400 in by_size and 1600 in by_size:
        t = by_size[1600]["full_s"] / by_size[400]["full_s"]
        m = by_size[1600]["peak_mb"] / by_size[400]["peak_mb"]
        growth = f"{t:.2f}× time, {m:.2f}× memory"
        growth_ok = t <= TARGETS["growth"] and m <= TARGETS["growth"]
    lines += [
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| NRW scale ({NRW} offices), ten languages, full build ≤ {TARGETS['build']:.0f} s | {nrw['full_s']:.1f} s | {verdict(nrw['full_s'] <= TARGETS['build'])} |",
        f"| peak memory at NRW scale ≤ {TARGETS['memory']} MB | {nrw['peak_mb']} MB | {verdict(nrw['peak_mb'] <= TARGETS['memory'])} |",
    ]
    if growth:
        lines.append(f"| 4× the offices (400 → 1,600): ≤ 4.4× time and memory | {growth} | {verdict(growth_ok)} |")
    lines += [
        f"| preview (`make serve`), NRW scale: edit to changed page in the language viewed ≤ {TARGETS['reload']:.0f} s | {reload_text(reloads['nrw'])} | {verdict(bool(reloads['nrw']) and reloads['nrw']['viewed_s'] <= TARGETS['reload'])} |",
        f"| preview, sample site: the same ≤ {TARGETS['reload_sample']:.0f} s | {reload_text(reloads['sample'])} | {verdict(bool(reloads['sample']) and reloads['sample']['viewed_s'] <= TARGETS['reload_sample'])} |",
        f"| first view of an office page ≤ 60 KB gzip | {views['office']:.0f} KB | {verdict(views['office'] <= TARGETS['office_kb'])} |",
        f"| finder page with its index ≤ 150 KB gzip | {views['finder']:.0f} KB | {verdict(views['finder'] <= TARGETS['finder_kb'])} |",
        f"| map page after consent (tiles excluded) | {views['map']:.0f} KB | (no target) |",
        f"| finder filtering with 5,000 contacts ≤ 16 ms (median of {filtering['runs']}) | {filtering['median_ms']:.1f} ms (max {filtering['max_ms']:.1f} ms; index {filtering['index_kb']:.0f} KB gzip) | {verdict(filtering['median_ms'] <= TARGETS['filter_ms'])} |",
        "",
    ]
    lines += ["## Hostile input stays linear", "", "Checking and staging at n and 4n (`benchmarks/linear.py`): a ratio near 4 is linear, 16 quadratic.", "", *linear.table(growth_by_input), ""]
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8")]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
