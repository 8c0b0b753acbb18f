"""Synthetic content at the scale of NRW, reproducible from a seed, valid for `kim check`.

Everything here is made up for measuring and says so: municipalities are
"Kommune 01", streets "Messstraße", contacts "Kontakt 0001" with example.org
addresses and no phone numbers, so no real person, number or address is invented.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from generator.contract.records import DAYS, TOPICS

# A realistic spread: most offices counsel in German and English, many in Arabic,
# Turkish, Ukrainian, Russian; a long tail of rare languages.
COMMON = [("en", 0.8), ("ar", 0.55), ("tr", 0.45), ("uk", 0.35), ("ru", 0.35), ("fa", 0.2), ("ku", 0.2), ("pl", 0.15), ("ro", 0.15), ("bg", 0.12), ("fr", 0.15)]
RARE = ["ckb", "kmr", "prs", "ps", "sq", "bs", "sr", "ka", "ti", "so", "it", "es", "el", "hu", "vi", "zh", "ur", "hi", "ta", "am", "gsg", "sw", "pt", "ha"]

# NRW lies within about 50.3-52.5 N, 5.9-9.4 E.
LAT, LON = (50.4, 52.4), (6.0, 9.3)


def generate(target: Path, offices: int = 400, contacts: int = 1200, municipalities: int = 53, seed: int = 1) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    for folder in ("offices", "carriers", "municipalities", "topics"):
        (target / folder).mkdir(parents=True)
    (target / "index.md").write_text("---\ntitle: Messung\n---\n\n# Messung\n\n[Finder](finder/index.md)\n", encoding="utf-8")
    carriers = ["awo", "caritas", "diakonie", "drk", "planb", "kommune"]
    for carrier in carriers:
        (target / "carriers" / f"{carrier}.yml").write_text(f"name: Träger {carrier.upper()} (synthetisch)\n", encoding="utf-8")
    places = []
    for m in range(1, municipalities + 1):
        ident = f"kommune-{m:02d}"
        base = 40000 + m * 300
        postcodes = [f"{base + i * 2:05d}" for i in range(rng.randint(2, 8))]
        centre = (rng.uniform(*LAT), rng.uniform(*LON))
        places.append((ident, postcodes, centre))
        (target / "municipalities" / f"{ident}.yml").write_text(
            f"name: Kommune {m:02d}\npostcodes: [{', '.join(repr(p) for p in postcodes)}]\n", encoding="utf-8"
        )
    per_office = [contacts // offices + (1 if i < contacts % offices else 0) for i in range(offices)]
    number = 0
    for o in range(offices):
        ident, postcodes, (lat, lon) = places[o % municipalities]
        languages = ["de"] + [code for code, share in COMMON if rng.random() < share]
        languages += rng.sample(RARE, rng.choice([0, 0, 0, 1, 1, 2]))
        lines = [
            f"name: Beratungsstelle {o + 1:04d} (synthetisch)",
            f"carrier: {rng.choice(carriers)}",
            f"municipality: {ident}",
            f"district: Bezirk {rng.randint(1, 6)}",
            f'address: {{street: Messstraße {o + 1}, postcode: "{rng.choice(postcodes)}", city: Kommune {ident[-2:]}}}',
            f"location: {{lat: {lat + rng.uniform(-0.08, 0.08):.5f}, lon: {lon + rng.uniform(-0.08, 0.08):.5f}}}",
            f"email: stelle{o + 1:04d}@example.org",
            f"appointment: {rng.choice(['required', 'recommended', 'walk-in'])}",
            f"languages: [{', '.join(languages)}]",
            f"interpreters: {str(rng.random() < 0.3).lower()}",
            f"topics: [{', '.join(rng.sample(TOPICS, rng.randint(3, 9)))}]",
            f'responsible_for: {{postcodes: ["{rng.choice(postcodes)}"]}}',
            "reviewed: 2026-11-01",
        ]
        if rng.random() < 0.8:
            days = sorted(rng.sample(DAYS[:5], rng.randint(2, 5)), key=DAYS.index)
            lines += ["opening_hours:", f'  - {{days: [{", ".join(days)}], open: "0{rng.randint(7, 9)}:00", close: "1{rng.randint(2, 7)}:30"}}']
        if rng.random() < 0.3:
            lines += ["closures:", "  - {from: 2026-12-23, to: 2027-01-02}"]
        lines.append("contacts:" if per_office[o] else "")
        for _ in range(per_office[o]):
            number += 1
            spoken = ["de"] + rng.sample(languages[1:], min(len(languages) - 1, rng.randint(0, 3)))
            lines += [
                f"  - name: Kontakt {number:04d}",
                f"    role: {rng.choice(['case-manager', 'case-manager', 'team-lead', 'coordinator'])}",
                f"    email: kontakt{number:04d}@example.org",
                f"    languages: [{', '.join(spoken)}]",
                f"    publish: {str(rng.random() < 0.9).lower()}",
            ]
        (target / "offices" / f"stelle-{o + 1:04d}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write synthetic content for benchmarks.")
    parser.add_argument("target", type=Path)
    parser.add_argument("--offices", type=int, default=400)
    parser.add_argument("--contacts", type=int, default=1200)
    parser.add_argument("--municipalities", type=int, default=53)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.target, args.offices, args.contacts, args.municipalities, args.seed)
