#!/usr/bin/python3
"""Tests of the mail drafts with Python's email package as the client.

    KVREPORT=build/kvreport tests/test_mail.py [unittest args]
"""
import csv
import email
import email.policy
import os
import shutil
import unittest

from kvtest import FAST, INPUT, TmpDirTest, gendata, kvreport
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run(*args):
    p = kvreport(*args)
    return p.returncode, p.stderr


def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


class Mails(TmpDirTest):
    def year_dir(self):
        return os.path.join(self.out, "2024")

    def test_every_participant_gets_a_valid_message(self):
        rc, err = run("-i", INPUT, "-o", self.out, "--mail")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.year_dir(), "mail", "manifest.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        self.assertEqual(list(rows[0].keys()), ["city", "to", "subject", "attachment", "eml",
                                                "report", "geaendert"])
        self.assertEqual(len(rows), 14)
        ids = set()
        for r in rows:
            raw, msg = parse(os.path.join(self.year_dir(), r["eml"]))
            self.assertEqual(msg["Subject"], r["subject"])
            self.assertEqual(str(msg["To"]).replace("\r\n", ""), r["to"])
            self.assertIn("Kennzahlenvergleich", msg["Subject"])
            self.assertNotIn("ENTWURF", msg["Subject"])
            self.assertTrue(msg["Date"] and msg["From"] and msg["Message-ID"])
            ids.add(msg["Message-ID"])
            body = msg.get_body(preferencelist=("plain",)).get_content()
            self.assertIn("Berichtsjahr 2024", body)
            self.assertIn("Mit freundlichen Grüßen", body)
            atts = list(msg.iter_attachments())
            self.assertEqual(len(atts), 2)  # the workbook and the participant report
            self.assertEqual(atts[0].get_content_type(), XLSX)
            self.assertEqual(atts[0].get_filename(), r["city"] + ".xlsx")
            with open(os.path.join(self.year_dir(), r["attachment"]), "rb") as f:
                self.assertEqual(atts[0].get_content(), f.read())
            self.assertEqual(r["report"], "berichte/" + r["city"] + ".pdf")
            self.assertEqual(atts[1].get_content_type(), "application/pdf")
            self.assertEqual(atts[1].get_filename(), r["city"] + ".pdf")
            with open(os.path.join(self.year_dir(), r["report"]), "rb") as f:
                self.assertEqual(atts[1].get_content(), f.read())
            self.assertIn(r["city"] + ".xlsx", body)
            self.assertIn(r["city"] + ".pdf", body)
            for line in raw.split(b"\r\n"):
                self.assertLessEqual(len(line), 78, line[:80])
            self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))  # CRLF line ends only
        self.assertEqual(len(ids), 14)

    def test_draft_subject_and_reproducible_bytes(self):
        for _ in range(2):
            rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--draft", "--city", "M")
            self.assertEqual(rc, 0, err)
            raw, msg = parse(os.path.join(self.year_dir(), "mail", "M.eml"))
            self.assertTrue(msg["Subject"].startswith("[ENTWURF] "))
            self.assertIn("ENTWURF", msg.get_body(preferencelist=("plain",)).get_content())
            if _ == 0:
                first = raw
        self.assertEqual(first, raw)
        # the second run also has the office's message on what changed
        self.assertEqual(sorted(os.listdir(os.path.join(self.year_dir(), "mail"))),
                         ["M.eml", "geschaeftsstelle.eml", "manifest.csv"])

    def test_header_injection_is_impossible(self):
        shutil.copytree(INPUT, self.data)
        path = os.path.join(self.data, "cities.csv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        lines[1] = ('HB;"Bremen\r\nBcc: opfer@example.org";HB;;'
                    '"info@hb.example\r\nBcc: evil@example.org, ok@hb.example"')
        lines[2] = 'DO;"Dortmund \u201eSt\u00e4dte\u201c";DO;;'  # no address at all
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))
        rc, err = run("-i", self.data, "-o", self.out, "--mail")
        self.assertEqual(rc, 0, err)
        raw, msg = parse(os.path.join(self.year_dir(), "mail", "HB.eml"))
        self.assertIsNone(msg["Bcc"])
        headers = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        self.assertFalse([h for h in headers if h.lower().startswith(b"bcc")], headers)
        self.assertEqual(str(msg["To"]), "ok@hb.example")
        self.assertIn("Bremen", msg["Subject"])
        self.assertFalse(os.path.exists(os.path.join(self.year_dir(), "mail", "DO.eml")))
        with open(os.path.join(self.year_dir(), "validation.csv"), encoding="utf-8") as f:
            warnings = [r for r in csv.DictReader(f, delimiter=";") if r["city"] in ("HB", "DO")]
        self.assertTrue(any("E-Mail-Adresse" in w["message"] and w["city"] == "HB"
                            for w in warnings))
        self.assertTrue(any("kein Mail-Entwurf" in w["message"] and w["city"] == "DO"
                            for w in warnings))

    def test_non_ascii_subject_is_encoded(self):
        gendata(self.data,
                        "--nasty")
        rc, err = run("-i", self.data, "-o", self.out, "--mail")
        self.assertEqual(rc, 0, err)
        for name in os.listdir(os.path.join(self.year_dir(), "mail")):
            if not name.endswith(".eml"):
                continue
            raw, msg = parse(os.path.join(self.year_dir(), "mail", name))
            self.assertTrue(all(b < 128 for b in raw), name)  # 7-bit clean
            self.assertNotIn("\n", msg["Subject"])
        raw, msg = parse(os.path.join(self.year_dir(), "mail", "DO.eml"))
        self.assertIn("Mülheim an der Ruhr – „Stadt am Fluss“ €", msg["Subject"])

    def test_text_that_looks_encoded_is_encoded(self):
        """A name holding "=?UTF-8?B?…?=" is no encoded word of ours: a
        reader must show it literally, in the Subject and in From."""
        looks = "=?UTF-8?B?SGFjaw==?="
        self.cities_with(2, f"HB;{looks};HB;;a@hb.example")
        layout = os.path.join(self.tmp, "l.layout")
        with open(FAST, encoding="utf-8") as f:
            text = f.read()
        with open(layout, "w", encoding="utf-8") as f:
            f.write(text + f"\n[mail]\nabsender = {looks} <kv@ring.example>\n")
        p = kvreport("-i", self.data, "-o", self.out, "--mail", layout=layout)
        self.assertEqual(p.returncode, 0, p.stderr)
        _, msg = parse(os.path.join(self.year_dir(), "mail", "HB.eml"))
        self.assertIn(looks, msg["Subject"])
        self.assertNotIn("Hack", msg["Subject"])
        self.assertEqual(msg["From"].addresses[0].display_name, looks)

    def cities_with(self, line, text):
        """The default data with line `line` of cities.csv replaced."""
        shutil.copytree(INPUT, self.data)
        path = os.path.join(self.data, "cities.csv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        lines[line - 1] = text
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))

    def manifest(self):
        with open(os.path.join(self.year_dir(), "mail", "manifest.csv"), encoding="utf-8") as f:
            return {r["city"]: r for r in csv.DictReader(f, delimiter=";")}

    def test_120_addresses_all_reach_to_and_manifest(self):
        addrs = [f"empfaenger.nummer{i:03d}@sozialamt.bremen.example" for i in range(120)]
        self.cities_with(2, "HB;Bremen;HB;;" + '"' + ", ".join(addrs) + '"')
        rc, err = run("-i", self.data, "-o", self.out, "--mail", "--city", "HB")
        self.assertEqual(rc, 0, err)
        raw, msg = parse(os.path.join(self.year_dir(), "mail", "HB.eml"))
        self.assertEqual([a.addr_spec for a in msg["To"].addresses], addrs)
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        self.assertTrue(all(len(line) <= 78 for line in head), head)
        self.assertEqual(self.manifest()["HB"]["to"].split(", "), addrs)

    def test_unusable_address_is_named_in_a_warning(self):
        self.cities_with(2, 'HB;Bremen;HB;;"jürgen@bremen.example, ok@hb.example,kaputt"')
        rc, err = run("-i", self.data, "-o", self.out, "--mail", "--city", "HB")
        self.assertEqual(rc, 0, err)
        raw, msg = parse(os.path.join(self.year_dir(), "mail", "HB.eml"))
        self.assertEqual(str(msg["To"]), "ok@hb.example")
        self.assertEqual(self.manifest()["HB"]["to"], "ok@hb.example")
        with open(os.path.join(self.year_dir(), "validation.csv"), encoding="utf-8") as f:
            warnings = [r["message"] for r in csv.DictReader(f, delimiter=";")
                        if r["city"] == "HB" and r["line"] == "2"]
        self.assertTrue(any("jürgen@bremen.example" in w for w in warnings), warnings)
        self.assertTrue(any("„kaputt“" in w for w in warnings), warnings)
        self.assertFalse(any("ok@hb.example" in w for w in warnings), warnings)

    def body(self, city, out=None):
        _, msg = parse(os.path.join(out or self.year_dir(), "mail", city + ".eml"))
        return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")

    def layout_with(self, text, base=FAST):
        layout = os.path.join(self.tmp, "texts.layout")
        with open(base, encoding="utf-8") as f, open(layout, "w", encoding="utf-8") as out:
            out.write(f.read() + "\n" + text)
        return layout

    def test_300_character_name_and_long_title_reach_every_header_whole(self):
        """No buffer of the mail code cuts user text: a 300-character name
        of two- and three-byte characters and a 250-character title read
        back whole from Subject, body and manifest; every line of the
        message stays within 78 characters."""
        name = ("Städtische Sozialverwaltung „Ämter für Übergänge“ € " * 6)[:300]
        self.assertEqual(len(name), 300)
        title = ("Kennzahlenvergleich der Großstädte – Leistungen für Ältere " * 5)[:250].strip()
        self.cities_with(2, f'HB;"{name}";HB;;hb@bremen.example')
        layout = self.layout_with(f"[bericht]\ntitel = {title}\n")
        for draft in ((), ("--draft",)):
            with self.subTest(draft=draft):
                rc, err = run("-i", self.data, "-o", self.out, "--mail", "--city", "HB",
                              "-l", layout, *draft)
                self.assertEqual(rc, 0, err)
                raw, msg = parse(os.path.join(self.year_dir(), "mail", "HB.eml"))
                prefix = "[ENTWURF] " if draft else ""
                self.assertEqual(msg["Subject"], f"{prefix}{title} 2024: Datenanhang {name}")
                self.assertEqual(self.manifest()["HB"]["subject"], msg["Subject"])
                self.assertIn(f"für {name}: die Arbeitsmappe HB.xlsx", self.body("HB"))
                self.assertTrue(all(b < 128 for b in raw))
                for line in raw.split(b"\r\n"):
                    self.assertLessEqual(len(line), 78, line[:80])
                head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
                self.assertGreater(head.count("=?UTF-8?B?"), 10)  # RFC 2047 words, folded

    def test_ring_is_mentioned_only_where_there_is_one(self):
        gendata(self.data, "--cities", "9", "--rings", "3", "--nasty-rings",
                "--unringed-every", "4")
        rc, err = run("-i", self.data, "-o", self.out, "--mail")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.data, "cities.csv"), encoding="utf-8") as f:
            cities = list(csv.DictReader(f, delimiter=";"))
        self.assertTrue(any(c["group"] for c in cities) and any(not c["group"] for c in cities))
        for c in cities:
            with self.subTest(city=c["id"]):
                body = self.body(c["id"])
                if c["group"]:
                    self.assertIn(f"Sie gehören dem Vergleichsring „{c['group']}“ an", body)
                else:
                    self.assertNotIn("Sie gehören dem Vergleichsring", body)

    def test_report_contents_follow_the_years(self):
        """The mail says what the participant report holds: its
        development over the years only where the data reach a year
        before the report year."""
        for years, want, absent in ((6, "Ihre Kennzahlen im Vergleich, ihre Entwicklung über die "
                                        "Jahre und Ihr Profil", None),
                                    (1, "Ihre Kennzahlen im Vergleich und Ihr Profil",
                                     "Entwicklung")):
            with self.subTest(years=years):
                data = os.path.join(self.tmp, f"d{years}")
                out = os.path.join(self.tmp, f"o{years}")
                gendata(data, "--cities", "3", "--years", str(years), "--first-year",
                        str(2025 - years))
                rc, err = run("-i", data, "-o", out, "--mail")
                self.assertEqual(rc, 0, err)
                with open(os.path.join(data, "cities.csv"), encoding="utf-8") as f:
                    cid = next(csv.DictReader(f, delimiter=";"))["id"]
                body = " ".join(self.body(cid, os.path.join(out, "2024")).split())
                self.assertIn(f"Beigefügt ist außerdem Ihr Teilnehmerbericht {cid}.pdf: " + want +
                              ", zur Weitergabe", body)
                if absent:
                    self.assertNotIn(absent, body)

    def test_provisional_values_are_listed(self):
        """A participant whose report-year values are provisional (p) reads
        which key figures they are, one line each in the order of
        kennzahlen.csv, exactly those kennzahlwerte.csv flags p. Every
        mail of a final run says that the data status is provisional, with
        the number of such values in the circle, as every workbook and
        report does when there is one (a mail to a participant without p
        said only "abgestimmter Stand" beside a workbook saying
        "vorläufig"); a draft's mails say neither."""
        rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--draft")
        self.assertEqual(rc, 0, err)
        for eml in os.listdir(os.path.join(self.year_dir(), "mail")):
            if eml.endswith(".eml"):
                self.assertNotIn("Datenstand", self.body(eml[:-4]))
        rc, err = run("-i", INPUT, "-o", self.out, "--mail")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(INPUT, "kennzahlen.csv"), encoding="utf-8") as f:
            kz = list(csv.DictReader(f, delimiter=";"))
        with open(os.path.join(self.year_dir(), "kennzahlwerte.csv"), encoding="utf-8") as f:
            prov = {(r["city"], r["code"]) for r in csv.DictReader(f, delimiter=";")
                    if r["year"] == "2024" and r["flag"] == "p"}
        with open(os.path.join(INPUT, "cities.csv"), encoding="utf-8") as f:
            ids = [c["id"] for c in csv.DictReader(f, delimiter=";")]
        self.assertTrue(any(c for c, _ in prov) and len({c for c, _ in prov}) < len(ids))
        for city in ids:
            with self.subTest(city=city):
                body = self.body(city)
                titles = [k["title"] for k in kz if (city, k["code"]) in prov]
                if titles:
                    lines = "".join(f"\n- {t}" for t in titles)
                    self.assertIn(f"\n\nNoch vorläufig (Zeichen p) sind Ihre Werte 2024 für:"
                                  f"{lines}\n\n", body)
                else:
                    self.assertNotIn("Noch vorläufig", body)
                self.assertIn(f"\n\nDie Zahlen entsprechen dem abgestimmten Stand vom ", body)
                self.assertIn(f"\n\nDer Datenstand ist noch vorläufig: Im Berichtsjahr 2024 ist "
                              f"bei {len(prov)} Werten im Vergleich das Zeichen p (vorläufige "
                              f"Zahl) gesetzt.\n\n", body)

    def test_mail_texts_come_from_the_layout(self):
        text = ("[text mail]\nHallo {teilnehmer},\nzweite Zeile {jahr} {arbeitsmappe}.\n\n"
                "Ring: {ring}\n\nEntwurf vom {entwurf}\n\n\nFertig am {abgestimmt}\n\n"
                "{unbekannt} {titel} / {kontakt} / {herausgeber}\n")
        layout = self.layout_with(text)
        rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--city", "K", "-l", layout)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.body("K"),
                         "Hallo Köln,\nzweite Zeile 2024 K.xlsx.\n\n"
                         "Fertig am 24.11.2025, 16:00 Uhr\n\n{unbekannt} Kennzahlenvergleich Test / "
                         "Geschäftsstelle des Vergleichsrings / Geschäftsstelle des "
                         "Vergleichsrings\n\n")  # one fallback for both (texts.h)
        rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--city", "K", "-l", layout,
                      "--draft")
        self.assertEqual(rc, 0, err)
        self.assertIn("\n\nEntwurf vom 24.11.2025, 16:00 Uhr\n\n{unbekannt}", self.body("K"))

    def test_program_text_is_the_standard_layouts(self):
        """Without [text mail] the program's own text is used; it is the
        standard layout's word for word."""
        standard = os.path.join(os.path.dirname(FAST), "..", "layouts", "standard.layout")
        with open(standard, encoding="utf-8") as f:
            text = f.read()
        start = text.index("[text mail]")
        stripped = os.path.join(self.tmp, "ohne.layout")
        with open(stripped, "w", encoding="utf-8") as f:
            f.write(text[:start] + text[text.index("\n[seite]", start):])
        gendata(self.data, "--cities", "4", "--rings", "2", "--unringed-every", "3")
        bodies = []
        for layout in (standard, stripped):
            for draft in ((), ("--draft",)):
                out = os.path.join(self.tmp, f"o{len(bodies)}")
                rc, err = run("-i", self.data, "-o", out, "--mail", "-l", layout, *draft)
                self.assertEqual(rc, 0, err)
                bodies.append([self.body(f"T{i:04d}", os.path.join(out, "2024"))
                               for i in range(1, 5)])
        self.assertEqual(bodies[0], bodies[2])
        self.assertEqual(bodies[1], bodies[3])
        self.assertNotEqual(bodies[0], bodies[1])

    def test_unknown_mail_text_is_a_layout_error(self):
        layout = self.layout_with("[text mail anderswo]\nText\n")
        rc, err = run("-i", INPUT, "-o", self.out, "--mail", "-l", layout)
        self.assertEqual(rc, 65, err)
        self.assertIn("[text mail geschaeftsstelle]", err)

    def sender_layout(self, text):
        layout = os.path.join(self.tmp, "mail.layout")
        with open(FAST, encoding="utf-8") as f, open(layout, "w", encoding="utf-8",
                                                      newline="") as out:
            base = f.read()
            out.write(base + "[mail]\n" + text)
        return layout, base.count("\n") + 2

    def test_invalid_sender_is_65_with_layout_line(self):
        for text in ("absender = Evil <a@b.example> @evil.example\rBcc:root\n",
                     "absender = Stelle <kv@vergleich.example\n",
                     "absender = Stelle <kv@localhost>\n",
                     "antwort_an = Jürgen <jürgen@vergleich.example>\n",
                     "antwort_an = Stelle\rBcc: x@y.example <kv@vergleich.example>\n"):
            with self.subTest(text=text):
                layout, line = self.sender_layout(text)
                rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--city", "K", "-l", layout)
                self.assertEqual(rc, 65, err)
                self.assertIn(f"mail.layout:{line}: error:", err)
                self.assertFalse(os.path.exists(os.path.join(self.year_dir(), "mail")))

    def test_message_id_domain_comes_from_the_checked_sender(self):
        sender = "Geschäftsstelle Ü <kv@kennzahlen.beispiel-verband.example>"
        for text, domain in ((f"absender = {sender}\n", "kennzahlen.beispiel-verband.example"),
                             ("absender = nur@adresse.example\n", "adresse.example"),
                             ("", "vergleichsring.example")):
            with self.subTest(text=text):
                layout, _ = self.sender_layout(text)
                rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--city", "K", "-l", layout)
                self.assertEqual(rc, 0, err)
                raw, msg = parse(os.path.join(self.year_dir(), "mail", "K.eml"))
                self.assertTrue(msg["Message-ID"].strip().endswith("@" + domain + ">"),
                                msg["Message-ID"])
                self.assertEqual(msg["From"].addresses[0].domain, domain)
                self.assertTrue(all(b < 128 for b in raw))
                head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
                self.assertTrue(all(len(line) <= 78 for line in head), head)

    def test_long_sender_name_is_folded(self):
        """A display name longer than one encoded word is split into several,
        each header line within 78 characters, and reads back whole."""
        sender = ("Geschäftsstelle des Kennzahlenvergleichs Soziale Leistungen "
                  "der großen Großstädte Deutschlands")
        layout = os.path.join(self.tmp, "long.layout")
        with open(FAST, encoding="utf-8") as f, open(layout, "w", encoding="utf-8") as out:
            out.write(f.read() + f"[mail]\nabsender = {sender} <kv@vergleich.example>\n"
                                f"antwort_an = {sender} <antwort@vergleich.example>\n")
        rc, err = run("-i", INPUT, "-o", self.out, "--mail", "--city", "K", "-l", layout)
        self.assertEqual(rc, 0, err)
        raw, msg = parse(os.path.join(self.year_dir(), "mail", "K.eml"))
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        self.assertTrue(all(len(line) <= 78 for line in head), head)
        self.assertEqual(msg["From"].addresses[0].display_name, sender)
        self.assertEqual(msg["From"].addresses[0].addr_spec, "kv@vergleich.example")
        self.assertEqual(msg["Reply-To"].addresses[0].display_name, sender)


if __name__ == "__main__":
    unittest.main(verbosity=1)
