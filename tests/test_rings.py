"""test_rings.py - comparison rings (Vergleichsringe) in the reports: the
circle report organised by ring and one report per ring (ringe/FILE.pdf,
ringe/index.csv), checked with real clients (pdftotext, qpdf, pdflint)
against the engine's tables, which tests/refcalc.py recomputes
independently. Run with Debian's /usr/bin/python3."""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvtest  # noqa: E402
from kvtest import FAST, HERE, INPUT, ROOT, gendata, kvreport  # noqa: E402

REFCALC = os.path.join(HERE, "refcalc.py")
SHARED_LINT = os.path.join(os.path.dirname(ROOT), "shared", "tools", "pdflint.py")
PDFLINT = SHARED_LINT if os.path.exists(SHARED_LINT) else os.path.join(HERE, "pdflint.py")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def text_of(pdf):
    """The PDF's text as pdftotext reads it (no layout: one word order)."""
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    return out.stdout


def squeeze(text):
    """Words joined by single spaces: names may wrap over lines."""
    return " ".join(text.replace("\u00a0", " ").split())


def nospace(text):
    """Without any white space: a long word may be broken over lines."""
    return "".join(text.split())


def number_de(text):
    """A number of kennzahlwerte.csv (decimal comma) as float; None when empty."""
    return float(text.replace(",", ".")) if text else None


def fmt_de(v, decimals):
    """The report's form: thousands '.', decimal ',', minus sign U+2212."""
    s = f"{abs(v):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("\u2212" if v < 0 and s.strip("0.,") else "") + s


def year_dir(out):
    years = [d for d in os.listdir(out) if d.isdigit()]
    assert len(years) == 1, years
    return os.path.join(out, years[0])


