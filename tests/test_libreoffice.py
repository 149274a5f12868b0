#!/usr/bin/python3
"""The workbooks in LibreOffice (headless): they open and convert, and the
Basiszahlen formulas recompute to the engine's values. To be sure that
LibreOffice really recalculates, every cached formula result is zeroed in a
copy of the workbook before it is opened.

    KVREPORT=build/kvreport tests/test_libreoffice.py [unittest args]
"""
import csv
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

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

    def test_pdf_export_pages(self):
        """Exported to PDF every page has content, and Basiszahlen at six
        years is one page wide instead of one year per page."""
        work = os.path.join(self.tmp, "pdf")
        os.makedirs(work, exist_ok=True)
        src = os.path.join(self.out, "2024", "annex", "H.xlsx")
        p = subprocess.run(["soffice", "-env:UserInstallation=" + self.profile, "--headless",
                            "--convert-to", "pdf", src, "--outdir", work],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        pdf = os.path.join(work, "H.pdf")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertLess(pages, 45)
        sheets = {}
        for n in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                                  capture_output=True, text=True).stdout
            m = re.search(r"^\s*(Inhalt|Übersicht|Zeitreihe|Vergleich|Basiszahlen|Daten|"
                          r"Definitionen)\s+Seite \d+ von \d+\s*$", text, re.M)
            self.assertIsNotNone(m, f"page {n} has no footer")
            body = text[:m.start()]
            self.assertGreater(len(body.split()), 10, f"page {n} is empty")
            sheets[m.group(1)] = sheets.get(m.group(1), 0) + 1
        self.assertEqual(sheets["Basiszahlen"], 1)
        self.assertEqual(sheets["Vergleich"], 24)  # one key figure a page, none split


if __name__ == "__main__":
    unittest.main(verbosity=1)
