#!/usr/bin/python3
"""Nightly drafts that say what changed: aenderungen.csv against an
independent recomputation of both generations (tests/refcalc.py for the
key figures, the CSV files for the base figures), the summary line, and
the mail manifest's `geaendert`.

    KVREPORT=build/kvreport tests/test_changes.py [unittest args]
"""
import csv
import email
import email.policy
import io
import re
import os
import shutil
import subprocess
import unittest

import refcalc
from kvtest import INPUT, TmpDirTest, kvreport

HEADER = ["art", "city", "code", "year", "alt", "neu", "kennzeichen_alt", "kennzeichen_neu"]
ARTS = ["basiszahl", "kennzahl", "gesamtwert", "teilnehmer", "kennzahldefinition"]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def table(directory, name):
    return refcalc.read_table(directory, name)


def write(directory, name, rows, fields):
    with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def base_cells(directory):
    """(city, code, year) -> (value or None, flag) as the contract reads
    them: an empty value is missing with '.', unless x or /."""
    cells = {}
    for r in table(directory, "basedata.csv"):
        flag, value = r.get("flag") or "", r["value"]
        if flag == "-":
            cell = (0.0, "-")
        elif value == "":
            cell = (None, flag if flag in ("x", "/") else ".")
        else:
            cell = (float(value.replace(",", ".")), flag)
        cells[(r["city"], r["code"], int(r["year"]))] = cell
    return cells


def definition(k):
    factor = k.get("factor") or "1"
    return (f"Zähler: {k['numerator']}; Nenner: {k.get('denominator') or '1'}; "
            f"Faktor: {factor}; Einheit: {k['unit']}")


def expected(old_dir, new_dir, year):
    """The rows aenderungen.csv must have, as (art, city, code, year) ->
    (alt, neu, kennzeichen_alt, kennzeichen_neu), numbers as floats."""
    rows = {}
    old_cities = [r["id"] for r in table(old_dir, "cities.csv")]
    new_cities = {r["id"]: r["name"] for r in table(new_dir, "cities.csv")}
    both = [c for c in new_cities if c in old_cities]
    ob, nb = base_cells(old_dir), base_cells(new_dir)
    for key in set(ob) | set(nb):
        if key[0] not in both:
            continue
        o, n = ob.get(key, (None, ".")), nb.get(key, (None, "."))
        if o != n:
            rows[("basiszahl", key[0], key[1], key[2])] = (o[0], n[0], o[1], n[1])
    okz = {k["code"]: k for k in table(old_dir, "kennzahlen.csv")}
    nkz = {k["code"]: k for k in table(new_dir, "kennzahlen.csv")}
    ov, nv = refcalc.compute(old_dir, year=year), refcalc.compute(new_dir, year=year)
    for key in set(ov) | set(nv):
        city, code, y = key
        if city not in both or code not in okz or code not in nkz:
            continue
        o, n = ov.get(key), nv.get(key)
        oval = (o["value"], o["flag"]) if o else (None, ".")
        nval = (n["value"], n["flag"]) if n else (None, ".")
        if oval != nval:
            rows[("kennzahl", city, code, y)] = (oval[0], nval[0], oval[1], nval[1])
    gesamt_old = {(k[1], k[2]): v.get("gesamtwert") for k, v in ov.items()}
    gesamt_new = {(k[1], k[2]): v.get("gesamtwert") for k, v in nv.items()}
    for key in set(gesamt_old) | set(gesamt_new):
        if key[0] in okz and key[0] in nkz and gesamt_old.get(key) != gesamt_new.get(key):
            rows[("gesamtwert", "", key[0], key[1])] = (gesamt_old.get(key),
                                                         gesamt_new.get(key), "", "")
    for c, name in new_cities.items():
        if c not in old_cities:
            rows[("teilnehmer", c, "", None)] = ("", name, "", "")
    old_names = {r["id"]: r["name"] for r in table(old_dir, "cities.csv")}
    for c in old_cities:
        if c not in new_cities:
            rows[("teilnehmer", c, "", None)] = (old_names[c], "", "", "")
    for code in set(okz) | set(nkz):
        o = definition(okz[code]) if code in okz else ""
        n = definition(nkz[code]) if code in nkz else ""
        if o != n:
            rows[("kennzahldefinition", "", code, None)] = (o, n, "", "")
    return rows