class RingReports(kvtest.TmpDirTest):
    """One dataset, one run, the reports checked against the tables."""

    def run_ok(self, *args, layout=FAST):
        p = kvreport("-i", self.data, "-o", self.out, "-q", *args, layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        return year_dir(self.out)

    def check_refcalc(self, ydir):
        p = subprocess.run(["/usr/bin/python3", REFCALC, self.data,
                            os.path.join(ydir, "kennzahlwerte.csv"),
                            "--ringwerte", os.path.join(ydir, "ringwerte.csv")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def rings_of_cities(self):
        """{ring: [names]} in order of first appearance; and all names."""
        rings = {}
        for row in read_csv(os.path.join(self.data, "cities.csv")):
            if row["group"]:
                rings.setdefault(row["group"], []).append(row["name"])
        return rings

    def check_pdf(self, pdf):
        q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        self.assertEqual(q.returncode, 0, pdf + q.stdout + q.stderr)
        # the test layout keeps the default margins of 20 mm on every side
        lint = subprocess.run(["/usr/bin/python3", PDFLINT, "--margins", "20,20,20,20", pdf],
                              capture_output=True, text=True)
        self.assertIn("0 findings", lint.stdout, pdf + lint.stdout)
        t = subprocess.run(["pdftotext", pdf, "/dev/null"], capture_output=True, text=True)
        self.assertEqual(t.stderr, "", pdf)

    def check_all(self, ydir, lint=True):
        self.check_refcalc(ydir)
        rings = self.rings_of_cities()
        index = read_csv(os.path.join(ydir, "ringe", "index.csv"))
        # every ring once, in order of first appearance, each with its file
        self.assertEqual([r["ring"] for r in index], list(rings))
        files = [r["file"] for r in index]
        self.assertEqual(len({f.lower() for f in files}), len(files))
        for f in files:
            self.assertRegex(f, r"^[A-Za-z0-9][A-Za-z0-9-]*\.pdf$")
        self.assertEqual(sorted(os.listdir(os.path.join(ydir, "ringe"))),
                         sorted(files + ["index.csv"]))
        circle = [f for f in os.listdir(ydir) if f.startswith("monitoring-")][0]
        ctext = squeeze(text_of(os.path.join(ydir, circle)))
        for name in rings:
            self.assertIn(nospace(name), nospace(ctext), "ring name missing in the circle report")
        self.assertIn("Vergleichsringe im Überblick", ctext)
        year = int(os.path.basename(ydir))
        kzs = read_csv(os.path.join(self.data, "kennzahlen.csv"))
        dec = {k["code"]: int(k["decimals"] or 0) for k in kzs}
        titles = {k["code"]: k["title"] for k in kzs}
        values = read_csv(os.path.join(ydir, "kennzahlwerte.csv"))
        ringvals = read_csv(os.path.join(ydir, "ringwerte.csv"))
        ids = {r["id"]: r["name"] for r in read_csv(os.path.join(self.data, "cities.csv"))}
        for row in index:
            pdf = os.path.join(ydir, "ringe", row["file"])
            if lint:
                self.check_pdf(pdf)
            text = squeeze(text_of(pdf))
            self.assertIn(nospace(row["ring"]), nospace(text))
            members = rings[row["ring"]]
            for name in members:
                self.assertIn(squeeze(name), text, f"{name} missing in {row['file']}")
            shown = [c for c in dec if squeeze(titles[c]) in text]
            self.assertTrue(shown)
            # the members' values of the report year, as the engine has them
            for v in values:
                if ids[v["city"]] in members and v["code"] in shown and \
                        int(v["year"]) == year and v["value"]:
                    self.assertIn(fmt_de(number_de(v["value"]), dec[v["code"]]), text,
                                  f"{v['city']} {v['code']} in {row['file']}")
            # the ring's and every other ring's Gesamtwert of the report year
            for rv in ringvals:
                if rv["code"] in shown and int(rv["year"]) == year and rv["gesamtwert"]:
                    self.assertIn(fmt_de(number_de(rv["gesamtwert"]), dec[rv["code"]]), text,
                                  f"{rv['ring']} {rv['code']} in {row['file']}")
        return ctext


class DefaultWithRings(RingReports):
    """The default data with rings added, as an office would: three rings
    and two participants without one."""

    def setUp(self):
        super().setUp()
        shutil.copytree(INPUT, self.data)
        path = os.path.join(self.data, "cities.csv")
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        groups = ["Nord", "Süd", "West/Ost"]
        for i, row in enumerate(rows[1:]):
            row[3] = "" if i % 7 == 6 else groups[i % 3]
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)

    def test_reports_by_ring(self):
        ydir = self.run_ok()
        ctext = self.check_all(ydir)
        self.assertIn("Gesamtwert des Rings", ctext)
        self.assertIn("Ohne Vergleichsring", ctext)
        self.assertIn("Index (Ring = 100)", ctext)
        self.check_pdf(os.path.join(ydir, "monitoring-2024.pdf"))

    def test_layout_turns_ring_reports_off_and_removes_old_ones(self):
        ydir = self.run_ok()
        self.assertTrue(os.path.isdir(os.path.join(ydir, "ringe")))
        off = os.path.join(self.tmp, "off.layout")
        with open(FAST, encoding="utf-8") as f:
            text = f.read()
        with open(off, "w", encoding="utf-8") as f:
            f.write(text.replace("[bericht]", "[bericht]\nringberichte = nein"))
        self.run_ok(layout=off)
        self.assertFalse(os.path.exists(os.path.join(ydir, "ringe")))
        self.assertTrue(os.path.exists(os.path.join(ydir, "ringwerte.csv")))
        with open(os.path.join(ydir, ".generation"), encoding="utf-8") as f:
            self.assertNotIn("ringe/", f.read())

    def test_bad_switch_is_a_layout_error(self):
        bad = os.path.join(self.tmp, "bad.layout")
        with open(FAST, encoding="utf-8") as f:
            text = f.read()
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text.replace("[bericht]", "[bericht]\nringberichte = vielleicht"))
        p = kvreport("-i", self.data, "-o", self.out, "-q", layout=bad)
        self.assertEqual(p.returncode, 65)
        self.assertRegex(p.stderr, r"bad\.layout:\d+: .*ringberichte")
        self.assertFalse(os.path.exists(os.path.join(self.out, "2024", "ringe")))

    def test_shards_leave_ring_reports_to_shard_0(self):
        ydir = self.run_ok("--shard", "0/1")
        before = sorted(os.listdir(os.path.join(ydir, "ringe")))
        self.assertTrue(before)
        self.run_ok("--shard", "1/1")
        self.assertEqual(sorted(os.listdir(os.path.join(ydir, "ringe"))), before)
        self.assertFalse(any(f.endswith(".pdf") for f in os.listdir(ydir)
                             if f.startswith("ringe")))

    def test_city_run_writes_the_ring_reports_like_the_pdf(self):
        ydir = self.run_ok("--city", "HB")
        self.assertEqual(len(read_csv(os.path.join(ydir, "ringe", "index.csv"))), 3)


class NoRings(RingReports):
    def test_no_ring_outputs(self):
        shutil.copytree(INPUT, self.data)
        ydir = self.run_ok()
        self.assertFalse(os.path.exists(os.path.join(ydir, "ringe")))
        self.assertFalse(os.path.exists(os.path.join(ydir, "ringwerte.csv")))
        text = text_of(os.path.join(ydir, "monitoring-2024.pdf"))
        self.assertNotIn("Vergleichsringe im Überblick", text)
        self.assertNotIn("Gesamtwert des Rings", text)


class Large(RingReports):
    def test_104_in_7_rings(self):
        gendata(self.data, "--cities", "104", "--rings", "7", "--years", "20")
        ydir = self.run_ok()
        self.check_all(ydir)
        self.check_pdf(os.path.join(ydir, [f for f in os.listdir(ydir)
                                           if f.startswith("monitoring-")][0]))
        # the value table of a ring report: each member's row holds its
        # values of the last five years as the engine has them
        index = read_csv(os.path.join(ydir, "ringe", "index.csv"))
        pdf = os.path.join(ydir, "ringe", index[0]["file"])
        lines = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                               text=True, check=True).stdout.splitlines()
        cities = read_csv(os.path.join(self.data, "cities.csv"))
        member = next(c for c in cities if c["group"] == index[0]["ring"])
        year = int(os.path.basename(ydir))
        first = read_csv(os.path.join(self.data, "kennzahlen.csv"))[0]
        want = [fmt_de(number_de(v["value"]), int(first["decimals"]))
                for v in read_csv(os.path.join(ydir, "kennzahlwerte.csv"))
                if v["city"] == member["id"] and v["code"] == first["code"]
                and year - 4 <= int(v["year"]) <= year]
        rows = [re.findall(r"-?[\d.]+,\d+|-?\d+(?=\s|$)", ln[len(member["name"]) + 1:])
                for ln in lines if ln.strip().startswith(member["name"] + " ")]
        rows = [r for r in rows if len(r) >= 5]
        self.assertTrue(rows, "no table row of " + member["name"])
        self.assertEqual(rows[0][:5], want)

    def test_rings_of_1_and_60_nasty_names_and_unringed(self):
        gendata(self.data, "--cities", "80", "--ring-sizes", "60,1,5,4,3,2,1",
                "--nasty-rings", "--unringed-every", "11", "--years", "6")
        ydir = self.run_ok()
        rings = self.rings_of_cities()
        sizes = [len(m) for m in rings.values()]
        self.assertIn(60 - 6, sizes)  # 60 less the unringed
        self.assertIn(1, sizes)
        self.assertTrue(any(len(n) == 150 for n in rings))
        self.check_all(ydir)
        index = read_csv(os.path.join(ydir, "ringe", "index.csv"))
        self.assertTrue(all("/" not in r["file"] and ".." not in r["file"] for r in index))


