#!/usr/bin/python3
"""The report as a tagged PDF/UA-1 and PDF/A-2a file, checked with real
clients since there is no veraPDF or PAC here: the machine-checkable
checkpoints of the Matterhorn Protocol and of PDF/A-2 with pikepdf
(marked content, structure tree, parent tree, alternative text, tables,
headings, links, document-level entries, XMP, fonts), pdf.js (the
structure tree Firefox exposes to screen readers), poppler
(pdfinfo -struct-text, pdftotext) and Ghostscript (pdfwrite round trip).
For the default report, 104 participants over 20 years in 7 rings, nasty
names and a draft: the circle report with every check, and the same
runs' participant reports (berichte/) and ring reports (ringe/) with the
checks that hold for every report (each file; the slower ones on a
sample). Also make bench's untagged variant (KVREPORT_BENCH_UNTAGGED).

    KVREPORT=build/kvreport tests/test_tagging.py [unittest args]
"""
import csv
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest

import pikepdf

from kvtest import FAST, INPUT, ROOT, gendata, kvreport

ICC = "/usr/share/color/icc/colord/sRGB.icc"
PDFJS = os.path.join(ROOT, "build", "pdfjs")
# what draws or shows something: each must lie in marked content
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "EI"}
HEADING = re.compile(r"^H(\d)$")


def tool(*args, cwd=None):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def unicode_map(font):
    """A font's ToUnicode map (bfchar and bfrange, 2-byte codes) as a dict
    code -> text: the fonts of the PDF module show glyph ids (see pdffont.h),
    which only this map turns back into characters."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    out = {}

    def text(h):
        return bytes.fromhex(h).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = text(uni)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            base = int(uni, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(base + i)
    return out


def decode(operands, umap):
    """The text of a show operator in the font whose map is umap."""
    out = []
    for o in operands:
        items = o if isinstance(o, pikepdf.Array) else [o]
        for i in items:
            if isinstance(i, pikepdf.String):
                b = bytes(i)
                out.extend(umap.get(b[k] << 8 | b[k + 1], "\ufffd") for k in range(0, len(b) - 1, 2))
    return "".join(out)


def struct_roles(node, acc):
    """The roles (and alt texts) of pdf.js's structure tree node, in order."""
    if "role" in node:
        acc.append((node["role"], node.get("alt")))
    for c in node.get("children", []):
        struct_roles(c, acc)
    return acc


def cities_of(data):
    with open(os.path.join(data, "cities.csv"), encoding="utf-8-sig") as f:
        return [r["name"] for r in csv.DictReader(f, delimiter=";")]


def participants_of(data):
    """id -> (name, ring) from cities.csv."""
    with open(os.path.join(data, "cities.csv"), encoding="utf-8-sig") as f:
        return {r["id"]: (r["name"], r.get("group") or "") for r in csv.DictReader(f, delimiter=";")}


def probe(tc, pdf, names):
    """Another PDF of the run (a participant or ring report) as a Tagged
    object whose checks tc runs: Tagged's methods read the class's doc,
    tree and marks, and their assertions are tc's."""
    cls = type("Probe", (Tagged,), {"__getattr__": lambda self, n: getattr(tc, n)})
    cls.pdf, cls.names, cls.tmp = pdf, names, tc.tmp
    cls.doc = pikepdf.open(pdf)
    cls.tree = cls.walk_tree()
    cls.marks = cls.walk_pages()
    return cls()


