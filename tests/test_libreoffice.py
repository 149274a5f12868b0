#!/usr/bin/python3
"""The workbooks in LibreOffice (headless): they open and convert, and the
Basiszahlen formulas recompute to the engine's values. To be sure that
LibreOffice really recalculates, every cached formula result is zeroed in a
copy of the workbook before it is opened.

    KVREPORT=build/kvreport tests/test_libreoffice.py [unittest args]
"""
import csv
import html
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

import openpyxl

from kvtest import INPUT, gendata, kvreport
# always recalculate OOXML files on load
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# separator ;, UTF-8 (76), raw values (not as shown), all sheets (-1)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true,false,false,false,-1"


def zero_cached_results(src, dst):
    """Copies the workbook with every formula's cached value set to 0."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        changed = 0
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>0</v>",
                                  data.decode("utf-8"))
                data = text.encode("utf-8")
                changed += n
            zout.writestr(item, data)
    return changed


class LibreOffice(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvlo-")
        profile = os.path.join(cls.tmp, "profile", "user")
        os.makedirs(profile)
        with open(os.path.join(profile, "registrymodifications.xcu"), "w") as f:
            f.write(PROFILE)
        cls.profile = "file://" + os.path.join(cls.tmp, "profile")
        cls.out = os.path.join(cls.tmp, "out")
        p = kvreport("-i", INPUT, "-o", cls.out, "--city", "HB", "--city", "H", "--city", "HRO")
        assert p.returncode == 0, p.stderr
        with open(os.path.join(cls.out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            cls.kw = {(r["city"], r["code"], r["year"]): r
                      for r in csv.DictReader(f, delimiter=";")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def convert(self, city, out=None):
        work = os.path.join(self.tmp, city)
        os.makedirs(work, exist_ok=True)
        src = os.path.join(out or self.out, "2024", "annex", city + ".xlsx")
        copy = os.path.join(work, city + ".xlsx")
        self.assertGreater(zero_cached_results(src, copy), 50)
        p = subprocess.run(["soffice", "-env:UserInstallation=" + self.profile, "--headless",
                            "--convert-to", CSV_FILTER, copy, "--outdir", work],
                           capture_output=True, text=True, timeout=180)
        self.assertEqual(p.returncode, 0, p.stderr)
        sheets = {}
        for name in ("Übersicht", "Basiszahlen", "Daten"):
            path = os.path.join(work, f"{city}-{name}.csv")
            self.assertTrue(os.path.exists(path), p.stdout + p.stderr)
            with open(path, encoding="utf-8", newline="") as f:
                sheets[name] = list(csv.reader(f, delimiter=";"))
        return sheets

    def check(self, city, out=None, kw=None):
        sheets = self.convert(city, out)
        kw = kw or self.kw
        rows = sheets["Basiszahlen"]
        start = next(i for i, r in enumerate(rows) if r and r[0].startswith("Kennzahlen, "))
        head = rows[start + 1]
        years = [(i, h) for i, h in enumerate(head) if re.fullmatch(r"\d{4}", h)]
        checked = 0
        for r in rows[start + 2:]:
            if not r or not r[0] or r[0].startswith("Quelle: "):  # the notes follow
                break
            for i, year in years:
                want = kw[(city, r[0], year)]["value"]
                got = r[i]
                if not want:
                    self.assertEqual(got, "", (city, r[0], year))
                    continue
                w, g = float(want.replace(",", ".")), float(got)
                self.assertLessEqual(abs(g - w), 1e-9 * max(abs(w), 1e-300), (city, r[0], year))
                checked += 1
        self.assertGreater(checked, 100)
        daten = sheets["Daten"]
        self.assertEqual(daten[0][:11], ["Code", "Kennzahl", "Jahr", "Wert", "Kennzeichen",
                                         "Gesamtwert", "Mittelwert", "Median", "Minimum",
                                         "Maximum", "Anzahl"])
        for r in daten[1:]:
            w = kw[(city, r[0], r[2])]
            self.assertEqual(r[4], w["flag"])
            if w["value"]:
                self.assertAlmostEqual(float(r[3]) / float(w["value"].replace(",", ".")), 1,
                                       places=12)

    def test_bremen(self):
        self.check("HB")

    def test_hannover_with_x_flags(self):
        self.check("H")

    def test_rostock_with_missing_values(self):
        self.check("HRO")

    def test_long_formulas_recalculate(self):
        """A formula of 1,365 terms recalculates to the engine's value; one
        beyond Excel's 8,192 characters is the value itself."""
        data, out = os.path.join(self.tmp, "long-in"), os.path.join(self.tmp, "long-out")
        gendata(data, "--long-texts")
        p = kvreport("-i", data, "-o", out, "--city", "DO")
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            kw = {(r["city"], r["code"], r["year"]): r for r in csv.DictReader(f, delimiter=";")}
        self.check("DO", out, kw)

    def export_pdf(self, src):
        """The workbook src exported to PDF by LibreOffice: a list of pages
        (sheet, text as laid out, words as (text, x0, y0, x1, y1) in pt)."""
        work = tempfile.mkdtemp(dir=self.tmp)
        p = subprocess.run(["soffice", "-env:UserInstallation=" + self.profile, "--headless",
                            "--convert-to", "pdf", src, "--outdir", work],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        pdf = os.path.join(work, os.path.basename(src)[:-len(".xlsx")] + ".pdf")
        self.last_pdf = pdf
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = []
        for n in range(1, int(re.search(r"Pages:\s+(\d+)", info).group(1)) + 1):
            text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                                  capture_output=True, text=True).stdout
            m = re.search(r"^\s*(Inhalt|Übersicht|Zeitreihe|Vergleich|Basiszahlen|Daten|"
                          r"Definitionen)\s+Seite \d+ von \d+\s*$", text, re.M)
            self.assertIsNotNone(m, f"page {n} has no footer")
            self.assertGreater(len(text[:m.start()].split()), 10, f"page {n} is empty")
            bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(n), "-l", str(n), pdf, "-"],
                                  capture_output=True, text=True).stdout
            words = [(html.unescape(w[4]), *map(float, w[:4])) for w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r'([^<]*)</word>', bbox)]
            pages.append((m.group(1), text, words))
        return pages

    def assert_every_bar_labelled(self, pages, shorts):
        """Every Vergleich chart names each bar (LibreOffice leaves out
        every other label when the plot is too low) and the Gesamtwert."""
        for n, (sheet, text, words) in enumerate(pages, 1):
            if sheet == "Vergleich":
                # the table's Kürzel column names them too
                least = 2 if "Kürzel" in text else 1
                found = [w[0] for w in words]
                for short in [*shorts, "GeMW"]:
                    self.assertGreaterEqual(found.count(short), least, f"page {n}: {short}")

    def assert_blocks_whole(self, pages):
        """Zeitreihe: a key figure's three rows (the code on each) on one
        page, never split by a page break."""
        blocks = 0
        for n, (sheet, _, words) in enumerate(pages, 1):
            if sheet == "Zeitreihe":
                codes = [w[0] for w in words if re.fullmatch(r"[A-Z][A-Z0-9_]+_[A-Z0-9_]+", w[0])]
                for code in set(codes):
                    self.assertEqual(codes.count(code), 3, f"page {n}: {code}")
                    blocks += 1
        self.assertGreaterEqual(blocks, 24)

    def assert_header_parts_apart(self, pages):
        """The page header's left, centre and right parts do not overlap."""
        for n, (_, _, words) in enumerate(pages, 1):
            top = min(w[2] for w in words)
            line = sorted((w for w in words if abs(w[2] - top) < 1), key=lambda w: w[1])
            self.assertEqual(line[0][0], "Datenanhang", f"page {n}")
            self.assertGreater(line[1][1] - line[0][3], 3, f"page {n}: header parts overlap")
            self.assertGreater(line[-1][1] - line[-2][3], 3, f"page {n}: header parts overlap")

    def test_pdf_export_pages(self):
        """Exported to PDF every page has content, and Basiszahlen at six
        years is one page wide instead of one year per page; every bar of
        a Vergleich chart is labelled, also under a title of two lines;
        the Definitionen header's words whole, a factor apart from the
        unit beside it."""
        pages = self.export_pdf(os.path.join(self.out, "2024", "annex", "H.xlsx"))
        # Daten legible across pages (it was two pages at about 4.6 pt)
        self.assertLess(len(pages), 60)
        sheets = [p[0] for p in pages]
        self.assertEqual(sheets.count("Basiszahlen"), 1)
        self.assertEqual(sheets.count("Vergleich"), 24)  # one key figure a page, none split
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8") as f:
            shorts = [r["short"] for r in csv.DictReader(f, delimiter=";")]
        self.assert_every_bar_labelled(pages, shorts)
        self.assert_header_parts_apart(pages)
        self.assert_blocks_whole(pages)
        # thousands separated everywhere, the charts' axes too (under the
        # General format they read "35000" beside tables with "35,000")
        for n, (sheet, _, words) in enumerate(pages, 1):
            bare = [w[0] for w in words if re.fullmatch(r"[0-9]{5,}", w[0])]
            self.assertEqual(bare, [], f"page {n} ({sheet})")
        definitions = [p for p in pages if p[0] == "Definitionen"]
        words = [w for p in definitions for w in p[2]]
        self.assertIn("Nachkommastellen", {w[0] for w in words})
        gaps = [b[1] - a[3] for a, b in zip(words, words[1:])
                if a[0] == "1000" and b[0] == "je" and abs(a[2] - b[2]) < 1]
        self.assertTrue(gaps)
        self.assertGreater(min(gaps), 3, "the factor runs into the unit")

    def font_sizes(self, pdf, sheet):
        """The font sizes (pt, from the Tf operators) of the pages of pdf
        whose footer names sheet."""
        qdf = pdf + ".qdf"
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        wanted = []
        for n in range(1, int(re.search(r"Pages:\s+(\d+)", info).group(1)) + 1):
            text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"],
                                  capture_output=True, text=True).stdout
            if re.search(rf"^{sheet}$", text, re.M):
                wanted.append(n)
        sizes = {}
        # qpdf --qdf writes every page's content stream after a comment
        # "%% Contents for page N"
        with open(qdf, "rb") as f:
            data = f.read().decode("latin-1")
        for m in re.finditer(r"%% Contents for page (\d+)\n(.*?)endstream", data, re.S):
            if int(m.group(1)) in wanted:
                sizes[int(m.group(1))] = [float(x) for x in re.findall(r"([\d.]+) Tf", m.group(2))]
        self.assertEqual(sorted(sizes), wanted)
        return sizes

    def test_daten_prints_legibly(self):
        """Daten printed at about 8 pt or more (it was fitted to one page
        width at 4.4 pt): columns go across pages with code, title and year
        repeated on each; every value column is printed."""
        src = os.path.join(self.out, "2024", "annex", "H.xlsx")
        pages = self.export_pdf(src)
        sizes = self.font_sizes(self.last_pdf, "Daten")
        self.assertTrue(sizes)
        # 7.9 pt here, where Calibri is set in the wider Noto Sans; with
        # Carlito (Calibri's widths, as Excel has them) the pages print
        # at 9.2 pt
        for n, s in sizes.items():
            self.assertGreaterEqual(min(s), 7.8, f"page {n}")
        daten = [p for p in pages if p[0] == "Daten"]
        heads = {w[0] for _, _, words in daten for w in words}
        for h in ("Wert", "Kennzeichen", "Gesamtwert", "Median", "Maximum", "Anzahl",
                  "Einheit", "Bereich", "Veränderung"):
            self.assertIn(h, heads)
        for _, text, _ in daten:
            self.assertIn("Kennzahl", text)
            self.assertIn("Jahr", text)

    def assert_chart_pages_filled(self, pages, ncharts):
        """Zeitreihe's chart pages: each chart whole on one page (its
        title and both legend entries), four a page but on the last, and
        the charts fill the page's width and height."""
        found = 0
        chart_pages = [(n, words) for n, (s, text, words) in enumerate(pages, 1)
                       if s == "Zeitreihe" and not re.search(r"^Code\s+Kennzahl.*\n.*_", text)
                       and sum(1 for w in words if re.fullmatch(r"[A-Z][A-Z0-9_]+:", w[0])) > 0]
        for i, (n, words) in enumerate(chart_pages):
            titles = [w for w in words if re.fullmatch(r"[A-Z][A-Z0-9_]+:", w[0])]
            legends = [w for w in words if w[0] == "Gesamtwert"]
            self.assertEqual(len(titles), len(legends), f"page {n}: a chart split")
            if i < len(chart_pages) - 1:
                self.assertEqual(len(titles), 4, f"page {n}")
            # LibreOffice here lays Calibri out in Noto Sans, a fifth wider:
            # the sheet prints smaller and the page holds more rows than in
            # Excel, which the grid is sized for (the charts held 62 % of
            # the height and 62 % of the width before)
            self.assertGreater(max(w[4] for w in legends), 595 * 0.66, f"page {n}: half empty")
            self.assertGreater(max(w[3] for w in legends), 842 * 0.7, f"page {n}: width unused")
            found += len(titles)
        self.assertEqual(found, ncharts)

    def test_timeseries_charts_fill_pages(self):
        """Zeitreihe's charts use the printed page (they held its upper
        half), none split over pages: at 6 and at 20 years."""
        pages = self.export_pdf(os.path.join(self.out, "2024", "annex", "H.xlsx"))
        self.assert_chart_pages_filled(pages, 24)

    def test_compare_blocks_packed(self):
        """Vergleich packs its blocks on a page as far as the page holds
        them at the sheet's print scale (it gave every block a page of 30
        rows at 100 %): in rings of 7 two a page, none split (each block's
        table head, its summary's last row and the chart's title on one
        page)."""
        data, out = os.path.join(self.tmp, "r7-in"), os.path.join(self.tmp, "r7-out")
        gendata(data, "--cities", "28", "--ring-sizes", "7,7,7,7")
        p = kvreport("-i", data, "-o", out, "--city", "T0001")
        self.assertEqual(p.returncode, 0, p.stderr)
        year = os.listdir(out)[0]
        pages = self.export_pdf(os.path.join(out, year, "annex", "T0001.xlsx"))
        compare = [(n, text) for n, (s, text, _) in enumerate(pages, 1) if s == "Vergleich"]
        self.assertEqual(len(compare), 12)
        blocks = 0
        for n, text in compare:
            heads = len(re.findall(r"^\s*Teilnehmende\s+(?:Kürzel\s+)?Wert", text, re.M))
            ends = len(re.findall(r"Anzahl \(alle Teilnehmenden\)", text))
            titles = len(re.findall(r"\b[A-Z][A-Z0-9]+_[A-Z0-9_]+: ", text))
            self.assertEqual(heads, 2, f"page {n}")
            self.assertEqual(ends, heads, f"page {n}: a block split")
            self.assertEqual(titles, 2 * heads, f"page {n}: a chart apart from its table")
            blocks += heads
        self.assertEqual(blocks, 24)

    def test_long_names_print(self):
        """Names of 120-200 characters and a title of three chart lines:
        the page header's parts apart, every bar labelled, and the short
        names in every Vergleich block (the names are cut by the column)."""
        data, out = os.path.join(self.tmp, "names-in"), os.path.join(self.tmp, "names-out")
        gendata(data, "--long-names")
        p = kvreport("-i", data, "-o", out, "--city", "DO")
        self.assertEqual(p.returncode, 0, p.stderr)
        pages = self.export_pdf(os.path.join(out, "2024", "annex", "DO.xlsx"))
        with open(os.path.join(data, "cities.csv"), encoding="utf-8") as f:
            shorts = [r["short"] for r in csv.DictReader(f, delimiter=";")]
        self.assert_every_bar_labelled(pages, shorts)
        self.assert_header_parts_apart(pages)
        compare = [p for p in pages if p[0] == "Vergleich"]
        self.assertGreaterEqual(len(compare), 25)
        for sheet, text, _ in compare:
            self.assertIn("Kürzel", text)
        # Zeitreihe's series are named within their column (a name cut by
        # it is given as the short name, in the charts' legends too)
        ws = openpyxl.load_workbook(os.path.join(out, "2024", "annex", "DO.xlsx"))["Zeitreihe"]
        width = ws.column_dimensions["D"].width
        for c in ws["D"][1:]:
            if isinstance(c.value, str):
                self.assertLessEqual(len(c.value) * 1.1 + 1, width, c.value)
        self.assertEqual(ws["D2"].value, "DO")

    def test_large_values_never_hashed(self):
        """A key figure up to 1e9 with three decimals (and negative
        values beside it): every value printed whole. The value columns
        had fixed widths, and LibreOffice printed "###" for the maximum
        in Übersicht, the Gesamtwert in Zeitreihe, the largest bar's
        value in Vergleich and the aggregates in Daten."""
        data, out = os.path.join(self.tmp, "mag-in"), os.path.join(self.tmp, "mag-out")
        gendata(data, "--magnitudes", "--negative")
        p = kvreport("-i", data, "-o", out, "--city", "H")
        self.assertEqual(p.returncode, 0, p.stderr)
        pages = self.export_pdf(os.path.join(out, "2024", "annex", "H.xlsx"))
        for n, (sheet, text, _) in enumerate(pages, 1):
            self.assertFalse("###" in text, f"page {n} ({sheet}): a value cut to ###")
        # the largest value (Stuttgart's, 1.05e9 in 2024) printed in full,
        # separators as the viewer's locale has them
        digits = {re.sub(r"[.,\u202f ]", "", w[0]) for _, _, words in pages for w in words}
        self.assertIn("1050000000000", digits)

    def test_long_name_title_keeps_the_print_size(self):
        """A 300-character name in the sheets' titles: Inhalt and
        Übersicht print as large as with a short name (the title ran on
        in one line beyond the table, and fitting the sheet to the
        page's width printed Inhalt at 3.2 pt instead of 8.1 pt)."""
        data, out = os.path.join(self.tmp, "title-in"), os.path.join(self.tmp, "title-out")
        gendata(data, "--long-texts")
        p = kvreport("-i", data, "-o", out, "--city", "HB")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.export_pdf(os.path.join(out, "2024", "annex", "HB.xlsx"))
        for sheet, least in (("Inhalt", 7.5), ("Übersicht", 5)):
            sizes = self.font_sizes(self.last_pdf, sheet)
            self.assertTrue(sizes, sheet)
            for n, s in sizes.items():
                self.assertGreaterEqual(min(s), least, f"page {n} ({sheet})")

    def test_twenty_years_print(self):
        """At 20 years Zeitreihe goes two pages across at a readable size
        (it was shrunk to 5.8 pt to fit one page width), and the notes are
        whole on every page (code, title, unit and series repeat on the
        right-hand pages)."""
        data, out = os.path.join(self.tmp, "y20-in"), os.path.join(self.tmp, "y20-out")
        gendata(data, "--years", "20")
        p = kvreport("-i", data, "-o", out, "--city", "HB")
        self.assertEqual(p.returncode, 0, p.stderr)
        pages = self.export_pdf(os.path.join(out, "2038", "annex", "HB.xlsx"))
        series = [w for s, _, words in pages if s == "Zeitreihe" for w in words
                  if w[0] == "Gesamtwert"]
        self.assertGreater(len(series), 24)
        self.assert_blocks_whole(pages)
        self.assertGreaterEqual(min(w[4] - w[2] for w in series), 8)
        self.assert_chart_pages_filled(pages, 24)
        years = [w[0] for s, _, words in pages if s == "Zeitreihe" for w in words]
        for y in range(2019, 2039):
            self.assertIn(str(y), years)
        ws = openpyxl.load_workbook(os.path.join(out, "2038", "annex", "HB.xlsx"))["Zeitreihe"]
        notes = [" ".join(c.value.split()) for c in ws["A"]
                 if isinstance(c.value, str) and c.value.startswith(("Quelle: ", "Fehlende "))]
        self.assertEqual(len(notes), 2)
        for n, (sheet, text, _) in enumerate(pages, 1):
            flat = " ".join(text.split())
            for note in notes:
                if note[:14] in flat:
                    self.assertIn(note, flat, f"page {n} ({sheet})")


if __name__ == "__main__":
    unittest.main(verbosity=1)
