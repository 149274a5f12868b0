#!/usr/bin/python3
"""Tests of the monitoring report with real PDF clients: qpdf (structure,
outline), pdffonts (embedding), pdftotext (content, numbers), and the SVG
charts with an XML parser.

    KVREPORT=build/kvreport tests/test_pdf.py [unittest args]
"""
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import pikepdf

from kvtest import FAST, INPUT, TmpDirTest, gendata, kvreport


def run(*args, env_extra=None):
    """At the default layout's print resolution unless args name a layout."""
    p = kvreport(*args, layout=None, env_extra=env_extra)
    return p.returncode, p.stderr


def tool(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def page_texts(pdf):
    rc, out, _ = tool("pdftotext", "-layout", pdf, "-")
    assert rc == 0
    return out.split("\f")


def contrast(a, b):
    """WCAG 2.1's contrast ratio of two sRGB colours (0..255 triples)."""
    def lum(c):
        lin = [v / 255 / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def flat(text):
    return re.sub(r"\s+", " ", text)


def de(value, decimals):
    """German display form, as the report prints it (the minus sign U+2212,
    see RPT_MINUS in generator/report_int.h)."""
    s = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("\u2212" if value < 0 and s.strip("0,.") else "") + s


def table_cells(line, name):
    """The cells of a table row after the participant's name: numbers,
    flag marks and symbols as words, a change with its unit as one."""
    cells = re.split(r" +", line.strip()[len(name):].strip())
    if len(cells) > 1 and cells[-1] in ("%", "Pp."):
        cells[-2:] = [cells[-2] + " " + cells[-1]]
    return cells


class Report(unittest.TestCase):
    """One default run at print resolution, shared by the read-only checks."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvpdf-")
        cls.out = os.path.join(cls.tmp, "out")
        rc, err = run("-i", INPUT, "-o", cls.out)
        assert rc == 0, err
        cls.pdf = os.path.join(cls.out, "2024", "monitoring-2024.pdf")
        cls.pages = page_texts(cls.pdf)
        cls.doc = pikepdf.open(cls.pdf)
        with open(os.path.join(INPUT, "kennzahlen.csv"), encoding="utf-8") as f:
            cls.kz = list(csv.DictReader(f, delimiter=";"))
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8") as f:
            cls.cities = list(csv.DictReader(f, delimiter=";"))

    @classmethod
    def tearDownClass(cls):
        cls.doc.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_qpdf_check_is_clean(self):
        rc, out, err = tool("qpdf", "--check", self.pdf)
        self.assertEqual(rc, 0, out + err)
        self.assertIn("No syntax or stream encoding errors", out)

    def test_every_font_is_embedded(self):
        rc, out, _ = tool("pdffonts", self.pdf)
        self.assertEqual(rc, 0)
        rows = out.strip().split("\n")[2:]
        self.assertGreaterEqual(len(rows), 2)  # regular and bold at least
        for row in rows:
            self.assertRegex(row, r"\byes\s+yes\s+yes\b", row)
            self.assertIn("NotoSans", row)

    def test_metadata(self):
        rc, out, _ = tool("pdfinfo", self.pdf)
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"Title:\s+Kennzahlenvergleich Soziale Leistungen 2024")
        self.assertRegex(out, r"Author:\s+Geschäftsstelle des Vergleichsrings")
        self.assertRegex(out, r"Creator:\s+kvreport \d+\.\d+\.\d+")
        self.assertRegex(out, r"Keywords:\s+\S")
        self.assertRegex(out, r"Subject:\s+\S")
        self.assertRegex(out, r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)")

    def test_all_names_and_titles_appear(self):
        text = flat(" ".join(self.pages))
        for c in self.cities:
            self.assertIn(c["name"], text)
        for k in self.kz:
            self.assertIn(k["title"], text)
        self.assertIn("Beispieldaten", flat(self.pages[0]))
        self.assertIn("Abweichungen in den Summen ergeben sich durch Runden der Zahlen", text)
        self.assertIn("Stand: 24. November 2025", flat(self.pages[0]))

    def test_outline_has_every_chapter_and_key_figure(self):
        rc, out, _ = tool("qpdf", "--json", "--json-key=outlines", self.pdf)
        self.assertEqual(rc, 0)
        top = [o["title"] for o in json.loads(out)["outlines"]]
        areas = list(dict.fromkeys(k["area"] for k in self.kz))
        self.assertEqual(top, ["Zentrale Ergebnisse", "Vorbemerkungen", *areas, "Stadtprofile",
                               "Anhang"])
        kids = [k["title"] for o in json.loads(out)["outlines"] for k in o["kids"]]
        for i, k in enumerate(self.kz, 1):
            self.assertIn(f"Kennzahl {i}: {k['title']}", kids)

    def test_contents_links_and_page_footer(self):
        rc, out, _ = tool("qpdf", "--json", "--json-key=qpdf", self.pdf)
        objects = [v for k, v in json.loads(out)["qpdf"][1].items() if k.startswith("obj:")]
        links = sum(1 for o in objects if isinstance(o.get("value"), dict) and
                    o["value"].get("/Subtype") == "/Link" and "/Dest" in o["value"])
        self.assertGreaterEqual(links, len(self.kz) + 6)
        n = len(self.pages) - (self.pages[-1].strip() == "")
        self.assertIn(f"Seite 2 von {n}", flat(self.pages[1]))
        self.assertIn(f"Seite {n} von {n}", flat(self.pages[n - 1]))
        # cover, contents, preface, areas, one page per key figure, profiles, annex
        self.assertGreaterEqual(n, 3 + 6 + len(self.kz) + len(self.cities))

    def kz_pages(self, number, title):
        """The text of key figure `number`, from its heading to the next key
        figure's (or the profiles); its continuation pages included."""
        text = "\n".join(self.pages).replace("\u00a0", " ")
        head = re.compile(rf"^Kennzahl {number}: (?!.*\(Fortsetzung\))", re.M)
        start = head.search(text).start()
        nxt = re.compile(rf"^(Kennzahl (?!{number}:)\d+: (?!.*\(Fortsetzung\))|Stadtprofile?\b)",
                         re.M).search(text, start + 1)
        return text[start:nxt.start() if nxt else len(text)]

    def test_printed_values_equal_the_engine_rounded(self):
        with open(os.path.join(self.out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f, delimiter=";") if r["year"] == "2024"]
        names = {c["id"]: c["name"] for c in self.cities}
        checked = 0
        for i, k in enumerate(self.kz, 1):
            text = self.kz_pages(i, k["title"])
            lines = text.split("\n")
            for r in (r for r in rows if r["code"] == k["code"]):
                # the table row: the name, then the cells (the bar chart's label
                # line has the name and one value)
                name = names[r["city"]]
                line = next(l for l in lines
                            if re.match(re.escape(name) + r"\s{2,}\S", l.strip())
                            and len(table_cells(l, name)) > 3)
                cells = table_cells(line, name)
                change = cells.pop()  # a rate, or the symbol why there is none
                if r["change"]:
                    c = float(r["change"].replace(",", "."))
                    if k["unit"] != "%":
                        want = de(abs(c), 1)
                        sign = "\u00b1" if not want.strip("0,.") else "+" if c > 0 else "\u2212"
                        self.assertEqual(change, sign + want + " %", line)
                else:
                    self.assertRegex(change, r"^(x|\.|/|[+\-\u00b1]\d+,\d Pp\.)$", line)
                if r["value"]:
                    want = de(float(r["value"].replace(",", ".")), int(k["decimals"]))
                    got = cells[-2:] if r["flag"] else cells[-1:]
                    self.assertEqual(got, [want, r["flag"]] if r["flag"] else [want], line)
                else:
                    self.assertEqual(cells[-1], r["flag"], line)
                checked += 1
            gesamt = next(l for l in lines if l.strip().startswith("Gesamtwert (GeMW)") and
                          re.search(r"\d\s*$", l))
            g = next(r for r in rows if r["code"] == k["code"])["gesamtwert"]
            self.assertIn(de(float(g.replace(",", ".")), int(k["decimals"])),
                          re.split(r"\s{2,}", gesamt.strip()))
        self.assertEqual(checked, len(self.kz) * len(self.cities))

    def figure_ops(self, page):
        """The operators inside each Figure's marked content on a page
        (0-based), one list of (operands, operator) per figure."""
        figures, inside = [], 0
        for operands, op in pikepdf.parse_content_stream(self.doc.pages[page]):
            op = str(op)
            if op == "BDC" and str(operands[0]) == "/Figure":
                figures.append([])
                inside = 1
            elif op in ("BDC", "BMC") and inside:
                inside += 1
            elif op == "EMC" and inside:
                inside -= 1
            elif inside:
                figures[-1].append((operands, op))
        return figures

    def test_charts_are_vector_paths_with_text_set_over_them(self):
        # no rasters at all: the charts are PDF path operators
        rc, out, _ = tool("pdfimages", "-list", self.pdf)
        self.assertEqual(rc, 0)
        self.assertEqual([l for l in out.splitlines()[2:] if l.strip()], [])
        first = next(i for i, t in enumerate(self.pages)
                     if f"Kennzahl 1: {self.kz[0]['title']}" in t and self.figure_ops(i))
        figures = self.figure_ops(first)
        ops = [op for _, op in figures[0]]
        # a bar per participant with a value (filled rectangles), grid lines,
        # the Gesamtwert line and the dashed Mittelwert, inside q ... Q
        self.assertGreaterEqual(sum(1 for a, b in zip(ops, ops[1:]) if (a, b) == ("re", "f")),
                                len(self.cities))
        self.assertIn("S", ops)
        self.assertEqual(ops[0], "q")
        self.assertLess(ops.index("Q"), ops.index("BT"))  # the text over the graphics
        dashes = [[float(x) for x in o[0]] for o, op in figures[0] if op == "d"]
        self.assertIn([3.0, 2.0], dashes)
        # the bar colour fills and rendering shows it as a solid run
        fills = {tuple(round(float(x) * 255) for x in o) for o, op in figures[0] if op == "rg"}
        self.assertIn((0x2B, 0x5C, 0x8A), fills)
        d = tempfile.mkdtemp(dir=self.tmp)
        rc, _, err = tool("pdftoppm", "-f", str(first + 1), "-l", str(first + 1), "-r", "100",
                          self.pdf, os.path.join(d, "p"))
        self.assertEqual(rc, 0, err)
        with open(os.path.join(d, sorted(os.listdir(d))[0]), "rb") as f:
            ppm = f.read()
        self.assertTrue(ppm.startswith(b"P6"))
        self.assertIn(bytes.fromhex("2B5C8A") * 20, ppm)  # a run of the bar colour
        # the series break of EGH_DICHTE: a dotted line of 1.5 pt dashes
        i = next(i for i, k in enumerate(self.kz, 1) if k["code"] == "EGH_DICHTE")
        pages = [n for n, t in enumerate(self.pages) if f"Kennzahl {i}: " in t]
        dotted = [o for n in pages for f in self.figure_ops(n) for o, op in f if op == "d"]
        self.assertIn([1.5, 1.5], [[float(x) for x in o[0]] for o in dotted])
        # the chart's words are text: legend, and every participant with its value
        text = self.kz_pages(1, self.kz[0]["title"])
        self.assertIn("Gesamtwert (GeMW): ", text)
        labels = [l for l in text.split("\n")
                  if len(re.split(r"\s{2,}", l.strip())) == 2 and re.search(r"\d$", l)]
        for c in self.cities:
            self.assertTrue(any(l.strip().startswith(c["name"]) for l in labels), c["name"])

    def test_change_column_uses_pp_for_percent(self):
        text = self.kz_pages(1, self.kz[0]["title"])  # unit %
        self.assertIn("Pp.", text)
        eur = next(i for i, k in enumerate(self.kz, 1) if k["unit"] == "EUR")
        self.assertRegex(self.kz_pages(eur, self.kz[eur - 1]["title"]), r"[+\-\u00b1]\d+,\d %")

    def test_lighter_bars_are_explained_in_the_legend(self):
        """A value with a flag has a lighter bar: the bar chart's legend
        says so with the symbols among its bars, in the symbol legend's
        order, and a chart without such a bar has no such entry."""
        with open(os.path.join(self.out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f, delimiter=";") if r["year"] == "2024"]
        with_entry = 0
        for i, k in enumerate(self.kz, 1):
            flags = {r["flag"] for r in rows if r["code"] == k["code"] and r["value"]}
            marks = ", ".join(f for f in ("p", "r", "s", "|") if f in flags)
            text = flat(self.kz_pages(i, k["title"]))
            if marks:
                self.assertIn(f"gekennzeichneter Wert ({marks})", text, k["code"])
                with_entry += 1
            else:
                self.assertNotIn("gekennzeichneter Wert", text, k["code"])
        self.assertGreater(with_entry, 0)
        self.assertLess(with_entry, len(self.kz))

    def test_series_break_suppresses_change(self):
        i = next(i for i, k in enumerate(self.kz, 1) if k["code"] == "EGH_DICHTE")
        text = self.kz_pages(i, self.kz[i - 1]["title"])
        self.assertIn("Reihenbruch 2020", flat(text))
        for line in text.split("\n"):
            # a value flagged | in 2020: the 2021 change is there, but no 2020 value has one
            if line.strip().startswith("Bremen ") and len(re.split(r"\s{2,}", line.strip())) > 3:
                self.assertIn("|", line)

    def test_text_maps_to_unicode_also_after_ghostscript(self):
        """Each font's ToUnicode map is a real one (libharu 2.3.0 writes its
        code-to-CID map there): poppler reads it without a warning, and the
        text survives a Ghostscript pdfwrite round trip, as print shops and
        PDF/A converters do it."""
        p = subprocess.run(["pdftotext", self.pdf, "-"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, "")
        self.assertIn(self.cities[0]["name"], p.stdout)
        # the cover names every participant, the contents every key figure
        again = os.path.join(self.tmp, "gs.pdf")
        rc, _, err = tool("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                          "-dFirstPage=1", "-dLastPage=6", "-o", again, self.pdf)
        self.assertEqual(rc, 0, err)
        text = flat(" ".join(page_texts(again)))
        for c in self.cities:
            self.assertIn(c["name"], text)
        for k in self.kz:
            self.assertIn(k["title"], text)

    def test_svg_charts_are_valid(self):
        charts = os.path.join(self.out, "2024", "charts")
        files = sorted(os.listdir(charts))
        self.assertEqual(sum(f.endswith("_balken.svg") for f in files), len(self.kz))
        self.assertEqual(sum(f.endswith("_entwicklung.svg") for f in files), len(self.kz))
        self.assertEqual(sum(f.startswith("profil_") for f in files), len(self.cities))
        for f in files:
            root = ET.parse(os.path.join(charts, f)).getroot()
            self.assertTrue(root.tag.endswith("svg"), f)

    def test_svg_text_is_text_and_renders(self):
        """Labels, values and legends are SVG text in the report's font (no
        glyph outlines), so a presentation can edit and search them; librsvg
        renders every kind of chart."""
        charts = os.path.join(self.out, "2024", "charts")
        ns = "{http://www.w3.org/2000/svg}"

        def texts(name):
            root = ET.parse(os.path.join(charts, name)).getroot()
            self.assertEqual(root.findall(f".//{ns}symbol"), [], name)
            found = root.findall(f".//{ns}text")
            for t in found:
                self.assertTrue(t.get("font-family").startswith("Noto Sans"), name)
            return [t.text for t in found]

        first = self.kz[0]["code"]
        bars = texts(f"01_{first}_balken.svg")
        for c in self.cities:
            self.assertIn(c["name"], bars)
        self.assertTrue(any(t.startswith("Gesamtwert (GeMW)") for t in bars))
        profile = texts(f"profil_{self.cities[0]['id']}.svg")
        for k in self.kz:
            title = k["title"]
            self.assertTrue(any(t == title or (t.endswith("…") and title.startswith(t[:-1]))
                                for t in profile), title)
        self.assertIn("2024", texts(f"01_{first}_entwicklung.svg"))
        for name in (f"01_{first}_balken.svg", f"01_{first}_entwicklung.svg",
                     f"profil_{self.cities[0]['id']}.svg"):
            png = os.path.join(self.tmp, name + ".png")
            rc, _, err = tool("rsvg-convert", "-f", "png", "-o", png, os.path.join(charts, name))
            self.assertEqual(rc, 0, err)
            with open(png, "rb") as fh:
                self.assertEqual(fh.read(8), b"\x89PNG\r\n\x1a\n")


class Variants(TmpDirTest):
    def pdf(self, year=2024):
        return os.path.join(self.out, str(year), f"monitoring-{year}.pdf")

    def flag_year(self, year, flag, cities):
        """The default data with every base figure of year flagged for
        the cities given."""
        data = os.path.join(self.tmp, "data")
        shutil.copytree(INPUT, data)
        path = os.path.join(data, "basedata.csv")
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        for row in rows[1:]:
            if row[1] == str(year) and row[0] in cities:
                row[4] = flag
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)
        return data

    def test_name_lists_say_all_and_never_one_more(self):
        """A footnote's list of participants is "alle Teilnehmenden" when it
        holds every one of them, and names the thirteenth rather than
        saying "und 1 weitere"."""
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8", newline="") as f:
            cities = list(csv.DictReader(f, delimiter=";"))
        for flagged, expect in ((cities, "Vorläufige Zahl (p): alle Teilnehmenden."),
                                (cities[1:], "Vorläufige Zahl (p): " +
                                 ", ".join(c["name"] for c in cities[1:]) + ".")):
            with self.subTest(flagged=len(flagged)):
                data = self.flag_year(2024, "p", {c["id"] for c in flagged})
                out = os.path.join(self.tmp, f"out{len(flagged)}")
                rc, err = run("-i", data, "-o", out, "-l", FAST)
                self.assertEqual(rc, 0, err)
                shutil.rmtree(data)
                _, text, _ = tool("pdftotext", os.path.join(out, "2024", "monitoring-2024.pdf"), "-")
                text = " ".join(text.replace("\u00a0", " ").split())
                self.assertIn(expect, text)
                self.assertNotIn("und 1 weitere", text)

    def test_one_published_key_figure_in_the_singular(self):
        gendata(self.data, "--monitoring", "1")
        rc, err = run("-i", self.data, "-o", self.out, "-l", FAST)
        self.assertEqual(rc, 0, err)
        _, text, _ = tool("pdftotext", self.pdf(), "-")
        text = " ".join(text.replace("\u00a0", " ").split())
        self.assertIn("Der Bericht umfasst 14 Teilnehmende, eine Kennzahl und die Jahre 2019 bis "
                      "2024. Veröffentlicht ist eine ausgewählte der 24 Kennzahlen", text)
        self.assertNotRegex(text, r"\b1 (Kennzahlen|Leistungsbereichen|ausgewählten)\b")

    def test_reproducible_bytes(self):
        run("-i", INPUT, "-o", self.out, "-l", FAST)
        with open(self.pdf(), "rb") as f:
            first = f.read()
        run("-i", INPUT, "-o", self.out, "-l", FAST)
        with open(self.pdf(), "rb") as f:
            self.assertEqual(first, f.read())

    def test_resolution_key_is_accepted_and_changes_nothing(self):
        """diagramm_dpi is from the time the charts were rasters: old
        layouts that set it still load, and it no longer matters."""
        pdfs = []
        for dpi in (72, 1200):
            layout = os.path.join(self.tmp, f"dpi{dpi}.layout")
            with open(FAST, encoding="utf-8") as f:
                text = f.read()
            with open(layout, "w", encoding="utf-8") as f:
                f.write(re.sub(r"(?m)^diagramm_dpi = \d+$", f"diagramm_dpi = {dpi}", text))
            out = os.path.join(self.tmp, f"out{dpi}")
            rc, err = run("-i", INPUT, "-o", out, "-l", layout)
            self.assertEqual(rc, 0, err)
            with open(os.path.join(out, "2024", "monitoring-2024.pdf"), "rb") as f:
                pdfs.append(f.read())
        self.assertEqual(pdfs[0], pdfs[1])

    def test_draft_marks_every_page(self):
        rc, err = run("-i", INPUT, "-o", self.out, "-l", FAST, "--draft")
        self.assertEqual(rc, 0, err)
        pages = [p for p in page_texts(self.pdf()) if p.strip()]
        for i, p in enumerate(pages, 1):
            self.assertIn("ENTWURF – Stand: 24.11.2025", p, f"page {i}")
        rc, out, _ = tool("pdfinfo", self.pdf())
        self.assertIn("(Entwurf)", out)
        # the stamp readable (WCAG 1.4.3, 4.5:1) on the cover's band as on
        # the white pages: it was dark red on dark blue there, 1.2:1
        from PIL import Image
        prefix = os.path.join(self.tmp, "stamp")
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "2", "-png", self.pdf(), prefix],
                       check=True)
        pngs = sorted(f for f in os.listdir(self.tmp) if f.startswith("stamp-"))
        self.assertEqual(len(pngs), 2)
        for page, png in enumerate(pngs, 1):  # -01.png or -1.png, as the page count has it
            img = Image.open(os.path.join(self.tmp, png)).convert("RGB")
            k = 150 / 72  # the stamp: 8 pt bold, baseline 22 pt from the top, at the left margin
            box = img.crop((int(60 * k), int(12 * k), int(250 * k), int(25 * k)))
            colours = box.getcolors(1 << 16)
            ground = max(colours)[1]
            ratio = max(contrast(ground, c) for _, c in colours)
            self.assertGreaterEqual(ratio, 4.5, f"page {page}: the stamp against {ground}")

    def test_nasty_names(self):
        data = os.path.join(self.tmp, "in")
        gendata(data, "--nasty")
        rc, err = run("-i", data, "-o", self.out, "-l", FAST)
        self.assertEqual(rc, 0, err)
        rc, out, _ = tool("qpdf", "--check", self.pdf())
        self.assertEqual(rc, 0, out)
        rc, _, err = tool("pdftotext", self.pdf(), os.devnull)
        self.assertEqual((rc, err), (0, ""))
        text = flat(" ".join(page_texts(self.pdf())))
        for name in ('Halle (Saale); "Händelstadt"', "Mülheim an der Ruhr – „Stadt am Fluss“ €",
                     '=HYPERLINK("http://example.invalid")', "@Landkreis Groß-Gerau"):
            self.assertIn(name, text)
        # the 200-character name is shortened in charts but complete in the tables
        self.assertIn("x" * 60, text.replace(" ", ""))
        self.assertIn("Ende", text)

    def test_other_areas_and_large_circle(self):
        data = os.path.join(self.tmp, "in")
        gendata(data,
                        "--cities", "104", "--rings", "7", "--years", "3")
        # rename the areas: the default layout has no texts for them
        path = os.path.join(data, "kennzahlen.csv")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("Kontext", "Strukturdaten der Kreise"))
        rc, err = run("-i", data, "-o", self.out, "-l", FAST)
        self.assertEqual(rc, 0, err)
        pages = page_texts(self.pdf(2021))
        self.assertIn("Strukturdaten der Kreise", flat(" ".join(pages)))
        # split along the 7 rings' boundaries: 3 rings of 15 a page
        self.assertIn("Teil 2 von 3", flat(" ".join(pages)))
        rc, out, _ = tool("qpdf", "--check", self.pdf(2021))
        self.assertEqual(rc, 0, out)

    def test_svg_parts_follow_the_pdf_pages(self):
        """The SVGs come from the same plan as the PDF: each split bar chart
        has one SVG per "Teil k von N" caption in the PDF, with -j 1 and
        -j 3 alike."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--cities", "104", "--rings", "7", "--years", "3")
        rc, err = run("-i", data, "-o", self.out, "-l", FAST, "-j", "3")
        self.assertEqual(rc, 0, err)
        text = flat(" ".join(page_texts(self.pdf(2021))))
        captions = re.findall(r"Einheit: [^)]*\), Teil (\d+) von (\d+)", text)
        self.assertGreater(len(captions), 0)
        parts = int(captions[0][1])
        charts = os.path.join(self.out, "2021", "charts")
        names = sorted(os.listdir(charts))
        split = [n for n in names if re.fullmatch(r"\d\d_\w+_balken_\d+\.svg", n)]
        self.assertEqual(len(split), len(captions))
        self.assertFalse([n for n in names if n.endswith("_balken.svg")])
        for code in {n.rsplit("_balken_", 1)[0] for n in split}:
            self.assertEqual(sorted(n for n in split if n.startswith(code + "_balken_")),
                             sorted(f"{code}_balken_{k}.svg" for k in range(1, parts + 1)))
        first = {n: open(os.path.join(charts, n), "rb").read() for n in names}
        rc, err = run("-i", data, "-o", self.out, "-l", FAST, "-j", "1")
        self.assertEqual(rc, 0, err)
        self.assertEqual(sorted(os.listdir(charts)), names)
        for n in names:
            with open(os.path.join(charts, n), "rb") as f:
                self.assertEqual(f.read(), first[n], n)

    def test_long_names_and_formulas_reach_the_pdf_whole(self):
        """A 300-character name of two-byte characters and a formula of
        about 4,000 characters: the tables and headings carry the whole
        name, the key figure's definition and the annex spell out every
        term (the report once cut them at fixed buffers of 1 to 4 KB)."""
        shutil.copytree(INPUT, self.data)
        name = "x" + "Ä" * 299
        path = os.path.join(self.data, "cities.csv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        lines[1] = lines[1].replace(";Bremen;", f";{name};", 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        terms = 572  # "EW_RAG+" 572 times: 4,003 characters
        path = os.path.join(self.data, "kennzahlen.csv")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(";EW_RAG;EW;", ";" + "+".join(["EW_RAG"] * terms) + ";EW;", 1))
        rc, err = run("-i", self.data, "-o", self.out, "-l", FAST)
        self.assertEqual(rc, 0, err)
        rc, out, _ = tool("qpdf", "--check", self.pdf())
        self.assertEqual(rc, 0, out)
        text = flat(" ".join(page_texts(self.pdf())))
        self.assertIn(name, text.replace(" ", ""))
        self.assertIn("Stadtprofil x", text)
        label = "Einwohner ab Regelaltersgrenze am 31.12."
        # the definition below the heading and the annex, each every term
        # (running header and footer left out: the formula runs over pages)
        body = flat(" ".join(" ".join([ln for ln in p.split("\n") if ln.strip()][1:-1])
                             for p in page_texts(self.pdf())))
        self.assertGreaterEqual(body.count(label), 2 * terms)

    def test_layout_errors_name_file_and_line(self):
        layout = os.path.join(self.tmp, "kaputt.layout")
        with open(layout, "w", encoding="utf-8") as f:
            f.write("[bericht]\ntitel = X\nfarbe = rot\n[seite]\ndiagramm_dpi = 5000\n"
                    "[farben]\nbalken = blau\n[text unbekannt]\nx\n")
        rc, err = run("-i", INPUT, "-o", self.out, "-l", layout)
        self.assertEqual(rc, 65, err)
        for line in (3, 5, 7, 8):
            self.assertIn(f"kaputt.layout:{line}: error:", err)
        self.assertFalse(os.path.exists(self.pdf()))

    def test_missing_layout_is_66(self):
        rc, err = run("-i", INPUT, "-o", self.out, "-l", os.path.join(self.tmp, "none.layout"))
        self.assertEqual(rc, 66, err)

    def test_sections_and_sorting_follow_the_layout(self):
        layout = os.path.join(self.tmp, "kurz.layout")
        with open(layout, "w", encoding="utf-8") as f:
            f.write("[bericht]\nabschnitte = titel, bereiche\nsortierung = wert-absteigend\n"
                    "[seite]\ndiagramm_dpi = 72\n")
        rc, err = run("-i", INPUT, "-o", self.out, "-l", layout)
        self.assertEqual(rc, 0, err)
        text = flat(" ".join(page_texts(self.pdf())))
        self.assertNotIn("Stadtprofil", text)
        self.assertNotIn("Inhalt", text)
        self.assertIn("Kennzahl 1:", text)


if __name__ == "__main__":
    unittest.main(verbosity=1)
