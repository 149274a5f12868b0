#!/usr/bin/python3
"""Page layout seen in the text of the reports: widow and orphan control
of the tables (a value table split over pages keeps at least three
participants on either side of the break, its Gesamtwert/Mittelwert rows
never stand alone; pdftotext -layout, page by page), and a ring report's
development charts marking only the series breaks of the ring's members."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kvtest import INPUT, gendata, kvreport  # noqa: E402

KEEP = 3
CONT = "Teilnehmende (Fortsetzung)"


def pages(pdf):
    p = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.split("\f")


def continued_rows(page):
    """The participant rows between a continued table's head and its
    Gesamtwert row, or None when the page continues no value table or
    the table goes on beyond the page."""
    lines = page.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith(CONT):
            rows = []
            for body in lines[i + 1:]:
                if re.match(r"\s*Gesamtwert", body):
                    return rows
                if body.strip():
                    rows.append(body.strip())
            return None
    return None


class Widows(unittest.TestCase):
    def check(self, data, layout=None):
        tmp = tempfile.mkdtemp(prefix="kvwidow-")
        try:
            out = os.path.join(tmp, "out")
            p = kvreport("-i", data, "-o", out, layout=layout)
            self.assertEqual(p.returncode, 0, p.stderr)
            year = sorted(os.listdir(out))[0]
            pdf = [f for f in os.listdir(os.path.join(out, year)) if f.endswith(".pdf")][0]
            seen = 0
            for n, page in enumerate(pages(os.path.join(out, year, pdf)), 1):
                rows = continued_rows(page)
                if rows is not None:
                    seen += 1
                    self.assertGreaterEqual(len(rows), KEEP, f"page {n}: {rows}")
            return seen
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_default_data(self):
        """The shipped data: SGB-II-Quote's table breaks on page 8."""
        self.assertGreater(self.check(INPUT), 0)

    def test_generated_default(self):
        tmp = tempfile.mkdtemp(prefix="kvwidow-in-")
        try:
            gendata(tmp, "--default")
            self.check(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class RingBreaks(unittest.TestCase):
    LEGEND = "Reihenbruch (|)"

    def test_ring_of_one_marks_only_its_breaks(self):
        """Random flags (a share of them breaks) among 14 participants in a
        ring of 1 and a ring of 13: the lone member's report marks fewer
        breaks than the circle report, which counts all 14."""
        tmp = tempfile.mkdtemp(prefix="kvbrk-")
        try:
            data, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
            os.mkdir(data)
            gendata(data, "--cities", "14", "--ring-sizes", "1,13", "--all-flags", "0.05")
            p = kvreport("-i", data, "-o", out)
            self.assertEqual(p.returncode, 0, p.stderr)
            year = sorted(os.listdir(out))[0]

            def legends(*path):
                return sum(pg.count(self.LEGEND) for pg in pages(os.path.join(out, year, *path)))

            circle = legends(f"monitoring-{year}.pdf")
            self.assertGreater(circle, 0)
            self.assertLess(legends("ringe", "Vergleichsring-1.pdf"), circle)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
