#!/usr/bin/env python3
"""Make the static Recursive faces mmdr embeds, from the npm package mermaid-cli embeds.

mermaid 12 draws the neo look's text in "Recursive Variable" from
@fontsource-variable/recursive 5.3.0: four woff2 subsets (latin, latin-ext, vietnamese,
cyrillic-ext) with only the weight axis free, the others at their defaults (Sans Linear:
MONO 0, CASL 0, slnt 0, CRSV 0.5). resvg draws static TrueType best, so this script pins
the axes and writes one TrueType file per style, the four subsets merged:

    Recursive-Regular.ttf     wght 400
    Recursive-Bold.ttf        wght 700
    Recursive-Italic.ttf      wght 400, slnt -15, CRSV 0
    Recursive-BoldItalic.ttf  wght 700, slnt -15, CRSV 0

The package has no italic: a browser slants the upright letters (synthetic oblique), so
the italics are the upright letterforms (CRSV 0: no cursive alternates) slanted 15
degrees, from the package's all-axes files. All four have the same advance widths and
kerning, which the script checks, with the advances against the variable font at each
weight.

Usage (fonttools and brotli from PyPI):

    npm install @fontsource-variable/recursive@5.3.0
    pip install fonttools brotli
    python3 fonts/make_recursive.py node_modules/@fontsource-variable/recursive fonts/
"""

import io
import json
import sys
from pathlib import Path

from fontTools.merge import Merger
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

# Later subsets never replace a character an earlier one maps (latin first, as the
# browser's last-declared face, latin, wins for characters in several ranges).
SUBSETS = ["latin", "latin-ext", "vietnamese", "cyrillic-ext"]

# name, file axes, wght, italic
STYLES = [
    ("Regular", "wght", 400, False),
    ("Bold", "wght", 700, False),
    ("Italic", "full", 400, True),
    ("Bold Italic", "full", 700, True),
]

FAMILY = "Recursive"
VERSION = "fontsource 5.3.0"


def location(wght, italic):
    """The design-space point of a style (the wght-only files have just one axis)."""
    if italic:
        return {"wght": wght, "slnt": -15, "CRSV": 0, "MONO": 0, "CASL": 0}
    return {"wght": wght}


def unicode_range(package, subset):
    """The characters the package's CSS gives a subset (its `unicode-range`)."""
    ranges = json.loads((package / "unicode.json").read_text())[subset]
    chars = set()
    for part in ranges.split(","):
        lo, _, hi = part.removeprefix("U+").partition("-")
        chars.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return chars


def instance(package, subset, axes, loc):
    """A static instance of one subset holding only the characters a browser takes from
    it, with every layout feature and no hinting, as an in-memory TrueType file."""
    font = TTFont(package / "files" / f"recursive-{subset}-{axes}-normal.woff2")
    static = instancer.instantiateVariableFont(font, loc, updateFontNames=False)
    static.flavor = None
    opts = Options()
    opts.layout_features = ["*"]
    opts.hinting = False
    opts.drop_tables += ["STAT", "MVAR", "gasp", "prep", "meta"]
    opts.name_IDs = [0]
    opts.notdef_outline = True
    opts.glyph_names = False
    sub = Subsetter(opts)
    sub.populate(unicodes=unicode_range(package, subset) & set(static.getBestCmap()))
    sub.subset(static)
    buf = io.BytesIO()
    static.save(buf)
    buf.seek(0)
    return buf


def build(package, style, axes, wght, italic):
    loc = location(wght, italic)
    merged = Merger().merge([instance(package, s, axes, loc) for s in SUBSETS])
    name(merged, style, wght, italic)
    # The source's dates, not today's: the same package always gives the same bytes.
    source = TTFont(package / "files" / f"recursive-{SUBSETS[0]}-{axes}-normal.woff2")
    merged["head"].created = source["head"].created
    merged["head"].modified = source["head"].modified
    merged.recalcTimestamp = False
    return merged


