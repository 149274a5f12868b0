#!/usr/bin/python3
"""Page layout seen in the text of the reports: widow and orphan control
of the tables (a value table split over pages keeps at least three
participants on either side of the break, its Gesamtwert/Mittelwert rows
never stand alone; pdftotext -layout, page by page), a ring report's
development charts marking only the series breaks of the ring's members,
and the publication apparatus (issues 14 and 19): the page "Zentrale
Ergebnisse" right after the contents (and a draft's change page) with
every published key figure's Gesamtwert, its change by the contract's
rule and its direction over five years, also with 80 key figures over
several pages and with one year only; the imprint with contact, licence
and a citation in the circle and the ring reports."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kvtest import INPUT, ROOT, gendata, kvreport, report_run  # noqa: E402
from kvtest import pdf_pages as pages  # noqa: E402

STANDARD = os.path.join(ROOT, "layouts", "standard.layout")
LINT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pdflint.py")

KEEP = 3
CONT = "Teilnehmende (Fortsetzung)"


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
        seen = 0
        for n, page in enumerate(report_run(self, data, layout=layout).pages(), 1):
            rows = continued_rows(page)
            if rows is not None:
                seen += 1
                self.assertGreaterEqual(len(rows), KEEP, f"page {n}: {rows}")
        return seen

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


class GlanceWidows(unittest.TestCase):
    """A participant report's "Auf einen Blick" table never leaves one or
    two key figures alone on a page (41 and 42 key figures: 40 fit the
    first page)."""

    def test_last_rows_go_together(self):
        for nkz in (41, 42):
            tmp = tempfile.mkdtemp(prefix="kvglance-")
            self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
            data = os.path.join(tmp, "in")
            gendata(data, "--kz", str(nkz))
            city = read_csv(os.path.join(data, "cities.csv"))[0]["id"]
            run = report_run(self, data, "--city", city, layout=STANDARD, tmp=tmp)
            pgs = run.pages("berichte", f"{city}.pdf")
            first = next(i for i, pg in enumerate(pgs) if re.search(r"Kennzahlen \d{4}\s*$", pg, re.M))
            rows = [line for line in pgs[first + 1].splitlines()
                    if re.search(r"\s\d+\s*$", line) and not line.startswith("Kennzahl ")]
            self.assertGreaterEqual(len(rows), KEEP, f"{nkz} key figures: {rows}")


class RingBreaks(unittest.TestCase):
    LEGEND = "Reihenbruch (|)"

    def test_ring_of_one_marks_only_its_breaks(self):
        """Random flags (a share of them breaks) among 14 participants in a
        ring of 1 and a ring of 13: the lone member's report marks fewer
        breaks than the circle report, which counts all 14."""
        tmp = tempfile.mkdtemp(prefix="kvbrk-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        data = os.path.join(tmp, "in")
        gendata(data, "--cities", "14", "--ring-sizes", "1,13", "--all-flags", "0.05")
        run = report_run(self, data, tmp=tmp)

        def legends(*path):
            return sum(pg.count(self.LEGEND) for pg in run.pages(*path))

        circle = legends()
        self.assertGreater(circle, 0)
        self.assertLess(legends("ringe", "Vergleichsring-1.pdf"), circle)


def standard_with(path, old, new):
    """Writes the standard layout to path with the line starting with old
    (there must be one) starting with new instead; path."""
    with open(STANDARD, encoding="utf-8") as f:
        text = f.read()
    # at a line's start: "lizenz = " is also the end of "impressum_lizenz = " in [texte]
    assert text.count("\n" + old) == 1, old
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("\n" + old, "\n" + new))
    return path


def de(v, decimals):
    """A number as the report prints it: German separators, U+2212 as minus."""
    s = f"{abs(v):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("\u2212" if v < 0 and s.strip("0,.") else "") + s


def de_num(s):
    return float(s.replace(".", "").replace(",", ".").replace("\u2212", "-"))


def read_csv(path):
    with open(path, encoding="utf-8-sig") as f:
        rows = [line.rstrip("\r\n").split(";") for line in f if line.strip()]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def published(data):
    kz = read_csv(os.path.join(data, "kennzahlen.csv"))
    return [k for k in kz if k.get("monitoring", "ja") in ("", "ja")]


def summary_pages(pgs):
    """Indexes of the pages of the chapter "Zentrale Ergebnisse"."""
    idx = [i for i, pg in enumerate(pgs)
           if re.search(r"^\s*Zentrale Ergebnisse( \(Fortsetzung\))?\s*$", pg, re.M)
           and "Inhalt" not in pg.split("\n", 3)[0]]
    return idx


SUMMARY_ROW = re.compile(
    r"^(\S.*?)\s{2,}([\u2212\d.,]+|\.)(?:\s{2,}([+\u2212\u00b1][\d.,]+\s(?:%|Pp\.)|x|\.)"
    r"\s{2,}((?:steigend|sinkend|gleichbleibend)(?: seit \d{4})?|x|\.))?\s*$")


def summary_rows(pgs):
    """The summary's key-figure rows: (name as on its first line, value,
    change, direction)."""
    found = []
    for i in summary_pages(pgs):
        for line in pgs[i].splitlines():
            m = SUMMARY_ROW.match(line)
            if m and not line.startswith("Leistungsbereich und"):
                found.append(m.groups())
    return found


class Summary(unittest.TestCase):
    """Zentrale Ergebnisse (issue 14, publication apparatus; issue 19)."""

    def run_report(self, data, *args, layout=STANDARD):
        run = report_run(self, data, *args, layout=layout)
        return run.out, run.year, run.pdf

    def lint(self, pdf):
        p = subprocess.run(["/usr/bin/python3", LINT, pdf], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout[-3000:])

    def test_default_after_contents_with_engine_values(self):
        out, year, pdf = self.run_report(INPUT)
        pgs = pages(pdf)
        sp = summary_pages(pgs)
        self.assertTrue(sp, "no page Zentrale Ergebnisse")
        # right after the contents, before the preface
        self.assertIn("Inhalt", pgs[sp[0] - 1].split("\n", 1)[0])
        self.assertTrue(re.search(r"^\s*Vorbemerkungen\s*$", pgs[sp[-1] + 1], re.M))
        toc = "".join(pgs[:sp[0]])
        self.assertRegex(toc, r"Zentrale Ergebnisse\s+%d" % (sp[0] + 1))
        vals = {}
        for row in read_csv(os.path.join(out, year, "kennzahlwerte.csv")):
            if row["gesamtwert"]:
                vals[(row["code"], int(row["year"]))] = float(row["gesamtwert"].replace(",", "."))
        rows = {name: (v, change, way) for name, v, change, way in summary_rows(pgs)}
        y = int(year)
        for k in published(INPUT):
            name = f"{k['title']} ({k['unit']})"
            # a long name wraps: its first line starts it
            lead = [n for n in rows if name.startswith(n) and len(n) > len(name) // 2]
            self.assertEqual(len(lead), 1, name)
            v, change, way = rows[lead[0]]
            cur, prev = vals[(k["code"], y)], vals[(k["code"], y - 1)]
            self.assertEqual(v, de(cur, int(k["decimals"])), name)
            if k["unit"] == "%":
                want = de(cur - prev, 1)
            elif prev > 0 and cur >= 0:
                want = de((cur - prev) / prev * 100, 1)
            else:
                want = "x"
            if want != "x":
                want = ("\u00b1" + want.lstrip("\u2212") if want.strip("\u22120,") == "" else
                        want if want.startswith("\u2212") else "+" + want)
                want += "\u00a0" + ("Pp." if k["unit"] == "%" else "%")
            self.assertEqual(change.replace(" ", "\u00a0"), want, name)
            first = vals[(k["code"], y - 4)]
            word = ("gleichbleibend" if abs(cur - first) <= max(abs(cur), abs(first)) / 100
                    else "steigend" if cur > first else "sinkend")
            self.assertEqual(way, word, name)
        self.lint(pdf)

    def test_bookmark(self):
        import pikepdf
        _, _, pdf = self.run_report(INPUT)
        with pikepdf.open(pdf) as doc, doc.open_outline() as ol:
            self.assertIn("Zentrale Ergebnisse", [i.title for i in ol.root])

    def test_one_year_says_so(self):
        data = os.path.join(tempfile.mkdtemp(prefix="kvsum-in-"), "in")
        self.addCleanup(shutil.rmtree, os.path.dirname(data), ignore_errors=True)
        gendata(data, "--years", "1")
        _, _, pdf = self.run_report(data)
        pgs = pages(pdf)
        text = "".join(pgs[i] for i in summary_pages(pgs))
        self.assertIn("nur dieses eine Jahr", text)
        head = text.split("Leistungsbereich und Kennzahl (Einheit)")[0].splitlines()[-1]
        self.assertEqual(head.split(), ["Gesamtwert"])  # no change, no direction
        self.assertNotIn("gegenüber 20", text)
        self.assertEqual(len(summary_rows(pgs)), len(published(data)))
        self.lint(pdf)

    def test_80_key_figures_over_pages_without_orphans(self):
        data = os.path.join(tempfile.mkdtemp(prefix="kvsum-in-"), "in")
        self.addCleanup(shutil.rmtree, os.path.dirname(data), ignore_errors=True)
        gendata(data, "--kz", "80", "--long-names")
        _, _, pdf = self.run_report(data)
        pgs = pages(pdf)
        sp = summary_pages(pgs)
        self.assertGreater(len(sp), 1)
        self.assertEqual(len(summary_rows(pgs)), len(published(data)))
        for i in sp[1:]:
            self.assertIn("Zentrale Ergebnisse (Fortsetzung)", pgs[i])
            self.assertIn("Leistungsbereich und Kennzahl (Einheit)", pgs[i])
            self.assertGreaterEqual(len(summary_rows([""] * i + [pgs[i]])), 2, f"page {i + 1}")
        for i in sp[:-1]:  # no key figure alone at a page's foot after its area
            lines = [ln for ln in pgs[i].splitlines() if ln.strip()][:-2]
            self.assertIsNotNone(re.match(r"^\S.*\)\s{2,}\S", lines[-1]), lines[-1])
        self.lint(pdf)

    def test_compact_format_and_draft_order(self):
        """The compact format has the page too; in a draft run over a
        previous generation it follows the change page."""
        tmp = tempfile.mkdtemp(prefix="kvsum-c-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        lay = standard_with(os.path.join(tmp, "c.layout"), "format = ausfuehrlich",
                            "format = kompakt")
        out = os.path.join(tmp, "out")
        for extra in ([], ["--draft"]):
            p = kvreport("-i", INPUT, "-o", out, *extra, layout=lay, epoch=None)
            self.assertEqual(p.returncode, 0, p.stderr)
            year = sorted(os.listdir(out))[0]
            pdf = os.path.join(out, year, f"monitoring-{year}.pdf")
            if not extra:  # the draft's watermark is no text for pdflint
                self.lint(pdf)
        pgs = pages(pdf)
        heads = [re.search(r"^\s*(Änderungen gegenüber|Zentrale Ergebnisse|Vorbemerkungen)",
                           pg, re.M) for pg in pgs]
        order = [m.group(1) for m in heads if m]
        order = [h for i, h in enumerate(order) if not i or order[i - 1] != h]
        self.assertEqual(order[:3], ["Änderungen gegenüber", "Zentrale Ergebnisse",
                                     "Vorbemerkungen"])
        self.assertEqual(len(summary_rows(pgs)), len(published(INPUT)))


# what ends the run of rows or items a page opens with
ROW_ENDS = ("Kennzahldefinitionen", "Zeichenerklärung", "Abkürzungen",
            "Vergleichsringe", "Datenhinweise", "Impressum", "Abweichungen in den Summen",
            "Quelle:", "Weitere ", "Fehlende Balken")
# the annex's list of participants is headed "Teilnehmende" alone (a
# caption's second line "Teilnehmenden = 100)" is none)
LIST_HEAD = re.compile(r"Teilnehmende( \(\d+\))?")
CHAPTERS = ("Anhang", "Erläuterungen")


def lone_rows(pdf):
    """Pages that open (below the running header, after a continued
    table's head) with a single table row or list item before a heading,
    the source line or the end of a list: (page, that row)."""
    found = []
    for n, pg in enumerate(pages(pdf), 1):
        lines = [ln.strip() for ln in pg.splitlines() if ln.strip()][1:-1]
        body = []
        for s in lines:
            if "(Fortsetzung)" in s or s in CHAPTERS:
                continue
            if s.startswith(ROW_ENDS) or LIST_HEAD.fullmatch(s):
                if len(body) == 1:
                    found.append((n, body[0]))
                break
            body.append(s)
    return found


class LoneRows(unittest.TestCase):
    """No single list item or table row alone at a page's head (issue 14,
    orphan control in lists and the annex): the default report's last
    abbreviation stood alone on the last page."""

    def test_reports(self):
        tmp = tempfile.mkdtemp(prefix="kvlone-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        runs = [("default", INPUT, [])]
        for name, opts in (("kz80", ["--kz", "80", "--long-names"]),
                           ("rings", ["--cities", "60", "--rings", "4"])):
            gendata(os.path.join(tmp, name), *opts)
            runs.append((name, os.path.join(tmp, name), []))
        for name, data, extra in runs:
            run = report_run(self, data, *extra, layout=STANDARD, tmp=tmp)
            pdfs = [run.pdf]
            ring_dir = run.path("ringe")
            if os.path.isdir(ring_dir):
                pdfs += [os.path.join(ring_dir, f) for f in sorted(os.listdir(ring_dir))
                         if f.endswith(".pdf")]
            for pdf in pdfs:
                self.assertEqual(lone_rows(pdf), [], pdf)


class ProfileTerm(unittest.TestCase):
    """The participant term of the profiles follows the layout, and every
    profile carries the year and a legend (issue 14)."""

    def test_kreisprofil(self):
        tmp = tempfile.mkdtemp(prefix="kvterm-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        lay = standard_with(os.path.join(tmp, "k.layout"), "profil = Stadtprofil",
                            "profil = Kreisprofil")
        run = report_run(self, INPUT, layout=lay, tmp=tmp)
        year = run.year
        text = "".join(run.pages())
        flat = re.sub(r"\s+", " ", text)
        self.assertNotIn("Stadtprofil", text)
        self.assertRegex(text, r"(?m)^Kreisprofile\s*$")
        n = len(read_csv(os.path.join(INPUT, "cities.csv")))
        heads = [h for h in re.findall(r"(?m)^Kreisprofil \S.*$", text) if "Fortsetzung" not in h]
        self.assertEqual(len(heads), n)
        self.assertEqual(flat.count("Index: Wert der Kennzahl je Gesamtwert"), n)
        self.assertEqual(flat.count(f"Index {year} (Gesamtwert"), n)
        # a participant report's profile has the legend too
        part = sorted(os.listdir(run.path("berichte")))[0]
        ppages = run.pages("berichte", part)
        ptext = re.sub(r"\s+", " ", "".join(ppages))
        self.assertIn("Index: Wert der Kennzahl je Gesamtwert", ptext)
        # ... and its chapter is named with the layout's term too
        self.assertRegex("".join(ppages), r"(?m)^Kreisprofil\s*$")
        self.assertNotRegex("".join(ppages), r"(?m)^Profil\s*$")

    def test_unknown_term_is_an_error(self):
        tmp = tempfile.mkdtemp(prefix="kvterm-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        lay = os.path.join(tmp, "bad.layout")
        with open(lay, "w", encoding="utf-8") as f:
            f.write("[bericht]\nprofil = Gemeindeprofil\n")
        out = os.path.join(tmp, "out")
        p = kvreport("-i", INPUT, "-o", out, layout=lay)
        self.assertEqual(p.returncode, 65, p.stderr)
        self.assertIn("bad.layout:2: error: profil: erlaubt sind Stadtprofil, Kreisprofil, Profil",
                      p.stderr)
        self.assertFalse(any(f.endswith(".pdf") for _, _, fs in os.walk(out) for f in fs))


def font_chars(path):
    """The code points a font file covers (fc-query's charset)."""
    out = subprocess.run(["fc-query", "--format=%{charset}", path], capture_output=True,
                         text=True, check=True).stdout
    cover = set()
    for part in out.split():
        lo, _, hi = part.partition("-")
        cover.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return cover


class Glyphs(unittest.TestCase):
    """Every character of the report is in its fonts: the data remarks
    printed "762 \u2192 1.067" with an arrow Noto Sans does not have (a
    missing-glyph box)."""

    def test_report_text_in_font(self):
        noto = "/usr/share/fonts/truetype/noto"
        cover = set.intersection(*(font_chars(os.path.join(noto, f)) for f in (
            "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")))
        # what the PDF module's fallback face sets (the minus sign U+2212)
        cover |= font_chars(os.path.join(noto, "NotoSansMath-Regular.ttf"))
        text = "".join(report_run(self, INPUT, layout=STANDARD).pages())
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in cover})
        self.assertEqual(missing, [])
        self.assertIn("(von 762 auf 1.067)", re.sub(r"\s+", " ", text))


