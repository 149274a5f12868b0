#!/usr/bin/python3
"""No buffer holds user text: one participant with a 300-character name of
multi-byte characters and 200 e-mail addresses, and a key figure whose
formula has about 4,000 characters, go through every output of a --mail
run, and each output is checked with its real client (qpdf and pdftotext
for the PDFs, openpyxl for the workbook, Python's email for the mail,
Python's csv for the tables). Each of these once lost text at a fixed-size
buffer (issue 11)."""
import csv
import email
import email.policy
import email.utils
import glob
import io
import os
import shutil
import subprocess
import tempfile
import unittest
import warnings
import zipfile

import openpyxl

from kvtest import INPUT, kvreport

NAME = ("Städtische Sozialverwaltung „Übergänge“ € ÄÖÜ " * 8)[:300]
ADDRS = [f"planung{i:03d}@hb.example" for i in range(200)]
TERMS = 572  # "EW_RAG+" 572 times: 4,003 characters


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout


def squeeze(text):
    """pdftotext breaks a wrapped name into lines; compare without any
    white space."""
    return "".join(text.split())


class Whole(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kv-whole-")
        data = os.path.join(cls.tmp, "in")
        shutil.copytree(INPUT, data)
        path = os.path.join(data, "cities.csv")
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        head = rows[0]
        hb = next(r for r in rows if r[0] == "HB")
        hb[head.index("name")] = NAME
        hb[head.index("email")] = ", ".join(ADDRS)
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)
        path = os.path.join(data, "kennzahlen.csv")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        formula = "+".join(["EW_RAG"] * TERMS)
        assert len(formula) >= 4000
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(";EW_RAG;EW;", ";" + formula + ";EW;", 1))
        cls.out = os.path.join(cls.tmp, "out")
        p = kvreport("-i", data, "-o", cls.out, "--mail", layout=None)
        cls.rc, cls.err = p.returncode, p.stderr
        cls.year = os.path.join(cls.out, "2024")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def setUp(self):
        self.assertEqual(self.rc, 0, self.err)

    def test_pdfs_carry_the_name_and_every_term(self):
        for rel in ("monitoring-2024.pdf", "berichte/HB.pdf"):
            path = os.path.join(self.year, rel)
            p = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, rel + p.stdout)
            self.assertIn(squeeze(NAME), squeeze(pdf_text(path)), rel)
        # the definition and the annex of the circle report spell out the
        # numerator term by term (the running header and footer, two lines
        # each, left out: the formula runs over pages)
        pages = pdf_text(os.path.join(self.year, "monitoring-2024.pdf")).split("\f")
        body = " ".join(" ".join([ln for ln in p.split("\n") if ln.strip()][2:-2])
                        for p in pages)
        label = squeeze("Einwohner ab Regelaltersgrenze am 31.12.")
        self.assertGreaterEqual(squeeze(body).count(label), 2 * TERMS)

    def test_workbook_cells_hold_the_name_and_the_live_formula(self):
        path = os.path.join(self.year, "annex", "HB.xlsx")
        with zipfile.ZipFile(path) as z:
            self.assertIsNone(z.testzip())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
        cells = [c.value for ws in wb for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str)]
        self.assertTrue(any(NAME in v for v in cells))
        # the key figure's numerator is a live formula of every term: the
        # same cell reference TERMS times (a 2 KB buffer once kept 512)
        formulas = [v for v in cells if v.startswith("=") and v.count("+") >= TERMS - 1]
        self.assertTrue(formulas, "no live formula of the long key figure")
        ref = formulas[0].lstrip("=(").split("+")[0]
        self.assertEqual(formulas[0].count(ref), TERMS, formulas[0][:80])
        # a page header holds at most 255 characters: the name is shortened
        # visibly there, and validation.csv says so
        header = wb.worksheets[0].oddHeader.center.text or ""
        self.assertLessEqual(len(header), 255)
        self.assertTrue(header.endswith("…"), header[-20:])
        self.assertTrue(NAME.startswith(header[:-1].rstrip()))
        with open(os.path.join(self.year, "validation.csv"), encoding="utf-8") as f:
            self.assertIn("Kopfzeile", f.read())

    def test_mail_goes_to_every_address_with_the_name(self):
        with open(os.path.join(self.year, "mail", "HB.eml"), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        to = [a for _, a in email.utils.getaddresses([str(msg["To"])])]
        self.assertEqual(to, ADDRS)
        self.assertIn(squeeze(NAME), squeeze(str(msg["Subject"])))
        body = msg.get_body(("plain",)).get_content()
        self.assertIn(squeeze(NAME), squeeze(body))
        names = sorted(part.get_filename() for part in msg.iter_attachments())
        self.assertEqual(names, ["HB.pdf", "HB.xlsx"])
        for part in msg.iter_attachments():
            want = os.path.join(self.year, "annex" if part.get_filename().endswith(".xlsx")
                                else "berichte", part.get_filename())
            with open(want, "rb") as f:
                self.assertEqual(part.get_content(), f.read(), part.get_filename())

    def test_tables_carry_the_name_and_the_addresses(self):
        with open(os.path.join(self.year, "mail", "manifest.csv"), encoding="utf-8",
                  newline="") as f:
            rows = {r["city"]: r for r in csv.DictReader(f, delimiter=";")}
        self.assertEqual(rows["HB"]["to"].split(", "), ADDRS)
        self.assertIn(NAME, rows["HB"]["subject"])
        for name in glob.glob(os.path.join(self.year, "*.csv")):
            with open(name, encoding="utf-8", newline="") as f:
                list(csv.reader(io.StringIO(f.read()), delimiter=";"))  # well-formed


class HugeName(unittest.TestCase):
    """A name of 40,000 two-byte characters (80 KB; the input allows a
    field of 1 MiB) goes through a whole --mail run, in seconds: shortening
    it for a chart label or a page header measured the whole rest for every
    character dropped (a name of 20,000 characters took 7 minutes, one of
    450,000 never ended, holding the nightly run's lock), and libharu
    failed the participant report on a document title over 65,535 bytes.
    The timeout only stops a hang; the run takes about a second."""

    def test_runs_through_with_every_output(self):
        tmp = tempfile.mkdtemp(prefix="kv-huge-")
        try:
            data = os.path.join(tmp, "in")
            shutil.copytree(INPUT, data)
            path = os.path.join(data, "cities.csv")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            name = "Duisburg " + "ä" * 40000
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(";Duisburg;", ";" + name + ";", 1))
            out = os.path.join(tmp, "out")
            p = kvreport("-q", "-i", data, "-o", out, "--mail", "--city", "DU", layout=None,
                         timeout=600)
            self.assertEqual(p.returncode, 0, p.stderr)
            year = os.path.join(out, "2024")
            for rel in ("monitoring-2024.pdf", "berichte/DU.pdf"):
                q = subprocess.run(["qpdf", "--check", os.path.join(year, rel)],
                                   capture_output=True, text=True)
                self.assertEqual(q.returncode, 0, rel + q.stdout)
            # the whole name in the participant report's text (it runs over
            # pages, between running heads), its title shortened visibly to
            # what every reader takes
            text = pdf_text(os.path.join(year, "berichte/DU.pdf"))
            self.assertGreaterEqual(text.count("ä"), 40000)
            info = subprocess.run(["pdfinfo", os.path.join(year, "berichte/DU.pdf")],
                                  capture_output=True, text=True).stdout
            title = next(l for l in info.splitlines() if l.startswith("Title:"))
            self.assertTrue(title.endswith("…"), title[-20:])
            self.assertLess(len(title), 8100)
            self.assertTrue(os.path.exists(os.path.join(year, "annex", "DU.xlsx")))
            self.assertTrue(os.path.exists(os.path.join(year, "mail", "DU.eml")))
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=1)
