"""Test support (gabarit.test.ts, ADR 9): reads the font programs a PDF embeds with fontTools, a font parser that
shares no code with pdfkit or fontkit, and compares each glyph with the original Marianne font.

Input on stdin, JSON: [{"programme": base64 of a bare CFF (FontFile3 /CIDFontType0C), "original": path of the font it
was cut from, "glyphes": [[cid, [code points from the ToUnicode CMap]], ...]}, ...]
Output on stdout, JSON, one object per font: whether it parsed, its registry, its glyph count, and for each glyph asked
its outline (number of drawing operations), its advance width, and the original glyphs with the very same outline.
Facts only: the test decides what is right.
"""
import base64
import io
import json
import sys

from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

originaux = {}


def trace(glyphe, glyph_set):
    pen = DecomposingRecordingPen(glyph_set)
    glyphe.draw(pen)
    return pen.value


def original(chemin):
    """The original font's code point map, units per em, and its glyphs grouped by outline."""
    if chemin not in originaux:
        police = TTFont(chemin)
        glyphes = police.getGlyphSet()
        par_trace = {}
        for nom in police.getGlyphOrder():
            par_trace.setdefault(repr(trace(glyphes[nom], glyphes)), []).append(nom)
        originaux[chemin] = {"cmap": police.getBestCmap(), "upm": police["head"].unitsPerEm, "par_trace": par_trace}
    return originaux[chemin]


def lire(demande):
    o = original(demande["original"])
    cff = CFFFontSet()
    try:
        cff.decompile(io.BytesIO(base64.b64decode(demande["programme"])), None)
        top = cff[cff.fontNames[0]]
        charstrings = top.CharStrings
        ros = list(getattr(top, "ROS", []) or [])
        cid_keyed = bool(ros)
        noms = top.charset
        resultat = {"erreur": None, "nom": cff.fontNames[0], "ros": ros, "cidKeyed": cid_keyed, "nbGlyphes": len(noms), "upmOriginal": o["upm"], "glyphes": []}
        for cid, code_points in demande["glyphes"]:
            # A CID-keyed CFF names its glyphs after their CID ("cid00042"); otherwise the CID is the glyph index.
            nom = f"cid{cid:05d}" if cid_keyed else (noms[cid] if cid < len(noms) else None)
            if nom is None or nom not in charstrings:
                resultat["glyphes"].append({"cid": cid, "present": False})
                continue
            glyphe = charstrings[nom]
            t = trace(glyphe, charstrings)
            cmap = o["cmap"].get(code_points[0]) if len(code_points) == 1 else None
            resultat["glyphes"].append(
                {
                    "cid": cid,
                    "present": True,
                    "operations": len(t),
                    "largeur": glyphe.width,
                    "glypheDuCaractere": cmap,
                    "memeTraceQue": o["par_trace"].get(repr(t), []),
                }
            )
        return resultat
    except Exception as e:  # a scrambled program: say what the parser refused
        return {"erreur": f"{type(e).__name__}: {e}"}


print(json.dumps([lire(d) for d in json.load(sys.stdin)]))