class Tagged:
    """The checks, for a report made by the subclass's setUpClass (cls.pdf,
    cls.names)."""

    names_in_bars = True  # every participant is named in a bar chart's alt text
    flags_in_tables = True  # the value tables show flagged values
    # the datasets of issue 15's "Done when": their participant and ring
    # reports get the checks below too
    every_report = False
    draft = False
    # the checks that hold for every report of a run, run on each of them
    EVERY_REPORT = ("test_everything_drawn_is_artifact_or_reachable_content",
                    "test_page_furniture_is_artifact", "test_tables_have_header_cells_with_scope",
                    "test_table_cells_are_what_a_reader_hears", "test_headings_do_not_skip_levels", "test_document_level_entries",
                    "test_xmp_mirrors_the_info_dictionary", "test_fonts_embedded_with_unicode_maps",
                    "test_notes_are_found_by_their_id", "test_structure_tree_is_in_object_streams",
                    "test_one_cross_reference_stream")
    # the slower ones (other programs, the font programs), on a sample
    SAMPLED = ("test_font_programs_hold_the_glyphs_with_their_widths", "test_qpdf_check_is_clean",
               "test_pdftotext_prints_no_warning", "test_text_survives_ghostscript")

    @classmethod
    def make(cls, data, *args, layout=FAST):
        cls.tmp = tempfile.mkdtemp(prefix="kvtag-")
        out = os.path.join(cls.tmp, "out")
        p = kvreport("-i", data, "-o", out, *args, layout=layout)
        assert p.returncode == 0, p.stderr
        year = sorted(os.listdir(out))[0]
        cls.out = os.path.join(out, year)
        cls.pdf = os.path.join(cls.out, f"monitoring-{year}.pdf")
        cls.names = cities_of(data)
        cls.participants = participants_of(data)
        cls.doc = pikepdf.open(cls.pdf)
        cls.tree = cls.walk_tree()
        cls.marks = cls.walk_pages()

    @classmethod
    def tearDownClass(cls):
        cls.doc.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # ---- the structure tree in reading order -----------------------------------

    @classmethod
    def walk_tree(cls):
        """Every element reachable from the StructTreeRoot in reading order:
        (objgen, tag, element, depth); and per (page objgen, MCID) the
        element holding it; per annotation objgen its element."""
        root = cls.doc.Root.StructTreeRoot
        elems, mcids, objrs = [], {}, {}

        def visit(e, depth):
            tag = str(e.S).lstrip("/")
            elems.append((e.objgen, tag, e, depth))
            page = e.get("/Pg")
            k = e.get("/K")
            kids = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
            for kid in kids:
                if isinstance(kid, int):
                    mcids[(page.objgen, int(kid))] = e.objgen
                elif kid.get("/Type") == "/MCR":
                    mcids[(kid.Pg.objgen, int(kid.MCID))] = e.objgen
                elif kid.get("/Type") == "/OBJR":
                    objrs[kid.Obj.objgen] = e.objgen
                else:
                    visit(kid, depth + 1)

        k = root.K
        for e in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            visit(e, 0)
        return {"elems": elems, "mcids": mcids, "objrs": objrs,
                "by_id": {og: (tag, e) for og, tag, e, _ in elems}}

    @classmethod
    def walk_pages(cls):
        """Per page: the painting operators outside marked content, the
        MCIDs used (with their BDC tag and text), the artifacts' text."""
        pages, maps = [], {}
        for page in cls.doc.pages:
            stack, outside, used, art = [], [], {}, []
            fonts, umap, saved = page.Resources.get("/Font", {}), {}, []
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "Tf":
                    font = fonts[str(operands[0])]
                    if font.objgen not in maps:
                        maps[font.objgen] = unicode_map(font)
                    umap = maps[font.objgen]
                elif op == "q":
                    saved.append(umap)
                elif op == "Q":
                    umap = saved.pop()
                elif op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    mcid = None
                    if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                        mcid = int(operands[1].get("/MCID", -1))
                    stack.append((tag, mcid))
                    if mcid is not None:
                        used.setdefault(mcid, [tag, ""])
                elif op == "EMC":
                    stack.pop()
                elif op in PAINT:
                    inner = [s for s in stack if s[0] == "/Artifact" or s[1] is not None]
                    if not inner:
                        outside.append(op)
                        continue
                    tag, mcid = inner[-1]
                    if op in ("Tj", "TJ", "'", '"'):
                        if tag == "/Artifact":
                            art.append(decode(operands, umap))
                        else:
                            used[mcid][1] += decode(operands, umap)
            pages.append({"page": page, "outside": outside, "used": used, "art": art,
                          "open": len(stack)})
        return pages

    def parent_tree(self):
        nums = list(self.doc.Root.StructTreeRoot.ParentTree.Nums)
        return dict(zip([int(x) for x in nums[0::2]], nums[1::2]))

    def elements(self, tag):
        return [e for _, t, e, _ in self.tree["elems"] if t == tag]

    # ---- Matterhorn 01, 14, 28, 31; PDF/A-2 6.x ----------------------------------

    def test_everything_drawn_is_artifact_or_reachable_content(self):
        for i, p in enumerate(self.marks):
            self.assertEqual(p["outside"], [], f"page {i + 1}: drawn outside marked content")
            self.assertEqual(p["open"], 0, f"page {i + 1}: marked content left open")
            if not p["used"]:
                continue
            sp = int(p["page"].StructParents)
            arr = self.parent_tree()[sp]
            for mcid, (tag, _) in p["used"].items():
                owner = self.tree["mcids"].get((p["page"].objgen, mcid))
                self.assertIsNotNone(owner, f"page {i + 1} MCID {mcid} not in the tree")
                self.assertEqual(arr[mcid].objgen, owner, f"page {i + 1} MCID {mcid}")
                self.assertEqual("/" + self.tree["by_id"][owner][0], tag)

    def test_page_furniture_is_artifact(self):
        n = len(self.marks)
        for i, p in enumerate(self.marks[1:], start=2):
            self.assertIn(f"Seite {i} von {n}", p["art"])
            content = "".join(t for _, t in p["used"].values())
            self.assertNotIn(f"Seite {i} von {n}", content)

    def test_figures_have_alt_text_from_the_data(self):
        figures = self.elements("Figure")
        self.assertTrue(figures)
        bars = ""
        for f in figures:
            alt = str(f.get("/Alt", ""))
            self.assertRegex(alt, r"(?s)^(Balken|Linien|Profil|Verteilungs)diagramm: .+\. ")
            if alt.startswith("Balkendiagramm"):
                bars += alt
                self.assertRegex(alt, r"Gesamtwert -?[\d.]+(,\d+)?; Mittelwert -?[\d.]+(,\d+)?\.$")
            if alt.startswith("Liniendiagramm"):
                self.assertRegex(alt, r"Gesamtwert: \d{4} ")
        for name in self.names if self.names_in_bars else ():
            self.assertIn(name + " ", bars)

    def test_tables_have_header_cells_with_scope(self):
        tables = self.elements("Table")
        self.assertTrue(tables)
        for og, tag, e, _ in self.tree["elems"]:
            if tag == "TH":
                self.assertIn(str(e.A.Scope), ("/Column", "/Row"))
        for t in tables:
            rows = list(t.K)
            self.assertTrue(all(str(r.S) == "/TR" for r in rows))
            first = rows[0].K
            self.assertTrue(all(str(c.S) == "/TH" for c in first))
            # the head's cells head columns, a row's header cell its row
            # (one attribute object each, shared by reference)
            self.assertEqual({str(c.A.Scope) for c in first}, {"/Column"})
            self.assertEqual({str(c.A.Scope) for r in rows[1:] for c in r.K if str(c.S) == "/TH"},
                             {"/Row"} if any(str(c.S) == "/TH" for r in rows[1:] for c in r.K)
                             else set())
            widths = {len(list(r.K)) for r in rows}
            self.assertEqual(len(widths), 1, "rows of one table differ in cells")

    def element_texts(self):
        """Per element (objgen) the text of its marked content."""
        text = {}
        for p in self.marks:
            for mcid, (_, t) in p["used"].items():
                owner = self.tree["mcids"].get((p["page"].objgen, mcid))
                text[owner] = text.get(owner, "") + t
        return text

    def test_table_cells_are_what_a_reader_hears(self):
        """Every header cell says something; a value's flag mark (p, s, r,
        |) is read with its value, in the value's cell, not as a column of
        its own with an empty header (a screen reader would announce an
        empty column after every year)."""
        text = self.element_texts()
        for og, tag, _, _ in self.tree["elems"]:
            if tag == "TH":
                self.assertTrue(text.get(og, "").strip(), f"header cell {og} without text")
        cells = [text.get(og, "") for og, tag, _, _ in self.tree["elems"] if tag == "TD"]
        self.assertFalse([c for c in cells if c.strip() in ("p", "s", "r", "|")],
                         "a flag mark in a cell of its own")

    def test_flag_mark_is_read_with_its_value(self):
        if not self.flags_in_tables:
            self.skipTest("no value tables with flagged values")
        text = self.element_texts()
        cells = [text.get(og, "") for og, tag, _, _ in self.tree["elems"] if tag == "TD"]
        self.assertTrue([c for c in cells if re.fullmatch(r"-?[\d.]+(,\d+)?[psr|]", c)],
                        "no value with its flag mark in one cell")

    def test_headings_do_not_skip_levels(self):
        level = 0
        seen = []
        for _, tag, _, _ in self.tree["elems"]:
            m = HEADING.match(tag)
            if m:
                n = int(m.group(1))
                self.assertLessEqual(n, level + 1, f"{tag} after H{level}: {seen[-3:]}")
                level = n
                seen.append(tag)
        self.assertIn("H2", seen)

    def test_lists_and_contents_are_structured(self):
        for li in self.elements("LI"):
            self.assertEqual([str(k.S) for k in li.K], ["/Lbl", "/LBody"])
        self.assertTrue(self.elements("L"))
        for toci in self.elements("TOCI"):
            self.assertEqual(str(toci.K[0].S), "/Link")
        self.assertTrue(self.elements("TOCI"))

    def test_every_link_annotation_is_in_the_structure(self):
        links = 0
        keys = self.parent_tree()
        for page in self.doc.pages:
            self.assertEqual(page.get("/Tabs"), "/S")
            for a in page.get("/Annots", []):
                if a.Subtype != "/Link":
                    continue
                links += 1
                owner = self.tree["objrs"].get(a.objgen)
                self.assertIsNotNone(owner, "link annotation without OBJR")
                self.assertEqual(self.tree["by_id"][owner][0], "Link")
                self.assertEqual(keys[int(a.StructParent)].objgen, owner)
                self.assertRegex(str(a.Contents), r"Seite \d+")
                self.assertEqual(int(a.F) & 4, 4)
        self.assertGreater(links, 0)

    def test_document_level_entries(self):
        root = self.doc.Root
        self.assertEqual(str(root.Lang), "de-DE")
        self.assertIs(bool(root.MarkInfo.Marked), True)
        self.assertIs(bool(root.ViewerPreferences.DisplayDocTitle), True)
        self.assertEqual(self.doc.pdf_version, "1.7")
        ids = self.doc.trailer.ID
        self.assertEqual(len(bytes(ids[0])), 16)
        oi = root.OutputIntents[0]
        self.assertEqual(oi.S, "/GTS_PDFA1")
        self.assertEqual(int(oi.DestOutputProfile.N), 3)
        with open(ICC, "rb") as f:
            self.assertEqual(oi.DestOutputProfile.read_bytes(), f.read())
        self.assertEqual(str(self.doc.Root.StructTreeRoot.K.S), "/Document")

    def test_xmp_mirrors_the_info_dictionary(self):
        info = self.doc.docinfo
        self.assertNotIn("/Filter", self.doc.Root.Metadata)
        meta = self.doc.open_metadata()
        self.assertEqual(meta["dc:title"], str(info.Title))
        self.assertEqual(meta["dc:description"], str(info.Subject))
        self.assertEqual(meta["dc:creator"], [str(info.Author)])
        self.assertEqual(meta["dc:language"], {"de-DE"})
        self.assertEqual(meta["pdf:Producer"], str(info.Producer))
        self.assertEqual(meta["pdf:Keywords"], str(info.Keywords))
        self.assertEqual(meta["xmp:CreatorTool"], str(info.Creator))
        # SOURCE_DATE_EPOCH=1764000000
        self.assertEqual(meta["xmp:CreateDate"], "2025-11-24T16:00:00Z")
        self.assertTrue(str(info.CreationDate).startswith("D:20251124160000"))
        self.assertEqual(meta["{http://www.aiim.org/pdfua/ns/id/}part"], "1")
        self.assertEqual(meta["{http://www.aiim.org/pdfa/ns/id/}part"], "2")
        self.assertEqual(meta["{http://www.aiim.org/pdfa/ns/id/}conformance"], "A")

    def test_fonts_embedded_with_unicode_maps(self):
        seen = 0
        for page in self.doc.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                seen += 1
                desc = font.DescendantFonts[0].FontDescriptor
                self.assertIn("/FontFile2", desc)
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                self.assertNotIn("cidrange", cmap)
                self.assertRegex(cmap, r"beginbf(range|char)")
                self.assertEqual(str(font.DescendantFonts[0].CIDSystemInfo.Ordering), "Identity")
        self.assertGreater(seen, 0)

    def test_font_programs_hold_the_glyphs_with_their_widths(self):
        """PDF/A-2 6.2.11.4 and 6.2.11.5: every glyph a page shows is in the
        embedded program (CIDToGIDMap /Identity: the code is the glyph id),
        and the /W widths are the program's advances (hmtx, in 1/1000 em,
        truncated as libharu did; PDF/A allows one unit)."""
        programs = {}

        def program(font):
            cid = font.DescendantFonts[0]
            if cid.objgen not in programs:
                self.assertEqual(str(cid.CIDToGIDMap), "/Identity")
                ttf = cid.FontDescriptor.FontFile2.read_bytes()
                tables = {ttf[12 + 16 * i:16 + 16 * i].decode("latin-1"):
                          struct.unpack(">II", ttf[20 + 16 * i:28 + 16 * i])
                          for i in range(struct.unpack(">H", ttf[4:6])[0])}

                def table(tag):
                    off, length = tables[tag]
                    return ttf[off:off + length]

                upem = struct.unpack(">H", table("head")[18:20])[0]
                long_loca = struct.unpack(">h", table("head")[50:52])[0] == 1
                nglyphs = struct.unpack(">H", table("maxp")[4:6])[0]
                nmetrics = struct.unpack(">H", table("hhea")[34:36])[0]
                hmtx, loca = table("hmtx"), table("loca")
                adv = [struct.unpack(">H", hmtx[4 * min(g, nmetrics - 1):][:2])[0]
                       for g in range(nglyphs)]
                fmt, step = (">I", 4) if long_loca else (">H", 2)
                offs = [struct.unpack(fmt, loca[step * g:step * g + step])[0] * (1 if long_loca else 2)
                        for g in range(nglyphs + 1)]
                w, widths = list(cid.W), {}
                i = 0
                while i < len(w):
                    first = int(w[i])
                    if isinstance(w[i + 1], pikepdf.Array):
                        for k, v in enumerate(w[i + 1]):
                            widths[first + k] = int(v)
                        i += 2
                    else:
                        for g in range(first, int(w[i + 1]) + 1):
                            widths[g] = int(w[i + 2])
                        i += 3
                programs[cid.objgen] = (adv, offs, upem, widths)
            return programs[cid.objgen]

        checked = 0
        for page in self.doc.pages[:12]:
            fonts, font = page.Resources.get("/Font", {}), None
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "Tf":
                    font = fonts[str(operands[0])]
                elif op == "Tj":
                    adv, offs, upem, widths = program(font)
                    b = bytes(operands[0])
                    for k in range(0, len(b), 2):
                        g = b[k] << 8 | b[k + 1]
                        self.assertLess(g, len(adv))
                        self.assertIn(g, widths, f"glyph {g} without /W width")
                        self.assertLessEqual(abs(widths[g] - adv[g] * 1000 // upem), 1)
                        # an outline, or a glyph that has none (a space)
                        if offs[g + 1] == offs[g]:
                            self.assertIn(g, self.blank_glyphs(font), f"glyph {g} has no outline")
                        checked += 1
        self.assertGreater(checked, 100)

    def blank_glyphs(self, font):
        """The glyphs that may be empty: those of white space characters."""
        umap = unicode_map(font)
        return {g for g, t in umap.items() if t.isspace() or t in "\u00ad\u200b"}

    def test_qpdf_check_is_clean(self):
        rc, out, err = tool("qpdf", "--check", self.pdf)
        self.assertEqual(rc, 0, out + err)
        self.assertNotIn("WARNING", out + err)

    def test_notes_are_found_by_their_id(self):
        """An element with /ID needs the StructTreeRoot's /IDTree (ISO
        32000-1, table 322); PDF/UA-1 7.9 asks an ID of every Note."""
        notes = self.elements("Note")
        if not notes:
            self.skipTest("no notes in this report")
        names = list(self.doc.Root.StructTreeRoot.IDTree.Names)
        keys = [bytes(k) for k in names[0::2]]
        self.assertEqual(keys, sorted(keys), "name tree keys out of order")
        by_id = dict(zip(keys, names[1::2]))
        self.assertEqual(len(by_id), len(notes), "IDs not unique")
        for n in notes:
            self.assertEqual(by_id[bytes(n.ID)].objgen, n.objgen)

    # ---- the file: the tree in object streams, one cross-reference stream -------------

    def xref(self):
        """qpdf's cross-reference: object number -> ("c", object stream) or
        ("u", byte offset)."""
        rc, out, err = tool("qpdf", "--show-xref", self.pdf)
        self.assertEqual(rc, 0, err)
        xref = {}
        for line in out.splitlines():
            m = re.match(r"(\d+)/0: (?:compressed; stream = (\d+)|uncompressed; offset = (\d+))",
                         line)
            if m:
                xref[int(m[1])] = ("c", int(m[2])) if m[2] else ("u", int(m[3]))
        return xref

    def test_structure_tree_is_in_object_streams(self):
        xref = self.xref()
        for og, tag, _, _ in self.tree["elems"]:
            self.assertEqual(xref[og[0]][0], "c", f"{tag} element {og} is a plain object")
        for v in self.parent_tree().values():
            self.assertEqual(xref[v.objgen[0]][0], "c", f"ParentTree value {v.objgen}")

    def test_bytes_per_structure_element(self):
        """A plain object costs its "N 0 obj" text and a 20-byte line in a
        classic cross-reference table (a table cell about 80 bytes), an
        element in a deflated object stream its share of the stream."""
        xref = self.xref()
        size = os.path.getsize(self.pdf)
        offsets = sorted(v for kind, v in xref.values() if kind == "u")
        after = dict(zip(offsets, offsets[1:] + [size]))
        cost = []
        for og, _, _, _ in self.tree["elems"]:
            kind, v = xref[og[0]]
            if kind == "u":
                cost.append(after[v] - v + 20)
            else:
                s = self.doc.get_object(v, 0)
                cost.append((after[xref[v][1]] - xref[v][1]) / int(s.N) + 1)
        self.assertLess(sum(cost) / len(cost), 25)

    def test_one_cross_reference_stream(self):
        """PDF/A-2 (veraPDF's profile, 6.1.2 and 6.1.3): the header with a
        binary comment, /ID in the trailer, nothing after %%EOF; a single
        cross-reference section: no classic table, no update, no hybrid."""
        with open(self.pdf, "rb") as f:
            data = f.read()
        self.assertRegex(data[:15], rb"^%PDF-1\.7\n%[\x80-\xff]{4}")
        self.assertTrue(data.endswith(b"\n%%EOF\n"))
        self.assertEqual(data.count(b"startxref"), 1)
        self.assertFalse(b"\nxref\n" in data, "a classic cross-reference table")
        start = int(data[data.rindex(b"startxref") + 10:].split()[0])
        self.assertRegex(data[start:start + 40], rb"^\d+ 0 obj\n<</Type/XRef/Size \d+/W\[")
        trailer = self.doc.trailer
        self.assertEqual(trailer.Type, "/XRef")
        for key in ("/Prev", "/XRefStm", "/Encrypt"):
            self.assertNotIn(key, trailer)
        self.assertEqual(trailer.ID[0], trailer.ID[1])

    # ---- other readers ----------------------------------------------------------------

    def test_pdftotext_prints_no_warning(self):
        rc, _, err = tool("pdftotext", self.pdf, "/dev/null")
        self.assertEqual((rc, err), (0, ""))

    def test_pdfjs_structure_tree_of_sample_pages(self):
        """pages: the contents, the first key figure, the last page."""
        first_kz = next(i for i, p in enumerate(self.marks)
                        if any(tag == "/H2" and t.replace("\xa0", " ").startswith("Kennzahl 1: ")
                               for tag, t in p["used"].values()))
        table = next(i for i, p in enumerate(self.marks)
                     if i >= first_kz and any(tag == "/TH" for tag, _ in p["used"].values()))
        pages = [2, first_kz + 1, table + 1]
        rc, out, err = tool("node", os.path.join(ROOT, "tests", "pdfjs", "structtree.mjs"),
                            self.pdf, *map(str, pages), cwd=PDFJS)
        self.assertEqual(rc, 0, err)
        # pdf.js prints its warnings (no canvas package) on stdout first
        trees = json.loads(out.strip().splitlines()[-1])["pages"]
        toc = struct_roles(trees["2"], [])
        self.assertEqual([r for r, _ in toc[:2]], ["Root", "Document"])
        self.assertIn(("H1", None), toc)
        self.assertIn("TOCI", [r for r, _ in toc])
        kz = struct_roles(trees[str(first_kz + 1)], [])
        order = [r for r, _ in kz if r in ("H2", "Figure", "Table")]
        # the page may open with the end of the chapter's overview table
        self.assertIn("H2", order)
        self.assertEqual(order[order.index("H2"):][:2], ["H2", "Figure"])
        tab = [r for r, _ in struct_roles(trees[str(table + 1)], [])]
        self.assertIn("Table", tab)
        self.assertLess(tab.index("TR"), tab.index("TH"))
        alts = [a for r, a in kz if r == "Figure"]
        self.assertTrue(alts and all(a and a.startswith(("Balken", "Linien")) for a in alts))

    def test_text_survives_ghostscript(self):
        """Over the pages that name every participant last (the list of
        abbreviations in the annex): the whole document takes minutes."""
        def squeeze(s):  # names wrap
            return re.sub(r"\s+", "", s)

        last = {}
        for i, p in enumerate(self.marks):
            text = squeeze("".join(t for _, t in p["used"].values()))
            for name in self.names:
                if squeeze(name) in text:
                    last[name] = i + 1
        self.assertEqual(set(last), set(self.names))
        again = os.path.join(self.tmp, "gs.pdf")
        rc, _, err = tool("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                          f"-dFirstPage={min(last.values())}", f"-dLastPage={max(last.values())}",
                          "-o", again, self.pdf)
        self.assertEqual(rc, 0, err)
        rc, text, err = tool("pdftotext", again, "-")
        self.assertEqual(rc, 0, err)
        text = squeeze(text)
        for name in self.names:
            self.assertIn(squeeze(name), text)

    # ---- the participant and ring reports of the same run --------------------------

    def run_checks(self, p, names):
        for name in names:
            getattr(p, name)()
        if self.draft:
            type(self).test_watermark_is_artifact(p)

    def test_participant_reports_are_tagged(self):
        """berichte/ID.pdf, one per participant: the checks of every report
        on each, the slower ones on the first, the last and those with
        names beyond Latin-1; the alt text names the participant; no
        contents, so no links (the bookmarks lead)."""
        if not self.every_report:
            self.skipTest("not one of issue 15's datasets")
        folder = os.path.join(self.out, "berichte")
        files = sorted(os.listdir(folder))
        self.assertEqual(files, sorted(i + ".pdf" for i in self.participants))
        beyond = {i + ".pdf" for i, (n, _) in self.participants.items() if max(map(ord, n)) > 0xFF}
        sample = {files[0], files[-1]} | beyond
        for f in files:
            name = self.participants[f[:-4]][0]
            with self.subTest(report=f):
                p = probe(self, os.path.join(folder, f), [name])
                try:
                    self.run_checks(p, self.EVERY_REPORT + (self.SAMPLED if f in sample else ()))
                    alts = [str(e.get("/Alt", "")) for e in p.elements("Figure")]
                    self.assertTrue(alts)
                    for a in alts:
                        self.assertRegex(a, r"(?s)^(Balken|Linien|Profil)diagramm: .+\. ")
                    bars = [a for a in alts if a.startswith("Balkendiagramm")]
                    self.assertTrue(bars and all(name + " " in a for a in bars))
                    self.assertTrue(p.elements("L"))
                    self.assertEqual(p.elements("TOCI"), [])
                    for page in p.doc.pages:
                        self.assertEqual(page.get("/Tabs"), "/S")
                        self.assertEqual(list(page.get("/Annots", [])), [])
                    if f == files[0]:
                        self.struct_text_of_participant_report(p.pdf, name)
                finally:
                    p.doc.close()

    def struct_text_of_participant_report(self, pdf, name):
        """poppler's pdfinfo -struct-text (slow: it re-reads a page for
        every element, so one report of the run): the text in reading
        order under its structure."""
        rc, out, err = tool("pdfinfo", "-struct-text", pdf)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("Document\n"))
        self.assertRegex(out, r"\n  H1 \(block\)\n    \"Auf einen Blick\"")
        self.assertRegex(out, r"\n  P \(block\)\n    \"" + re.escape(name) + "\"\n")
        self.assertRegex(out, r"TH:\n\s+/Scope /Column\n\s+\"Kennzahl\"")
        self.assertRegex(out, r"\n  Figure:\n")

    def test_ring_reports_are_tagged(self):
        """ringe/FILE.pdf, one per comparison ring: the circle report's
        checks with the ring's members as the names (alt texts, Ghostscript),
        pdf.js on the first and the last."""
        if not self.every_report:
            self.skipTest("not one of issue 15's datasets")
        rings = {}
        for ident, (_, ring) in self.participants.items():
            if ring:
                rings.setdefault(ring, []).append(self.participants[ident][0])
        folder = os.path.join(self.out, "ringe")
        if not rings:
            self.assertFalse(os.path.exists(folder))
            return
        with open(os.path.join(folder, "index.csv"), encoding="utf-8") as f:
            index = [(r["ring"], r["file"]) for r in csv.DictReader(f, delimiter=";")]
        self.assertEqual(sorted(r for r, _ in index), sorted(rings))
        for k, (ring, f) in enumerate(index):
            with self.subTest(report=f):
                p = probe(self, os.path.join(folder, f), rings[ring])
                try:
                    sampled = k in (0, len(index) - 1)
                    self.run_checks(p, self.EVERY_REPORT + (
                        "test_figures_have_alt_text_from_the_data",
                        "test_lists_and_contents_are_structured",
                        "test_every_link_annotation_is_in_the_structure") + (
                        self.SAMPLED + ("test_pdfjs_structure_tree_of_sample_pages",)
                        if sampled else ()))
                finally:
                    p.doc.close()


class AltReadBack:
    """For reports whose every chart is also an SVG: the Figure's alt text
    is what the chart's <desc> says, read back exactly by pikepdf and by
    pdf.js (what Firefox hands a screen reader), whether the tree holds it
    in PDFDocEncoding or in UTF-16. The one difference on purpose: the
    tree's alt text has a plain space where the <desc> has a no-break
    space (see tags_set_alt in pdftag.c)."""

    def svg_descs(self):
        import xml.etree.ElementTree as ET
        charts = os.path.join(self.out, "charts")
        ns = "{http://www.w3.org/2000/svg}"
        descs = []
        for name in sorted(os.listdir(charts)):
            root = ET.parse(os.path.join(charts, name)).getroot()
            self.assertEqual(root.get("role"), "img")
            self.assertEqual(root.get("lang"), "de")
            self.assertTrue(root.find(ns + "title").text)
            descs.append(root.find(ns + "desc").text)
        return descs

    def test_svg_charts_say_what_they_show(self):
        descs = self.svg_descs()
        self.assertTrue(any("\xa0" in d for d in descs), "no no-break space in the descriptions")
        alts = sorted(str(f.Alt) for f in self.elements("Figure"))
        self.assertFalse([a[:80] for a in alts if "\xa0" in a])
        self.assertEqual(sorted(d.replace("\xa0", " ") for d in descs), alts)

    def test_pdfjs_reads_every_alt_text(self):
        pages = {p.objgen: i + 1 for i, p in enumerate(self.doc.pages)}
        on = sorted({pages[f.Pg.objgen] for f in self.elements("Figure")})
        rc, out, err = tool("node", os.path.join(ROOT, "tests", "pdfjs", "structtree.mjs"),
                            self.pdf, *map(str, on), cwd=PDFJS)
        self.assertEqual(rc, 0, err)
        trees = json.loads(out.strip().splitlines()[-1])["pages"]
        alts = [a for n in on for r, a in struct_roles(trees[str(n)], []) if r == "Figure"]
        self.assertEqual(sorted(alts), sorted(d.replace("\xa0", " ") for d in self.svg_descs()))


class DefaultReport(AltReadBack, Tagged, unittest.TestCase):
    every_report = True

    @classmethod
    def setUpClass(cls):
        cls.make(INPUT)


class AltTextCharacters(AltReadBack, Tagged, unittest.TestCase):
    """Participants named with umlauts, ß, an en dash, a minus sign, the
    euro sign, German quotes and an ellipsis: every character of their alt
    texts is in PDFDocEncoding (ISO 32000-1, table D.2, which differs from
    Latin-1 at 0x80 to 0xA0), so the tree holds them one byte each, and a
    reader must still hear each character as it is."""

    NAMES = ("Mülheim an der Ruhr – Süd", "Landkreis Groß−Gerau „Nord“", "Bad Öß € ‚Kreis‘ …")

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--cities", "3", "--years", "3")
        path = os.path.join(data, "cities.csv")
        with open(path, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        for r, name in zip(rows, cls.NAMES):
            r["name"] = name
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
            w.writeheader()
            w.writerows(rows)
        try:
            cls.make(data)
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_alt_texts_are_pdfdocencoding(self):
        alts = [f.Alt for f in self.elements("Figure")]
        self.assertTrue(alts)
        for a in alts:
            self.assertFalse(bytes(a).startswith(b"\xfe\xff"), str(a)[:80])
        bars = " ".join(str(a) for a in alts if str(a).startswith("Balkendiagramm"))
        for name in self.NAMES:
            self.assertIn(name + " ", bars)


class LargeCircle(Tagged, unittest.TestCase):
    """104 participants over 20 years in 7 rings (issue 15's dataset)."""

    every_report = True
    flags_in_tables = False  # generated data: no flags

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--cities", "104", "--rings", "7", "--years", "20")
        try:
            cls.make(data)
        finally:
            shutil.rmtree(data, ignore_errors=True)


class NastyNames(AltReadBack, Tagged, unittest.TestCase):
    """Names with every nasty character, and a title that needs XML
    escaping in the XMP packet."""

    every_report = True

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--nasty")
        # beyond Latin-1 and beyond Noto Sans: Polish, Slovak, Ukrainian,
        # Greek letters, and signs only the fallback face has (∑ ≠ →);
        # a short name in a script no face has (warned, see below)
        cities = os.path.join(data, "cities.csv")
        with open(cities, encoding="utf-8-sig") as f:
            text = f.read()
        text = text.replace("Region Hannover", "Łódź – Žilina ∑ ≠ →")
        text = text.replace("Rostock;HRO", "Київ Θεσσαλονίκη;東京")
        with open(cities, "w", encoding="utf-8") as f:
            f.write(text)
        with open(FAST, encoding="utf-8") as f:
            lay = f.read().replace("titel = Kennzahlenvergleich Test",
                                   'titel = Vergleich <A & B> "Test"')
        layout = os.path.join(data, "nasty.layout")
        with open(layout, "w", encoding="utf-8") as f:
            f.write(lay)
        try:
            cls.make(data, layout=layout)
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_character_without_font_is_warned(self):
        with open(os.path.join(self.out, "validation.csv"), encoding="utf-8") as f:
            rows = [r for r in f if "U+6771" in r]
        self.assertEqual(len(rows), 1, rows)
        self.assertIn("cities.csv;", rows[0])
        self.assertIn("Ersatzzeichen", rows[0])

    def test_names_beyond_latin1_in_the_text(self):
        rc, text, err = tool("pdftotext", self.pdf, "-")
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("Łódź – Žilina ∑ ≠ →", text)
        self.assertIn("Київ Θεσσαλονίκη", text)

    def test_title_escaped_in_xmp(self):
        self.assertIn("<A & B>", self.doc.open_metadata()["dc:title"])


class Draft(Tagged, unittest.TestCase):
    every_report = True
    draft = True

    @classmethod
    def setUpClass(cls):
        cls.make(INPUT, "--draft")

    def test_watermark_is_artifact(self):
        for p in self.marks:
            self.assertIn("ENTWURF", p["art"])
            self.assertNotIn("ENTWURF", "".join(t for _, t in p["used"].values()))


class CompactChecks:
    """For the compact format: a board page holds a heading and then its
    two small charts (bars or distribution, development) as Figures."""

    def test_pdfjs_structure_tree_of_sample_pages(self):
        board = next(i for i, p in enumerate(self.marks)
                     if any(tag == "/Figure" for tag, _ in p["used"].values()))
        rc, out, err = tool("node", os.path.join(ROOT, "tests", "pdfjs", "structtree.mjs"),
                            self.pdf, "2", str(board + 1), cwd=PDFJS)
        self.assertEqual(rc, 0, err)
        trees = json.loads(out.strip().splitlines()[-1])["pages"]
        self.assertIn("TOCI", [r for r, _ in struct_roles(trees["2"], [])])
        page = struct_roles(trees[str(board + 1)], [])
        order = [r for r, _ in page if r in ("H1", "H2", "Figure")]
        self.assertEqual(order[:4], ["H1", "H2", "Figure", "Figure"])
        alts = [a for r, a in page if r == "Figure"]
        self.assertTrue(alts[0].startswith(("Balkendiagramm: ", "Verteilungsdiagramm: ")))
        self.assertTrue(alts[1].startswith("Liniendiagramm: "))


class CompactBoards(CompactChecks, Tagged, unittest.TestCase):
    """The compact format with 12 of 24 key figures published (issue 19):
    the fact boards' small charts stand side by side, each its own Figure."""

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--default", "--monitoring", "12")
        try:
            cls.make(data, layout=os.path.join(ROOT, "tests", "compact.layout"))
        finally:
            shutil.rmtree(data, ignore_errors=True)


class CompactLargeCircle(CompactChecks, Tagged, unittest.TestCase):
    """The compact format beyond 30 participants: distributions, and the
    participants named in the profiles' alt text instead of bars."""

    names_in_bars = False
    flags_in_tables = False  # generated data: no flags

    def test_distributions_name_the_rings(self):
        alts = [str(f.get("/Alt", "")) for f in self.elements("Figure")]
        dist = [a for a in alts if a.startswith("Verteilungsdiagramm: ")]
        self.assertTrue(dist)
        for a in dist:
            self.assertRegex(a, r"Teilnehmende mit Wert: 104; Minimum .+; unteres Quartil .+; "
                                r"Median .+; oberes Quartil .+; Maximum ")
            self.assertIn("Gesamtwerte der Vergleichsringe: Vergleichsring 1 ", a)
        profiles = " ".join(a for a in alts if a.startswith("Profildiagramm: "))
        for name in self.names:
            self.assertIn(name + ", ", profiles)

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--cities", "104", "--rings", "7", "--years", "3", "--monitoring", "12")
        try:
            cls.make(data, layout=os.path.join(ROOT, "tests", "compact.layout"))
        finally:
            shutil.rmtree(data, ignore_errors=True)


class DraftChangePage(Tagged, unittest.TestCase):
    """A draft over a previous generation, with its change page (issue 18)."""

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        shutil.copytree(INPUT, data, dirs_exist_ok=True)
        try:
            cls.make(data, "--draft")
            cls.doc.close()
            path = os.path.join(data, "basedata.csv")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(re.sub(r"^(DO;2024;EW;)(\d+)", lambda m: m.group(1) + m.group(2) + "0",
                               text, flags=re.M))
            p = kvreport("-i", data, "-o", os.path.dirname(cls.out), "--draft", layout=FAST)
            assert p.returncode == 0, p.stderr
            cls.doc = pikepdf.open(cls.pdf)
            cls.tree = cls.walk_tree()
            cls.marks = cls.walk_pages()
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_change_page_is_there(self):
        text = tool("pdftotext", self.pdf, "-")[1]
        self.assertIn("Änderungen gegenüber dem Stand vom", text)
        self.assertIn("Einwohner insgesamt am 31.12. (Personen)", text)


class PopplerStructText(unittest.TestCase):
    """pdfinfo -struct-text re-reads a page for every element it prints
    (minutes for the default report), so it reads a small one: cover,
    contents and two participants' profiles (heading, figure, table)."""

    def test_text_under_its_structure(self):
        tmp = tempfile.mkdtemp(prefix="kvtag-")
        try:
            data, layout = os.path.join(tmp, "in"), os.path.join(tmp, "small.layout")
            gendata(data, "--cities", "2", "--years", "3")
            with open(layout, "w", encoding="utf-8") as f:
                f.write("[bericht]\ntitel = Kennzahlenvergleich Test\n"
                        "abschnitte = titel, inhalt, stadtprofile\n[seite]\ndiagramm_dpi = 72\n")
            p = kvreport("-i", data, "-o", os.path.join(tmp, "out"), layout=layout)
            self.assertEqual(p.returncode, 0, p.stderr)
            year = os.listdir(os.path.join(tmp, "out"))[0]
            pdf = os.path.join(tmp, "out", year, f"monitoring-{year}.pdf")
            rc, out, err = tool("pdfinfo", "-struct-text", pdf)
            self.assertEqual((rc, err), (0, ""))
            self.assertTrue(out.startswith("Document\n"))
            self.assertRegex(out, r"\n  H1 \(block\)\n    \"Inhalt\"")
            self.assertRegex(out, r"\n  TOC\n    TOCI\n      Link \(inline\)\n        \"Stadtprofile\"")
            name = cities_of(data)[0]
            self.assertRegex(out, r"\n  H2 \(block\)\n    \"Stadtprofil " + re.escape(name))
            self.assertRegex(out, r"\n  Figure:\n")
            self.assertRegex(out, r"TH:\n\s+/Scope /Column\n\s+\"Kennzahl\"")
            self.assertRegex(out, r"TH:\n\s+/Scope /Row\n\s+\"")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class MissingProfile(unittest.TestCase):
    def test_missing_icc_profile_is_named(self):
        tmp = tempfile.mkdtemp(prefix="kvtag-")
        try:
            p = kvreport("-i", INPUT, "-o", tmp,
                         env_extra={"KVREPORT_SRGB_ICC": os.path.join(tmp, "none.icc")})
            self.assertEqual(p.returncode, 70, p.stderr)
            self.assertIn("colord-data", p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class UntaggedBenchVariant(unittest.TestCase):
    """make bench's untagged variant (KVREPORT_BENCH_UNTAGGED=1, a
    benchmark aid of the PDF module): every PDF of the run a valid file
    with the same pages and text as the tagged one, and nothing of the
    tagging; the other outputs are the same bytes (but .generation, which
    lists the PDFs' sizes and checksums)."""

    def test_untagged_variant_is_valid_and_untagged(self):
        tmp = tempfile.mkdtemp(prefix="kvtag-")
        try:
            out = {}
            for variant, env in (("tagged", {}), ("untagged", {"KVREPORT_BENCH_UNTAGGED": "1"})):
                p = kvreport("-i", INPUT, "-o", os.path.join(tmp, variant), env_extra=env)
                self.assertEqual(p.returncode, 0, p.stderr)
                out[variant] = os.path.join(tmp, variant, "2024")
            files = []
            for d, _, names in os.walk(out["tagged"]):
                files += [os.path.relpath(os.path.join(d, n), out["tagged"]) for n in names]
            pdfs = sorted(f for f in files if f.endswith(".pdf"))
            self.assertIn("monitoring-2024.pdf", pdfs)
            self.assertIn(os.path.join("berichte", "HB.pdf"), pdfs)
            for f in sorted(files):
                a, b = (os.path.join(out[v], f) for v in ("tagged", "untagged"))
                if f == ".generation":
                    continue
                if not f.endswith(".pdf"):
                    with open(a, "rb") as x, open(b, "rb") as y:
                        self.assertEqual(x.read(), y.read(), f)
                    continue
                with self.subTest(pdf=f):
                    rc, text, err = tool("qpdf", "--check", b)
                    self.assertEqual(rc, 0, text + err)
                    self.assertNotIn("WARNING", text + err)
                    self.assertEqual(tool("pdftotext", b, "-")[1], tool("pdftotext", a, "-")[1])
                    with pikepdf.open(a) as ta, pikepdf.open(b) as ub:
                        self.assertEqual(len(ub.pages), len(ta.pages))
                        for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata", "/OutputIntents",
                                    "/Lang"):
                            self.assertIn(key, ta.Root)
                            self.assertNotIn(key, ub.Root)
                        for page in ub.pages:
                            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
                            self.assertFalse(ops & {"BDC", "BMC", "EMC"})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
