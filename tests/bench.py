#!/usr/bin/python3
"""make bench: runs the full job (the PDF with its vector charts, all
workbooks, mail drafts) on generated datasets and prints one table: size,
wall and CPU time, peak RSS, output bytes and the time per phase, each the
median of several runs; plus a reader benchmark on one million base rows.

    BENCH_RUNS=3 BENCH_STRESS=1 tests/bench.py
BENCH_STRESS=1 adds the 2,000-participant stress run and pdflint on the
reports of 500 participants in 10 rings (issue 14: the layout at a size
make test does not run).

Phases: the main process writes the PDF while worker processes write
kennzahlwerte.csv, the SVG copies of the charts and the workbooks with
their mails; the main process joins them when the PDF is done. "pdf" and
"charts" are the main process's wall seconds for the document and for
its charts (recording each and drawing its paths and text; the
deflating of the page content that holds them counts as "pdf"); "csv",
"svg" and "workbooks" the CPU seconds spent on them in whichever process;
"render" the wall seconds of that whole stage; "mails" the manifest
written after it; "changes" reading the previous generation's state,
comparing with it (aenderungen.csv) and writing the new state.

"rings" is the CPU time of the comparison rings' reports (ringe/), written
by a worker like the SVGs; the row "no ring reports" runs the same job
with a layout that turns them off (ringberichte = nein), and the job with
them may take at most 15 % more wall time.

"tagged vs untagged" (issue 15: tagging adds at most 15 % to the PDF's
time) runs the default job and the 400-participant job alternately as
they are and with KVREPORT_BENCH_UNTAGGED=1 (a benchmark aid of the PDF
module: no structure tree, marked content, XMP or output intent, libharu
saves the file), RUNS rounds each, and compares the medians of the phase
"pdf" (the circle report; the target) and of the job's wall time, and
the CPU seconds of all reports (pdf + reports + rings) for information.

Every run writes into a fresh output directory, except the "nightly" run:
the 400-participant job once more over the generation of the run before,
as every night's draft does (it compares with it and replaces it).
"""
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, os.environ.get("KVREPORT", "build/kvreport"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PHASES = ["read+validate", "compute", "csv", "pdf", "charts", "svg", "workbooks", "reports", "render",
          "mails", "changes", "rings"]
# issue 17: wall seconds, CPU seconds, peak RSS (MB), circle report (MB) per size
TARGETS = {"14 × 6 (default)": (0.5, None, 100, None), "400 × 10, 8 rings": (6.0, 10.0, 300, 12.0),
           "2,000 × 10, 40 rings": (None, None, 1024, None)}


def gendata(out, cities, years, rings):
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gendata.py"), out, "--cities",
                    str(cities), "--years", str(years), "--first-year", str(2025 - years),
                    "--rings", str(rings)], check=True)


def one_run(data, out, extra=(), untagged=False):
    env = dict(os.environ, KVREPORT_TIMING="1", SOURCE_DATE_EPOCH="1764000000")
    env.pop("KVREPORT_BENCH_UNTAGGED", None)
    if untagged:
        env["KVREPORT_BENCH_UNTAGGED"] = "1"
    # kvreport syncs its file system once per generation (syncfs): without
    # this, a run would also wait for the write-back of the earlier runs'
    # outputs still in the page cache (gigabytes by the 2,000 run)
    os.sync()
    t0 = time.monotonic()
    p = subprocess.Popen([BIN, "-q", "-i", data, "-o", out, *extra], stderr=subprocess.PIPE,
                         env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"kvreport failed on {data}: {err}")
    phases = dict(re.findall(r"(\S+)=([0-9.]+)", err.split("kvreport-timing:")[-1]))
    size = {"pdf": 0, "xlsx": 0, "eml": 0, "circle": 0}
    for d, _, files in os.walk(out):
        for f in files:
            ext = f.rsplit(".", 1)[-1]
            if ext in size:
                size[ext] += os.path.getsize(os.path.join(d, f))
            if re.fullmatch(r"monitoring-[0-9]+\.pdf", f):
                size["circle"] = os.path.getsize(os.path.join(d, f))
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss=ru.ru_maxrss / 1024, size=size,
                phases={k: float(v) for k, v in phases.items()})


def median_run(data, out, runs, extra=(), nightly=False):
    """nightly: every run over the previous run's generation in one
    directory (made by a first run that is not counted)."""
    if nightly:
        out = fresh_dir(out)
        one_run(data, out, extra)
        results = [one_run(data, out, extra) for _ in range(runs)]
    else:
        results = [one_run(data, fresh_dir(out), extra) for _ in range(runs)]
    med = lambda key: statistics.median(r[key] for r in results)
    return dict(wall=med("wall"), cpu=med("cpu"), rss=max(r["rss"] for r in results),
                size=results[0]["size"],
                phases={p: statistics.median(r["phases"].get(p, 0) for r in results)
                        for p in PHASES})