class TableType(unittest.TestCase):
    """Tables are set at 8 pt at least (issue 14, typography)."""

    def test_table_cells_at_least_8pt(self):
        import xml.etree.ElementTree as ET
        pdf = report_run(self, INPUT, layout=STANDARD).pdf
        # pdftohtml -xml scales by 1.5 and rounds: 7.5 pt is 11, 8 pt 12
        x = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", pdf], capture_output=True,
                           text=True, check=True).stdout
        root = ET.fromstring(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", x))
        size = {f.get("id"): int(f.get("size")) for f in root.iter("fontspec")}
        titles = {k["title"] for k in published(INPUT)}
        seen = 0
        for page in root.iter("page"):
            texts = ["".join(t.itertext()).strip() for t in page.iter("text")]
            # the pages of the summary and of the areas' overview tables (the
            # profiles' charts label at 7.5 pt, which is allowed in charts)
            if "Zentrale Ergebnisse" not in texts and not any(
                    w.startswith("Überblick 20") for w in texts):
                continue
            for t in page.iter("text"):
                words = "".join(t.itertext()).strip()
                # a table's first cell: the title alone (overview) or with its unit
                if words in titles or re.sub(r" \([^()]*\)$", "", words) in titles:
                    if size[t.get("font")] > 12:  # a heading or caption
                        continue
                    seen += 1
                    self.assertGreaterEqual(size[t.get("font")], 12, words)
        self.assertGreater(seen, len(titles))  # the summary and some overviews


class Imprint(unittest.TestCase):
    """The imprint in the circle and the ring reports (issue 14)."""

    def test_circle_and_ring_reports(self):
        tmp = tempfile.mkdtemp(prefix="kvimp-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        data = os.path.join(tmp, "in")
        gendata(data, "--cities", "14", "--ring-sizes", "6,8")
        lay = standard_with(os.path.join(tmp, "i.layout"), "lizenz = ",
                            "zitiervorschlag = Bitte so zitieren.\nlizenz = ")
        run = report_run(self, data, layout=lay, tmp=tmp)
        year, ydir = run.year, run.ydir
        reports = [run.pdf] + [
            os.path.join(ydir, "ringe", f) for f in sorted(os.listdir(os.path.join(ydir, "ringe")))
            if f.endswith(".pdf")]
        self.assertEqual(len(reports), 3)
        for pdf in reports:
            last = re.sub(r"\s+", " ", "".join(pages(pdf)[-3:]))
            self.assertIn("Impressum", last, pdf)
            self.assertIn("Kontakt Geschäftsstelle des Vergleichsrings, "
                          "kennzahlen@vergleichsring.example", last, pdf)
            self.assertIn("Lizenz Datenlizenz Deutschland", last, pdf)
            self.assertIn("Zitiervorschlag Bitte so zitieren.", last, pdf)
            self.assertRegex(last, r"Datenstand (endgültig|vorläufig) \(Berichtsjahr")
            self.assertRegex(last, r"Stand \d+\. \w+ \d{4}")
        # a ring's summary shows the ring's Gesamtwert (ringwerte.csv)
        ring = pages(reports[1])
        text = "".join(ring[i] for i in summary_pages(ring))
        m = re.search(r"des Vergleichsrings „([^“]+)“", re.sub(r"\s+", " ", text))
        self.assertIsNotNone(m)
        want = {r["code"]: float(r["gesamtwert"].replace(",", "."))
                for r in read_csv(os.path.join(ydir, "ringwerte.csv"))
                if r["ring"] == m.group(1) and r["year"] == year and r["gesamtwert"]}
        rows = {n: v for n, v, _, _ in summary_rows(ring)}
        checked = 0
        for k in published(data):
            name = f"{k['title']} ({k['unit']})"
            if name in rows and k["code"] in want:
                self.assertEqual(rows[name], de(want[k["code"]], int(k["decimals"])), name)
                checked += 1
        self.assertGreater(checked, 10)

    def test_default_citation(self):
        run = report_run(self, INPUT, layout=STANDARD)
        year = run.year
        last = re.sub(r"\s+", " ", "".join(run.pages()[-2:]))
        self.assertIn("Zitiervorschlag Geschäftsstelle des Vergleichsrings (2025): "
                      f"Kennzahlenvergleich Soziale Leistungen {year}.", last)


if __name__ == "__main__":
    unittest.main()
