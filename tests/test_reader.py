#!/usr/bin/python3
"""A second, independent reader of the workbooks: exceljs (npm, installed
by the Makefile into build/node from tests/reader/package-lock.json) must
read every workbook of the default, the nasty-names, the long-texts and a
104-participant dataset without error, with all sheets and the Daten rows
equal to kennzahlwerte.csv.

    KVREPORT=build/kvreport tests/test_reader.py [unittest args]
"""
import csv
import json
import os
import subprocess
import unittest

from kvtest import HERE, INPUT, ROOT, TmpDirTest, gendata, kvreport

NODE_MODULES = os.path.join(ROOT, "build", "node", "node_modules")
SHEETS = ["Inhalt", "Übersicht", "Zeitreihe", "Vergleich", "Basiszahlen", "Daten",
          "Definitionen"]


def read_all(paths):
    p = subprocess.run(["node", os.path.join(HERE, "reader", "read.js"), *paths],
                       capture_output=True, text=True, env=dict(os.environ, NODE_PATH=NODE_MODULES),
                       timeout=600)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return [json.loads(line) for line in p.stdout.splitlines()]


class SecondReader(TmpDirTest):
    def check(self, data, year, *args):
        p = kvreport("-i", data, "-o", self.out, *args)
        self.assertEqual(p.returncode, 0, p.stderr)
        annex = os.path.join(self.out, str(year), "annex")
        with open(os.path.join(self.out, str(year), "kennzahlwerte.csv"), encoding="utf-8") as f:
            kw = list(csv.DictReader(f, delimiter=";"))
        files = sorted(os.listdir(annex))
        books = read_all([os.path.join(annex, f) for f in files])
        self.assertEqual(len(books), len(files))
        for book in books:
            city = os.path.basename(book["file"])[:-5]
            self.assertEqual(book["sheets"], SHEETS, city)
            rows = book["daten"][1:]
            want = [r for r in kw if r["city"] == city]
            self.assertEqual(len(rows), len(want), city)
            for got, w in zip(rows, want):
                self.assertEqual((got[0], got[2]), (w["code"], int(w["year"])))
                self.assertEqual(got[4] or "", w["flag"])
                if w["value"]:
                    v = float(w["value"].replace(",", "."))
                    self.assertLessEqual(abs(got[3] - v), 1e-12 * max(1.0, abs(v)), (city, w["code"]))
                else:
                    self.assertIsNone(got[3], (city, w["code"], w["year"]))
        return len(books)

    def test_default(self):
        self.assertEqual(self.check(INPUT, 2024), 14)

    def test_nasty_names(self):
        gendata(self.data, "--nasty")
        self.check(self.data, 2024)

    def test_long_texts(self):
        gendata(self.data, "--long-texts")
        self.check(self.data, 2024, "--draft")

    def test_104_participants_20_years(self):
        gendata(self.data, "--cities", "104", "--rings", "7", "--years", "20",
                "--first-year", "2005", "--all-flags", "0.03")
        self.assertEqual(self.check(self.data, 2024), 104)


if __name__ == "__main__":
    unittest.main(verbosity=1)