def tagging_overhead(label, data, out, runs):
    """Tagged and untagged runs interleaved (the order swapped every round,
    so that a drifting load hits both alike); the verdicts."""
    res = {False: [], True: []}
    for i in range(runs):
        for untagged in ((False, True) if i % 2 == 0 else (True, False)):
            res[untagged].append(one_run(data, fresh_dir(out), ["--mail"], untagged))

    def med(untagged, f):
        return statistics.median(f(r) for r in res[untagged])

    pdf = lambda r: r["phases"].get("pdf", 0)
    wall = lambda r: r["wall"]
    every = lambda r: sum(r["phases"].get(p, 0) for p in ("pdf", "reports", "rings"))
    out_lines = []
    for what, f, target in (("PDF phase (circle report)", pdf, True), ("job wall", wall, True),
                            ("all reports (pdf + reports + rings)", every, False)):
        t, u = med(False, f), med(True, f)
        over = t / u - 1 if u > 0 else float("inf")
        verdict = f" (target ≤ +15 %) {'met' if over <= 0.15 else 'NOT met'}" if target else \
            " (for information)"
        out_lines.append(f"{label}: {what} tagged {t:.3f} s, untagged {u:.3f} s: {over:+.1%}"
                         + verdict)
    return out_lines


def layout_500(tmp):
    """pdflint on the circle report of 500 participants in 10 rings and on
    three of their participant reports and one ring report: no finding."""
    data, out = os.path.join(tmp, "d500"), fresh_dir(os.path.join(tmp, "out"))
    gendata(data, 500, 10, 10)
    one_run(data, out)
    year = os.path.join(out, "2024")
    parts = sorted(os.listdir(os.path.join(year, "berichte")))
    rings = sorted(f for f in os.listdir(os.path.join(year, "ringe")) if f.endswith(".pdf"))
    pdfs = (["monitoring-2024.pdf"] + [os.path.join("berichte", parts[i]) for i in (0, 249, -1)]
            + [os.path.join("ringe", rings[0])])
    lint = os.path.join(HERE, "pdflint.py")
    found = []
    for rel in pdfs:
        p = subprocess.run(["/usr/bin/python3", lint, os.path.join(year, rel)],
                           capture_output=True, text=True)
        last = (p.stdout.strip().splitlines() or ["?"])[-1]
        if p.returncode != 0 or not last.startswith("pdflint: 0 findings"):
            found.append(f"{rel}: {last}")
    pages = subprocess.run(["pdfinfo", os.path.join(year, "monitoring-2024.pdf")],
                           capture_output=True, text=True).stdout
    n = re.search(r"Pages:\s+(\d+)", pages)
    return (f"500 × 10, 10 rings: pdflint on the circle report ({n.group(1) if n else '?'} pages), "
            f"three participant reports and a ring report: "
            + ("no finding (target: none) met" if not found else
               "; ".join(found) + " (target: none) NOT met"))


