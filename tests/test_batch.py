#!/usr/bin/python3
"""Unattended operation: a run killed at any moment leaves every earlier
output intact or replaced by a complete new one, leftovers are swept, two
runs do not overlap, and the installed program works from anywhere.

    KVREPORT=build/kvreport tests/test_batch.py [unittest args]
"""
import csv
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import zipfile

from kvtest import BIN, FAST, INPUT, ROOT, TmpDirTest, gendata, kvreport


def outputs(root):
    """Every output file below root (hidden temporary files excluded)."""
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.startswith("."):
                found[os.path.relpath(os.path.join(d, f), root)] = os.path.join(d, f)
    return found


def complete(path):
    """A file is complete when a real client can read all of it."""
    if path.endswith(".pdf"):
        return subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None
    if path.endswith(".csv"):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return text.endswith("\n") and len(list(csv.reader(text.splitlines()))) >= 1
    if path.endswith(".eml"):
        with open(path, "rb") as f:
            return f.read().rstrip().endswith(b"--")
    if path.endswith(".svg"):
        with open(path, "rb") as f:
            return f.read().rstrip().endswith(b"</svg>")
    return True


class Batch(TmpDirTest):
    def setUp(self):
        super().setUp()
        gendata(self.data, "--cities", "60", "--rings", "4", "--years", "6")

    def start(self, *extra, quiet=False):
        return subprocess.Popen([BIN, "-q", "-l", FAST, "-i", self.data, "-o", self.out,
                                 "--mail", *extra], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
                                text=True)

    def finish(self, p):
        _, err = p.communicate()
        return p.returncode, err or ""

    def test_sigkill_never_leaves_a_broken_output(self):
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        before = outputs(self.out)
        self.assertGreater(len(before), 60)
        for delay in (0.05, 0.2, 0.4, 0.7, 1.0, 1.5):
            p = self.start("--draft", quiet=True)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            time.sleep(0.2)  # workers die with the run (PR_SET_PDEATHSIG)
            self.assertEqual(subprocess.run(["pgrep", "-f", self.out]).returncode, 1,
                             "workers outlived the killed run")
            now = outputs(self.out)
            for rel in before:
                self.assertIn(rel, now, f"{rel} vanished after a kill at {delay} s")
            for rel, path in now.items():
                self.assertTrue(complete(path), f"{rel} broken after a kill at {delay} s")
        # the next run sweeps what the killed ones left behind
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        for d, _, files in os.walk(self.out):
            self.assertEqual([f for f in files if ".tmp-" in f], [], d)

    def test_two_runs_at_once(self):
        a, b = self.start(), self.start()
        (ra, ea), (rb, eb) = self.finish(a), self.finish(b)
        self.assertIn(sorted([ra, rb]), ([0, 0], [0, 75]))
        if 75 in (ra, rb):
            self.assertIn("anderer Lauf", ea + eb)


    def test_shards_together_give_the_whole_job(self):
        """--shard 0/3 .. 3/3 into four directories, as four machines would:
        shard 0 is the report, 1..3 the workbooks and mails of every third
        participant; together they are byte for byte the single run."""
        def run(out, *extra):
            p = kvreport("-q", "-i", self.data, "-o", out, "--mail", *extra)
            self.assertEqual(p.returncode, 0, p.stderr)
            return outputs(out)
        whole = run(self.out)
        with open(os.path.join(self.data, "cities.csv"), encoding="utf-8") as f:
            ids = [c["id"] for c in csv.DictReader(f, delimiter=";")]
        union, manifest = {}, []
        for k in range(4):
            part = run(os.path.join(self.tmp, f"shard{k}"), "--shard", f"{k}/3")
            books = sorted(r for r in part if r.endswith(".xlsx"))
            want = [] if k == 0 else sorted(f"2024/annex/{i}.xlsx" for i in ids[k - 1::3])
            self.assertEqual(books, want, k)
            self.assertEqual("2024/monitoring-2024.pdf" in part, k == 0)
            for rel, path in part.items():
                if rel.endswith("manifest.csv"):
                    with open(path, encoding="utf-8") as f:
                        manifest += f.read().splitlines()[1:]
                elif not rel.endswith((".csv",)) or k == 0:
                    union[rel] = path
        self.assertEqual(sorted(union), sorted(r for r in whole if not r.endswith(
            "manifest.csv")))
        for rel, path in union.items():
            with open(path, "rb") as a, open(whole[rel], "rb") as b:
                self.assertEqual(a.read(), b.read(), rel)
        with open(whole["2024/mail/manifest.csv"], encoding="utf-8") as f:
            self.assertEqual(sorted(manifest), sorted(f.read().splitlines()[1:]))
        p = subprocess.run([BIN, "--shard", "4/3"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 64)
        self.assertIn("--shard", p.stderr)

    def test_disk_full_is_73_and_keeps_earlier_outputs(self):
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        before = {}
        for rel, path in outputs(self.out).items():
            with open(path, "rb") as f:
                before[rel] = f.read()

        def small_disk():  # writes beyond 100 KB fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
        p = subprocess.run([BIN, "-q", "-l", FAST, "-i", self.data, "-o", self.out, "--draft"],
                           capture_output=True, text=True, preexec_fn=small_disk)
        self.assertEqual(p.returncode, 73, p.stderr)
        self.assertIn(self.out, p.stderr)  # the message names the path
        after = outputs(self.out)
        for rel, data in before.items():
            with open(after[rel], "rb") as f:
                now = f.read()
            # each file is either the earlier version or a complete new one
            self.assertTrue(now == data or complete(after[rel]), rel)
        self.assertTrue(complete(after["2024/kennzahlwerte.csv"]))


class Install(unittest.TestCase):
    def test_installed_program_finds_its_layout(self):
        tmp = tempfile.mkdtemp(prefix="kvinst-")
        try:
            dest = os.path.join(tmp, "dest")
            p = subprocess.run(["make", "-s", "-C", ROOT, "install", f"DESTDIR={dest}",
                                "PREFIX=/usr"], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            for rel in ("usr/bin/kvreport", "usr/share/kvreport/layouts/standard.layout",
                        "usr/share/man/man1/kvreport.1"):
                self.assertTrue(os.path.exists(os.path.join(dest, rel)), rel)
            work = os.path.join(tmp, "anywhere")
            os.makedirs(work)
            shutil.copytree(INPUT, os.path.join(work, "daten"))
            p = subprocess.run([os.path.join(dest, "usr/bin/kvreport"), "-q", "-i", "daten",
                                "-o", "aus", "--city", "HB"], cwd=work, capture_output=True,
                               text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertTrue(os.path.exists(os.path.join(work, "aus/2024/monitoring-2024.pdf")))
            p = subprocess.run(["man", "-l", os.path.join(dest, "usr/share/man/man1/kvreport.1")],
                               capture_output=True, text=True, env=dict(os.environ, MANPAGER="cat"))
            if p.returncode == 0:
                self.assertIn("EXIT STATUS", p.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=1)
