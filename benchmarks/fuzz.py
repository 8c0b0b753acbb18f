"""Fuzz the checker with mutated content files: `python benchmarks/fuzz.py [count] [seed]`.

Each round takes one real file (an office, carrier, municipality, `site.yml` or a
page), mutates it as careless edits and pastes would (noise characters, cuts,
repeated lines, deep nesting, Markdown that nests or multiplies), and runs
`kim check` on a content folder holding it, in this process. Counted:
- crashes: the checker raised;
- malformed: a line that is not `file:line:column: field: message`;
- wrong acceptances: a page the checker accepts that Python-Markdown cannot turn into
  HTML in a build (rendered with the build's extensions, with fewer frames left than a
  build has), or whose sanitised HTML raises.
Not part of `make test` (5,000 rounds take some minutes).
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import markdown  # noqa: E402

from generator.reading import pages as texts  # noqa: E402
from generator.reading.load import check  # noqa: E402
from generator.reading.sanitise import clean_page  # noqa: E402

LINE = re.compile(r"^content/[^:\n]+:\d+:\d+: (warning: )?[^\s:][^\n]*?: \S[^\n]*$")
NOISE = list("-:[]{}#&*!|>'\"%@`,?\t\n _<>()=\\") + ["\x00", "\u202e", "\u200b", "\u3164", "²", "٤", "Ü", "ß", "ی", "а", "\ufeff", "0", "9", "a", "&#1114112;", "<div markdown>", "</div>", "    - ", "> ", "**", "__", "[", "![", "](", "{: #x }"]
BLOWUPS = ["*" * 3000, "_" * 3000, "[" * 1500, "<div markdown>\n\n" * 400, "".join("    " * i + "- x\n" for i in range(200)), "> " * 500, "- " * 500, "\u202e" * 500, "{" * 3000, "\n" * 3000]


def sources() -> list[tuple[str, str]]:
    """(path under content/, text) of real files to start from."""
    found = []
    for folder in (ROOT / "content", ROOT / "tests" / "fixtures" / "contract", ROOT / "tests" / "fixtures" / "real"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yml", ".md") and path.is_file() and path.name.lower() != "readme.md":
                found.append((path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")))
    return found


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 5)):
        at = rng.randint(0, len(text))
        kind = rng.random()
        if kind < 0.5:
            text = text[:at] + "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 6))) + text[at + rng.randint(0, 8) :]
        elif kind < 0.7:
            text = text[:at] + text[at + rng.randint(1, 200) :]
        elif kind < 0.85:
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            lines[line:line] = [lines[line]] * rng.randint(1, 50)
            text = "\n".join(lines)
        else:
            text = text[:at] + rng.choice(BLOWUPS) + text[at:]
    return text


def builds(page: str) -> bool:
    """Whether a page the checker accepted turns into HTML in a build: Python-Markdown
    with the site's extensions, with only 850 frames left (a build has about 900)."""
    body = texts.split_front_matter(page)[1]
    depth = len(traceback.extract_stack(limit=10_000))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 850)
    try:
        html = markdown.Markdown(extensions=list(texts.MARKDOWN_EXTENSIONS)).convert(body)
    except RecursionError:
        return False
    finally:
        sys.setrecursionlimit(limit)
    clean_page(html)
    return True


def main(count: int, seed: int) -> int:
    rng = random.Random(seed)
    files = sources()
    crashes, malformed, wrong, accepted = [], [], [], 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "content"
        shutil.copytree(ROOT / "content", base)
        for number in range(count):
            relative, text = rng.choice(files)
            content = Path(folder) / f"round-{number}" / "content"
            shutil.copytree(base, content)
            target = content / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            mutated = mutate(text, rng)
            target.write_text(mutated, encoding="utf-8")
            try:
                problems, warnings = check(content, content.parent)
            except Exception:
                crashes.append((relative, traceback.format_exc(limit=3)))
                continue
            finally:
                shutil.rmtree(content.parent, ignore_errors=True)
            malformed += [(relative, str(p)) for p in problems + warnings if not LINE.match(str(p))]
            if not problems:
                accepted += 1
                if relative.endswith(".md") and not builds(mutated):
                    wrong.append(relative)
            if (number + 1) % 500 == 0:
                print(f"{number + 1} rounds, {time.perf_counter() - start:.0f} s", flush=True)
    print(f"{count} mutated files ({accepted} accepted): {len(crashes)} crashes, {len(malformed)} malformed lines, {len(wrong)} wrong acceptances")
    for relative, trace in crashes[:5]:
        print(f"crash in {relative}:\n{trace}")
    for relative, line in malformed[:5]:
        print(f"malformed ({relative}): {line!r}")
    for relative in wrong[:5]:
        print(f"accepted but does not build: {relative}")
    return 1 if crashes or malformed or wrong else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, int(sys.argv[2]) if len(sys.argv) > 2 else 1))
