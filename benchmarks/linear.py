"""Hostile input stays linear: checking and staging at n and 4n of what an attacker
(or a careless paste) can multiply: invisible characters, contacts of one name,
names without Latin letters. Part of `make bench`; alone: `python benchmarks/linear.py`.

A ratio near 4 is linear; 16 would be quadratic. The preview stages the same way
(`generator/staging/stage.py`), so it grows as staging does.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.reading.load import check  # noqa: E402
from generator.staging.stage import stage  # noqa: E402
from test_hostile import OFFICE, small_content  # noqa: E402


def _content(folder: Path, office: str, page: str | None = None) -> Path:
    content = small_content(folder, office)
    if page is not None:
        (content / "page.md").write_text(page, encoding="utf-8")
    return content


def _contacts(count: int, name: str) -> str:
    person = f"  - {{name: '{name}', email: a@example.org, languages: [de], publish: true}}\n"
    return OFFICE.split("contacts:")[0] + "contacts:\n" + person * count


def _timed_check(office: str, page: str | None = None) -> float:
    with tempfile.TemporaryDirectory() as folder:
        content = _content(Path(folder), office, page)
        start = time.perf_counter()
        check(content, content.parent)
        return time.perf_counter() - start


def _timed_stage(office: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        content = _content(Path(folder), office)
        start = time.perf_counter()
        stage(content, Path(folder) / "build" / "docs")
        return time.perf_counter() - start


CASES = [
    ("kim check: office file with n invisible characters (U+202E)", 50_000, lambda n: _timed_check(OFFICE.replace("name: Testbüro", "name: Test" + "\u202e" * n))),
    ("kim check: page with n invisible characters (U+0001)", 20_000, lambda n: _timed_check(OFFICE, "# Seite\n\n" + "x\x01" * n)),
    ("kim check: page with n lines of nested lists", 500, lambda n: _timed_check(OFFICE, "# Seite\n\n" + "".join("    " * (i % 20) + "- x\n" for i in range(n)))),
    ("kim stage: n contacts named Max Muster", 100, lambda n: _timed_stage(_contacts(n, "Max Muster"))),
    ("kim stage: n contacts with Arabic names", 100, lambda n: _timed_stage(_contacts(n, "محمد علي"))),
]


def measure() -> list[dict]:
    results = []
    for what, n, run in CASES:
        run(n // 4)  # imports, compiled templates: not what is measured
        small, large = run(n), run(4 * n)
        results.append({"case": what, "n": n, "small_s": small, "large_s": large, "ratio": large / small})
        print(f"{what}: n={n:,} {small:.2f} s, 4n {large:.2f} s, ×{large / small:.1f}", flush=True)
    return results


def table(results: list[dict]) -> list[str]:
    lines = ["| case | n | time at n | at 4n | ratio (4 = linear) |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['case']} | {r['n']:,} | {r['small_s']:.2f} s | {r['large_s']:.2f} s | ×{r['ratio']:.1f} |" for r in results]
    return lines


if __name__ == "__main__":
    print("\n".join(table(measure())))
