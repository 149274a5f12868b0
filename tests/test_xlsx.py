#!/usr/bin/python3
"""Tests of the per-participant workbooks with openpyxl as the client:
the Daten sheet against kennzahlwerte.csv, the Basiszahlen formulas
evaluated independently against their cached values, strings that look
like formulas, --city, --jobs, --draft and reproducibility.

    KVREPORT=build/kvreport tests/test_xlsx.py [unittest args]
"""
import csv
import os
import re
import shutil
import tempfile
import unittest
import warnings
import zipfile

import openpyxl
import xml.etree.ElementTree as ET

from kvtest import INPUT, TmpDirTest, gendata, kvreport
from xlsxcheck import problems
SHEETS = ["Inhalt", "Übersicht", "Zeitreihe", "Vergleich", "Basiszahlen", "Daten", "Definitionen"]
DATEN = ["Code", "Kennzahl", "Jahr", "Wert", "Kennzeichen", "Gesamtwert", "Mittelwert",
         "Median", "Minimum", "Maximum", "Anzahl"]  # SPEC section 4, exactly
DATEN_MORE = ["Einheit", "Bereich", "Veränderung", "Teilnehmer"]

warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")


def run(*args):
    p = kvreport(*args)
    return p.returncode, p.stderr


def num(text):
    return None if text == "" else float(text.replace(",", "."))


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    # libxlsxwriter 1.1.4 writes numbers with 16 significant digits
    return abs(a - b) <= 1e-14 * max(abs(a), abs(b))


def eval_formula(formula, sheet):
    """Evaluates =(..)/(..)*f with A1 references, independently of Excel."""
    expr = formula.lstrip("=")

    def ref(m):
        v = sheet[m.group(0)].value
        if not isinstance(v, (int, float)):
            raise ValueError(f"{m.group(0)} is not a number: {v!r}")
        return repr(float(v))
    expr = re.sub(r"\$?[A-Z]{1,3}\$?[0-9]+", ref, expr)
    if not re.fullmatch(r"[0-9eE.+\-*/() ]+", expr):
        raise ValueError(expr)
    return eval(expr)  # only numbers and arithmetic remain


def shown_zero(v):
    """v as the workbook stores a change: 0 where one decimal shows 0,0."""
    return 0 if f"{abs(v):.1f}" == "0.0" else v


class Workbooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvxlsx-")
        cls.out = os.path.join(cls.tmp, "out")
        rc, err = run("-i", INPUT, "-o", cls.out)
        assert rc == 0, err
        cls.annex = os.path.join(cls.out, "2024", "annex")
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8") as f:
            cls.cities = [r["id"] for r in csv.DictReader(f, delimiter=";")]
        with open(os.path.join(cls.out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            cls.kw = list(csv.DictReader(f, delimiter=";"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_one_workbook_per_participant_with_all_sheets(self):
        self.assertEqual(sorted(os.listdir(self.annex)), sorted(c + ".xlsx" for c in self.cities))
        for c in self.cities:
            wb = openpyxl.load_workbook(os.path.join(self.annex, c + ".xlsx"))
            self.assertEqual(wb.sheetnames, SHEETS)

    def test_parts_deflated_at_level_1(self):
        """kvreport sets libxlsxwriter's zip level (generator/lxwpack.c); a
        library that bypassed it would be slower again. minizip marks level
        1 in the general purpose flag (bits 1-2 = 3, "superfast")."""
        with zipfile.ZipFile(os.path.join(self.annex, "K.xlsx")) as z:
            parts = z.infolist()
            self.assertGreater(len(parts), 50)
            for info in parts:
                self.assertEqual(info.compress_type, zipfile.ZIP_DEFLATED, info.filename)
                self.assertEqual((info.flag_bits >> 1) & 3, 3, info.filename)
            self.assertIsNone(z.testzip())

    def test_daten_equals_the_engine(self):
        for c in self.cities:
            ws = openpyxl.load_workbook(os.path.join(self.annex, c + ".xlsx"))["Daten"]
            self.assertEqual([x.value for x in ws[1]], DATEN + DATEN_MORE)
            self.assertEqual(ws.freeze_panes, "A2")
            table = ws.tables["Kennzahldaten"]
            self.assertEqual(table.ref, f"A1:O{ws.max_row}")
            self.assertTrue(table.tableStyleInfo.name)
            self.assertIsNotNone(table.autoFilter)
            rows = list(ws.iter_rows(min_row=2, values_only=True))
            want = [r for r in self.kw if r["city"] == c]
            self.assertEqual(len(rows), len(want))
            for got, w in zip(rows, want):
                self.assertEqual((got[0], got[2]), (w["code"], int(w["year"])))
                self.assertEqual(got[4] or "", w["flag"])
                self.assertEqual(got[10], int(w["anzahl"]))
                for i, col in ((3, "value"), (5, "gesamtwert"), (6, "mittelwert"),
                               (7, "median"), (8, "minimum"), (9, "maximum")):
                    self.assertTrue(close(got[i], num(w[col])), (c, w["code"], col, got[i]))
                    if got[i] is not None:
                        self.assertIsInstance(got[i], (int, float))  # a number, not text

    def test_formulas_recompute_to_their_cached_values(self):
        for c in self.cities[:4]:
            path = os.path.join(self.annex, c + ".xlsx")
            formulas = openpyxl.load_workbook(path)["Basiszahlen"]
            cached = openpyxl.load_workbook(path, data_only=True)["Basiszahlen"]
            count = 0
            for row in formulas.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        want = cached[cell.coordinate].value
                        got = eval_formula(cell.value, cached)
                        self.assertTrue(close(got, want), (c, cell.coordinate, cell.value))
                        count += 1
            self.assertGreater(count, 100)

    def test_every_part_is_clean_xml_and_every_cache_true(self):
        """xlsxcheck: well-formed UTF-8 XML without forbidden characters,
        charts with dispBlanksAs=gap and de-DE, caches equal to the cells
        (no point for an empty cell)."""
        for c in self.cities:
            self.assertEqual(problems(os.path.join(self.annex, c + ".xlsx")), [], c)

    def test_missing_values_are_empty_cells_with_the_flag_beside(self):
        """Region Hannover has no HZP_AUSZ_IE (x): the Zeitreihe row holds
        no text and no 0, the flag row holds x; Vergleich leaves the own
        value empty."""
        wb = openpyxl.load_workbook(os.path.join(self.annex, "H.xlsx"))
        ws = wb["Zeitreihe"]
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "HZP_AUSZ_IE"]
        own, flags, gesamt = rows
        self.assertEqual(own[3], "Region Hannover")
        self.assertEqual(list(own[4:10]), [None] * 6)
        self.assertEqual((flags[3], list(flags[4:10])), ("Kennzeichen", ["x"] * 6))
        self.assertTrue(all(isinstance(v, float) for v in gesamt[4:10]))
        for r in ws.iter_rows(min_row=2, values_only=True):
            if r[3] != "Kennzeichen" and r[0]:
                for v in r[4:10]:
                    self.assertFalse(isinstance(v, str), r)
        cmp = wb["Vergleich"]
        block = [r for r in cmp.iter_rows(values_only=True)]
        start = next(i for i, r in enumerate(block) if str(r[0]).startswith("HZP_AUSZ_IE:"))
        own = next(r for r in block[start:] if r[0] == "Region Hannover")
        self.assertEqual((own[2], own[3]), (None, "x"))

    def test_flags_and_breaks_in_the_time_series(self):
        """EGH figures break in 2020 (|), SGB II figures of Köln are
        provisional in 2024 (p); the chart's line stops before the break:
        the participant's series is split into 2019 and 2020-2024."""
        wb = openpyxl.load_workbook(os.path.join(self.annex, "K.xlsx"))
        ws = wb["Zeitreihe"]
        years = [c.value for c in ws[1]][4:10]
        self.assertEqual(years, list(range(2019, 2025)))
        flags = {r[0]: r[4:10] for r in ws.iter_rows(min_row=2, values_only=True)
                 if r[3] == "Kennzeichen"}
        self.assertEqual(flags["EGH_DICHTE"][1], "|")
        self.assertEqual(flags["SGB2_INTQ"][5], "p")
        with zipfile.ZipFile(os.path.join(self.annex, "K.xlsx")) as z:
            charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
        chart = next(c for c in charts if "<a:t>EGH_DICHTE: " in c and "scatterChart" in c)
        xs = re.findall(r"<c:xVal><c:numRef><c:f>([^<]*)</c:f>", chart)
        self.assertEqual(xs[:2], ["Zeitreihe!$E$1", "Zeitreihe!$F$1:$J$1"])

    def test_series_breaks_footnoted_per_key_figure(self):
        """Übersicht names every key figure whose series breaks (|), with
        the year, and no figure without a break."""
        wb = openpyxl.load_workbook(os.path.join(self.annex, "K.xlsx"))
        ws = wb["Übersicht"]
        notes = {r[0]: r[1] for r in ws.iter_rows(values_only=True)
                 if isinstance(r[1], str) and r[1].startswith("Reihenbruch (|)")}
        self.assertIn("EGH_DICHTE", notes)
        self.assertIn("im Jahr 2020", notes["EGH_DICHTE"])
        self.assertNotIn("SGB2_INTQ", notes)

    def test_changes_shown_as_zero_are_zero(self):
        """A change the format shows with one decimal as 0,0 is stored as 0:
        Excel then takes the format's zero section, "±0,0" as in the PDF,
        not "+0,0" or "−0,0"; "Lage in der Spanne" reads "70 %"."""
        seen = 0
        for city in self.cities:
            wb = openpyxl.load_workbook(os.path.join(self.annex, f"{city}.xlsx"))
            for ws in (wb["Übersicht"], wb["Daten"]):
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, (int, float)) and "\u00b1" in c.number_format:
                            seen += 1
                            self.assertTrue(c.value == 0 or f"{abs(c.value):.1f}" != "0.0",
                                            (city, ws.title, c.coordinate, c.value))
            lage = [c for row in wb["Übersicht"].iter_rows() for c in row
                    if c.number_format.endswith("%") and "\u00b1" not in c.number_format]
            self.assertTrue(lage)
            self.assertTrue(all(c.number_format == "0\\ %" for c in lage), lage[0].number_format)
        self.assertGreater(seen, 100)

    def test_change_one_rule_percentage_points_for_percent(self):
        """Übersicht and Daten give the change as the report does: Pp. for
        % units (value minus previous value), else percent, labelled by
        the number format; empty where the engine has no change."""
        with open(os.path.join(INPUT, "kennzahlen.csv"), encoding="utf-8") as f:
            units = {r["code"]: r["unit"] for r in csv.DictReader(f, delimiter=";")}
        kw = {(r["city"], r["code"], int(r["year"])): r for r in self.kw}
        wb = openpyxl.load_workbook(os.path.join(self.annex, "DO.xlsx"))
        checked = set()
        for r in wb["Daten"].iter_rows(min_row=2):
            code, year, chg = r[0].value, r[2].value, r[13]
            self.assertIsNotNone(code)
            w, prev = kw[("DO", code, year)], kw.get(("DO", code, year - 1))
            if not w["change"]:
                self.assertIsNone(chg.value, (code, year))
                continue
            if units[code] == "%":
                want = num(w["value"]) - num(prev["value"])
                self.assertIn("Pp.", chg.number_format)
            else:
                want = num(w["change"])
                self.assertIn("%", chg.number_format)
                self.assertNotIn("Pp.", chg.number_format)
            self.assertAlmostEqual(chg.value, shown_zero(want), places=9)
            checked.add(units[code] == "%")
        self.assertEqual(checked, {True, False})
        ov = wb["Übersicht"]
        head = [c.value for c in ov[7]]
        self.assertIn("Pp.", head[11])
        for r in ov.iter_rows(min_row=8, max_row=7 + len(units)):
            code, chg = r[0].value, r[11]
            w = kw[("DO", code, 2024)]
            if w["change"] and units[code] == "%":
                self.assertAlmostEqual(chg.value, shown_zero(num(w["value"]) -
                                       num(kw[("DO", code, 2023)]["value"])), places=9)
                self.assertIn("Pp.", chg.number_format)

    def test_contents_sheet_and_print_setup(self):
        wb = openpyxl.load_workbook(os.path.join(self.annex, "HB.xlsx"))
        links = {c.value: c.hyperlink.location for row in wb["Inhalt"].iter_rows()
                 for c in row if c.hyperlink}
        self.assertEqual(sorted(links), sorted(SHEETS[1:]))
        for name in SHEETS:
            if name == "Daten":  # the contract's long format to its last row
                continue
            ws = wb[name]
            texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
            self.assertTrue(any(t.startswith("Quelle: ") for t in texts), name)
        self.assertEqual(wb["Basiszahlen"].print_title_cols.replace("$", ""), "A:C")
        self.assertEqual(wb["Daten"].print_title_rows.replace("$", ""), "1:1")
        self.assertEqual(wb["Vergleich"].freeze_panes, "B2")
        # wrapped headers carry a height (LibreOffice shows only the last line otherwise)
        self.assertGreaterEqual(wb["Übersicht"].row_dimensions[7].height, 45)

    def test_wrapped_titles_stand_on_their_values_line(self):
        """Übersicht and Zeitreihe: a title wraps in a row that also holds
        its code and values; its row height is estimated generously, so a
        top-aligned title that fits one line stood a line above its
        values in LibreOffice: bottom-aligned like them."""
        wb = openpyxl.load_workbook(os.path.join(self.annex, "HB.xlsx"))
        checked = 0
        for name in ("Übersicht", "Zeitreihe"):
            ws = wb[name]
            first = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Code") + 1
            for r in range(first, ws.max_row + 1):
                title, code = ws.cell(r, 2), ws.cell(r, 1)
                if title.alignment.wrap_text and code.value:
                    self.assertIn(title.alignment.vertical, (None, "bottom"), (name, r))
                    self.assertIn(code.alignment.vertical, (None, "bottom"), (name, r))
                    checked += 1
        self.assertGreaterEqual(checked, 48)

    def test_charts_have_alt_text(self):
        with zipfile.ZipFile(os.path.join(self.annex, "HB.xlsx")) as z:
            drawings = [z.read(n).decode() for n in z.namelist()
                        if n.startswith("xl/drawings/drawing")]
            props = z.read("docProps/app.xml").decode()
        descr = [d for x in drawings for d in re.findall(r'descr="([^"]*)"', x)]
        self.assertEqual(len(descr), 48)
        self.assertTrue(all(len(d) > 60 for d in descr))
        self.assertNotIn("Microsoft Excel", props)

    def test_compare_states_mean_and_n_without_a_ring(self):
        """Vergleich of a participant in no ring: below the Gesamtwert the
        circle's Mittelwert and n (participants with a value), as the
        report's charts give them and as a ring's block has them; the
        block ended with the Gesamtwert, n nowhere on the sheet."""
        kw = {(r["city"], r["code"]): r for r in self.kw if r["year"] == "2024"}
        rows = list(openpyxl.load_workbook(os.path.join(self.annex, "H.xlsx"))["Vergleich"]
                    .iter_rows(values_only=True))
        blocks = 0
        for i, r in enumerate(rows):
            if r[0] == "Gesamtwert":
                code = next(x[0] for x in reversed(rows[:i]) if x[0] and ": " in str(x[0]))
                w = kw[("H", code.split(":")[0])]
                self.assertEqual(rows[i + 1][0], "Mittelwert (alle Teilnehmenden)", code)
                self.assertTrue(close(rows[i + 1][2], num(w["mittelwert"])), code)
                self.assertEqual(rows[i + 2][0], "Anzahl (alle Teilnehmenden)", code)
                self.assertEqual(rows[i + 2][2], int(w["anzahl"]), code)
                blocks += 1
        self.assertEqual(blocks, 24)
        # HZP_AUSZ_IE: Region Hannover has no value, 13 of 14 have one
        self.assertEqual(int(kw[("H", "HZP_AUSZ_IE")]["anzahl"]), 13)

    def test_compare_charts_label_every_bar(self):
        """Vergleich: at the default 10 pt LibreOffice 7.4 left out every
        other participant's label from about 15 bars on (seen in its PDF
        export), so no bar could be told from its neighbour: the category
        axis is set in 7 pt and asks for every label (tickLblSkip 1)."""
        with zipfile.ZipFile(os.path.join(self.annex, "HB.xlsx")) as z:
            charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        bars = [c for c in charts if "<c:barChart>" in c]
        self.assertEqual(len(bars), 24)
        for c in bars:
            cat = re.search(r"<c:catAx>.*?</c:catAx>", c).group(0)
            self.assertIn('<c:tickLblSkip val="1"/>', cat)
            self.assertRegex(cat, r'<c:txPr>.*<a:defRPr sz="700"')

    def test_overview_and_properties(self):
        wb = openpyxl.load_workbook(os.path.join(self.annex, "HB.xlsx"))
        ws = wb["Übersicht"]
        self.assertEqual(ws["B3"].value, 2024)
        # the default data carry provisional (p) figures of 2024
        self.assertIn("vorläufig", ws["B4"].value)
        self.assertEqual(wb.properties.title, "Datenanhang Bremen 2024")
        self.assertIn("Berichtsjahr", wb.defined_names)
        for name in SHEETS:
            s = wb[name]
            self.assertEqual(s.page_setup.orientation, "landscape")
            self.assertEqual(s.page_setup.paperSize, 9)
            self.assertIn("Bremen", s.oddHeader.center.text)


class Options(TmpDirTest):
    def annex(self, year=2024):
        return os.path.join(self.out, str(year), "annex")

    def test_city_limits_the_annexes(self):
        rc, err = run("-i", INPUT, "-o", self.out, "--city", "K", "--city", "HRO")
        self.assertEqual(rc, 0, err)
        self.assertEqual(sorted(os.listdir(self.annex())), ["HRO.xlsx", "K.xlsx"])
        self.assertTrue(os.path.exists(os.path.join(self.out, "2024", "monitoring-2024.pdf")))

    def test_jobs_and_reproducibility(self):
        """-j 1 does everything in one process (PDF, then SVGs, workbooks and
        mails from the queue); -j 3 shares them out. Same bytes either way."""
        def outputs():
            got = {}
            year = os.path.join(self.out, "2024")
            for d, _, files in os.walk(year):
                for f in files:
                    path = os.path.join(d, f)
                    with open(path, "rb") as fh:
                        got[os.path.relpath(path, year)] = fh.read()
            return got

        rc, err = run("-i", INPUT, "-o", self.out, "-j", "1", "--mail")
        self.assertEqual(rc, 0, err)
        first = outputs()
        for kind in ("annex/K.xlsx", "mail/K.eml", "mail/manifest.csv", "monitoring-2024.pdf",
                     "charts/profil_K.svg"):
            self.assertIn(kind, first)
        shutil.rmtree(self.out)
        rc, err = run("-i", INPUT, "-o", self.out, "-j", "3", "--mail")
        self.assertEqual(rc, 0, err)
        second = outputs()
        self.assertEqual(sorted(second), sorted(first))
        for f, data in first.items():
            self.assertEqual(second[f], data, f)

    def test_draft_marks_every_sheet(self):
        rc, err = run("-i", INPUT, "-o", self.out, "--draft", "--city", "E")
        self.assertEqual(rc, 0, err)
        wb = openpyxl.load_workbook(os.path.join(self.annex(), "E.xlsx"))
        self.assertIn("Entwurf", wb["Übersicht"]["B4"].value)
        for ws in wb.worksheets:
            self.assertIn("ENTWURF", ws.oddHeader.left.text, ws.title)
            visible = [c.value for row in ws.iter_rows(max_row=1) for c in row]
            self.assertTrue(any(isinstance(v, str) and v.startswith("ENTWURF") for v in visible),
                            ws.title)

    def test_names_that_look_like_formulas_stay_strings(self):
        data = os.path.join(self.tmp, "in")
        gendata(data, "--nasty")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        wb = openpyxl.load_workbook(os.path.join(self.annex(), "HB.xlsx"))
        names = {}
        for row in wb["Vergleich"].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    names[cell.value] = cell.data_type
        for nasty in ('=HYPERLINK("http://example.invalid")', "+49 Stadt",
                      "@Landkreis Groß-Gerau", 'Halle (Saale); "Händelstadt"'):
            self.assertEqual(names.get(nasty), "s", nasty)
        for ws in wb.worksheets:
            if ws.title == "Basiszahlen":
                continue
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", (ws.title, cell.coordinate))

    def test_line_breaks_only_in_wrapped_cells(self):
        """A name delivered with a line break ("Landkreis\nmit
        Zeilenumbruch", quoted in cities.csv) stands in one line wherever
        its cell does not wrap: LibreOffice showed only the last line of
        such a cell ("Landkreis" was gone from DD's title and from the
        Vergleich sheet of every workbook), Excel runs the lines together."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--nasty")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        for city in ("DD", "HB"):
            wb = openpyxl.load_workbook(os.path.join(self.annex(), city + ".xlsx"))
            texts = []
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        if not isinstance(cell.value, str):
                            continue
                        texts.append(cell.value)
                        if not cell.alignment.wrap_text:
                            self.assertNotRegex(cell.value, "[\r\n]",
                                                (city, ws.title, cell.coordinate))
            self.assertIn("Landkreis mit Zeilenumbruch", texts, city)
            if city == "DD":
                self.assertIn("Datenanhang Landkreis mit Zeilenumbruch", wb["Übersicht"]["A1"].value)

    def test_dash_flag_as_the_legend_prints_it(self):
        """The flag "-" (nichts vorhanden) reads "–" wherever a workbook is
        read, as its sign legend explains it (Basiszahlen showed the
        hyphen), and stays "-" in Daten, as in kennzahlwerte.csv."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--all-flags", "0.2")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        seen = {}
        for f in sorted(os.listdir(self.annex()))[:3]:
            wb = openpyxl.load_workbook(os.path.join(self.annex(), f))
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    for v in row:
                        if v in ("-", "\u2013"):
                            seen.setdefault(ws.title, set()).add(v)
        self.assertEqual(seen.pop("Daten", {"-"}), {"-"})
        self.assertIn("Basiszahlen", seen)
        for sheet, symbols in seen.items():
            self.assertEqual(symbols, {"\u2013"}, sheet)

    def test_negative_values_with_the_minus_sign(self):
        """Every number format of a value has a negative section with the
        minus sign U+2212, as the change formats beside it and the report
        (the built-in form printed "-632" beside "\u22122,8 %")."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--negative")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        wb = openpyxl.load_workbook(os.path.join(self.annex(), "D.xlsx"))
        negative = 0
        for ws in (wb["Übersicht"], wb["Daten"], wb["Zeitreihe"]):
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, float) and c.number_format.startswith("#,##0"):
                        self.assertRegex(c.number_format, "^#,##0(\\.0+)?;\u2212#,##0(\\.0+)?$",
                                         (ws.title, c.coordinate))
                        negative += c.value < 0
        self.assertGreater(negative, 0)

    def test_no_bar_chart_without_a_value(self):
        """A key figure without any value in the report year gets a sentence
        in its Vergleich block instead of a bar chart without bars on an
        arbitrary axis (as the participant report says it)."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--empty-kz")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        path = os.path.join(self.annex(), "D.xlsx")
        with zipfile.ZipFile(path) as z:
            bars = [z.read(n).decode() for n in z.namelist()
                    if n.startswith("xl/charts/chart") and "<c:barChart>" in z.read(n).decode()]
        self.assertTrue(bars)
        self.assertFalse(any("NEU_DICHTE" in x for x in bars), "a bar chart of NEU_DICHTE")
        ws = openpyxl.load_workbook(path)["Vergleich"]
        said = [c.coordinate for row in ws.iter_rows() for c in row
                if c.value == "Für 2024 liegt im Vergleich kein Wert vor; das Diagramm entfällt."]
        self.assertEqual(len(said), 1)

    def test_one_year_draws_no_development(self):
        """With a single year the Zeitreihe sheet has its table but no
        charts: an x axis from the year to itself drew in LibreOffice as
        2019 to about 4000, a grey band of ticks."""
        data = os.path.join(self.tmp, "in")
        gendata(data, "--years", "1")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        year = os.listdir(self.out)[0]
        annex = os.path.join(self.out, year, "annex")
        path = os.path.join(annex, sorted(os.listdir(annex))[0])
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/charts/chart"):
                    xml = z.read(name).decode()
                    lo, hi = re.search(r'<c:min val="([^"]+)"', xml), re.search(r'<c:max val="([^"]+)"', xml)
                    self.assertFalse(lo and hi and lo.group(1) == hi.group(1), name)
        wb = openpyxl.load_workbook(path)
        self.assertEqual(wb["Zeitreihe"].cell(1, 5).value, int(year))

    def test_large_circle(self):
        data = os.path.join(self.tmp, "in")
        gendata(data, "--cities",
                        "104", "--rings", "7", "--years", "4", "--all-flags", "0.05")
        rc, err = run("-i", data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.out, "2022", "kennzahlwerte.csv"), encoding="utf-8") as f:
            kw = list(csv.DictReader(f, delimiter=";"))
        with open(os.path.join(data, "cities.csv"), encoding="utf-8") as f:
            rings = {c["id"]: c for c in csv.DictReader(f, delimiter=";")}
        names_all = {c["name"] for c in rings.values()}
        with open(os.path.join(self.out, "2022", "ringwerte.csv"), encoding="utf-8") as f:
            rv = {(r["ring"], r["code"], int(r["year"])): r
                  for r in csv.DictReader(f, delimiter=";")}
        files = sorted(os.listdir(self.annex(2022)))
        self.assertEqual(len(files), 104)
        for name in files[::25]:
            city = name[:-5]
            wb = openpyxl.load_workbook(os.path.join(self.annex(2022), name))
            rows = list(wb["Daten"].iter_rows(min_row=2, values_only=True))
            want = [r for r in kw if r["city"] == city]
            self.assertEqual(len(rows), len(want))
            for got, w in zip(rows, want):
                self.assertTrue(close(got[3], num(w["value"])), (city, w["code"], w["year"]))
                self.assertEqual(got[4] or "", w["flag"])
            # Vergleich: the participant's own comparison ring, in every block
            ring = {c["name"] for c in rings.values() if c["group"] == rings[city]["group"]}
            names = {row[0] for row in wb["Vergleich"].iter_rows(values_only=True)
                     if row[0] in names_all}
            self.assertEqual(names, ring)
            self.assertLess(len(ring), 30)
            self.check_ring_values(wb, city, rings[city]["group"], rv)

    def check_ring_values(self, wb, city, ring, rv):
        """Übersicht and Vergleich carry the ring's Gesamtwert,
        Mittelwert and n, equal to ringwerte.csv (issue 16)."""
        ov = wb["Übersicht"]
        self.assertEqual((ov["A6"].value, ov["B6"].value), ("Ring", ring))
        head = [c.value for c in ov[7]]
        self.assertEqual(head[13:17], ["im Bericht", "Gesamtwert des Rings",
                                       "Mittelwert des Rings", "Anzahl im Ring"])
        rows = [r for r in ov.iter_rows(min_row=8, values_only=True) if r[2] is not None]
        self.assertGreater(len(rows), 10)
        for r in rows:
            w = rv[(ring, r[0], 2022)]
            self.assertTrue(close(r[14], num(w["gesamtwert"])), (city, r[0], r[14]))
            self.assertTrue(close(r[15], num(w["mittelwert"])), (city, r[0], r[15]))
            self.assertEqual(r[16], int(w["anzahl"]))
        # Daten keeps its columns: ring columns there would cost more CPU
        # than they give (the ring's values are in Übersicht and Vergleich)
        daten = wb["Daten"]
        self.assertEqual(daten.tables["Kennzahldaten"].ref, f"A1:O{daten.max_row}")
        cmp = list(wb["Vergleich"].iter_rows(values_only=True))
        blocks = 0
        for i, r in enumerate(cmp):
            if r[0] == "Gesamtwert des Rings":
                code = next(x[0] for x in reversed(cmp[:i]) if x[0] and ": " in str(x[0]))
                w = rv[(ring, code.split(":")[0], 2022)]
                self.assertTrue(close(r[2], num(w["gesamtwert"])), (city, code))
                self.assertEqual(cmp[i + 1][0], "Mittelwert des Rings")
                self.assertTrue(close(cmp[i + 1][2], num(w["mittelwert"])), (city, code))
                self.assertEqual(cmp[i + 3][0], "Anzahl im Ring (mit Wert)")
                self.assertEqual(cmp[i + 3][2], int(w["anzahl"]))
                blocks += 1
        self.assertEqual(blocks, len(rows))

    def test_published_key_figures_and_dataset_source(self):
        """issue 19: the workbooks carry every key figure and mark the
        published ones (im Bericht); info.csv's quelle and hinweis stand
        in every sheet's source notes; no ring columns without a ring."""
        gendata(self.data, "--default")
        path = os.path.join(self.data, "kennzahlen.csv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        unpublished = set()
        out = [lines[0] + ";monitoring"]
        for i, line in enumerate(lines[1:]):
            flag = "nein" if i % 2 else ("ja" if i % 4 else "")
            if flag == "nein":
                unpublished.add(line.split(";")[0])
            out.append(line + ";" + flag)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        with open(os.path.join(self.data, "info.csv"), "a", encoding="utf-8") as f:
            f.write("quelle;Meldungen der Sozialämter, Stand 31.03.\n")
        rc, err = run("-i", self.data, "-o", self.out, "--city", "K")
        self.assertEqual(rc, 0, err)
        wb = openpyxl.load_workbook(os.path.join(self.annex(), "K.xlsx"))
        ov = wb["Übersicht"]
        self.assertEqual(ov["N7"].value, "im Bericht")
        self.assertIsNone(ov["O7"].value)  # no ring: no ring columns
        marks = {r[0]: r[13] for r in ov.iter_rows(min_row=8, values_only=True)
                 if r[2] is not None}
        self.assertEqual(len(marks), len(lines) - 1)
        self.assertEqual({c for c, m in marks.items() if m == "nein"}, unpublished)
        self.assertEqual(set(marks.values()), {"ja", "nein"})
        # centred: left-aligned beside the right-aligned range position
        # ("86 %"), the two read as one ("86%ja")
        self.assertEqual({ov.cell(r, 14).alignment.horizontal for r in range(7, 8 + len(marks))},
                         {"center"})
        de = wb["Definitionen"]
        self.assertEqual(de["J1"].value, "im Bericht")
        dmarks = {r[0]: r[9] for r in de.iter_rows(min_row=2, max_row=len(marks) + 1,
                                                   values_only=True)}
        self.assertEqual(dmarks, marks)
        self.assertEqual(len({r[0] for r in wb["Daten"].iter_rows(min_row=2, values_only=True)}),
                         len(marks))
        self.assertEqual(wb["Daten"].max_column, 15)
        for ws in wb.worksheets:
            if ws.title == "Daten":
                continue
            texts = [c.value for row in ws.iter_rows(max_col=1) for c in row]
            self.assertIn("Datenquelle: Meldungen der Sozialämter, Stand 31.03.", texts, ws.title)
            self.assertTrue(any(str(t).startswith("Hinweis: Synthetische Beispieldaten")
                                for t in texts), ws.title)

    def test_anonymous_comparison(self):
        layout = os.path.join(self.tmp, "anonym.layout")
        with open(layout, "w", encoding="utf-8") as f:
            f.write("[bericht]\nvergleich = anonym\n[seite]\ndiagramm_dpi = 72\n")
        p = kvreport("-i", INPUT, "-o", self.out, "--city", "K", layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        ws = openpyxl.load_workbook(os.path.join(self.annex(), "K.xlsx"))["Vergleich"]
        texts = {c.value for row in ws.iter_rows(max_col=1) for c in row}
        self.assertIn("Köln", texts)
        self.assertIn("Teilnehmer 1", texts)
        self.assertNotIn("Bremen", texts)
        # by value in every block (missing last), so "Teilnehmer k" says
        # nothing about the order of the named report
        rows = list(ws.iter_rows(values_only=True))
        blocks = 0
        for i, r in enumerate(rows):
            if r[0] == "Teilnehmende":
                vals = []
                for b in rows[i + 1:]:
                    if not b[0] or str(b[0]).startswith("Gesamtwert"):
                        break
                    vals.append(b[2])
                present = [v for v in vals if v is not None]
                self.assertEqual(present, sorted(present, reverse=True))
                self.assertEqual(vals[len(present):], [None] * (len(vals) - len(present)))
                blocks += 1
        self.assertEqual(blocks, 24)


class Limits(TmpDirTest):
    """Texts beyond Excel's limits, formulas up to and beyond 8,192
    characters, "_x0041_" in names (gendata.py --long-texts)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp_class = tempfile.mkdtemp(prefix="kvlimits-")
        data = os.path.join(cls.tmp_class, "in")
        gendata(data, "--long-texts")
        cls.outdir = os.path.join(cls.tmp_class, "out")
        p = kvreport("-q", "-i", data, "-o", cls.outdir, "--draft")
        assert p.returncode == 0, p.stderr
        cls.stderr = p.stderr
        cls.annex = os.path.join(cls.outdir, "2024", "annex")
        with open(os.path.join(cls.outdir, "2024", "validation.csv"), encoding="utf-8") as f:
            cls.validation = list(csv.DictReader(f, delimiter=";"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp_class, ignore_errors=True)

    def book(self, city="HB"):
        return openpyxl.load_workbook(os.path.join(self.annex, city + ".xlsx"))

    def warned(self, code_or_city, text):
        return any(text in w["message"] and code_or_city in (w["code"], w["city"])
                   for w in self.validation if w["severity"] == "warning")

    def test_quiet_run_prints_nothing(self):
        self.assertEqual(self.stderr, "")

    def test_long_description_shortened_visibly_and_warned(self):
        cell = self.book()["Definitionen"]["I2"].value
        self.assertEqual(len(cell), 32767)
        self.assertTrue(cell.endswith("…"))
        self.assertTrue(cell.startswith("Beschreibung über Excels Grenze hinaus."))
        self.assertTrue(self.warned("KON_ANT_RAG", "32.767 Zeichen"))

    def test_long_name_keeps_the_draft_marker_in_every_header(self):
        wb = self.book()
        for ws in wb.worksheets:
            h = ws.oddHeader
            self.assertIn("ENTWURF", h.left.text, ws.title)
            self.assertTrue(h.center.text.endswith("…"), ws.title)
            self.assertTrue(h.center.text.startswith("Städteregion Ölmühle && Söhne"))
            self.assertEqual(h.right.text, "2024")
        self.assertTrue(self.warned("HB", "Kopfzeile"))

    def test_formulas_never_truncated(self):
        """LANG_FORMEL (1,365 terms) stays a whole live formula; ZU_LANG
        (over 8,192 characters in Excel) is the value with a comment."""
        path = os.path.join(self.annex, "HB.xlsx")
        formulas = openpyxl.load_workbook(path)["Basiszahlen"]
        cached = openpyxl.load_workbook(path, data_only=True)["Basiszahlen"]
        rows = {r[0].value: r for r in formulas.iter_rows() if r[0].value}
        long_row, too_long = rows["LANG_FORMEL"], rows["ZU_LANG"]
        for i in range(3, 15, 2):
            f = long_row[i]
            self.assertEqual(f.value.count("+"), 1364, f.coordinate)
            self.assertTrue(close(eval_formula(f.value, cached), cached[f.coordinate].value))
            c = too_long[i]
            self.assertIsInstance(c.value, float)
            self.assertIn("8.192", c.comment.text)
        self.assertTrue(self.warned("ZU_LANG", "8.192"))

    def test_x_escapes_stay_literal(self):
        """"_x0041_" must not become "A" in Excel: stored as _x005F_x0041_."""
        wb = self.book("DO")
        names = {r[0] for r in wb["Vergleich"].iter_rows(values_only=True)}
        self.assertIn("Kreis _x0041_ und _x000D_ Ende", names)
        with zipfile.ZipFile(os.path.join(self.annex, "DO.xlsx")) as z:
            sst = z.read("xl/sharedStrings.xml").decode()
        self.assertIn("Kreis _x005F_x0041_ und _x005F_x000D_ Ende", sst)

    def test_every_part_clean(self):
        for city in ("HB", "DO"):
            self.assertEqual(problems(os.path.join(self.annex, city + ".xlsx")), [], city)


class Titles(TmpDirTest):
    def test_titles_starting_with_equals_stay_text_and_quiet(self):
        """issue 12 row 4: a title or area starting with "=" is literal
        text in every chart, and -q prints no library warning."""
        gendata(self.data)
        path = os.path.join(self.data, "kennzahlen.csv")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("Anteil der Einwohner ab Regelaltersgrenze", "=Sheet1!A1 Anteil")
        text = text.replace(";SGB-II-Quote;", ";=SUMME(A1:A3);")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        p = kvreport("-q", "-i", self.data, "-o", self.out, "--city", "HB")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        book = os.path.join(self.out, "2024", "annex", "HB.xlsx")
        wb = openpyxl.load_workbook(book)
        with zipfile.ZipFile(book) as z:
            charts = [z.read(n) for n in z.namelist() if n.startswith("xl/charts/chart")]
        C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
        A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        seen = set()
        for data in charts:
            title = ET.fromstring(data).find(f"{C}chart/{C}title")
            self.assertIsNone(title.find(f".//{C}f"))  # no formula, literal text
            seen.add("".join(t.text for t in title.iter(f"{A}t")))
        self.assertIn("KON_ANT_RAG: =Sheet1!A1 Anteil (%)", seen)
        self.assertIn("KON_SGB2_QUOTE: =SUMME(A1:A3) (%)", seen)
        self.assertIn("=Sheet1!A1 Anteil", {c.value for c in wb["Zeitreihe"]["B"]})
        self.assertEqual(problems(book), [])


if __name__ == "__main__":
    unittest.main(verbosity=1)
