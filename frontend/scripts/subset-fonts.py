#!/usr/bin/env python3
"""The Marianne faces of the first screen (regular, medium, bold) cut in two (issue 31).

The DSFR's files hold 600 characters each (43 KB apiece, 128 KB for the three faces a page
shows, fetched before its first paint on a phone). Most pages need only Latin-1 and the common
punctuation: `-latin` (16 KB); the rest of the characters (other Latin letters, Vietnamese,
arrows, maths…) are in `-rest`, which the browser fetches only for a page that shows one of them
(unicode-range in src/styles/fonts.css). Nothing is lost: together they are the DSFR's file.

    pip install fonttools brotli && python3 frontend/scripts/subset-fonts.py

Run again after an update of @codegouvfr/react-dsfr changes its fonts; it prints the rest's
unicode-range, to copy into fonts.css if it changed.
"""
import pathlib
import subprocess
import sys

from fontTools.ttLib import TTFont

FRONTEND = pathlib.Path(__file__).resolve().parent.parent
SOURCE = FRONTEND / "node_modules/@codegouvfr/react-dsfr/dsfr/fonts"
OUT = FRONTEND / "src/styles/fonts"
FACES = ["Regular", "Medium", "Bold"]
# Latin-1 and the common punctuation (the usual "latin" subset of web fonts): French needs no more
# (œ, ’, «», the narrow no-break space of numbers, €).
LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"


def code_points(ranges: str) -> set[int]:
    out: set[int] = set()
    for part in ranges.split(","):
        first, _, last = part.strip()[2:].partition("-")
        out |= set(range(int(first, 16), int(last or first, 16) + 1))
    return out


def as_ranges(points: list[int]) -> str:
    spans: list[list[int]] = []
    for p in sorted(points):
        if spans and p == spans[-1][1] + 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in spans)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    latin = code_points(LATIN)
    rests = set()
    for face in FACES:
        source = SOURCE / f"Marianne-{face}.woff2"
        rest = as_ranges(sorted(set(TTFont(source).getBestCmap()) - latin))
        rests.add(rest)
        for part, unicodes in (("latin", LATIN), ("rest", rest)):
            target = OUT / f"Marianne-{face}-{part}.woff2"
            # Only the features a browser applies by itself (kern, liga, marks…): the DSFR asks
            # for no other (no font-feature-settings).
            subprocess.run(
                [sys.executable, "-m", "fontTools.subset", str(source), f"--unicodes={unicodes}", "--flavor=woff2", f"--output-file={target}"],
                check=True,
            )
            print(f"{target.relative_to(FRONTEND)}: {target.stat().st_size} bytes")
    if len(rests) != 1:
        sys.exit("the faces do not hold the same characters: one unicode-range per face in fonts.css")
    print(f"rest unicode-range: {rests.pop()}")


if __name__ == "__main__":
    main()
