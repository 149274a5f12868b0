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
import zlib
import zipfile

from kvtest import BIN, FAST, INPUT, ROOT, TmpDirTest, gendata, kvreport

FAULT = os.path.join(ROOT, "build/tests/fault_rename.so")


def eventually(cond, timeout=20.0):
    """Polls cond until it holds or timeout seconds have passed (a fixed
    sleep is too short when make test keeps both CPUs busy); its last
    value."""
    end = time.monotonic() + timeout
    while not (ok := cond()) and time.monotonic() < end:
        time.sleep(0.02)
    return ok


def holds_flock(pid):
    """Whether process pid holds a flock (the run lock on the output
    directory; /proc/locks lists it with the holder's pid)."""
    with open("/proc/locks") as f:
        return any(l.split()[1] == "FLOCK" and l.split()[4] == str(pid) for l in f)


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


def crc(path):
    with open(path, "rb") as f:
        return f"{zlib.crc32(f.read()):08x}"


def generation(testcase, yeardir, killed=False):
    """Asserts that yeardir holds exactly one generation: no commit half
    done, no staging left (after a kill: only a dead run's staging, which
    is hidden and removed by the next run), and every file exactly as its
    manifest (.generation) lists it, no more, no fewer. Returns
    {rel: crc}."""
    hidden = [f for f in os.listdir(yeardir) if f.startswith((".kvreport-new-", ".kvreport-commit"))
              and not (killed and f.startswith(".kvreport-new-"))]
    testcase.assertEqual(hidden, [], yeardir)
    with open(os.path.join(yeardir, ".generation"), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    testcase.assertEqual(rows[0], ["file", "bytes", "crc32"])
    listed = {r[0]: (int(r[1]), r[2]) for r in rows[1:]}
    present = {}
    for d, dirs, files in os.walk(yeardir):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in files:
            if f != ".generation" or d != yeardir:
                path = os.path.join(d, f)
                present[os.path.relpath(path, yeardir)] = (os.path.getsize(path), crc(path))
    testcase.assertEqual(sorted(present), sorted(listed), yeardir)
    for rel, want in listed.items():
        testcase.assertEqual(present[rel], want, rel)
    return {rel: v[1] for rel, v in listed.items()}


def snapshot(root):
    """Every file below root (hidden ones too) with its bytes."""
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            path = os.path.join(d, f)
            with open(path, "rb") as fh:
                found[os.path.relpath(path, root)] = fh.read()
    return found


def changed(before, after):
    """The files that differ between two snapshots."""
    return sorted(r for r in set(before) | set(after) if before.get(r) != after.get(r))


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
            # workers die with the run (PR_SET_PDEATHSIG)
            self.assertTrue(eventually(lambda: subprocess.run(["pgrep", "-f", self.out])
                                       .returncode == 1), "workers outlived the killed run")
            now = outputs(self.out)
            for rel in before:
                self.assertIn(rel, now, f"{rel} vanished after a kill at {delay} s")
            for rel, path in now.items():
                self.assertTrue(complete(path), f"{rel} broken after a kill at {delay} s")
            yeardir = os.path.join(self.out, "2024")
            if os.path.exists(os.path.join(yeardir, ".kvreport-commit")):
                # killed while publishing: the next run (even --check) finishes it
                p = kvreport("-q", "--check", "-i", self.data, "-o", self.out)
                self.assertEqual(p.returncode, 0, p.stderr)
            generation(self, yeardir, killed=True)
        # the next run sweeps what the killed ones left behind
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        for d, _, files in os.walk(self.out):
            self.assertEqual([f for f in files if ".tmp-" in f], [], d)
            self.assertEqual([f for f in os.listdir(d) if f.startswith(".kvreport-")
                              and f != ".kvreport-state.gz"], [], d)
        generation(self, os.path.join(self.out, "2024"))

    def test_kill_while_publishing_is_finished_by_the_next_run(self):
        """A run killed after it decided to publish (the staging directory
        renamed to .kvreport-commit) and after 0, 5 or 40 files were moved:
        the next run, whatever it is asked to do, completes exactly that
        generation before anything else."""
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        yeardir = os.path.join(self.out, "2024")
        old = generation(self, yeardir)
        for n in (0, 5, 40):
            env = dict(os.environ, LD_PRELOAD=FAULT, KV_FAULT_RENAMES=str(n),
                       SOURCE_DATE_EPOCH=str(1764000000 + n))
            p = subprocess.run([BIN, "-q", "-l", FAST, "-i", self.data, "-o", self.out, "--mail",
                                "--draft"], env=env, capture_output=True)
            self.assertEqual(p.returncode, -signal.SIGKILL)
            self.assertTrue(os.path.isdir(os.path.join(yeardir, ".kvreport-commit")))
            p = kvreport("-q", "--check", "-i", self.data, "-o", self.out)
            self.assertEqual(p.returncode, 0, p.stderr)
            new = generation(self, yeardir)
            # the killed run's draft generation, not the old one, nor a mix
            changed = [r for r in new if r.endswith(".xlsx") and new[r] != old[r]]
            self.assertEqual(len(changed), 60, n)
            old = new

    def test_stop_signals_wait_for_the_commit(self):
        """SIGTERM, SIGINT or SIGHUP after the run decided to publish and
        moved 0, 5 or 40 files: the commit finishes first (the signals
        wait), then the run ends by the signal, and the directory holds the
        whole new generation with nothing left to finish (SIGTERM left new
        workbooks beside the old report and mails, released the lock to
        readers that saw the mix)."""
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        yeardir = os.path.join(self.out, "2024")
        old = generation(self, yeardir)
        for i, (n, sig) in enumerate(((0, signal.SIGTERM), (5, signal.SIGINT),
                                      (40, signal.SIGHUP))):
            env = dict(os.environ, LD_PRELOAD=FAULT, KV_FAULT_RENAMES=str(n),
                       KV_FAULT_SIGNAL=str(int(sig)), SOURCE_DATE_EPOCH=str(1764000100 + i))
            p = subprocess.run([BIN, "-q", "-l", FAST, "-i", self.data, "-o", self.out, "--mail",
                                "--draft"], env=env, capture_output=True)
            self.assertEqual(p.returncode, -sig, p.stderr)
            self.assertFalse(os.path.exists(os.path.join(yeardir, ".kvreport-commit")), (n, sig))
            new = generation(self, yeardir)
            changed = [r for r in new if r.endswith(".xlsx") and new[r] != old[r]]
            self.assertEqual(len(changed), 60, (n, sig))
            old = new

    def test_failed_runs_change_nothing(self):
        """A full disk, a broken layout and bad data: after each the output
        directory holds exactly the earlier generation (only validation.csv,
        which describes every run, is new after a data or layout error)."""
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        before = snapshot(self.out)
        # new figures, so that anything the failing runs published would show
        shutil.rmtree(self.data)
        gendata(self.data, "--cities", "60", "--rings", "4", "--years", "6", "--seed", "2")

        def small_disk():  # writes beyond 100 KB fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
        # three processes: the charts and workbooks would be done while the
        # large tables fail
        p = subprocess.run([BIN, "-q", "-l", FAST, "-i", self.data, "-o", self.out, "--draft",
                            "--mail", "-j", "3"], capture_output=True, text=True,
                           preexec_fn=small_disk)
        self.assertEqual(p.returncode, 73, p.stderr)
        # the reason in German ("File too large" was strerror's C locale)
        self.assertIn("kann nicht geschrieben werden: Datei zu groß", p.stderr)
        self.assertNotIn("too large", p.stderr)
        self.assertEqual(changed(before, snapshot(self.out)), [])

        bad = os.path.join(self.tmp, "bad.layout")
        with open(FAST, encoding="utf-8") as f:
            text = f.read()
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text + "\n[farben]\nbalken = rot\n")
        p = kvreport("-q", "--mail", "-i", self.data, "-o", self.out, layout=bad)
        self.assertEqual(p.returncode, 65, p.stderr)
        after = snapshot(self.out)
        self.assertEqual(changed(before, after), ["2024/.generation", "2024/validation.csv"])
        self.assertIn(b"bad.layout", after["2024/validation.csv"])
        generation(self, os.path.join(self.out, "2024"))

    def test_outputs_no_longer_produced_are_removed(self):
        """A participant that loses its address loses its mail draft, one
        that leaves the circle its workbook and mail, a key figure that is
        dropped its charts; --city runs touch only their participants."""
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        yeardir = os.path.join(self.out, "2024")
        with open(os.path.join(self.data, "cities.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        ids = [r["id"] for r in rows]
        gone, mute = ids[0], ids[1]
        for name in ("annex/%s.xlsx", "mail/%s.eml"):
            for i in (gone, mute):
                self.assertTrue(os.path.exists(os.path.join(yeardir, name % i)))
        # a --city run for the mute participant first: only its files change
        rows[1]["email"] = ""
        fields = list(rows[0])

        def write(rs):
            with open(os.path.join(self.data, "cities.csv"), "w", encoding="utf-8",
                      newline="") as f:
                w = csv.DictWriter(f, fieldnames=fields, delimiter=";")
                w.writeheader()
                w.writerows(rs)
        write(rows)
        p = kvreport("-q", "--mail", "--city", mute, "-i", self.data, "-o", self.out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(yeardir, f"mail/{mute}.eml")))
        self.assertTrue(os.path.exists(os.path.join(yeardir, f"mail/{gone}.eml")))
        self.assertEqual(len(os.listdir(os.path.join(yeardir, "annex"))), 60)
        generation(self, yeardir)
        # then the participant leaves and a key figure is dropped
        write(rows[1:])
        base = os.path.join(self.data, "basedata.csv")
        with open(base, encoding="utf-8") as f:
            lines = [ln for ln in f if not ln.startswith(gone + ";")]
        with open(base, "w", encoding="utf-8") as f:
            f.writelines(lines)
        kz = os.path.join(self.data, "kennzahlen.csv")
        with open(kz, encoding="utf-8") as f:
            kzrows = list(csv.DictReader(f, delimiter=";"))
        kzfields = list(kzrows[0])
        dropped = kzrows[-1]["code"]
        charts_before = [c for c in os.listdir(os.path.join(yeardir, "charts")) if dropped in c]
        self.assertNotEqual(charts_before, [])
        with open(kz, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=kzfields, delimiter=";")
            w.writeheader()
            w.writerows(kzrows[:-1])
        p = kvreport("-q", "-i", self.data, "-o", self.out)  # and no --mail this time
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(yeardir, f"annex/{gone}.xlsx")))
        self.assertEqual(len(os.listdir(os.path.join(yeardir, "annex"))), 59)
        self.assertFalse(os.path.exists(os.path.join(yeardir, "mail")))  # no stale drafts
        self.assertEqual([c for c in os.listdir(os.path.join(yeardir, "charts"))
                          if dropped in c], [])
        generation(self, yeardir)

    def test_files_follow_the_umask(self):
        for mask, fmode, dmode in ((0o077, 0o600, 0o700), (0o022, 0o644, 0o755)):
            out = os.path.join(self.tmp, f"u{mask:o}")
            p = subprocess.run([BIN, "-q", "-l", FAST, "-i", self.data, "-o", out, "--mail"],
                               capture_output=True, text=True,
                               preexec_fn=lambda m=mask: os.umask(m))
            self.assertEqual(p.returncode, 0, p.stderr)
            for d, dirs, files in os.walk(os.path.join(out, "2024")):
                self.assertEqual(os.stat(d).st_mode & 0o777, dmode, d)
                for f in files:
                    self.assertEqual(os.stat(os.path.join(d, f)).st_mode & 0o777, fmode, f)

    def test_lock_cannot_be_bypassed(self):
        os.makedirs(self.out)
        target = os.path.join(self.tmp, "target")
        os.symlink(target, os.path.join(self.out, ".kvreport.lock"))
        a = self.start()
        self.assertTrue(eventually(lambda: holds_flock(a.pid) or a.poll() is not None))
        for f in os.listdir(self.out):  # whatever lock file there may be
            if f.startswith(".kvreport"):
                os.unlink(os.path.join(self.out, f))
        b = self.start()
        (ra, ea), (rb, eb) = self.finish(a), self.finish(b)
        self.assertEqual((ra, rb), (0, 75), ea + eb)
        self.assertFalse(os.path.lexists(target))

    def test_links_out_of_the_output_are_refused(self):
        foreign = os.path.join(self.tmp, "foreign")
        os.makedirs(os.path.join(foreign, "sub"))
        with open(os.path.join(foreign, ".x.tmp-AbCdEf"), "w") as f:
            f.write("not kvreport's")
        os.makedirs(self.out)
        os.symlink(foreign, os.path.join(self.out, "2024"))
        p = kvreport("-i", self.data, "-o", self.out)
        self.assertEqual(p.returncode, 73, p.stderr)
        self.assertIn(os.path.join(self.out, "2024"), p.stderr)
        self.assertEqual(sorted(os.listdir(foreign)), [".x.tmp-AbCdEf", "sub"])
        os.unlink(os.path.join(self.out, "2024"))
        os.makedirs(os.path.join(self.out, "2024"))
        os.symlink(foreign, os.path.join(self.out, "2024", "annex"))
        p = kvreport("-i", self.data, "-o", self.out)
        self.assertEqual(p.returncode, 73, p.stderr)
        self.assertIn("annex", p.stderr)
        self.assertEqual(sorted(os.listdir(foreign)), [".x.tmp-AbCdEf", "sub"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.out, "2024"))), ["annex"])

    def test_work_in_progress_is_private(self):
        """No temporary file ever appears where others can reach it: the
        run works in a directory of mode 0700 (which an unprivileged user
        cannot enter, so cannot swap a file for a link), and the published
        directories never hold hidden files."""
        p = self.start("-j", "2")
        seen_stage, stray = set(), set()
        yeardir = os.path.join(self.out, "2024")
        while p.poll() is None:
            for d in ("annex", "berichte", "mail", "charts", ""):
                try:
                    names = os.listdir(os.path.join(yeardir, d))
                except OSError:
                    continue
                for n in names:
                    path = os.path.join(yeardir, d, n)
                    if n.startswith(".kvreport-new-"):
                        try:
                            seen_stage.add(os.stat(path).st_mode & 0o777)
                        except OSError:
                            pass
                    elif n.startswith(".") and n not in (".generation", ".kvreport-commit",
                                                         ".kvreport-state.gz"):
                        stray.add(path)
            time.sleep(0.01)
        self.assertEqual(p.wait(), 0)
        self.assertEqual(stray, set())
        self.assertEqual(seen_stage, {0o700})
        if os.geteuid() == 0:  # an unprivileged user cannot look inside
            os.makedirs(os.path.join(yeardir, ".kvreport-new-probe", "annex"), mode=0o700)
            os.chmod(os.path.join(yeardir, ".kvreport-new-probe"), 0o700)
            pid = os.fork()
            if pid == 0:
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    os.listdir(os.path.join(yeardir, ".kvreport-new-probe", "annex"))
                    os._exit(1)
                except PermissionError:
                    os._exit(0)
                except BaseException:
                    os._exit(2)
            self.assertEqual(os.waitpid(pid, 0)[1], 0)
            shutil.rmtree(os.path.join(yeardir, ".kvreport-new-probe"))

    def test_a_killed_worker_is_named(self):
        rc, err = self.finish(self.start())
        self.assertEqual(rc, 0, err)
        before = snapshot(self.out)
        p = self.start("-j", "2", "--draft")  # a draft differs in every file
        victim = None
        while p.poll() is None and victim is None:
            try:
                with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                    kids = f.read().split()
            except OSError:
                kids = []
            if kids:
                victim = int(kids[0])
                time.sleep(0.05)
                os.kill(victim, signal.SIGKILL)
            time.sleep(0.005)
        rc, err = self.finish(p)
        self.assertIsNotNone(victim, "no worker seen")
        self.assertEqual(rc, 70, err)
        # whichever piece the worker was at: a workbook or a leading piece
        self.assertRegex(err, r"Arbeitsprozess für (annex/[^ ]+\.xlsx|kennzahlwerte\.csv|charts/"
                              r"|ringe/)")
        self.assertIn("Signal 9", err)
        self.assertEqual(changed(before, snapshot(self.out)), [])

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
