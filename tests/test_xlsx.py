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

from kvtest import INPUT, TmpDirTest, gendata, kvreport
SHEETS = ["Übersicht", "Zeitreihe", "Vergleich", "Basiszahlen", "Daten", "Definitionen"]
DATEN = ["Code", "Kennzahl", "Jahr", "Wert", "Kennzeichen", "Gesamtwert", "Mittelwert",
         "Median", "Minimum", "Maximum", "Anzahl"]

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
            self.assertEqual([x.value for x in ws[1]], DATEN)
            self.assertEqual(ws.freeze_panes, "A2")
            self.assertEqual(ws.auto_filter.ref, f"A1:K{ws.max_row}")
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

    def test_overview_and_properties(self):
        wb = openpyxl.load_workbook(os.path.join(self.annex, "HB.xlsx"))
        ws = wb["Übersicht"]
        self.assertEqual(ws["B3"].value, 2024)
        self.assertIn("endgültig", ws["B4"].value)
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


if __name__ == "__main__":
    unittest.main(verbosity=1)
