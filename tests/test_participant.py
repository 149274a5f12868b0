#!/usr/bin/python3
"""The participant reports (berichte/ID.pdf, issue 17) with real clients:
qpdf and the shared pdflint on every report; the table "Auf einen Blick"
read cell by cell from the structure tree (pikepdf) against the engine's
kennzahlwerte.csv and ringwerte.csv, rounded as printed; pdftotext and the
alternative texts for the participant's name and for no other's where the
layout says unnamed; the mails with Python's email (both attachments
byte-identical to the files, the manifest's report column); --city,
--shard, SOURCE_DATE_EPOCH, a participant that leaves, the layout
switches; the tagging checks of tests/test_tagging.py on one report. On
the default data, 104 participants in 7 rings and a dataset with many
missing values.

    KVREPORT=build/kvreport tests/test_participant.py [unittest args]
"""
import csv
import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import pikepdf

from kvtest import FAST, HERE, INPUT, ROOT, TmpDirTest, gendata, kvreport
from test_tagging import PDFJS, Tagged, tool

SHARED_PDFLINT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "tools",
                              "pdflint.py")
PDFLINT = SHARED_PDFLINT if os.path.exists(SHARED_PDFLINT) else os.path.join(HERE, "pdflint.py")
FAST_MARGINS = "20,20,20,20"  # fast.layout keeps the program's default margins
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=";"))


def num(s):
    return float(s.replace(",", "."))


def de(value, decimals):
    """The report's form (tests/test_pdf.py): German separators, minus sign."""
    s = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("\u2212" if value < 0 and s.strip("0,.") else "") + s


def signed(v, unit):
    s = de(abs(v), 1)
    return ("\u00b1" if not s.strip("0,.") else "+" if v > 0 else "\u2212") + s + " " + unit


def words(pdf):
    p = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return re.sub(r"\s+", " ", p.stdout)


def structure(pdf):
    """The text of every structure element (by objgen), the tables as rows
    of cell texts, and every /Alt, read with pikepdf through the helpers of
    tests/test_tagging.py."""
    class One(Tagged):
        pass
    One.doc = pikepdf.open(pdf)
    try:
        One.tree, One.marks = One.walk_tree(), One.walk_pages()
        tree, text = One.tree, One().element_texts()
        tables, alts = [], []
        for _, tag, e, _ in tree["elems"]:
            if tag == "Table":
                rows = []
                for tr in e.K:
                    cells = list(tr.K) if isinstance(tr.K, pikepdf.Array) else [tr.K]
                    # a header row is all TH; a row of data may start with one
                    kind = "/TD" if any(str(c.S) == "/TD" for c in cells) else "/TH"
                    rows.append((kind, [text.get(c.objgen, "").replace("\xa0", " ")
                                        for c in cells]))
                tables.append(rows)
            if "/Alt" in e:
                alts.append(str(e.Alt))
        return tables, alts
    finally:
        One.doc.close()


