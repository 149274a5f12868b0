"""kvtest.py - what the end-to-end tests share: where the program, the
default dataset and the test layout are, running kvreport, and generating
datasets, a fresh directory per test. Run the tests with Debian's
/usr/bin/python3."""
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, os.environ.get("KVREPORT", "build/kvreport"))
INPUT = os.path.join(ROOT, "input")
FAST = os.path.join(HERE, "fast.layout")  # another title and the old diagramm_dpi key
EPOCH = "1764000000"  # 24.11.2025: the run's date, so outputs are reproducible
NO_LAYOUT_OPTS = ("-l", "--layout", "-h", "--help", "--version")


def kvreport(*args, layout=FAST, epoch=EPOCH, env_extra=None, cwd=None, timeout=None):
    """Runs kvreport and returns the finished process (text output).
    layout is passed with -l unless it is None or args bring their own;
    epoch becomes SOURCE_DATE_EPOCH (None: the real time); timeout in
    seconds stops a hang (subprocess.TimeoutExpired)."""
    env = dict(os.environ)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    env.update(env_extra or {})
    extra = ["-l", layout] if layout and not set(args) & set(NO_LAYOUT_OPTS) else []
    return subprocess.run([BIN, *extra, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=timeout)


def gendata(out, *args):
    """A synthetic dataset in out, from tests/gendata.py with its options."""
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gendata.py"), out, *args],
                   check=True)


class TmpDirTest(unittest.TestCase):
    """Each test gets a fresh directory self.tmp with the paths self.data
    (for an input dataset) and self.out (for kvreport's output) inside;
    it is removed afterwards. A subclass extending setUp calls this one
    first."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kvtest-")
        self.data = os.path.join(self.tmp, "in")
        self.out = os.path.join(self.tmp, "out")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def pdf_pages(pdf):
    """The text of each page of pdf (pdftotext -layout), in order."""
    p = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.split("\f")


class ReportRun:
    """A finished run: out (its output directory), year (the one report
    year in it), ydir (out/year) and pdf (the circle report)."""

    def __init__(self, out):
        self.out = out
        self.year = sorted(os.listdir(out))[0]
        self.ydir = os.path.join(out, self.year)
        self.pdf = os.path.join(self.ydir, f"monitoring-{self.year}.pdf")

    def path(self, *parts):
        return os.path.join(self.ydir, *parts)

    def pages(self, *parts):
        """The page texts of the circle report, or of the PDF at parts
        below ydir (e.g. "ringe", "Vergleichsring-1.pdf")."""
        return pdf_pages(self.path(*parts) if parts else self.pdf)


def report_run(test, data=INPUT, *args, layout=FAST, tmp=None, epoch=EPOCH):
    """Runs kvreport on the dataset data with args into a fresh directory
    (inside tmp, else a temporary one removed when test ends), asserts
    that it succeeded and returns the ReportRun. layout and epoch as for
    kvreport()."""
    if tmp is None:
        tmp = tempfile.mkdtemp(prefix="kvrun-")
        test.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
    out = tempfile.mkdtemp(prefix="out-", dir=tmp)
    os.rmdir(out)  # kvreport makes it
    p = kvreport("-i", data, "-o", out, *args, layout=layout, epoch=epoch)
    test.assertEqual(p.returncode, 0, p.stderr)
    return ReportRun(out)
