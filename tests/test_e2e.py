#!/usr/bin/python3
"""End-to-end tests: run the kvreport binary on the default dataset, on
generated datasets it has never seen, and on broken copies, and check exit
codes, messages, and the outputs with independent readers.

    KVREPORT=build/kvreport tests/test_e2e.py [--quick] [unittest args]
"""
import csv
import fcntl
import gzip
import os
import shutil
import subprocess
import sys
import unittest

import refcalc
from kvtest import BIN, FAST, INPUT, TmpDirTest, gendata, kvreport

QUICK = "--quick" in sys.argv
if QUICK:
    sys.argv.remove("--quick")

VALIDATION_HEADER = ["severity", "file", "line", "city", "year", "code", "message"]


def run(*args, cwd=None, layout=FAST):
    """Runs kvreport at the real time; tests about numbers use the
    low-resolution test layout."""
    p = kvreport(*args, layout=layout, epoch=None, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def read_validation(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == VALIDATION_HEADER, rows[0]
    return [dict(zip(VALIDATION_HEADER, r)) for r in rows[1:]]


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def visible(path):
    """Directory entries a user sees (the generation's manifest and state
    are hidden files)."""
    return sorted(f for f in os.listdir(path) if not f.startswith("."))


def check_ringwerte(test, data, yeardir, dec=",", year=None):
    """ringwerte.csv exists exactly when a participant has a ring, and then
    matches the independent recomputation, every ring in it."""
    path = os.path.join(yeardir, "ringwerte.csv")
    rings = refcalc.rings_of(refcalc.read_table(data, "cities.csv"))
    test.assertEqual(os.path.exists(path), bool(rings))
    if not rings:
        return []
    test.assertEqual(refcalc.compare_rings(data, path, dec, year), [])
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    test.assertEqual(list(dict.fromkeys(r["ring"] for r in rows)), list(rings))
    return rows


class Base(TmpDirTest):
    def copy_input(self):
        shutil.copytree(INPUT, self.data)

    def lines(self, name):
        with open(os.path.join(self.data, name), encoding="utf-8", newline="") as f:
            return f.read().split("\n")

    def write_lines(self, name, lines):
        with open(os.path.join(self.data, name), "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))

    def set_line(self, name, lineno, text):
        ls = self.lines(name)
        ls[lineno - 1] = text
        self.write_lines(name, ls)

    def no_stray_temp_files(self):
        for dirpath, _, files in os.walk(self.out):
            for f in files:
                self.assertNotIn(".tmp-", f, os.path.join(dirpath, f))


class DefaultData(Base):
    def test_default_run_matches_independent_recomputation(self):
        rc, _, err = run("-i", INPUT, "-o", self.out, layout=None)
        self.assertEqual(rc, 0, err)
        kw = os.path.join(self.out, "2024", "kennzahlwerte.csv")
        self.assertEqual(refcalc.compare(INPUT, kw), [])
        rows = read_validation(os.path.join(self.out, "2024", "validation.csv"))
        self.assertEqual([r for r in rows if r["severity"] == "error"], [])
        self.no_stray_temp_files()

    def test_default_data_have_realistic_flags(self):
        rc, _, err = run("-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.out, "2024", "kennzahlwerte.csv"), encoding="utf-8") as f:
            flags = {r["flag"] for r in csv.DictReader(f, delimiter=";")}
        for f in ("p", "s", "r", "|", "x", ".", "/"):
            self.assertIn(f, flags)

    def test_earlier_report_year_only_has_years_up_to_it(self):
        rc, _, err = run("-i", INPUT, "-o", self.out, "-y", "2022")
        self.assertEqual(rc, 0, err)
        kw = os.path.join(self.out, "2022", "kennzahlwerte.csv")
        with open(kw, encoding="utf-8") as f:
            years = {int(r["year"]) for r in csv.DictReader(f, delimiter=";")}
        self.assertEqual(years, {2019, 2020, 2021, 2022})
        self.assertEqual(refcalc.compare(INPUT, kw, year=2022), [])

    def test_quiet_success_prints_nothing(self):
        rc, out, err = run("-q", "-i", INPUT, "-o", self.out)
        self.assertEqual((rc, out, err), (0, "", ""))

    def test_check_writes_only_validation(self):
        rc, _, err = run("--check", "-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)
        self.assertEqual(visible(os.path.join(self.out, "2024")), ["validation.csv"])
        self.assertIn("Prüfung ohne Fehler", err)

    def test_all_outputs_of_a_full_run(self):
        rc, _, err = run("--mail", "--draft", "-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)
        year = os.path.join(self.out, "2024")
        self.assertEqual(visible(year),
                         ["annex", "berichte", "charts", "kennzahlwerte.csv", "mail",
                          "monitoring-2024.pdf", "validation.csv"])
        # every option took effect: a draft PDF, a workbook and a mail each
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8") as f:
            ids = [r["id"] for r in csv.DictReader(f, delimiter=";")]
        self.assertEqual(visible(os.path.join(year, "annex")), sorted(i + ".xlsx" for i in ids))
        self.assertEqual(visible(os.path.join(year, "mail")),
                         sorted([i + ".eml" for i in ids] + ["manifest.csv"]))
        self.assertEqual(visible(os.path.join(year, "berichte")), sorted(i + ".pdf" for i in ids))
        text = subprocess.run(["pdftotext", "-l", "1", os.path.join(year, "monitoring-2024.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn("ENTWURF", text)
        self.no_stray_temp_files()

    def test_outputs_are_reproducible(self):
        """With SOURCE_DATE_EPOCH two runs give the same bytes in every
        output: PDF, SVGs, workbooks, mails, tables, manifests, state."""
        outs = []
        for n in (1, 2):
            out = os.path.join(self.tmp, f"out{n}")
            p = kvreport("--mail", "-i", INPUT, "-o", out)
            self.assertEqual(p.returncode, 0, p.stderr)
            files = {}
            for d, _, names in os.walk(out):
                for f in names:
                    files[os.path.relpath(os.path.join(d, f), out)] = read_bytes(
                        os.path.join(d, f))
            outs.append(files)
        self.assertEqual(sorted(outs[0]), sorted(outs[1]))
        self.assertGreater(len(outs[0]), 90)
        for rel in outs[0]:
            self.assertEqual(outs[0][rel], outs[1][rel], rel)


@unittest.skipIf(QUICK, "generated datasets only in the full run")
class UnseenData(Base):
    def check(self, *gen_args, decimal_point=False):
        gendata(self.data, *gen_args)
        args = ["-i", self.data, "-o", self.out] + (["--decimal-point"] if decimal_point else [])
        rc, _, err = run(*args)
        self.assertEqual(rc, 0, err)
        year = max(int(d) for d in os.listdir(self.out) if d.isdigit())
        problems = refcalc.compare(self.data, os.path.join(self.out, str(year),
                                                           "kennzahlwerte.csv"),
                                   "." if decimal_point else ",")
        self.assertEqual(problems, [])
        check_ringwerte(self, self.data, os.path.join(self.out, str(year)),
                        "." if decimal_point else ",")

    def test_many_participants_twenty_years(self):
        self.check("--cities", "104", "--rings", "7", "--years", "20", "--first-year", "2005")

    def test_crlf_bom_shuffled_gzip_nasty_all_flags(self):
        self.check("--cities", "30", "--rings", "3", "--years", "8", "--crlf", "--bom",
                   "--shuffle", "--nasty", "--all-flags", "0.1", "--gzip", "basedata", "cities",
                   "--seed", "99")

    def test_decimal_point_dataset(self):
        self.check("--decimal-point", "--all-flags", "0.05", decimal_point=True)

    def test_negative_values_and_sign_changes(self):
        self.check("--negative")
        kw = os.path.join(self.out, "2024", "kennzahlwerte.csv")
        with open(kw, encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f, delimiter=";") if r["code"] == "HLU_AUSZ_LB"]
        change = {(r["city"], int(r["year"])): r["change"] for r in rows}
        # HB: +, -, +, 0, +, +: only 2022 (to zero: -100 %) and 2024 have a rate
        self.assertEqual([y for y in range(2020, 2025) if change[("HB", y)]], [2022, 2024])
        self.assertEqual(float(change[("HB", 2022)].replace(",", ".")), -100)
        # DO is negative throughout: never a rate
        self.assertEqual([y for y in range(2020, 2025) if change[("DO", y)]], [])

    def test_nasty_names_survive(self):
        gendata(self.data, "--nasty", "--crlf")
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        # the validation report is valid CSV and UTF-8 even with such names
        read_validation(os.path.join(self.out, "2024", "validation.csv"))


@unittest.skipIf(QUICK, "generated datasets only in the full run")
class Rings(Base):
    """ringwerte.csv against refcalc.py on ringed circles of every shape."""

    def run_rings(self, *gen_args, year=None):
        gendata(self.data, *gen_args)
        rc, _, err = run("-i", self.data, "-o", self.out, *(["-y", str(year)] if year else []))
        self.assertEqual(rc, 0, err)
        y = year or max(int(d) for d in os.listdir(self.out) if d.isdigit())
        return check_ringwerte(self, self.data, os.path.join(self.out, str(y)), year=year)

    def test_default_data_with_rings(self):
        rows = self.run_rings("--default", "--rings", "3")
        self.assertEqual(len(rows), 3 * 24 * 6)  # rings x key figures x years

    def test_earlier_report_year(self):
        rows = self.run_rings("--default", "--rings", "3", year=2022)
        self.assertEqual({int(r["year"]) for r in rows}, {2019, 2020, 2021, 2022})

    def test_ring_of_one_without_values_is_empty(self):
        # ring 2 is Region Hannover alone, which has no care in institutions (x)
        rows = self.run_rings("--default", "--ring-sizes", "7,1")
        empty = [r for r in rows if r["anzahl"] == "0"]
        self.assertTrue(empty)
        for r in empty:
            self.assertEqual(r["ring"], "Vergleichsring 2")
            self.assertEqual([r[c] for c in refcalc.RING_HEADER[3:8]], [""] * 5)

    def test_rings_of_1_and_60_and_participants_without_ring(self):
        rows = self.run_rings("--cities", "70", "--ring-sizes", "1,60", "--years", "4")
        self.assertEqual(max(int(r["anzahl"]) for r in rows), 60)
        self.assertEqual({r["anzahl"] for r in rows if r["ring"] == "Vergleichsring 1"}, {"1"})

    def test_no_ringwerte_without_rings_or_with_check(self):
        rc, _, err = run("-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("ringwerte.csv", visible(os.path.join(self.out, "2024")))
        gendata(self.data, "--default", "--rings", "2")
        out = os.path.join(self.tmp, "check")
        rc, _, err = run("--check", "-i", self.data, "-o", out)
        self.assertEqual(rc, 0, err)
        self.assertEqual(visible(os.path.join(out, "2024")), ["validation.csv"])

    def test_nasty_ring_names(self):
        rows = self.run_rings("--cities", "40", "--rings", "7", "--nasty-rings",
                              "--unringed-every", "4", "--crlf", "--gzip", "cities")
        names = {r["ring"] for r in rows}
        self.assertIn('Ring "Nord"; Küste', names)
        self.assertIn(150, {len(n) for n in names})


class BrokenData(Base):
    """Each case: a broken copy of the default data must give exit 65 (or the
    stated code), name file and line, and write nothing but validation.csv."""

    def expect_error(self, fname, line, fragment, code=65):
        os.makedirs(os.path.join(self.out, "2024"))
        earlier = os.path.join(self.out, "2024", "kennzahlwerte.csv")
        with open(earlier, "w") as f:
            f.write("earlier output\n")
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, code, err)
        where = f"{fname}:{line}: error:" if line else f"{fname}: error:"
        self.assertIn(where, err)
        self.assertIn(fragment, err)
        with open(earlier) as f:
            self.assertEqual(f.read(), "earlier output\n")
        if code in (65, 66):  # validation.csv is written on every run
            rows = read_validation(os.path.join(self.out, "2024", "validation.csv"))
            self.assertTrue(any(r["severity"] == "error" and r["file"] == fname and
                                r["line"] == (str(line) if line else "") for r in rows), rows)
        self.assertEqual(visible(os.path.join(self.out, "2024")),
                         ["kennzahlwerte.csv", "validation.csv"])  # no report, annex or mail
        self.no_stray_temp_files()

    def bd_value(self, lineno, value, flag=""):
        ls = self.lines("basedata.csv")
        city, year, code = ls[lineno - 1].split(";")[:3]
        ls[lineno - 1] = f"{city};{year};{code};{value};{flag}"
        self.write_lines("basedata.csv", ls)

    def test_number_rules(self):
        for value in ("1.234", "12.5", "1e5", "1,2e3", "NaN", "inf", "-inf", " 12", "12 ", "+5",
                      "1,", ",5", "1,2,3", "0x10", "١٢"):
            with self.subTest(value=value):
                self.tearDown()
                self.setUp()
                self.copy_input()
                self.bd_value(2, value)
                self.expect_error("basedata.csv", 2, "Wert")

    def test_huge_number_field_is_a_clean_error(self):
        self.copy_input()
        self.bd_value(5, "1" * (2 << 20))
        self.expect_error("basedata.csv", 5, "Bytes")

    def test_long_number_is_an_error(self):
        self.copy_input()
        self.bd_value(5, "1" * 500)
        self.expect_error("basedata.csv", 5, "zu lang")

    def test_flag_rules(self):
        cases = [("12", "q", "unbekanntes Kennzeichen"), ("12", "-", "Wert 0"),
                 ("12", ".", "leeres Wertfeld"), ("12", "x", "leeres Wertfeld"),
                 ("12", "/", "leeres Wertfeld"), ("12", "pp", "unbekanntes Kennzeichen")]
        for value, flag, fragment in cases:
            with self.subTest(flag=flag, value=value):
                self.tearDown()
                self.setUp()
                self.copy_input()
                self.bd_value(7, value, flag)
                self.expect_error("basedata.csv", 7, fragment)

    def test_negative_count(self):
        self.copy_input()
        self.bd_value(2, "-5")  # EW, unit Personen
        self.expect_error("basedata.csv", 2, "negativer Wert")

    def test_unknown_city_code_year(self):
        for col, value, fragment in ((0, "XX", "unbekannte Teilnehmer-ID"),
                                     (2, "NOPE", "unbekannter Code"),
                                     (1, "24", "vierstellige"), (1, "2O24", "vierstellige")):
            with self.subTest(value=value):
                self.tearDown()
                self.setUp()
                self.copy_input()
                ls = self.lines("basedata.csv")
                f = ls[9].split(";")
                f[col] = value
                ls[9] = ";".join(f)
                self.write_lines("basedata.csv", ls)
                self.expect_error("basedata.csv", 10, fragment)

    def test_duplicate_row(self):
        self.copy_input()
        ls = self.lines("basedata.csv")
        ls.insert(20, ls[3])
        self.write_lines("basedata.csv", ls)
        self.expect_error("basedata.csv", 21, "doppelter Eintrag")

    def test_wrong_field_count(self):
        self.copy_input()
        self.set_line("basedata.csv", 30, "HB;2019;EW;1")
        self.expect_error("basedata.csv", 30, "Felder")

    def test_unclosed_quote(self):
        self.copy_input()
        self.set_line("cities.csv", 3, 'DO;"Dortmund;DO;;')
        self.expect_error("cities.csv", 3, "Anführungszeichen")

    def test_invalid_utf8(self):
        self.copy_input()
        path = os.path.join(self.data, "cities.csv")
        data = read_bytes(path).replace("Köln".encode(), b"K\xf6ln")
        write_bytes(path, data)
        line = data.split(b"\n").index(next(x for x in data.split(b"\n") if b"K\xf6ln" in x)) + 1
        self.expect_error("cities.csv", line, "UTF-8")

    def test_missing_required_column(self):
        self.copy_input()
        self.set_line("codes.csv", 1, "code;label;einheit")
        self.expect_error("codes.csv", 1, "Pflichtspalte „unit“")

    def test_city_rules(self):
        for line, text, fragment in ((2, "H B;Bremen;HB;;", "ungültige id"),
                                     (3, "HB;Dortmund;DO;;", "doppelt"),
                                     (4, "DD;Dresden;DRESDEN-STADT;;", "short"),
                                     (5, "DU;;DU;;", "name")):
            with self.subTest(text=text):
                self.tearDown()
                self.setUp()
                self.copy_input()
                self.set_line("cities.csv", line, text)
                self.expect_error("cities.csv", line, fragment)

    def test_formula_errors(self):
        ls = read_bytes(os.path.join(INPUT, "kennzahlen.csv")).decode().split("\n")
        for formula, fragment in (("EW_RAG +", "Formelende"), ("EW_RAGX", "EW_RAGX"),
                                  ("(EW_RAG", "Klammer"), ("EW_RAG EW", "Operator"),
                                  ("EW_RAG * 1,5", "Dezimalpunkt"), ("EW_RAG # 2", "Zeichen „#“"), ("", "leere Formel")):
            with self.subTest(formula=formula):
                self.tearDown()
                self.setUp()
                self.copy_input()
                f = next(csv.reader([ls[1]], delimiter=";"))
                f[3] = formula
                self.set_line("kennzahlen.csv", 2, ";".join(f))
                self.expect_error("kennzahlen.csv", 2, fragment)

    def test_decimals_and_factor(self):
        for col, value, fragment in ((7, "7", "decimals"), (5, "1.000", "factor"),
                                     (5, "0", "factor")):
            with self.subTest(value=value):
                self.tearDown()
                self.setUp()
                self.copy_input()
                f = self.lines("kennzahlen.csv")[1].split(";")
                f[col] = value
                self.set_line("kennzahlen.csv", 2, ";".join(f))
                self.expect_error("kennzahlen.csv", 2, fragment)

    def test_plain_and_gzip_both_present(self):
        self.copy_input()
        with open(os.path.join(self.data, "codes.csv"), "rb") as f:
            data = f.read()
        with open(os.path.join(self.data, "codes.csv.gz"), "wb") as f:
            f.write(gzip.compress(data))
        self.expect_error("codes.csv", 0, "beide")

    def test_corrupt_gzip(self):
        self.copy_input()
        path = os.path.join(self.data, "basedata.csv")
        data = gzip.compress(read_bytes(path))
        os.remove(path)
        with open(path + ".gz", "wb") as f:
            f.write(data[:len(data) // 2] + b"garbage" * 10)
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 65, err)
        self.assertIn("basedata.csv.gz: error: beschädigte gzip-Daten", err)
        # no year is known, so the validation report goes to the output root
        rows = read_validation(os.path.join(self.out, "validation.csv"))
        self.assertEqual(rows[0]["file"], "basedata.csv.gz")
        self.assertEqual(visible(self.out), ["validation.csv"])

    def test_missing_file_is_66(self):
        self.copy_input()
        os.remove(os.path.join(self.data, "cities.csv"))
        self.expect_error("cities.csv", 0, "fehlt", code=66)

    def test_missing_input_dir_is_66(self):
        rc, _, err = run("-i", os.path.join(self.tmp, "nothing"), "-o", self.out)
        self.assertEqual(rc, 66)
        self.assertIn("Eingabeverzeichnis", err)
        self.assertEqual(visible(self.out), ["validation.csv"])

    def test_report_year_not_in_data(self):
        self.copy_input()
        rc, _, err = run("-i", self.data, "-o", self.out, "-y", "2031")
        self.assertEqual(rc, 65, err)
        self.assertIn("Berichtsjahr 2031", err)
        self.assertEqual(visible(os.path.join(self.out, "2031")), ["validation.csv"])

    def test_unknown_city_option(self):
        rc, _, err = run("-i", INPUT, "-o", self.out, "--city", "XX")
        self.assertEqual(rc, 65, err)
        self.assertIn("--city XX", err)

    def test_all_errors_are_collected(self):
        self.copy_input()
        self.bd_value(2, "1.5")
        self.bd_value(40, "abc")
        self.bd_value(80, "7", "q")
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 65)
        for line in (2, 40, 80):
            self.assertIn(f"basedata.csv:{line}: error:", err)


class Warnings(Base):
    def run_ok(self):
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        return read_validation(os.path.join(self.out, "2024", "validation.csv")), err

    def test_empty_value_without_flag_counts_as_dot(self):
        self.copy_input()
        ls = self.lines("basedata.csv")
        city, year, code = ls[1].split(";")[:3]
        ls[1] = f"{city};{year};{code};;"
        self.write_lines("basedata.csv", ls)
        rows, err = self.run_ok()
        self.assertIn("basedata.csv:2: warning:", err)
        self.assertTrue(any(r["line"] == "2" and r["severity"] == "warning" for r in rows))
        self.assertEqual(refcalc.compare(self.data, os.path.join(self.out, "2024",
                                                                 "kennzahlwerte.csv")), [])

    def test_flag_without_number_counts_as_dot(self):
        for flag in ("p", "r", "s", "|"):
            with self.subTest(flag=flag):
                self.tearDown()
                self.setUp()
                self.copy_input()
                ls = self.lines("basedata.csv")
                city, year, code = ls[6].split(";")[:3]
                ls[6] = f"{city};{year};{code};;{flag}"
                self.write_lines("basedata.csv", ls)
                rows, err = self.run_ok()
                self.assertIn("basedata.csv:7: warning:", err)
                self.assertEqual(refcalc.compare(self.data, os.path.join(
                    self.out, "2024", "kennzahlwerte.csv")), [])

    def test_unknown_column(self):
        self.copy_input()
        ls = self.lines("codes.csv")
        ls = [ls[0] + ";bemerkung"] + [x + ";" if x else x for x in ls[1:]]
        self.write_lines("codes.csv", ls)
        rows, _ = self.run_ok()
        self.assertTrue(any(r["file"] == "codes.csv" and r["line"] == "1" and
                            "bemerkung" in r["message"] for r in rows))

    def test_big_change_names_both_values(self):
        self.copy_input()
        ls = self.lines("basedata.csv")
        idx = next(i for i, x in enumerate(ls) if x.startswith("DO;2022;HLU_LB;"))
        prev = next(x for x in ls if x.startswith("DO;2021;HLU_LB;")).split(";")[3]
        ls[idx] = f"DO;2022;HLU_LB;{int(prev) * 2};"
        self.write_lines("basedata.csv", ls)
        rows, _ = self.run_ok()
        hit = [r for r in rows if r["line"] == str(idx + 1)]
        self.assertEqual(len(hit), 1, rows)
        self.assertIn("2021", hit[0]["message"])
        self.assertEqual((hit[0]["city"], hit[0]["year"], hit[0]["code"]),
                         ("DO", "2022", "HLU_LB"))

    def test_change_threshold_is_configurable(self):
        self.copy_input()
        rc, _, err = run("-i", self.data, "-o", self.out, "--warn-change", "1")
        self.assertEqual(rc, 0, err)
        rows = read_validation(os.path.join(self.out, "2024", "validation.csv"))
        self.assertTrue(any("ändert sich" in r["message"] for r in rows))

    def test_fractional_count_and_undelivered_code_and_missing_year(self):
        self.copy_input()
        ls = self.lines("basedata.csv")
        i = next(i for i, x in enumerate(ls) if x.startswith("HB;2020;EW;"))
        ls[i] = "HB;2020;EW;560000,5;"
        ls = [x for x in ls if not x.startswith("DD;2021;")]
        self.write_lines("basedata.csv", ls)
        codes = self.lines("codes.csv")
        codes.insert(2, "EXTRA;Nie geliefert;Personen")
        self.write_lines("codes.csv", codes)
        rows, _ = self.run_ok()
        msgs = [(r["file"], r["city"], r["year"], r["code"], r["message"]) for r in rows]
        self.assertTrue(any(m[3] == "EW" and "keine ganze Zahl" in m[4] for m in msgs), msgs)
        self.assertTrue(any(m[0] == "codes.csv" and m[3] == "EXTRA" for m in msgs), msgs)
        self.assertTrue(any(m[1] == "DD" and m[2] == "2021" and "keine Daten" in m[4]
                            for m in msgs), msgs)

    def test_zero_denominator_gives_x(self):
        self.copy_input()
        ls = self.lines("basedata.csv")
        i = next(i for i, x in enumerate(ls) if x.startswith("HB;2023;HZP_LB;"))
        ls[i] = "HB;2023;HZP_LB;0;"
        self.write_lines("basedata.csv", ls)
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        kw = os.path.join(self.out, "2024", "kennzahlwerte.csv")
        with open(kw, encoding="utf-8") as f:
            row = next(r for r in csv.DictReader(f, delimiter=";")
                       if (r["city"], r["code"], r["year"]) == ("HB", "HZP_ANT_AVE", "2023"))
        self.assertEqual((row["value"], row["flag"]), ("", "x"))
        self.assertEqual(refcalc.compare(self.data, kw), [])


class CommandLine(Base):
    def test_usage_errors_are_64(self):
        for args in (["--nope"], ["-y", "24"], ["-y"], ["-j", "0"], ["-j", "x"],
                     ["extra-argument"], ["--warn-change", "-3"]):
            with self.subTest(args=args):
                rc, _, err = run(*args)
                self.assertEqual(rc, 64, err)
                self.assertIn("kvreport --help", err)

    def test_help_and_version(self):
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        for opt in ("--input", "--layout", "--output", "--year", "--draft", "--city", "--jobs",
                    "--check", "--mail", "--decimal-point", "--quiet", "--help", "--version"):
            self.assertIn(opt, out)
        # every output the contract names, so that --help is a true list
        for output in ("monitoring-JAHR.pdf", "annex/ID.xlsx", "berichte/ID.pdf", "ringe/", "mail/",
                       "kennzahlwerte.csv", "ringwerte.csv", "aenderungen.csv", "validation.csv"):
            self.assertIn(output, out)
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^kvreport \d+\.\d+\.\d+\n$")

    def test_default_paths_are_relative_to_cwd(self):
        os.makedirs(self.tmp, exist_ok=True)
        shutil.copytree(INPUT, os.path.join(self.tmp, "input"))
        rc, _, err = run("-q", cwd=self.tmp, layout=None)
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.exists(os.path.join(self.tmp, "output", "2024",
                                                    "kennzahlwerte.csv")))

    def test_output_not_creatable_is_73(self):
        with open(os.path.join(self.tmp, "afile"), "w") as f:
            f.write("x")
        rc, _, err = run("-i", INPUT, "-o", os.path.join(self.tmp, "afile", "sub"))
        self.assertEqual(rc, 73, err)
        self.assertIn("afile", err)

    @unittest.skipIf(os.geteuid() == 0, "root ignores directory permissions")
    def test_readonly_output_is_73(self):
        os.makedirs(os.path.join(self.out, "2024"))
        os.chmod(os.path.join(self.out, "2024"), 0o555)
        rc, _, err = run("-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 73, err)

    def test_lock_held_is_75(self):
        os.makedirs(self.out)
        # the lock is the output directory itself, as `flock OUT command` takes it
        fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            rc, _, err = run("-i", INPUT, "-o", self.out)
        finally:
            os.close(fd)
        self.assertEqual(rc, 75, err)
        self.assertIn("anderer Lauf", err)
        self.assertFalse(os.path.exists(os.path.join(self.out, "2024")))
        rc, _, err = run("-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)


class HostileInput(Base):
    """Inputs an attacker or an unlucky operator could hand over (issue 12):
    each refused cleanly, naming the file and line, with nothing written."""

    def run_timed(self, *args, timeout=60, env_extra=None):
        """kvreport with a time limit: a run that blocks or reads forever
        fails the test instead of hanging it."""
        env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000", **(env_extra or {}))
        p = subprocess.run([BIN, "-l", FAST, *args],
                           capture_output=True, text=True, env=env, timeout=timeout)
        return p.returncode, p.stderr

    def layout(self, text, name="t.layout"):
        path = os.path.join(self.tmp, name)
        with open(FAST, encoding="utf-8") as f, open(path, "w", encoding="utf-8",
                                                      newline="") as out:
            out.write(f.read() + text)
        with open(FAST, encoding="utf-8") as f:
            return path, f.read().count("\n")  # lines before text

    def test_a_key_given_twice_is_warned_and_no_sections_refused(self):
        """A second value of a layout key replaced the first without a word;
        now a warning names both lines (the later value still counts, as a
        layout extended by appending may mean). An empty `abschnitte`
        gave a report of nothing but running heads: a layout error."""
        path, n = self.layout("[bericht]\ntitel = Zweiter Titel\n")
        rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.out, "2024", "validation.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        warned = [r for r in rows if r["file"] == "t.layout"]
        self.assertEqual([(r["severity"], r["line"]) for r in warned], [("warning", str(n + 2))])
        self.assertIn("„titel“ in [bericht] doppelt (zuerst in Zeile 5)", warned[0]["message"])
        pdf = os.path.join(self.out, "2024", "monitoring-2024.pdf")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        self.assertIn("Zweiter Titel", info)
        path, n = self.layout("[bericht]\nabschnitte =\n", "empty.layout")
        rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
        self.assertEqual(rc, 65, err)
        self.assertIn(f"empty.layout:{n + 2}: error: abschnitte", err)

    def test_fifo_input_is_66_at_once(self):
        self.copy_input()
        path = os.path.join(self.data, "codes.csv")
        os.remove(path)
        os.mkfifo(path)
        rc, err = self.run_timed("-i", self.data, "-o", self.out, timeout=30)
        self.assertEqual(rc, 66, err)
        self.assertIn("codes.csv: error:", err)
        self.assertIn("keine reguläre Datei", err)

    def test_character_device_input_is_66_at_once(self):
        for name, dev in (("basedata.csv", "/dev/zero"), ("cities.csv.gz", "/dev/urandom")):
            with self.subTest(name=name):
                self.tearDown()
                self.setUp()
                self.copy_input()
                os.remove(os.path.join(self.data, name.replace(".gz", "")))
                os.symlink(dev, os.path.join(self.data, name))
                rc, err = self.run_timed("-i", self.data, "-o", self.out, timeout=20)
                self.assertEqual(rc, 66, err)
                self.assertIn(f"{name}: error:", err)
                self.assertIn("keine reguläre Datei", err)

    def test_layout_that_is_a_directory_or_fifo_is_66(self):
        os.mkfifo(os.path.join(self.tmp, "fifo.layout"))
        for path in (self.tmp, os.path.join(self.tmp, "fifo.layout")):
            with self.subTest(path=path):
                rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
                self.assertEqual(rc, 66, err)
                self.assertIn(path, err)

    def test_non_finite_layout_numbers_are_65_and_change_nothing(self):
        rc, _, err = run("-i", INPUT, "-o", self.out)
        self.assertEqual(rc, 0, err)
        charts = os.path.join(self.out, "2024", "charts")
        before = {f: read_bytes(os.path.join(charts, f)) for f in os.listdir(charts)}
        for value in ("nan nan nan nan", "inf 20 20 20", "20 20 20 -inf", "1e1 20 20 20",
                      "0x10 20 20 20", "20 20 20"):
            with self.subTest(value=value):
                path, n = self.layout(f"[seite]\nrand_mm = {value}\n")
                rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
                self.assertEqual(rc, 65, err)
                self.assertIn(f"t.layout:{n + 2}: error:", err)
                self.assertIn("rand_mm", err)
                self.assertEqual(before, {f: read_bytes(os.path.join(charts, f))
                                          for f in os.listdir(charts)})
        for value in ("nan", "1e3", "300.5"):
            with self.subTest(dpi=value):
                path, n = self.layout(f"[seite]\ndiagramm_dpi = {value}\n")
                rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
                self.assertEqual(rc, 65, err)
                self.assertIn(f"t.layout:{n + 2}: error:", err)

    def test_font_that_is_not_a_font_is_65(self):
        font = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
        truncated = os.path.join(self.tmp, "kaputt.ttf")
        write_bytes(truncated, read_bytes(font)[:len(read_bytes(font)) // 2])
        for key, value in (("normal", "/etc/passwd"), ("fett", truncated),
                           ("kursiv", os.path.join(self.tmp, "empty.ttf"))):
            with self.subTest(value=value):
                write_bytes(os.path.join(self.tmp, "empty.ttf"), b"")
                path, n = self.layout(f"[schrift]\n{key} = {value}\n")
                rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
                self.assertEqual(rc, 65, err)
                self.assertIn(f"t.layout:{n + 2}: error: keine gültige Schriftdatei", err)
                self.assertFalse(os.path.exists(os.path.join(self.out, "2024", "charts")))

    def test_characters_xml_forbids_are_65_with_file_and_line(self):
        cases = (("cities.csv", 3, 1, "Dort\uffffmund"), ("cities.csv", 4, 1, "\ufffe"),
                 ("codes.csv", 2, 1, "Einwohner\x0b"), ("kennzahlen.csv", 3, 2, "Kon\x1btext"))
        for name, line, col, text in cases:
            with self.subTest(name=name, text=repr(text)):
                self.tearDown()
                self.setUp()
                self.copy_input()
                f = self.lines(name)[line - 1].split(";")
                f[col] = text
                self.set_line(name, line, ";".join(f))
                rc, _, err = run("-i", self.data, "-o", self.out)
                self.assertEqual(rc, 65, err)
                self.assertIn(f"{name}:{line}: error:", err)
                self.assertIn("U+", err)
                self.assertFalse(os.path.exists(os.path.join(self.out, "2024", "annex")))

    def test_xml_forbidden_character_in_layout_is_65(self):
        path, n = self.layout("[bericht]\nuntertitel = Bericht \uffff\n")
        rc, _, err = run("-i", INPUT, "-o", self.out, "-l", path)
        self.assertEqual(rc, 65, err)
        self.assertIn(f"t.layout:{n + 2}: error:", err)

    def test_gzip_with_trailing_garbage_is_65_several_members_are_fine(self):
        self.copy_input()
        path = os.path.join(self.data, "basedata.csv")
        data = read_bytes(path)
        os.remove(path)
        write_bytes(path + ".gz", gzip.compress(data, mtime=0) + b"garbage after the stream")
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 65, err)
        self.assertIn("basedata.csv.gz: error: beschädigte gzip-Daten", err)
        cut = data.index(b"\n", len(data) // 2) + 1
        write_bytes(path + ".gz", gzip.compress(data[:cut], mtime=0) +
                    gzip.compress(data[cut:], mtime=0))
        rc, _, err = run("-i", self.data, "-o", self.out)
        self.assertEqual(rc, 0, err)
        self.assertEqual(refcalc.compare(self.data, os.path.join(self.out, "2024",
                                                                 "kennzahlwerte.csv")), [])

    def test_text_for_unknown_key_figure_or_area_warns(self):
        path, n = self.layout("[text kennzahl NOPE]\nText.\n\n[text bereich Nirgends]\nText.\n"
                              "[text kennzahl KON_ANT_RAG]\nText.\n[text bereich Kontext]\nT.\n")
        rc, _, err = run("--check", "-i", INPUT, "-o", self.out, "-l", path)
        self.assertEqual(rc, 0, err)
        self.assertIn(f"t.layout:{n + 1}: warning:", err)
        self.assertIn(f"t.layout:{n + 4}: warning:", err)
        self.assertIn("NOPE", err)
        self.assertIn("Nirgends", err)
        self.assertNotIn("KON_ANT_RAG", err)
        rows = read_validation(os.path.join(self.out, "2024", "validation.csv"))
        self.assertEqual(sorted(r["line"] for r in rows if r["file"] == "t.layout"),
                         sorted([str(n + 1), str(n + 4)]))

    def test_malformed_source_date_epoch_is_64(self):
        for value in ("abc", "-1", "1e9", "", " 1764000000", "1764000000.5",
                      "253402300800", "99999999999999999999999"):
            with self.subTest(value=value):
                p = kvreport("--check", "-i", INPUT, "-o", self.out,
                             env_extra={"SOURCE_DATE_EPOCH": value})
                self.assertEqual(p.returncode, 64, p.stderr)
                self.assertIn("SOURCE_DATE_EPOCH", p.stderr)
                self.assertFalse(os.path.exists(self.out))
        p = kvreport("--check", "-i", INPUT, "-o", self.out,
                     env_extra={"SOURCE_DATE_EPOCH": "253402300799"})  # 31.12.9999 23:59:59
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=1)
