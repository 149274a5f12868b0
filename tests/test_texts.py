#!/usr/bin/python3
"""The layout's [texte] (texts.h): overridden texts appear in the PDF, the
workbook and the mail; a bad [texte] line is a layout error naming
file:line, and nothing is written.

    KVREPORT=build/kvreport tests/test_texts.py [unittest args]
"""
import email
import email.policy
import os
import re
import subprocess
import unittest

import openpyxl

from kvtest import INPUT, ROOT, TmpDirTest, gendata, kvreport

STANDARD = os.path.join(ROOT, "layouts", "standard.layout")

# key: (the standard layout's line, the override)
OVERRIDES = {
    "kapitel_anhang": ("Anhang", "Anlagen und Erläuterungen"),
    "seite_von": ("Seite {seite} von {seiten}", "S. {seite}/{seiten}"),
    "mappe_kopf_blatt": ("Tabellenblatt", "Blatt der Mappe"),
    "mail_betreff": ('"{entwurf}{titel} {jahr}: Datenanhang "',
                     '"{jahr} \u2013 {titel}{entwurf}: Ihr Datenanhang "'),
    "mail_entwurf": ('"[ENTWURF] "', '" (Entwurf)"'),
}


def layout_with(path, changes):
    """The standard layout with the [texte] lines of changes replaced."""
    with open(STANDARD, encoding="utf-8") as f:
        text = f.read()
    for key, (old, new) in changes.items():
        line = f"\n{key} = {old}\n"
        assert text.count(line) == 1, key
        text = text.replace(line, f"\n{key} = {new}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class Overrides(TmpDirTest):
    def test_overridden_texts_appear_everywhere(self):
        layout = layout_with(os.path.join(self.tmp, "t.layout"), OVERRIDES)
        for draft in ([], ["--draft"]):
            with self.subTest(draft=bool(draft)):
                p = kvreport("-i", INPUT, "-o", self.out, "--mail", "--city", "K", *draft,
                             layout=layout)
                self.assertEqual(p.returncode, 0, p.stderr)
                year = os.path.join(self.out, "2024")
                text = subprocess.run(["pdftotext", "-layout",
                                       os.path.join(year, "monitoring-2024.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout
                self.assertIn("Anlagen und Erläuterungen", text)
                self.assertTrue(re.search(r"S\. 2/\d+", text), "no page number S. 2/N")
                self.assertFalse(re.search(r"Seite \d+ von \d+", text), "the default's page numbers")
                part = subprocess.run(["pdftotext", os.path.join(year, "berichte", "K.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout
                self.assertTrue(re.search(r"S\. 2/\d+", part), "no page number S. 2/N")
                wb = openpyxl.load_workbook(os.path.join(year, "annex", "K.xlsx"))
                heads = [c.value for c in wb["Inhalt"][5]]
                self.assertIn("Blatt der Mappe", heads)
                self.assertNotIn("Tabellenblatt", heads)
                with open(os.path.join(year, "mail", "K.eml"), "rb") as f:
                    msg = email.message_from_binary_file(f, policy=email.policy.default)
                want = ("2024 \u2013 Kennzahlenvergleich Soziale Leistungen"
                        + (" (Entwurf)" if draft else "") + ": Ihr Datenanhang Köln")
                self.assertEqual(msg["Subject"], want)

    def test_percent_signs_in_singular_texts_are_text(self):
        """A text printed with a count ("Eine weitere Kennzahl ...", used
        with one unpublished key figure) takes "%" from the layout as it
        stands: a "%s" there crashed the run."""
        gendata(self.data, "--monitoring", "23")
        new = "Eine weitere Kennzahl (zu 100 %s %n %%) fehlt hier."
        layout = layout_with(os.path.join(self.tmp, "p.layout"), {
            "definitionen_weitere_ein": (
                "Eine weitere Kennzahl des Kennzahlensets ist nicht Teil dieses Berichts. Sie steht "
                "mit ihrer Definition in den Arbeitsmappen der Teilnehmenden (Blätter „Daten“ und "
                "„Definitionen“, Spalte „im Bericht“: nein).", new)})
        p = kvreport("-i", self.data, "-o", self.out, "-q", layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        pdf = [os.path.join(d, f) for d, _, fs in os.walk(self.out) for f in fs
               if f.startswith("monitoring-") and f.endswith(".pdf")][0]
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        self.assertIn(new, " ".join(text.split()))

    def test_long_overrides_are_never_cut(self):
        """Texts that carry values and were formatted into fixed buffers
        (the compact board's fact lines, the workbook's draft marker): a
        162-character override of multi-byte characters reaches the page
        and the cell whole (a 160- and a 96-byte buffer cut them)."""
        word = ("Übergröße äußerst " * 9).strip()
        changes = {
            "kompakt_gesamtwert": ("Gesamtwert {jahr}", word + " {jahr}"),
            "entwurf_stand": ("ENTWURF – Stand: {stand}", word + " {stand}"),
        }
        layout = layout_with(os.path.join(self.tmp, "t.layout"), changes)
        with open(layout, encoding="utf-8") as f:
            text = f.read()
        with open(layout, "w", encoding="utf-8") as f:
            f.write(text.replace("\nformat = ausfuehrlich\n", "\nformat = kompakt\n", 1))
        p = kvreport("-i", INPUT, "-o", self.out, "--draft", "--city", "K", layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        year = os.path.join(self.out, "2024")
        # such a line runs past the page's edge: read beyond it
        pdf = subprocess.run(["pdftotext", "-x", "0", "-y", "0", "-W", "3000", "-H", "3000",
                              os.path.join(year, "monitoring-2024.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn(word + " 2024", pdf)
        wb = openpyxl.load_workbook(os.path.join(year, "annex", "K.xlsx"))
        cells = [c.value for row in wb["Inhalt"].iter_rows() for c in row
                 if isinstance(c.value, str)]
        self.assertTrue(any(v.startswith(word + " ") for v in cells), "draft marker cut")

    def test_without_texte_the_program_says_the_same(self):
        """A layout without [texte] gives the same words: the table's
        defaults are the standard layout's texts."""
        with open(STANDARD, encoding="utf-8") as f:
            text = f.read()
        bare = os.path.join(self.tmp, "bare.layout")
        with open(bare, "w", encoding="utf-8") as f:
            f.write(text[:text.index("\n[texte]\n") + 1])
        outs = []
        for name, layout in (("std", STANDARD), ("bare", bare)):
            out = os.path.join(self.tmp, name)
            p = kvreport("-i", INPUT, "-o", out, "--mail", "--city", "K", layout=layout)
            self.assertEqual(p.returncode, 0, p.stderr)
            outs.append(out)
        for rel in ("2024/monitoring-2024.pdf", "2024/annex/K.xlsx", "2024/mail/K.eml",
                    "2024/berichte/K.pdf"):
            with open(os.path.join(outs[0], rel), "rb") as a, \
                    open(os.path.join(outs[1], rel), "rb") as b:
                self.assertEqual(a.read(), b.read(), rel)

    def test_bad_texte_line_is_a_layout_error(self):
        for line, fragment in (("kapitel_anhaenge = A", "unbekannter Schlüssel in [texte]"),
                               ("seite_von = Seite {seite}", "Platzhalter fehlt"),
                               ("seite_von = {seite}/{seiten}/{jahr}",
                                "unbekannter Platzhalter {jahr}")):
            with self.subTest(line=line):
                layout = os.path.join(self.tmp, "bad.layout")
                with open(STANDARD, encoding="utf-8") as f:
                    text = f.read()
                text = text.replace("\nseite_von = Seite {seite} von {seiten}\n", "\n")
                text += line + "\n"
                with open(layout, "w", encoding="utf-8") as f:
                    f.write(text)
                n = text.count("\n")
                p = kvreport("-i", INPUT, "-o", self.out, layout=layout)
                self.assertEqual(p.returncode, 65, p.stderr)
                self.assertRegex(p.stderr, rf"bad\.layout:{n}: .*{re.escape(fragment)}")
                year = os.path.join(self.out, "2024")
                self.assertEqual(sorted(os.listdir(year)), [".generation", "validation.csv"])
                with open(os.path.join(year, "validation.csv"), encoding="utf-8") as f:
                    self.assertIn(f"error;bad.layout;{n};", f.read())


if __name__ == "__main__":
    unittest.main()