def name(font, style, wght, italic):
    """Family "Recursive", the style's name and flags, and where it came from."""
    ps = f"{FAMILY}-{style.replace(' ', '')}"
    axes = f"wght {wght}" + (", slnt -15, CRSV 0" if italic else "")
    table = font["name"]
    for nid, text in [
        (1, FAMILY),
        (2, style),
        (3, f"{VERSION};{ps}"),
        (4, f"{FAMILY} {style}"),
        (5, f"Version {VERSION}"),
        (6, ps),
        (10, f"Recursive Sans Linear ({axes}): a static instance of @fontsource-variable/"
             f"recursive 5.3.0 made for mmdr by fonts/make_recursive.py"),
    ]:
        table.setName(text, nid, 3, 1, 0x409)
    bold = wght >= 700
    os2 = font["OS/2"]
    os2.usWeightClass = wght
    os2.fsSelection &= ~0b1_0110_0001  # italic, bold, regular, oblique
    os2.fsSelection |= (1 if italic else 0) | (1 << 5 if bold else 0)
    if not (italic or bold):
        os2.fsSelection |= 1 << 6
    font["head"].macStyle = (1 if bold else 0) | (2 if italic else 0)
    font["post"].italicAngle = -15.0 if italic else 0.0


def advances_at(path, wght):
    """Advance width per character of the variable font at a weight, as a browser sets it."""
    font = TTFont(path)
    glyphs = font.getGlyphSet(location={"wght": wght})
    return {c: glyphs[g].width for c, g in font.getBestCmap().items()}


def kerning(font, pair):
    """The pair-positioning adjustment of two characters (GPOS lookups of type 2)."""
    cmap = font.getBestCmap()
    left, right = (cmap.get(ord(c)) for c in pair)
    for lookup in font["GPOS"].table.LookupList.Lookup:
        if lookup.LookupType != 2:
            continue
        for st in lookup.SubTable:
            if left not in st.Coverage.glyphs:
                continue
            if st.Format == 1:
                pairs = st.PairSet[st.Coverage.glyphs.index(left)].PairValueRecord
                value = next((p.Value1 for p in pairs if p.SecondGlyph == right), None)
            else:
                c1 = st.ClassDef1.classDefs.get(left, 0)
                c2 = st.ClassDef2.classDefs.get(right, 0)
                value = st.Class1Record[c1].Class2Record[c2].Value1
            if value is not None and getattr(value, "XAdvance", 0):
                return value.XAdvance
    return 0


def check(package, fonts):
    """The static advances are the variable font's, and the same in every style."""
    regular = fonts["Regular"]
    cmap = regular.getBestCmap()
    for style, _, wght, _ in STYLES:
        font = fonts[style]
        hmtx, own = font["hmtx"], font.getBestCmap()
        assert set(own) == set(cmap), f"{style}: other characters"
        for s in reversed(SUBSETS):
            path = package / "files" / f"recursive-{s}-wght-normal.woff2"
            for c, adv in advances_at(path, wght).items():
                got = hmtx[own[c]][0]
                assert got == round(adv), f"{style} U+{c:04X}: {got} != {adv}"
    printable = [chr(c) for c in range(0x21, 0x7F)]
    pairs = [a + b for a in printable for b in printable]
    want = [kerning(regular, p) for p in pairs]
    for style, font in fonts.items():
        assert [kerning(font, p) for p in pairs] == want, f"{style}: other kerning"
    print(f"advances checked: {len(cmap)} characters in {len(fonts)} styles")


def main():
    package, out = Path(sys.argv[1]), Path(sys.argv[2])
    fonts = {}
    for style, axes, wght, italic in STYLES:
        fonts[style] = build(package, style, axes, wght, italic)
    check(package, fonts)
    for style, font in fonts.items():
        path = out / f"{FAMILY}-{style.replace(' ', '')}.ttf"
        font.save(path)
        print(f"{path}: {path.stat().st_size} bytes, {len(font.getBestCmap())} characters")


if __name__ == "__main__":
    main()