def fresh_dir(base):
    """A new output directory for every run; all are removed at the end.
    Removing the last run's thousands of files right before the next run
    would measure the file system instead: ext4 without a journal skips
    inodes freed in the last minutes when it allocates new ones, about
    1 ms per file here."""
    n = 0
    while os.path.exists(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024 // 1024
    return f"{cpu}, {os.cpu_count()} CPUs, {mem} GiB, {platform.system()} {platform.release()}"


def main():
    tmp = tempfile.mkdtemp(prefix="kvbench-")
    try:
        sizes = [("14 × 6 (default)", None, 0, 0, RUNS), ("104 × 20, 7 rings", 104, 20, 7, RUNS),
                 ("400 × 10, 8 rings", 400, 10, 8, RUNS),
                 ("400 × 10, 8 rings, no ring reports", 400, 10, 8, RUNS),
                 ("400 × 10, 8 rings, nightly", 400, 10, 8, RUNS),
                 ("400 × 10, 8 rings, kompakt", 400, 10, 8, RUNS)]
        if os.environ.get("BENCH_STRESS"):
            sizes.append(("2,000 × 10, 40 rings", 2000, 10, 40, 1))
        print(f"Machine: {machine()}")
        print(f"Median of {RUNS} runs (1 for 2,000 participants); full job with --mail.")
        print("pdf, charts, render, mails: wall s; csv, svg, workbooks: CPU s "
              "(written in parallel to the PDF).\n")
        head = ["participants × years", "wall s", "CPU s", "peak RSS MB", "PDF MB", "circle report MB",
                "workbooks MB", "mails MB"] + [p + " s" for p in PHASES]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        verdicts, walls, full = [], {}, {}
        with open(os.path.join(ROOT, "layouts", "standard.layout"), encoding="utf-8") as f:
            text = f.read()
        # the standard layout with the rings' reports turned off
        no_rings = os.path.join(tmp, "no-ring-reports.layout")
        with open(no_rings, "w", encoding="utf-8") as f:
            assert "\nringberichte = ja\n" in text
            f.write(text.replace("\nringberichte = ja\n", "\nringberichte = nein\n"))
        # the compact format (issue 19): the standard layout with format = kompakt
        compact = os.path.join(tmp, "kompakt.layout")
        with open(compact, "w", encoding="utf-8") as f:
            assert "format = ausfuehrlich" in text
            f.write(text.replace("format = ausfuehrlich", "format = kompakt"))
        for label, cities, years, rings, runs in sizes:
            data = os.path.join(ROOT, "input") if cities is None else os.path.join(tmp, f"d{cities}")
            nightly, kompakt = label.endswith("nightly"), label.endswith("kompakt")
            off = label.endswith("no ring reports")
            if cities is not None and not nightly and not kompakt and not off:
                shutil.rmtree(data, ignore_errors=True)
                gendata(data, cities, years, rings)
            extra = ["--mail"] + (["-l", no_rings] if off else []) + (["-l", compact] if kompakt else [])
            r = median_run(data, os.path.join(tmp, "out"), runs, extra, nightly)
            mb = lambda n: f"{n / 1e6:.1f}"
            row = [label, f"{r['wall']:.2f}", f"{r['cpu']:.2f}", f"{r['rss']:.0f}",
                   mb(r["size"]["pdf"]), mb(r["size"]["circle"]), mb(r["size"]["xlsx"]),
                   mb(r["size"]["eml"])]
            row += [f"{r['phases'][p]:.2f}" for p in PHASES]
            print("| " + " | ".join(row) + " |", flush=True)
            wall, cpu, rss, circle = TARGETS.get(label, (None, None, None, None))
            if wall is not None:
                verdicts.append(f"{label}: wall {r['wall']:.2f} s (target ≤ {wall} s) "
                                f"{'met' if r['wall'] <= wall else 'NOT met'}")
            if cpu is not None:
                verdicts.append(f"{label}: CPU {r['cpu']:.2f} s (target ≤ {cpu} s) "
                                f"{'met' if r['cpu'] <= cpu else 'NOT met'}")
            if circle is not None:
                c = r["size"]["circle"] / 1e6
                verdicts.append(f"{label}: circle report {c:.1f} MB (target ≤ {circle} MB) "
                                f"{'met' if c <= circle else 'NOT met'}")
            if kompakt:
                f = full[cities]
                verdicts.append(f"{label}: wall {r['wall']:.2f} s, PDF {r['phases']['pdf']:.2f} s "
                                f"against the full format's {f['wall']:.2f} s and "
                                f"{f['phases']['pdf']:.2f} s (target: no slower) "
                                f"{'met' if r['phases']['pdf'] <= f['phases']['pdf'] else 'NOT met'}")
                continue
            if nightly:
                share = r["phases"]["changes"] / r["wall"]
                verdicts.append(f"{label}: the comparison with the previous generation took "
                                f"{r['phases']['changes']:.2f} s = {share:.1%} of the job "
                                f"(target ≤ 5 %) {'met' if share <= 0.05 else 'NOT met'}")
                continue
            if off:
                ratio = walls[400] / r["wall"]
                verdicts.append(f"400 × 10, 8 rings: with the ring reports {walls[400]:.2f} s, "
                                f"without {r['wall']:.2f} s: {ratio - 1:+.1%} (target ≤ +15 %) "
                                f"{'met' if ratio <= 1.15 else 'NOT met'}")
                continue
            walls[cities] = r["wall"]
            full[cities] = r
            if cities == 2000 and 400 in walls:
                # linear: five times the participants, at most six times the time
                ratio = walls[2000] / walls[400]
                verdicts.append(f"{label}: wall {r['wall']:.2f} s = {ratio:.1f} × the 400 run "
                                f"for 5 × the participants (linear: ≤ 6 ×) "
                                f"{'met' if ratio <= 6 else 'NOT met'}")
            if rss is not None:
                verdicts.append(f"{label}: peak RSS {r['rss']:.0f} MB (target ≤ {rss} MB) "
                                f"{'met' if r['rss'] <= rss else 'NOT met'}")
        # issue 15: tagged against untagged, on the data of the rows above
        for label, data in (("14 × 6 (default)", os.path.join(ROOT, "input")),
                            ("400 × 10, 8 rings", os.path.join(tmp, "d400"))):
            verdicts += tagging_overhead(label, data, os.path.join(tmp, "out"), RUNS)
        # issue 14: the layout at 500 participants (too slow for make test)
        if os.environ.get("BENCH_STRESS"):
            verdicts.append(layout_500(tmp))
        print("\nTargets:\n" + "\n".join("- " + v for v in verdicts))
        # reader: one million base rows, validated (--check: no rendering)
        data = os.path.join(tmp, "d")
        shutil.rmtree(data, ignore_errors=True)
        gendata(data, 3125, 10, 0)
        with open(os.path.join(data, "basedata.csv"), "rb") as f:
            rows = sum(1 for _ in f) - 1
        reads = [one_run(data, fresh_dir(os.path.join(tmp, "out")), ["--check"])["phases"]["read+validate"]
                 for _ in range(RUNS)]
        t = statistics.median(reads)
        print(f"\nReader: {rows:,} base rows read and validated in {t:.2f} s "
              f"= {rows / t / 1e6:.2f} million rows/s (target ≥ 2 million: "
              f"{'met' if rows / t >= 2e6 else 'NOT met'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