class Run:
    """One run (cls.make) and the checks every dataset gets."""

    @classmethod
    def make(cls, data, *args, layout=FAST):
        cls.tmp = tempfile.mkdtemp(prefix="kvpart-")
        cls.data = data
        cls.out = os.path.join(cls.tmp, "out")
        p = kvreport("-i", data, "-o", cls.out, "--mail", *args, layout=layout)
        assert p.returncode == 0, p.stderr
        cls.year = sorted(os.listdir(cls.out))[0]
        cls.ydir = os.path.join(cls.out, cls.year)
        cls.cities = read_csv(os.path.join(data, "cities.csv"))
        cls.kz = read_csv(os.path.join(data, "kennzahlen.csv"))
        cls.values = {(r["city"], r["code"], r["year"]): r
                      for r in read_csv(os.path.join(cls.ydir, "kennzahlwerte.csv"))}
        cls.one_year = len({y for _, _, y in cls.values}) == 1
        rings = os.path.join(cls.ydir, "ringwerte.csv")
        cls.rings = {(r["ring"], r["code"], r["year"]): r
                     for r in (read_csv(rings) if os.path.exists(rings) else [])}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def report(self, cid):
        return os.path.join(self.ydir, "berichte", cid + ".pdf")

    def sample(self):
        """The participants checked in depth: all of a small circle, else
        some from the start, the middle and the end."""
        n = len(self.cities)
        return self.cities if n <= 20 else [self.cities[i] for i in (0, 1, n // 2, n - 1)]

    def test_every_participant_has_a_clean_report(self):
        self.assertEqual(sorted(os.listdir(os.path.join(self.ydir, "berichte"))),
                         sorted(c["id"] + ".pdf" for c in self.cities))
        for c in self.sample():
            pdf = self.report(c["id"])
            rc, out, err = tool("qpdf", "--check", pdf)
            self.assertEqual(rc, 0, out + err)
            p = subprocess.run(["/usr/bin/python3", PDFLINT, pdf, "--margins", FAST_MARGINS],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, c["id"] + ": " + p.stdout[-3000:])
            rc, _, err = tool("pdftotext", pdf, "/dev/null")
            self.assertEqual((rc, err), (0, ""))

    def test_name_and_no_other_name(self):
        for c in self.sample():
            pdf = self.report(c["id"])
            text = words(pdf)
            self.assertIn(c["name"], text)
            _, alts = structure(pdf)
            alltext = (text + " " + " ".join(alts)).replace(c["name"], " ")
            for o in self.cities:
                if o["id"] != c["id"]:
                    self.assertNotRegex(alltext, r"(?<!\w)" + re.escape(o["name"]) + r"(?!\w)",
                                        f"{o['name']} in the report of {c['id']}")

    def expected_row(self, c, k):
        """The cells "Auf einen Blick" must show for key figure k."""
        d, y = int(k["decimals"]), self.year
        cur = self.values[(c["id"], k["code"], y)]
        prev = self.values.get((c["id"], k["code"], str(int(y) - 1)))
        cells = [k["title"], k["unit"]]
        # the flag mark is read in the value's cell
        cells.append(de(num(cur["value"]), d) + cur["flag"] if cur["value"] and cur["flag"] != "-"
                     else (cur["flag"] or ".").replace("-", "\u2013"))
        if k["unit"] == "%" and cur["value"] and prev and prev["value"]:
            change = {signed(num(cur["value"]) - num(prev["value"]), "Pp."), "x"}
        elif cur["change"]:
            change = {signed(num(cur["change"]), "%")}
        else:
            change = None  # the symbol why there is none
        if not self.one_year:  # one year of data: no change column at all
            cells.append(change)
        if c["group"]:
            r = self.rings[(c["group"], k["code"], y)]
            cells += [de(num(r["gesamtwert"]), d) if r["gesamtwert"] else ".", r["anzahl"]]
        cells += [de(num(cur["gesamtwert"]), d) if cur["gesamtwert"] else ".", cur["anzahl"]]
        g = num(cur["gesamtwert"]) if cur["gesamtwert"] else 0
        if cur["value"] and g > 0 and num(cur["value"]) >= 0:
            cells.append(de(num(cur["value"]) / g * 100, 0))
        else:
            cells.append(None)
        return cells

    def test_at_a_glance_prints_the_engine_values(self):
        shown = [k for k in self.kz if k.get("monitoring", "ja") != "nein"]
        for c in self.sample():
            tables, _ = structure(self.report(c["id"]))
            rows = [cells for kind, cells in tables[0] if kind == "/TD"]
            self.assertEqual(len(rows), len(shown), c["id"])
            for k, got in zip(shown, rows):
                want = self.expected_row(c, k)
                self.assertEqual(len(got), len(want), (c["id"], k["code"], got))
                for i, (g, w) in enumerate(zip(got, want)):
                    where = (c["id"], k["code"], i, got)
                    if isinstance(w, set):
                        self.assertIn(g, w, where)
                    elif w is None:
                        self.assertRegex(g, r"^(x|\.|/|\u2013)$", where)
                    elif i == 0:  # a wrapped title: its lines are separate text
                        self.assertEqual(re.sub(r"\s", "", g), re.sub(r"\s", "", w), where)
                    else:
                        self.assertEqual(g, w, where)

    def test_position_chart_names_the_ring_members(self):
        """One bar per member of the comparison group (the ring, else the
        circle), the participant's own one labelled."""
        for c in self.sample()[:3]:
            _, alts = structure(self.report(c["id"]))
            bars = [a for a in alts if a.startswith("Balkendiagramm")]
            members = [o for o in self.cities if not c["group"] or o["group"] == c["group"]]
            self.assertTrue(bars)
            for a in bars:
                self.assertIn(c["name"] + " ", a)
                items = a.rsplit(". Gesamtwert ", 1)[0].split(". ", 1)[1]
                self.assertEqual(items.count("; ") + 1, len(members), a[:300])
            if c["group"]:
                text = words(self.report(c["id"]))
                self.assertIn(f"Vergleichsring „{c['group']}“", text)
                # captions: "im Vergleichsring 1", not "im Vergleichsring Vergleichsring 1"
                self.assertNotIn("im Vergleichsring Vergleichsring", text)
            else:
                self.assertIn("gehört keinem Vergleichsring an", words(self.report(c["id"])))

    def test_mails_carry_workbook_and_report(self):
        rows = read_csv(os.path.join(self.ydir, "mail", "manifest.csv"))
        self.assertEqual(len(rows), len(self.cities))
        for r in rows:
            self.assertEqual(r["report"], f"berichte/{r['city']}.pdf")
            with open(os.path.join(self.ydir, r["eml"]), "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            atts = list(msg.iter_attachments())
            self.assertEqual([a.get_content_type() for a in atts], [XLSX, "application/pdf"])
            for a, rel in zip(atts, (r["attachment"], r["report"])):
                self.assertEqual(a.get_filename(), os.path.basename(rel))
                with open(os.path.join(self.ydir, rel), "rb") as f:
                    self.assertEqual(a.get_content(), f.read())
            body = msg.get_body(preferencelist=("plain",)).get_content()
            self.assertIn(r["city"] + ".xlsx", body)
            self.assertIn(r["city"] + ".pdf", body)


class Default(Run, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.make(INPUT)

    def test_the_circle_line_breaks_where_a_participant_does(self):
        """The development chart's Gesamtwert line of all participants is
        broken (and its alt text says "(Reihenbruch)") in exactly the years
        where a participant's series breaks, as in the circle report: it
        ran straight across the break of 2020 (a rise of a third that is a
        change of counting) while the participant's own line stopped."""
        titles = {k["title"]: k["code"] for k in self.kz}
        breaks = {}
        for (city, code, year), row in self.values.items():
            if "|" in row["flag"]:
                breaks.setdefault(code, set()).add(year)
        self.assertTrue(breaks)
        for c in self.cities:
            seen = 0
            for alt in structure(self.report(c["id"]))[1]:
                if not alt.startswith("Liniendiagramm: "):
                    continue
                code = titles[alt[len("Liniendiagramm: "):].split(": Entwicklung")[0]]
                circle = alt.split("GeMW aller Teilnehmenden: ")[1]
                marked = set(re.findall(r"(\d{4}) [^;]*\(Reihenbruch\)", circle))
                self.assertEqual(marked, breaks.get(code, set()), (c["id"], code))
                seen += bool(marked)
            self.assertGreater(seen, 0, c["id"])


class Generated(Run):
    """One run on data made by gendata with the options GENDATA."""
    GENDATA = ()

    @classmethod
    def setUpClass(cls):
        cls.indir = tempfile.mkdtemp(prefix="kvpart-in-")
        gendata(cls.indir, *cls.GENDATA)
        cls.make(cls.indir)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.indir, ignore_errors=True)


class LargeRings(Generated, unittest.TestCase):
    """104 participants in 7 rings."""
    GENDATA = ("--cities", "104", "--rings", "7", "--years", "4")


class ManyMissing(Generated, unittest.TestCase):
    """A third of the base figures missing, every third participant without
    any data in one year, participants without a ring beside two rings."""
    GENDATA = ("--missing", "0.3", "--ring-sizes", "5,4", "--all-flags", "0.1")

    def test_gaps_are_said_in_the_alt_text(self):
        gaps = 0
        for c in self.cities:
            _, alts = structure(self.report(c["id"]))
            gaps += sum(a.count("kein Wert") for a in alts if a.startswith("Liniendiagramm"))
        self.assertGreater(gaps, 0)


class OneYear(Generated, unittest.TestCase):
    """One year of data: the table "Auf einen Blick" has no change column
    (and no column of "."), with and without a ring."""
    GENDATA = ("--years", "1", "--first-year", "2024", "--ring-sizes", "5,4")

    def test_no_change_column(self):
        for c in self.sample()[:2] + self.sample()[-1:]:
            tables, _ = structure(self.report(c["id"]))
            heads = [cells for kind, cells in tables[0] if kind == "/TH"]
            self.assertTrue(heads, c["id"])
            self.assertFalse([h for h in heads[0] if "Veränd" in h], (c["id"], heads[0]))


class LongGlance(unittest.TestCase):
    """80 key figures: the table "Auf einen Blick" runs over three pages.
    A reader of the printed page sees on every page it runs onto its head
    with "(Fortsetzung)"; a screen reader gets one table of 80 rows, the
    repeated heads as page furniture (before: three tables, the second and
    third headed "Kennzahl" as if a new table began)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvpart-glance-")
        data, out = os.path.join(cls.tmp, "in"), os.path.join(cls.tmp, "out")
        gendata(data, "--cities", "6", "--kz", "80", "--rings", "1")
        p = kvreport("-i", data, "-o", out, "--city", "T0001")
        assert p.returncode == 0, p.stderr
        cls.nkz = len(read_csv(os.path.join(data, "kennzahlen.csv")))
        cls.pdf = os.path.join(out, sorted(os.listdir(out))[0], "berichte", "T0001.pdf")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def glance_pages(self):
        """The text of the pages headed "Auf einen Blick" (running header)."""
        p = subprocess.run(["pdftotext", "-layout", self.pdf, "-"], capture_output=True,
                           text=True, check=True)
        return [pg for pg in p.stdout.split("\f") if "Auf einen Blick" in pg.split("\n")[0]]

    def test_continued_pages_say_so(self):
        pages = self.glance_pages()
        self.assertGreaterEqual(len(pages), 2)
        heads = [[ln.split()[:2] for ln in pg.split("\n") if ln.startswith("Kennzahl ")]
                 for pg in pages]
        self.assertEqual(heads[0][0], ["Kennzahl", "Einheit"])
        for h in heads[1:]:
            self.assertEqual(h, [["Kennzahl", "(Fortsetzung)"]])

    def test_one_table_for_a_screen_reader(self):
        tables, _ = structure(self.pdf)
        glance = [t for t in tables if t[0][0] == "/TH" and t[0][1][-1] == "Index"]
        self.assertEqual(len(glance), 1, [t[0][1][:2] for t in glance])
        rows = [cells for kind, cells in glance[0] if kind == "/TD"]
        self.assertEqual(len(rows), self.nkz)
        self.assertEqual(len([k for k, _ in glance[0] if k == "/TH"]), 1)


class LargeGroups(unittest.TestCase):
    """Comparison groups too large to list: 500 participants without rings,
    a ring of 60 and, beside them, a ring of 45 whose list still fits a
    page. The large ones get one distribution chart per key figure (the
    report stays short, the own value marked and said), the list of 45 is
    split where a page would stay empty below the development chart."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kvpart-big-")
        cls.pdfs = {}
        for name, opts, cids in (
                ("flat", ("--cities", "500", "--rings", "0", "--years", "3"), ("T0002", "T0250")),
                ("rings", ("--cities", "120", "--ring-sizes", "45,60", "--years", "4"),
                 ("T0002", "T0050", "T0110"))):
            data, out = os.path.join(cls.tmp, name), os.path.join(cls.tmp, name + "-out")
            gendata(data, *opts)
            p = kvreport("-i", data, "-o", out, *[a for c in cids for a in ("--city", c)])
            assert p.returncode == 0, p.stderr
            cities = {c["id"]: c for c in read_csv(os.path.join(data, "cities.csv"))}
            for c in cids:
                cls.pdfs[c if name == "rings" else "flat-" + c] = (
                    os.path.join(out, sorted(os.listdir(out))[0], "berichte", c + ".pdf"),
                    cities[c], cities)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def pages(self, pdf):
        p = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", p.stdout, re.M).group(1))

    def test_large_groups_stay_short_and_clean(self):
        """One page per key figure at most (there are 24): 270 pages before
        for 500 participants, 54 for a ring of 60, 51 for a ring of 45."""
        for key, (pdf, c, _) in self.pdfs.items():
            with self.subTest(key):
                self.assertLessEqual(self.pages(pdf), 40)
                p = subprocess.run(["/usr/bin/python3", PDFLINT, pdf, "--margins", FAST_MARGINS],
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, p.stdout[-3000:])

    def test_own_value_is_marked_and_said(self):
        """The distribution chart's alt text says what a reader sees: n, the
        quartiles, the own value and where it stands, GeMW and MW; the
        own name and value are printed over the own column."""
        for key in ("flat-T0002", "flat-T0250", "T0050", "T0110"):
            pdf, c, cities = self.pdfs[key]
            n = 500 if key.startswith("flat") else (
                60 if c["group"] else len(cities))
            with self.subTest(key):
                _, alts = structure(pdf)
                strips = [a for a in alts if a.startswith("Verteilungsdiagramm")]
                self.assertEqual(len(strips), 24)
                self.assertFalse([a for a in alts if a.startswith("Balkendiagramm")])
                for a in strips:
                    self.assertRegex(a, r"Die Werte der Teilnehmenden mit Wert \(n = (\d+)\)")
                    m = re.search(r"Die Werte der Teilnehmenden mit Wert \(n = (\d+)\)(?: als Säulen, "
                                  r"aufsteigend geordnet)?(?: \((\d+) ohne Wert\))?", a)
                    self.assertEqual(int(m.group(1)) + int(m.group(2) or 0), n, a[:200])
                    self.assertRegex(a, r"Minimum [\d.,\u2212-]+; unteres Quartil [\d.,\u2212-]+; "
                                        r"Median [\d.,\u2212-]+; oberes Quartil [\d.,\u2212-]+; "
                                        r"Maximum [\d.,\u2212-]+\.")
                    self.assertRegex(a, re.escape(" Hervorgehoben " + c["name"] + ": ") +
                                     r"-?[\d.]+(,\d+)?( [prs|])?, im (unteren|zweiten|dritten|"
                                     r"oberen) Viertel der Werte")
                    self.assertRegex(a, r"Gesamtwert -?[\d.]+(,\d+)?; Mittelwert -?[\d.]+(,\d+)?\.$")
                text = words(pdf)
                self.assertGreaterEqual(text.count(c["name"] + ": "), 24)
                self.assertIn("aufsteigend nach Wert geordnet (n = ", text.replace("\xa0", " "))
                others = (text + " ".join(alts)).replace(c["name"], " ")
                for o in cities.values():
                    if o["id"] != c["id"]:
                        self.assertNotRegex(others, r"(?<!\w)" + re.escape(o["name"]) + r"(?!\w)")

    def test_a_list_that_fits_a_page_starts_below_the_development(self):
        """The ring of 45: a bar chart that does not fit below the
        development chart starts there and goes on on the next page."""
        pdf, c, _ = self.pdfs["T0002"]
        _, alts = structure(pdf)
        bars = [a for a in alts if a.startswith("Balkendiagramm")]
        self.assertTrue(any(", Teil 1 von 2" in a for a in bars))
        # each part's bars: 45 in all, the own one in one of them
        firsts = [a for a in bars if ", Teil 1 von 2" in a]
        for a in firsts:
            head = a.split(", Teil 1 von 2", 1)[0]
            second = [b for b in bars if b.startswith(head + ", Teil 2 von 2")]
            self.assertEqual(len(second), 1, head)
            count = sum(x.rsplit(". Gesamtwert ", 1)[0].split(". ", 1)[1].count("; ") + 1
                        for x in (a, second[0]))
            self.assertEqual(count, 45, head)


class Selections(TmpDirTest):
    def run_ok(self, out, *args, layout=FAST):
        p = kvreport("-i", self.data if os.path.isdir(self.data) else INPUT, "-o", out, *args,
                     layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        return os.path.join(out, "2024")

    def reports(self, ydir):
        d = os.path.join(ydir, "berichte")
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def test_city_and_shard_write_exactly_their_reports(self):
        ids = [c["id"] for c in read_csv(os.path.join(INPUT, "cities.csv"))]
        y = self.run_ok(os.path.join(self.tmp, "city"), "--city", "HB", "--city", "M")
        self.assertEqual(self.reports(y), ["HB.pdf", "M.pdf"])
        y = self.run_ok(os.path.join(self.tmp, "s0"), "--shard", "0/2")
        self.assertEqual(self.reports(y), [])
        for k in (1, 2):
            y = self.run_ok(os.path.join(self.tmp, f"s{k}"), "--shard", f"{k}/2")
            self.assertEqual(self.reports(y), sorted(i + ".pdf" for i in ids[k - 1::2]))

    def test_reproducible_bytes(self):
        a = self.run_ok(os.path.join(self.tmp, "a"), "--city", "DO")
        b = self.run_ok(os.path.join(self.tmp, "b"), "--city", "DO")
        with open(os.path.join(a, "berichte", "DO.pdf"), "rb") as f1, \
                open(os.path.join(b, "berichte", "DO.pdf"), "rb") as f2:
            self.assertEqual(f1.read(), f2.read())

    def test_a_participant_that_leaves_loses_its_report(self):
        shutil.copytree(INPUT, self.data)
        y = self.run_ok(self.out)
        self.assertIn("HB.pdf", self.reports(y))
        for name in ("cities.csv", "basedata.csv"):
            path = os.path.join(self.data, name)
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(l for l in lines if not l.startswith("HB;"))
        y = self.run_ok(self.out)
        self.assertNotIn("HB.pdf", self.reports(y))
        self.assertEqual(len(self.reports(y)), 13)

    def layout(self, *lines):
        with open(FAST, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("[bericht]\n", "[bericht]\n" + "".join(l + "\n" for l in lines), 1)
        path = os.path.join(self.tmp, "test.layout")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_named_shows_the_others(self):
        y = self.run_ok(self.out, "--city", "HB",
                        layout=self.layout("teilnehmerbericht_vergleich = namentlich"))
        _, alts = structure(os.path.join(y, "berichte", "HB.pdf"))
        bars = next(a for a in alts if a.startswith("Balkendiagramm"))
        for c in read_csv(os.path.join(INPUT, "cities.csv")):
            self.assertIn(c["name"] + " ", bars)

    def test_reports_off(self):
        y = self.run_ok(self.out, "--mail", layout=self.layout("teilnehmerberichte = nein"))
        self.assertEqual(self.reports(y), [])
        rows = read_csv(os.path.join(y, "mail", "manifest.csv"))
        self.assertEqual({r["report"] for r in rows}, {""})
        with open(os.path.join(y, rows[0]["eml"]), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        self.assertEqual([a.get_content_type() for a in msg.iter_attachments()], [XLSX])
        self.assertNotIn(".pdf", msg.get_body(preferencelist=("plain",)).get_content())

    def test_circle_report_refers_to_the_participant_reports(self):
        y = self.run_ok(self.out, "--city", "HB", layout=self.layout("stadtprofile_bis = 0"))
        text = words(os.path.join(y, "monitoring-2024.pdf"))
        self.assertIn("stehen die Stadtprofile nicht in diesem Bericht, sondern jeweils im "
                      "Teilnehmerbericht, den jeder Teilnehmende mit seinem Datenanhang erhält",
                      text)
        self.assertNotIn("berichte/", text)  # a path is for the office, not for the public
        self.assertNotIn("Stadtprofil Bremen", text)
        y = self.run_ok(os.path.join(self.tmp, "o2"), "--city", "HB")
        self.assertIn("Stadtprofil Bremen", words(os.path.join(y, "monitoring-2024.pdf")))

    def test_layout_text_names_the_participant(self):
        with open(self.layout(), encoding="utf-8") as f:
            text = f.read()
        path = os.path.join(self.tmp, "text.layout")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n[text teilnehmerbericht]\nBericht für {teilnehmer} im Jahr {jahr}."
                           "\n\nNur mit Ring: {ring}.\n")
        y = self.run_ok(self.out, "--city", "HB", layout=path)
        text = words(os.path.join(y, "berichte", "HB.pdf"))
        self.assertIn("Bericht für Bremen im Jahr 2024.", text)
        self.assertNotIn("Nur mit Ring", text)  # HB has no ring: the paragraph goes

    def test_standard_text_names_any_participant_grammatically(self):
        """The standard layout's opening names the participant as a label
        ("des Teilnehmenden „Stadt Aachen“"), not as "von Stadt Aachen",
        which is wrong German for names with an article-taking noun."""
        standard = os.path.join(ROOT, "layouts", "standard.layout")
        gendata(self.data, "--cities", "3")
        name = read_csv(os.path.join(self.data, "cities.csv"))[0]
        y = self.run_ok(self.out, "--city", name["id"], layout=standard)
        text = words(os.path.join(y, "berichte", name["id"] + ".pdf"))
        self.assertIn(f"stellt die Kennzahlen des Teilnehmenden „{name['name']}“ für das "
                      "Berichtsjahr 2024", text)
        self.assertNotIn("Kennzahlen von ", text)
        # the cover names the publisher once: the standard contact begins with it
        p = subprocess.run(["pdftotext", "-f", "1", "-l", "1",
                            os.path.join(y, "berichte", name["id"] + ".pdf"), "-"],
                           capture_output=True, text=True, check=True)
        self.assertEqual(p.stdout.count("Geschäftsstelle des Vergleichsrings"), 1, p.stdout)
        self.assertIn("Geschäftsstelle des Vergleichsrings, kennzahlen@vergleichsring.example",
                      p.stdout)

    def test_geaendert_follows_what_the_reports_show(self):
        def changed(layout):
            y = self.run_ok(self.out, "--mail", layout=layout)
            return {r["geaendert"] for r in read_csv(os.path.join(y, "mail", "manifest.csv"))}
        changed(FAST)
        self.assertEqual(changed(FAST), {"nein"})
        named = self.layout("teilnehmerbericht_vergleich = namentlich")
        self.assertEqual(changed(named), {"ja"})
        self.assertEqual(changed(named), {"nein"})

    def test_bad_switch_is_a_layout_error(self):
        path = self.layout("teilnehmerberichte = vielleicht")
        p = kvreport("-i", INPUT, "-o", self.out, layout=path)
        self.assertEqual(p.returncode, 65, p.stderr)
        self.assertRegex(p.stderr, r"test\.layout:\d+: .*teilnehmerberichte")
        self.assertFalse(os.path.exists(os.path.join(self.out, "2024", "berichte")))


class TaggedParticipantReport(Tagged, unittest.TestCase):
    """tests/test_tagging.py's checks on one participant report (in a ring)."""

    flags_in_tables = False  # generated data: no flags

    @classmethod
    def setUpClass(cls):
        data = tempfile.mkdtemp(prefix="kvtag-in-")
        gendata(data, "--cities", "30", "--rings", "3", "--years", "4")
        try:
            cls.make(data, "--city", "T0002")
        finally:
            shutil.rmtree(data, ignore_errors=True)
        cls.doc.close()
        cls.pdf = os.path.join(cls.out, "berichte", "T0002.pdf")
        cls.names = [n for n in cls.names if n == cls.names[1]]  # its own only
        cls.doc = pikepdf.open(cls.pdf)
        cls.tree = cls.walk_tree()
        cls.marks = cls.walk_pages()

    def test_figures_have_alt_text_from_the_data(self):
        """Bars with the ring's Gesamtwert and Mittelwert, lines with the
        participant's values year by year, each naming the participant."""
        figures = self.elements("Figure")
        kinds = set()
        for f in figures:
            alt = str(f.get("/Alt", ""))
            self.assertRegex(alt, r"(?s)^(Balken|Linien|Profil)diagramm: .+\. ")
            kinds.add(alt.split(":")[0])
            if alt.startswith("Balkendiagramm"):
                self.assertIn(self.names[0] + " ", alt)
                self.assertRegex(alt, r"Gesamtwert -?[\d.]+(,\d+)?; Mittelwert -?[\d.]+(,\d+)?\.$")
            if alt.startswith("Liniendiagramm"):
                self.assertRegex(alt, re.escape(self.names[0]) + r": \d{4} ")
                self.assertIn("GeMW aller Teilnehmenden: ", alt)
        self.assertEqual(kinds, {"Balkendiagramm", "Liniendiagramm", "Profildiagramm"})

    def test_lists_and_contents_are_structured(self):
        """No contents page (a short report with bookmarks): lists only."""
        for li in self.elements("LI"):
            self.assertEqual([str(k.S) for k in li.K], ["/Lbl", "/LBody"])
        self.assertTrue(self.elements("L"))
        self.assertEqual(self.elements("TOCI"), [])
        self.assertGreater(len(self.doc.open_outline().root), 3)

    def test_every_link_annotation_is_in_the_structure(self):
        """No contents, so no links; an annotation would need a structure
        element and there is none."""
        for page in self.doc.pages:
            self.assertEqual(page.get("/Tabs"), "/S")
            self.assertEqual(list(page.get("/Annots", [])), [])

    def test_pdfjs_structure_tree_of_sample_pages(self):
        """Auf einen Blick (page 2) and the first key figure (page 3)."""
        import json
        rc, out, err = tool("node", os.path.join(ROOT, "tests", "pdfjs", "structtree.mjs"),
                            self.pdf, "2", "3", cwd=PDFJS)
        self.assertEqual(rc, 0, err)
        trees = json.loads(out.strip().splitlines()[-1])["pages"]

        def roles(node, acc):
            if "role" in node:
                acc.append((node["role"], node.get("alt")))
            for c in node.get("children", []):
                roles(c, acc)
            return acc

        glance = [r for r, _ in roles(trees["2"], [])]
        self.assertEqual(glance[:2], ["Root", "Document"])
        self.assertIn("H1", glance)
        self.assertIn("Table", glance)
        kz = roles(trees["3"], [])
        order = [r for r, _ in kz if r in ("H1", "H2", "Figure")]
        self.assertEqual(order[:3], ["H1", "H2", "Figure"])
        alts = [a for r, a in kz if r == "Figure"]
        self.assertTrue(alts and all(a.startswith(("Balken", "Linien")) for a in alts))


if __name__ == "__main__":
    unittest.main()
