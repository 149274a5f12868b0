"""xlsxcheck.py - an XML check of every part of a workbook, independent of
kvreport: each part valid UTF-8 and well-formed XML without characters XML
1.0 forbids; every chart with dispBlanksAs="gap" and the language de-DE, scatter lines
straight (smooth="0");
every chart series' cached values exactly the numbers in the cells it
refers to (no point where a cell is empty, so a missing value is a gap and
never a 0). problems(path) returns a list of findings, empty when clean."""
import re
import zipfile
import xml.etree.ElementTree as ET

import openpyxl

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# XML 1.0 Char: what may appear in a document, literally or as a reference
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
RANGE = re.compile(r"^'?(.+?)'?!\$?([A-Z]+)\$?([0-9]+)(?::\$?([A-Z]+)\$?([0-9]+))?$")


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def cells(wb, ref):
    m = RANGE.match(ref)
    if not m:
        raise ValueError(ref)
    sheet, c1, r1, c2, r2 = m.groups()
    ws = wb[sheet.replace("''", "'")]
    c2, r2 = c2 or c1, r2 or r1
    out = []
    for r in range(int(r1), int(r2) + 1):
        for c in range(col_index(c1), col_index(c2) + 1):
            out.append(ws.cell(row=r, column=c).value)
    return out


def check_chart(name, root, wb, found):
    blanks = root.find(f"{C}chart/{C}dispBlanksAs")
    if blanks is None or blanks.get("val") != "gap":
        found.append(f"{name}: no dispBlanksAs=gap")
    lang = root.find(f"{C}lang")
    if lang is None or lang.get("val") != "de-DE":
        found.append(f"{name}: language not de-DE")
    scatter = {id(s) for sc in root.iter(f"{C}scatterChart") for s in sc.iter(f"{C}ser")}
    for ser in root.iter(f"{C}ser"):
        if id(ser) in scatter:
            smooth = ser.find(f"{C}smooth")
            if smooth is None or smooth.get("val") != "0":
                found.append(f"{name}: a scatter line without smooth=0 (LibreOffice curves it)")
        for tag in ("val", "yVal"):
            ref = ser.find(f"{C}{tag}/{C}numRef")
            if ref is None:
                if ser.find(f"{C}{tag}") is not None:
                    found.append(f"{name}: {tag} without numbers")
                continue
            want = cells(wb, ref.find(f"{C}f").text)
            cache = ref.find(f"{C}numCache")
            pts = {int(p.get("idx")): float(p.find(f"{C}v").text)
                   for p in cache.findall(f"{C}pt")}
            for i, v in enumerate(want):
                number = isinstance(v, (int, float)) and not isinstance(v, bool)
                if number and (i not in pts or abs(pts[i] - v) > 1e-9 * max(1, abs(v))):
                    found.append(f"{name}: point {i} is {pts.get(i)}, the cell {v}")
                if not number and i in pts:
                    found.append(f"{name}: point {i} cached as {pts[i]} for the cell {v!r}")


def problems(path):
    found = []
    wb = openpyxl.load_workbook(path, data_only=True)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as e:
                found.append(f"{name}: not UTF-8 ({e})")
                continue
            if FORBIDDEN.search(text):
                found.append(f"{name}: a character XML 1.0 forbids")
            for ref in CHAR_REF.findall(text):
                cp = int(ref[1:], 16) if ref[0] == "x" else int(ref)
                if FORBIDDEN.match(chr(cp)) if cp < 0x110000 else True:
                    found.append(f"{name}: forbidden character reference &#{ref};")
            try:
                root = ET.fromstring(data)
            except ET.ParseError as e:
                found.append(f"{name}: not well-formed ({e})")
                continue
            if name.startswith("xl/charts/chart"):
                check_chart(name, root, wb, found)
    return found