class Counts(RingReports):
    """Counts of one: a ring of one member, one participant without a
    ring, one ring. The texts read in the singular or give the count as
    "n = 1", never "1 Teilnehmende"."""

    # "n = 1 von 1 Teilnehmenden" is a dative singular, right as it is
    PLURAL_OF_ONE = re.compile(r"(?<![0-9.,])(?<!von )1 (Teilnehmende|Teilnehmenden|Vergleichsringe|Werte)\b")

    def texts(self, ydir):
        pdfs = [os.path.join(d, f) for d, _, fs in os.walk(ydir) for f in fs if f.endswith(".pdf")]
        self.assertTrue(pdfs)
        return {os.path.relpath(p, ydir): squeeze(text_of(p)) for p in pdfs}

    def test_ring_of_one_and_one_without_ring(self):
        gendata(self.data, "--cities", "6", "--ring-sizes", "1,4", "--years", "3")
        ydir = self.run_ok()
        texts = self.texts(ydir)
        for rel, t in texts.items():
            self.assertIsNone(self.PLURAL_OF_ONE.search(t), rel)
        circle = next(t for rel, t in texts.items() if rel.startswith("monitoring-"))
        self.assertIn("Einer der Teilnehmenden gehört keinem Vergleichsring an.", circle)
        self.assertIn("Der Bericht umfasst 6 Teilnehmende", circle)
        cities = read_csv(os.path.join(self.data, "cities.csv"))
        size = {g: sum(c["group"] == g for c in cities) for g in {c["group"] for c in cities}}
        one = next(r for r in read_csv(os.path.join(ydir, "ringe", "index.csv"))
                   if size[r["ring"]] == 1)
        ring = texts[os.path.join("ringe", one["file"])]
        self.assertIn(f"Dieser Bericht zeigt die Teilnehmenden des Vergleichsrings „{one['ring']}“ "
                      "(n = 1) im Einzelnen", ring)
        # all participants, as in the circle report; the ring's members follow
        self.assertIn("Der Bericht umfasst 6 Teilnehmende", ring)
        self.assertIn(f"des Vergleichsrings „{one['ring']}“ (n = 1) für", ring)
        member = next(c["id"] for c in cities if c["group"] == one["ring"])
        part = texts[os.path.join("berichte", member + ".pdf")]
        self.assertIn(f"Vergleichsring: {one['ring']} (n = 1);", part)

    def test_one_ring(self):
        gendata(self.data, "--cities", "6", "--ring-sizes", "5", "--years", "3")
        ydir = self.run_ok()
        texts = self.texts(ydir)
        circle = next(t for rel, t in texts.items() if rel.startswith("monitoring-"))
        self.assertIn("Die Teilnehmenden bilden einen Vergleichsring: ", circle)
        self.assertIn("Einer der Teilnehmenden gehört keinem Vergleichsring an.", circle)
        self.assertIsNone(self.PLURAL_OF_ONE.search(circle))
        self.assertIn("zeigen die Teilnehmenden des Rings als einen Block mit seinem Gesamtwert",
                      circle)
        self.assertIn("Für den Vergleichsring gibt es zudem einen eigenen Bericht.", circle)
        self.assertNotIn("Für jeden Vergleichsring", circle)
        ring = texts[os.path.join("ringe", "Vergleichsring-1.pdf")]
        self.assertIn("Der Vergleichsring „Vergleichsring 1“ im Vergleich zu allen Teilnehmenden",
                      ring)
        self.assertIn("im Einzelnen; alle 6 Teilnehmenden erscheinen als Gesamtwert.", ring)
        self.assertNotIn("anderen Vergleichsring", ring)

    def test_two_rings(self):
        """With one other ring, the ring report speaks of it in the
        singular; its title names the ring in quotes."""
        gendata(self.data, "--cities", "6", "--ring-sizes", "2,4", "--years", "3")
        ydir = self.run_ok()
        path = os.path.join(ydir, "ringe", "Vergleichsring-1.pdf")
        ring = squeeze(text_of(path))
        self.assertIn("Der Vergleichsring „Vergleichsring 1“ im Vergleich zum anderen Vergleichsring",
                      ring)
        self.assertIn("(n = 2) im Einzelnen; alle 6 Teilnehmenden erscheinen als Gesamtwert, ebenso "
                      "der andere Vergleichsring: „Vergleichsring 2“ (n = 4).", ring)
        self.assertNotIn("anderen Vergleichsringe", ring)
        # the citation in the imprint: the ring's name in quotes, not
        # "Vergleichsring Vergleichsring 1"
        self.assertRegex(ring, r"\(20\d\d\): [^.]* – Vergleichsring „Vergleichsring 1“\.")


if __name__ == "__main__":
    unittest.main()
