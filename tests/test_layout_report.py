#!/usr/bin/python3
"""The report holds on any valid data (issue 14): pdflint (the shared layout
lint, or its copy tests/pdflint.py) finds nothing on the reports of awkward
datasets, and every number of every key-figure table is the engine's value
rounded as printed, with one minus sign, the flag as its own mark and
the change as a rate only where it is meaningful.

    KVREPORT=build/kvreport tests/test_layout_report.py [unittest args]
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

from kvtest import HERE, INPUT, gendata, kvreport

# the shared layout lint beside the repository when it is there (as in CI),
# else the copy kept in tests/
SHARED_PDFLINT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "tools",
                              "pdflint.py")
PDFLINT = SHARED_PDFLINT if os.path.exists(SHARED_PDFLINT) else os.path.join(HERE, "pdflint.py")
MINUS = "\u2212"  # RPT_MINUS
PUNCT = ",.;:()\u201e\u201c\"\u2026"  # around a word in the text
LONGEST_WORD = 30  # characters: a longer word may break anywhere (no table has room for it)

# the words of the program's own texts (the standard layout's): whole words
# where they begin a line of running text ("Jahre" in "... über mehrere /
# Jahre lassen sich ...", which is also a piece of the data's "Jahren")
with open(os.path.join(HERE, "..", "layouts", "standard.layout"), encoding="utf-8") as _f:
    OWN_WORDS = {w.strip(PUNCT) for w in _f.read().split()}

# name, gendata options (None: the default dataset), check the table numbers
DATASETS = [
    ("default", None, True),
    ("negative", ["--negative"], True),
    ("magnitudes", ["--magnitudes"], True),
    ("empty-kz", ["--empty-kz"], True),
    ("one-year", ["--years", "1"], True),
    ("two", ["--cities", "2"], True),
    ("long-names", ["--long-names"], False),  # names wrap in the tables
    ("kz80", ["--kz", "80"], False),
    ("c130", ["--cities", "130"], False),
    # in comparison rings: the ring reports (ringe/) and the participant
    # reports then chart each ring's members with the ring's Gesamtwert
    ("negative-rings", ["--negative", "--rings", "3"], False),
    ("magnitudes-rings", ["--magnitudes", "--rings", "3"], False),
    ("long-names-rings", ["--long-names", "--rings", "3"], False),
    ("two-in-a-ring", ["--cities", "2", "--rings", "1"], False),
    # ring names that differ only in their last word, and flags on the bars
    ("alike-rings", ["--alike-rings", "--rings", "3", "--cities", "30", "--all-flags", "0.3"],
     False),
    # everything awkward at once: wide numbers beside the ring columns, flag
    # marks and a 40-character unit leave the profile tables' names little room
    ("combined", ["--negative", "--magnitudes", "--empty-kz", "--long-names", "--missing", "0.3",
                  "--all-flags", "0.3", "--rings", "3"], False),
    ("combined-nomissing", ["--negative", "--magnitudes", "--empty-kz", "--long-names",
                            "--all-flags", "0.3", "--rings", "3"], False),
]
# participant reports linted per dataset (all of them up to this many,
# else this many spread over the circle): pdflint takes about a second each
MAX_PART_LINTED = 14


def de(value, decimals):
    s = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return (MINUS if value < 0 and s.strip("0,.") else "") + s


def num(s):
    return float(s.replace(",", "."))


class Datasets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvlayout-")
        cls.runs = {}
        for name, opts, _ in DATASETS:
            data = INPUT
            if opts is not None:
                data = os.path.join(cls.tmp, "in-" + name)
                gendata(data, *opts)
            out = os.path.join(cls.tmp, "out-" + name)
            p = kvreport("-i", data, "-o", out, "-q", layout=None)  # the standard layout
            assert p.returncode == 0, (name, p.stderr)
            year = os.listdir(out)[0]
            cls.runs[name] = (data, os.path.join(out, year), year)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def pdf(self, name):
        _, out, year = self.runs[name]
        return os.path.join(out, f"monitoring-{year}.pdf")

    def text(self, name):
        p = subprocess.run(["pdftotext", "-layout", self.pdf(name), "-"], capture_output=True,
                           text=True, check=True)
        return p.stdout.replace("\u00a0", " ")

    def test_pdflint_finds_nothing(self):
        for name, _, _ in DATASETS:
            with self.subTest(dataset=name):
                p = subprocess.run([sys.executable, PDFLINT, self.pdf(name)],
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def lint(self, pdf):
        p = subprocess.run([sys.executable, PDFLINT, pdf], capture_output=True, text=True)
        return p.returncode, pdf + ":\n" + p.stdout + p.stderr

    def test_pdflint_finds_nothing_in_ring_and_participant_reports(self):
        """The same holds for the reports of the rings and the participants
        (negative values and wide numbers charted against a ring, long names
        in legends and tables)."""
        pdfs = [f for name, _, _ in DATASETS for f in self.reports(name)[1:]]
        self.assertTrue(any("/ringe/" in f for f in pdfs))
        with ThreadPoolExecutor(max_workers=2) as pool:
            for rc, msg in pool.map(self.lint, pdfs):
                self.assertEqual(rc, 0, msg)

    def reports(self, name):
        """The dataset's circle report, ring reports and (some) participant reports."""
        _, out, _ = self.runs[name]
        pdfs = [self.pdf(name)]
        ringe = os.path.join(out, "ringe")
        if os.path.isdir(ringe):
            pdfs += [os.path.join(ringe, f) for f in sorted(os.listdir(ringe)) if f.endswith(".pdf")]
        parts = sorted(os.listdir(os.path.join(out, "berichte")))
        step = max(1, -(-len(parts) // MAX_PART_LINTED))
        return pdfs + [os.path.join(out, "berichte", f) for f in parts[::step]]

    @staticmethod
    def words_of(data):
        """The words of the titles, units, areas and names in the dataset."""
        words = set()
        for fn, cols in (("kennzahlen.csv", ("title", "unit", "area")),
                         ("cities.csv", ("name",)), ("codes.csv", ("label", "unit"))):
            with open(os.path.join(data, fn), encoding="utf-8-sig") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    for c in cols:
                        words.update(w.strip(PUNCT) for w in (row.get(c) or "").split())
        return {w for w in words if 0 < len(w) <= LONGEST_WORD}

    def broken_words(self, pdf, words):
        """Cells (text after a gap of two spaces in pdftotext's layout) that
        begin with a piece of a word: a word broken inside ("Nettoaus" /
        "zahlungen") where a wider column would have held it whole."""
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout.replace("\u00a0", " ")
        starts, inside = [], set()
        for page, page_text in enumerate(text.split("\f"), 1):
            for line in page_text.split("\n"):
                for cell in re.split(r"\s{2,}", line.strip()):
                    toks = cell.split(" ")
                    if toks[0]:
                        starts.append((page, toks[0], line.strip()))
                    inside.update(t.strip(PUNCT) for t in toks[1:])
        found = []
        for page, tok, line in starts:
            t = tok.strip(PUNCT)
            if tok.endswith("\u2026") or len(t) < 3 or t in words or t in inside or \
                    t in OWN_WORDS:
                continue  # shortened on purpose, or a word of its own
            if any(len(w) > len(t) and w.startswith(t) for w in words):
                found.append(f"{os.path.basename(pdf)} page {page}: {tok!r} in {line[:80]!r}")
        return found

    def test_bar_labels_tell_the_participants_apart(self):
        """Names too long for a bar's label, shortened alike (14 times
        "Zweckverband für soziale Sicherung u…", the part that differs cut
        off), give way to the short names (cities.csv `short`) on every
        bar of that chart, in the circle, ring and participant reports."""
        for name in ("long-names", "long-names-rings"):
            _, out, year = self.runs[name]
            pdfs = [self.pdf(name)] + sorted(
                os.path.join(out, d, f) for d in ("ringe", "berichte")
                if os.path.isdir(os.path.join(out, d))
                for f in os.listdir(os.path.join(out, d)) if f.endswith(".pdf"))[:4]
            for pdf in pdfs:
                with self.subTest(pdf=os.path.relpath(pdf, self.tmp)):
                    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                          text=True, check=True).stdout
                    for page in text.split("\f"):
                        # a bar's shortened label and its value; the bars of
                        # one chart stand on neighbouring lines
                        cut = [(i, l.split("\u2026")[0].strip())
                               for i, l in enumerate(page.splitlines())
                               if re.match(r"^\s*\S.{10,}\u2026\s+[\u2212\d]", l)]
                        alike = [a for a, b in zip(cut, cut[1:]) if a[1] == b[1] and b[0] - a[0] <= 3]
                        self.assertEqual(alike, [])

    def test_ring_names_alike_stay_apart(self):
        """Ring names differing only in their last word ("…, Teilgruppe Süd")
        keep that word wherever a chart or a block label shortens them (the
        bar blocks, the rings' bars, the development chart's ring legend),
        in the circle and the ring reports."""
        _, out, year = self.runs["alike-rings"]
        ringe = os.path.join(out, "ringe")
        pdfs = [self.pdf("alike-rings")] + sorted(os.path.join(ringe, f) for f in os.listdir(ringe)
                                                   if f.endswith(".pdf"))
        cuts = 0
        for pdf in pdfs:
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                  text=True, check=True).stdout
            for field in (f for l in text.splitlines() for f in re.split(r"\s{2,}", l.strip())):
                if field.startswith("Vergleichsring der") and "\u2026" in field:
                    cuts += 1
                    self.assertRegex(field, r"\u2026.*(Nord|Süd|Ost|West)\b", (os.path.basename(pdf), field))
        self.assertGreater(cuts, 20)

    def test_running_heads_tell_the_chapters_apart(self):
        """Chapters whose long names differ only at their ends (kz80's
        areas "…, Teil 1" to "Teil 3") keep those ends in the running head,
        so that each reads as its own chapter."""
        heads = set()
        for page in self.text("kz80").split("\f"):
            lines = [l for l in page.splitlines() if l.strip()]
            if lines and "Hilfe zur Gesundheit" in lines[0]:
                heads.add(re.split(r"\s{2,}", lines[0].strip())[-1])
        self.assertGreaterEqual(len(heads), 3, heads)
        for h in heads:
            self.assertRegex(h, r"Teil \d\)?$", h)

    def test_contents_tell_the_chapters_apart(self):
        """The same chapters' lines in the contents keep their ends too."""
        contents = "\n".join(self.text("kz80").split("\f")[1:4])  # the contents' pages
        lines = [l.strip() for l in contents.splitlines()
                 if l.strip().startswith("Hilfe zur Gesundheit") and re.search(r"\s\d+$", l)]
        self.assertEqual(len(lines), 3, lines)
        for n, l in enumerate(lines, 1):
            self.assertRegex(l, rf"Teil {n}\s+\d+$", l)

    def test_lighter_bars_explained_in_order(self):
        """With every kind of flag on the bars, the legend names the
        lighter bars' symbols in the footnotes' order (p, r, s, |), and
        keeps the long forms of the other entries where they fit."""
        text = self.text("alike-rings")
        entries = re.findall(r"gekennzeichneter Wert \(([^)]*)\)", text)
        self.assertTrue(entries)
        order = ["p", "r", "s", "|"]
        for e in entries:
            marks = e.split(", ")
            self.assertEqual(marks, sorted(marks, key=order.index), e)
        self.assertTrue(any(len(e.split(", ")) > 2 for e in entries))
        self.assertIn("Gesamtwert (GeMW): ", text)

    def test_no_word_breaks_inside(self):
        """Names in the tables wrap between words: with wide numbers, ring
        columns and a long unit the unit column gives up room, or the units
        go into the names, before a word breaks in the middle."""
        for name, _, _ in DATASETS:
            data = self.runs[name][0]
            words = self.words_of(data)
            with self.subTest(dataset=name):
                found = [f for pdf in self.reports(name) for f in self.broken_words(pdf, words)]
                self.assertEqual(found[:10], [], f"{len(found)} broken words")

    def test_contents_take_one_page_when_they_fit(self):
        """The default report's contents (ten chapters, 43 entries below them)
        fit one page: none runs a third of a page onto a second."""
        pages = self.text("default").split("\f")
        self.assertRegex(pages[1], r"(?m)^\s*Inhalt\s*$")
        self.assertRegex(pages[1], r"Impressum[ .]+\d+")
        self.assertNotIn("Inhalt (Fortsetzung)", pages[2])
        # eighty key figures still need more pages, each well filled
        kz80 = self.text("kz80").split("\f")
        self.assertTrue(any("Inhalt (Fortsetzung)" in p for p in kz80))

    def test_draft_findings_are_only_the_watermark(self):
        """With --draft, pdftotext reads the diagonal ENTWURF mark as words
        that cross the page: pdflint's findings there are that mark over the
        text (drawn translucent on purpose), nothing else."""
        out = os.path.join(self.tmp, "draft")
        p = kvreport("-o", out, "-q", "--draft", layout=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        pdf = os.path.join(out, "2024", "monitoring-2024.pdf")
        p = subprocess.run([sys.executable, PDFLINT, "--max", "100000", pdf],
                           capture_output=True, text=True)
        findings = [l for l in p.stdout.splitlines() if not l.startswith("pdflint:")]
        self.assertTrue(findings)  # the mark is there and pdflint sees it
        mark = r'"[ENTWURF]{1,7}"|\([ENTWURF]{1,7}\)'
        for f in findings:
            self.assertRegex(f, mark)

    def kz_text(self, text, number):
        """Key figure `number` from its heading to the next one's, its
        continuation pages included."""
        start = re.search(rf"^Kennzahl {number}: (?!.*\(Fortsetzung\))", text, re.M).start()
        nxt = re.compile(rf"^(Kennzahl (?!{number}:)\d+: (?!.*\(Fortsetzung\))|Stadtprofile?\b)",
                         re.M).search(text, start + 1)
        return text[start:nxt.start() if nxt else len(text)]

    def check_tables(self, name):
        data, out, year = self.runs[name]
        with open(os.path.join(data, "kennzahlen.csv"), encoding="utf-8") as f:
            # the published ones (monitoring = ja, the default)
            kzs = [k for k in csv.DictReader(f, delimiter=";") if k.get("monitoring") != "nein"]
        # the report numbers them chapter by chapter (areas in order of appearance)
        areas = list(dict.fromkeys(k["area"] for k in kzs))
        kzs.sort(key=lambda k: areas.index(k["area"]))
        with open(os.path.join(data, "cities.csv"), encoding="utf-8") as f:
            names = {c["id"]: c["name"] for c in csv.DictReader(f, delimiter=";")}
        with open(os.path.join(out, "kennzahlwerte.csv"), encoding="utf-8") as f:
            values = [r for r in csv.DictReader(f, delimiter=";")]
        prev_year = str(int(year) - 1)
        prev = {(r["city"], r["code"]): r for r in values if r["year"] == prev_year}
        rows = [r for r in values if r["year"] == year]
        text = self.text(name)
        checked = 0
        for i, k in enumerate(kzs, 1):
            lines = self.kz_text(text, i).split("\n")
            dec = int(k["decimals"])
            for r in (r for r in rows if r["code"] == k["code"]):
                city = names[r["city"]]
                # the table comes after the bar chart: the last line of the name
                line = [l for l in lines if re.match(re.escape(city) + r"\s{2,}\S", l.strip())][-1]
                cells = re.split(r" +", line.strip()[len(city):].strip())
                if cells[-1] in ("%", "Pp."):
                    cells[-2:] = [cells[-2] + " " + cells[-1]]
                p = prev.get((r["city"], r["code"]))
                if p is not None:  # a change column
                    change = cells.pop()
                    self.check_change(k, r, p, change, line)
                if r["value"]:
                    want = [de(num(r["value"]), dec)] + ([r["flag"]] if r["flag"] else [])
                    self.assertEqual(cells[-len(want):], want, f"{name} {k['code']}: {line}")
                else:
                    self.assertEqual(cells[-1], r["flag"], line)
                checked += 1
        self.assertEqual(checked, len(kzs) * len(names))

    def check_change(self, k, r, p, change, line):
        cur = num(r["value"]) if r["value"] else None
        old = num(p["value"]) if p["value"] else None
        if cur is None or old is None:
            self.assertIn(change, (".", "x", "/"), line)
        elif "|" in (r["flag"],) or k["unit"] != "%" and (old <= 0 or cur < 0):
            self.assertEqual(change, "x", line)  # not meaningful
        elif k["unit"] == "%":
            self.assertRegex(change, rf"^([+{MINUS}]\d+,\d|\u00b10,0) Pp\.$", line)
        else:
            rate = (cur - old) / old * 100
            s = de(abs(rate), 1)
            sign = "\u00b1" if not s.strip("0,.") else "+" if rate > 0 else MINUS
            self.assertEqual(change, f"{sign}{s} %", line)

    def test_table_numbers_are_the_engine_values_rounded(self):
        for name, _, numbers in DATASETS:
            if numbers:
                with self.subTest(dataset=name):
                    self.check_tables(name)

    def test_minus_sign_and_symbols(self):
        text = self.text("negative")
        # one minus sign (U+2212, issue 14), distinct from the "–" of
        # "nichts vorhanden"; no hyphen-minus or dash before a number
        self.assertRegex(text, "(?<![\\w\u2212])\u2212\\d")
        self.assertIsNone(re.search("(?<![\\w])[\u2013-]\\d", text))
        self.assertIn("Keine Veränderungsrate (x)", re.sub(r"\s+", " ", text))

    def test_key_figure_without_values_gets_a_sentence(self):
        text = re.sub(r"\s+", " ", self.text("empty-kz"))
        self.assertIn("von keinem der 14 Teilnehmenden ein Wert vor", text)
        self.assertNotIn("GeMW): .", text)

    def test_one_year_has_no_development_and_no_change(self):
        text = self.text("one-year")
        self.assertNotIn("Entwicklung", text)
        self.assertNotRegex(text, r"\d{4} zu \d{4} in|und Veränderung gegenüber")
        # "die Jahre 2019 bis 2019" was the preface's
        self.assertNotRegex(text, r"(\d{4}) bis \1")
        self.assertRegex(" ".join(text.split()), r"Leistungsbereichen und das Jahr \d{4}\.")

    def test_continuation_pages_repeat_the_title(self):
        pages = self.text("c130").split("\f")
        for page in pages:
            if re.search(r"^Teilnehmende \(Fortsetzung\)|Teil [2-9] von", page, re.M):
                self.assertRegex(page, r"(Kennzahl \d+: .*|Stadtprofil .*)\(Fortsetzung\)")

    def test_profile_splits_with_scale_and_title(self):
        text = self.text("kz80")
        self.assertRegex(text, r"Index \d{4} \(Gesamtwert = 100\), Teil 2 von \d")

    def test_remarks_are_sentences_for_readers(self):
        text = re.sub(r"\s+", " ", self.text("default"))
        remarks = text[text.rindex("Datenhinweise"):]
        self.assertIn("Dortmund: Leistungsberechtigte HLU a.v.E. am 31.12., 2023 gegenüber 2022 "
                      "um 40,0 % gestiegen (von 762 auf 1.067)", remarks)
        self.assertNotRegex(remarks, r"\b[A-Z0-9]+_[A-Z0-9_]+\b|\.csv")


class LongTexts(unittest.TestCase):
    """gendata.py --long-texts: a 300-character name (wrapped over several
    lines in every value table) and a description of 40,000 characters.
    Their pages keep every heading with what it heads. pdflint's only
    allowed "number cut" finding is the long name's chart labels cut
    inside "_x0041_" (pdflint takes "_x0041…" for a number); cut between
    words, as now, they give none."""

    def test_no_heading_alone(self):
        tmp = tempfile.mkdtemp(prefix="kvlong-")
        try:
            data, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
            gendata(data, "--long-texts")
            p = kvreport("-i", data, "-o", out, "-q", layout=None)
            self.assertEqual(p.returncode, 0, p.stderr)
            pdf = os.path.join(out, "2024", "monitoring-2024.pdf")
            lint = subprocess.run([sys.executable, PDFLINT, pdf], capture_output=True, text=True)
            findings = [l for l in lint.stdout.splitlines() if re.match(r"page \d+: ", l)]
            # labels cut between words leave none at all
            self.assertTrue(all(": TRUNCATED: number cut: \"_x0041\u2026\"" in l
                                for l in findings), "\n".join(findings))
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()