def parse(rows):
    got = {}
    for r in rows[1:]:
        art, city, code, year, alt, neu, fa, fn = r
        key = (art, city, code, int(year) if year else None)
        if art in ("teilnehmer", "kennzahldefinition"):
            got[key] = (alt, neu, fa, fn)
        else:
            got[key] = (refcalc.parse_out(alt), refcalc.parse_out(neu), fa, fn)
    return got


def manifest(yeardir):
    with open(os.path.join(yeardir, "mail", "manifest.csv"), encoding="utf-8") as f:
        return {r["city"]: r for r in csv.DictReader(f, delimiter=";")}


class Changes(TmpDirTest):
    def setUp(self):
        super().setUp()
        shutil.copytree(INPUT, self.data)
        self.yeardir = os.path.join(self.out, "2024")
        self.old = os.path.join(self.tmp, "old")

    def run_ok(self, *extra):
        p = kvreport("--mail", "-i", self.data, "-o", self.out, *extra, epoch=None)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stderr

    def snapshot_input(self):
        shutil.rmtree(self.old, ignore_errors=True)
        shutil.copytree(self.data, self.old)

    def test_first_run_then_identical_run(self):
        self.run_ok()
        self.assertFalse(os.path.exists(os.path.join(self.yeardir, "aenderungen.csv")))
        self.assertTrue(os.path.exists(os.path.join(self.yeardir, ".kvreport-state.gz")))
        self.assertEqual({r["geaendert"] for r in manifest(self.yeardir).values()}, {"ja"})
        err = self.run_ok()
        self.assertEqual(read(os.path.join(self.yeardir, "aenderungen.csv")), [HEADER])
        self.assertRegex(err, r"gegenüber dem Stand vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr: "
                              r"keine Änderungen")
        self.assertEqual({r["geaendert"] for r in manifest(self.yeardir).values()}, {"nein"})
        # -q keeps it quiet
        p = kvreport("-q", "--mail", "-i", self.data, "-o", self.out)
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_every_kind_of_change_against_a_recomputation(self):
        self.run_ok()
        self.snapshot_input()
        cities = table(self.data, "cities.csv")
        cfields = list(cities[0])
        base = table(self.data, "basedata.csv")
        bfields = list(base[0])
        # one base figure corrected, one only re-flagged
        first = next(r for r in base if r["city"] == "DO" and r["code"] == "EW"
                     and r["year"] == "2024")
        first["value"] = str(int(first["value"]) + 1000)
        flagged = next(r for r in base if r["city"] == "HB" and r["code"] == "HLU_LB"
                       and r["year"] == "2023" and not r["flag"])
        flagged["flag"] = "r"
        # one participant leaves, one joins with a copy of Essen's figures
        base = [r for r in base if r["city"] != "DU"]
        base += [dict(r, city="NEU") for r in base if r["city"] == "E"]
        cities = [c for c in cities if c["id"] != "DU"]
        cities.append(dict(cities[0], id="NEU", name="Neustadt an der Weinstraße", short="NW",
                           email="kennzahlen@neustadt.example"))
        write(self.data, "cities.csv", cities, cfields)
        write(self.data, "basedata.csv", base, bfields)
        # one key figure's definition changes its factor and unit
        kz = table(self.data, "kennzahlen.csv")
        kfields = list(kz[0])
        kz[2]["factor"] = "10000"
        kz[2]["unit"] = "je 10.000 EW"
        write(self.data, "kennzahlen.csv", kz, kfields)
        err = self.run_ok()
        rows = read(os.path.join(self.yeardir, "aenderungen.csv"))
        self.assertEqual(rows[0], HEADER)
        got, want = parse(rows), expected(self.old, self.data, 2024)
        self.assertEqual(sorted(got), sorted(want))
        for key, (alt, neu, fa, fn) in want.items():
            galt, gneu, gfa, gfn = got[key]
            self.assertEqual((gfa, gfn), (fa, fn), key)
            if key[0] in ("teilnehmer", "kennzahldefinition"):
                self.assertEqual((galt, gneu), (alt, neu), key)
            else:
                self.assertTrue(refcalc.close(galt, alt) and refcalc.close(gneu, neu),
                                (key, got[key], want[key]))
        # the flag-only change is a change
        self.assertIn(("basiszahl", "HB", "HLU_LB", 2023), got)
        self.assertEqual(got[("basiszahl", "HB", "HLU_LB", 2023)][2:], ("", "r"))
        # rows ordered by art, participant (dataset order), code, year
        order = {c["id"]: i for i, c in enumerate(cities)}
        order["DU"] = len(order)
        codes = [c["code"] for c in table(self.data, "codes.csv")]
        kcodes = [k["code"] for k in kz]

        def sort_key(r):
            art, city, code, year = r[0], r[1], r[2], r[3]
            pos = (codes if art == "basiszahl" else kcodes).index(code) if code else 0
            return (ARTS.index(art), order.get(city, -1) if city else -1, pos,
                    int(year) if year else 0)
        self.assertEqual(rows[1:], sorted(rows[1:], key=sort_key))
        # the summary line counts what the file holds
        n_base = sum(1 for k in want if k[0] == "basiszahl")
        n_kz = sum(1 for k in want if k[0] == "kennzahl")
        n_ges = sum(1 for k in want if k[0] == "gesamtwert")
        self.assertIn(f"{n_base} Basiszahlen von 2 Teilnehmenden geändert, {n_kz} Kennzahlwerte "
                      f"und {n_ges} Gesamtwerte betroffen; Teilnehmende: 1 hinzugekommen, "
                      f"1 weggefallen; 1 Kennzahldefinition geändert", err)
        m = manifest(self.yeardir)
        self.assertNotIn("DU", m)
        self.assertEqual(m["NEU"]["geaendert"], "ja")
        self.assertEqual(list(m["HB"])[-2:], ["report", "geaendert"])

    def test_geaendert_only_where_the_workbook_changes(self):
        """A base figure no key figure uses changes one workbook only."""
        codes = table(self.data, "codes.csv")
        write(self.data, "codes.csv", codes + [dict(label="Nachrichtlich: Anträge", unit="Anzahl",
                                                    code="ANTRAEGE")], list(codes[0]))
        base = table(self.data, "basedata.csv")
        cities = [c["id"] for c in table(self.data, "cities.csv")]
        extra = [dict(city=c, year=str(y), code="ANTRAEGE", value=str(100 + i), flag="")
                 for i, c in enumerate(cities) for y in range(2019, 2025)]
        write(self.data, "basedata.csv", base + extra, list(base[0]))
        self.run_ok()
        extra[0]["value"] = "4711"  # the first participant's 2019 figure
        write(self.data, "basedata.csv", base + extra, list(base[0]))
        self.run_ok()
        rows = read(os.path.join(self.yeardir, "aenderungen.csv"))
        self.assertEqual(rows[1:], [["basiszahl", cities[0], "ANTRAEGE", "2019", "100", "4711",
                                     "", ""]])
        m = manifest(self.yeardir)
        self.assertEqual({c: m[c]["geaendert"] for c in m},
                         {c: "ja" if c == cities[0] else "nein" for c in cities})

    def test_city_runs_compare_only_their_participants(self):
        self.run_ok()
        base = table(self.data, "basedata.csv")
        for r in base:
            if r["code"] == "EW" and r["year"] == "2024" and r["city"] in ("HB", "DO"):
                r["value"] = str(int(r["value"]) + 10)
        write(self.data, "basedata.csv", base, list(base[0]))
        self.run_ok("--city", "HB")
        rows = read(os.path.join(self.yeardir, "aenderungen.csv"))
        self.assertEqual({r[1] for r in rows[1:] if r[0] in ("basiszahl", "kennzahl")}, {"HB"})
        # DO's files were not written again: the next full run still names it
        self.run_ok()
        rows = read(os.path.join(self.yeardir, "aenderungen.csv"))
        self.assertEqual({r[1] for r in rows[1:] if r[0] == "basiszahl"}, {"DO"})
        self.assertEqual(manifest(self.yeardir)["DO"]["geaendert"], "ja")

    def test_unreadable_state_is_said_and_replaced(self):
        self.run_ok()
        with open(os.path.join(self.yeardir, ".kvreport-state.gz"), "wb") as f:
            f.write(b"not gzip at all")
        err = self.run_ok()
        self.assertIn("Stand des letzten Laufs ist nicht lesbar", err)
        self.assertFalse(os.path.exists(os.path.join(self.yeardir, "aenderungen.csv")))
        self.run_ok()
        self.assertEqual(read(os.path.join(self.yeardir, "aenderungen.csv")), [HEADER])


    def office_mail(self):
        path = os.path.join(self.yeardir, "mail", "geschaeftsstelle.eml")
        with open(path, "rb") as f:
            raw = f.read()
        return raw, email.message_from_bytes(raw, policy=email.policy.default)

    def test_office_mail_on_a_rerun_says_what_changed(self):
        office = os.path.join(self.yeardir, "mail", "geschaeftsstelle.eml")
        self.run_ok()
        self.assertFalse(os.path.exists(office))  # nothing to compare with yet
        base = table(self.data, "basedata.csv")
        for r in base:
            if r["code"] == "EW" and r["city"] == "HB" and r["year"] in ("2023", "2024"):
                r["value"] = str(int(r["value"]) + 10)
        write(self.data, "basedata.csv", base, list(base[0]))
        err = self.run_ok()
        summary = re.search(r"gegenüber dem Stand vom [\d.]+, \d\d:\d\d Uhr: (.*)", err).group(1)
        raw, msg = self.office_mail()
        sender = msg["From"].addresses[0]
        self.assertEqual(sender.addr_spec, "kennzahlen@vergleichsring.example")
        self.assertEqual([a.addr_spec for a in msg["To"].addresses], [sender.addr_spec])
        self.assertIn("Änderungen gegenüber dem Stand vom", msg["Subject"])
        body = msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
        self.assertIn(f"ergeben: {summary}.", body)
        self.assertIn("2 Basiszahlen von 1 Teilnehmenden geändert", summary)
        self.assertIn("- Bremen (HB): 2 Basiszahlen geändert, Arbeitsmappe geändert\n", body)
        self.assertIn("- Köln (K): 0 Basiszahlen geändert, Arbeitsmappe geändert\n", body)
        cities = table(self.data, "cities.csv")
        self.assertEqual(body.count("\n- "), len(cities))
        atts = list(msg.iter_attachments())
        self.assertEqual(len(atts), 1)
        self.assertEqual(atts[0].get_content_type(), "text/csv")
        self.assertEqual(atts[0].get_content_charset(), "utf-8")
        self.assertEqual(atts[0].get_filename(), "aenderungen.csv")
        with open(os.path.join(self.yeardir, "aenderungen.csv"), "rb") as f:
            self.assertEqual(atts[0].get_payload(decode=True), f.read())
        self.assertTrue(all(b < 128 for b in raw))
        self.assertTrue(all(len(line) <= 78 for line in raw.split(b"\r\n")))
        self.assertNotIn("geschaeftsstelle", manifest(self.yeardir))
        # identical input: the office still hears that nothing changed
        self.run_ok()
        _, msg = self.office_mail()
        body = msg.get_body(preferencelist=("plain",)).get_content()
        self.assertIn("ergeben: keine Änderungen.", body)
        self.assertIn("- Bremen (HB): 0 Basiszahlen geändert, Arbeitsmappe unverändert", body)
        # a run without --mail publishes no mails, the office's neither
        p = kvreport("-i", self.data, "-o", self.out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(office))

    def test_office_mail_of_a_city_run_lists_its_participants(self):
        self.run_ok()
        self.run_ok("--city", "HB", "--city", "DO")
        _, msg = self.office_mail()
        body = msg.get_body(preferencelist=("plain",)).get_content()
        self.assertEqual(sorted(re.findall(r"\((\w+)\): ", body)), ["DO", "HB"])

    def test_participant_named_geschaeftsstelle_keeps_its_mail(self):
        cities = table(self.data, "cities.csv")
        cities[0]["id"] = "geschaeftsstelle"
        write(self.data, "cities.csv", cities, list(cities[0]))
        base = table(self.data, "basedata.csv")
        old = table(INPUT, "cities.csv")[0]["id"]
        for r in base:
            r["city"] = "geschaeftsstelle" if r["city"] == old else r["city"]
        write(self.data, "basedata.csv", base, list(base[0]))
        self.run_ok()
        self.run_ok()
        _, msg = self.office_mail()
        self.assertIn("Datenanhang", msg["Subject"])  # the participant's own message
        self.assertIn("geschaeftsstelle", manifest(self.yeardir))
        with open(os.path.join(self.yeardir, "validation.csv"), encoding="utf-8") as f:
            self.assertIn("der Mail-Entwurf an die Geschäftsstelle", f.read())

    def test_draft_page_prints_the_changes_rounded(self):
        """--draft with a previous generation: a page right after the
        contents lists per participant the changed base figures and the key
        figures whose printed value changed, old -> new as printed (issue
        18); a final run does not carry it."""
        self.run_ok("--draft")
        base = table(self.data, "basedata.csv")
        for r in base:
            if (r["city"], r["code"], r["year"]) == ("DO", "EW", "2024"):
                r["value"] = str(int(r["value"]) + 1000)
            if (r["city"], r["code"], r["year"]) == ("HB", "HLU_LB", "2023"):
                r["flag"] = "r"
            if (r["city"], r["code"], r["year"]) == ("L", "GSI_AUSZ", "2024"):
                r["value"] = f"{float(r['value'].replace(',', '.')) + 0.5:.2f}".replace(".", ",")
        write(self.data, "basedata.csv", base, list(base[0]))
        self.run_ok("--draft")
        pdf = os.path.join(self.yeardir, "monitoring-2024.pdf")
        pages = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                               text=True, check=True).stdout.replace("\u00a0", " ").split("\f")
        at = [i for i, p in enumerate(pages)
              if re.search(r"^Änderungen gegenüber dem Stand vom \d\d\.\d\d\.\d{4}", p, re.M)
              and not re.search(r"^Inhalt", p, re.M)]  # the contents name it too
        self.assertTrue(at)
        self.assertIn("Inhalt", pages[at[0] - 1])  # right after the contents
        end = next(i for i in range(at[0], len(pages))  # Zentrale Ergebnisse follow it
                   if re.search(r"^(Zentrale Ergebnisse|Vorbemerkungen)$", pages[i], re.M))
        page = "\n".join(pages[at[0]:end])
        rows = read(os.path.join(self.yeardir, "aenderungen.csv"))[1:]
        codes = {c["code"]: c for c in table(self.data, "codes.csv")}
        kzs = {k["code"]: k for k in table(self.data, "kennzahlen.csv")}
        names = {c["id"]: c["name"] for c in table(self.data, "cities.csv")}

        def shown(v, flag, dec):
            if v == "" or flag == "-":
                return {"-": "\u2013", "": "."}.get(flag, flag)
            x = refcalc.parse_out(v)
            s = f"{abs(x):,.{dec}f}".replace(",", "X").replace(".", ",").replace("X", ".")
            return ("\u2212" if x < 0 and s.strip("0,.") else "") + s

        want = []
        for art, city, code, year, alt, neu, fa, fn in rows:
            if art == "basiszahl":
                whole = all(v == "" or refcalc.parse_out(v) == int(refcalc.parse_out(v))
                            for v in (alt, neu))
                dec, label = (0 if whole else 2), f"{codes[code]['label']} ({codes[code]['unit']})"
            elif art == "kennzahl":
                dec = int(kzs[code]["decimals"])
                label = f"Kennzahl: {kzs[code]['title']} ({kzs[code]['unit']})"
            else:
                continue
            old, new = shown(alt, fa, dec), shown(neu, fn, dec)
            if art == "kennzahl" and old == new and fa == fn:
                continue  # the printed value is the same: not on the page
            flags = "" if fa == fn else f"{fa or 'ohne'} \u2192 {fn or 'ohne'}"
            want.append((city, label, year, old, new, flags))
        self.assertTrue(any(w[0] == "DO" and w[1].startswith("Kennzahl:") for w in want))
        table_lines = [l for l in page.split("\n") if re.search(r"\s20\d\d\s{2,}\S", l)
                       and "Stand vom" not in l]  # the running header
        self.assertEqual(len(table_lines), len(want), "\n".join(table_lines))
        for city, label, year, old, new, flags in want:
            self.assertIn(names[city], page)
            pat = (rf"{year}\s+{re.escape(old)}\s+{re.escape(new)}"
                   + (rf"\s+{re.escape(flags)}" if flags else "") + r"\s*$")
            hits = [l for l in table_lines if re.search(pat, l)
                    and label.startswith(re.split(r"\s{2,}", l.strip())[0])]
            self.assertEqual(len(hits), 1, (label, year, old, new, flags))
        # the final run does not carry it
        self.run_ok()
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        self.assertNotIn("Änderungen gegenüber dem Stand vom", text)


if __name__ == "__main__":
    unittest.main(verbosity=1)
