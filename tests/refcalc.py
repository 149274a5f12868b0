#!/usr/bin/python3
"""Independent recomputation of kennzahlwerte.csv and ringwerte.csv from a
dataset directory.

Written from the input contract alone, sharing no code with the C engine:
Python's csv module reads the files, Python's ast evaluates the formulas.

    refcalc.py DATASET KENNZAHLWERTE.csv [--ringwerte RINGWERTE.csv]
               [--decimal-point] [--year Y]

exits 0 when every row matches to 1e-9 relative (and ringwerte.csv has its
rows in the contract's order), else prints the differences and exits 1.
"""
import argparse
import ast
import csv
import gzip
import io
import math
import os
import statistics
import sys

MISSING_ORDER = {".": 1, "/": 2, "x": 3}
PRESENT_ORDER = {"": 0, "-": 0, "|": 1, "r": 2, "p": 3, "s": 4}


def read_table(directory, name):
    path = os.path.join(directory, name)
    if os.path.exists(path + ".gz"):
        with open(path + ".gz", "rb") as f:
            raw = gzip.decompress(f.read())
    else:
        with open(path, "rb") as f:
            raw = f.read()
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def to_number(text, dec):
    if dec == ",":
        text = text.replace(",", ".")
    return float(text)


def evaluate(node, env):
    if isinstance(node, ast.Expression):
        return evaluate(node.body, env)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        v = evaluate(node.operand, env)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise ZeroDivisionError
            return a / b
    raise ValueError(f"unsupported formula element {ast.dump(node)}")


def names(tree):
    return [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]


def aggregates(vals, factor):
    """The circle's or a ring's aggregates over (value, flag, num, den, brk)
    of the participants with a value."""
    n = len(vals)
    agg = dict(anzahl=n)
    if n:
        sd = sum(v[3] for v in vals)
        agg["gesamtwert"] = sum(v[2] for v in vals) / sd * factor if sd != 0 else None
        xs = [v[0] for v in vals]
        agg.update(mittelwert=sum(xs) / n, median=statistics.median(xs), minimum=min(xs),
                   maximum=max(xs))
    return agg


def rings_of(city_rows):
    """{ring name: [ids]}, rings in order of first appearance; an empty group
    is no ring."""
    rings = {}
    for r in city_rows:
        if r.get("group"):
            rings.setdefault(r["group"], []).append(r["id"])
    return rings


def compute(directory, dec=",", year=None):
    return compute_all(directory, dec, year)[0]


def compute_rings(directory, dec=",", year=None):
    return compute_all(directory, dec, year)[1]


def compute_all(directory, dec=",", year=None):
    """({(city, code, year): row of kennzahlwerte.csv},
    {(ring, code, year): row of ringwerte.csv} in the contract's order)."""
    city_rows = read_table(directory, "cities.csv")
    cities = [r["id"] for r in city_rows]
    rings = rings_of(city_rows)
    kz = read_table(directory, "kennzahlen.csv")
    base = {}
    years = set()
    for r in read_table(directory, "basedata.csv"):
        y = int(r["year"])
        years.add(y)
        flag = r.get("flag") or ""
        value = r["value"]
        if flag == "-":
            base[(r["city"], y, r["code"])] = (0.0, "-")
        elif value == "":
            base[(r["city"], y, r["code"])] = (None, flag if flag in ("x", "/") else ".")
        else:
            base[(r["city"], y, r["code"])] = (to_number(value, dec), flag)
    years = sorted(years)
    report_year = year or years[-1]
    result = {}
    ring_cells = {}
    for k in kz:
        num_tree = ast.parse(k["numerator"], mode="eval")
        den_tree = ast.parse(k["denominator"], mode="eval") if k.get("denominator") else None
        factor = to_number(k["factor"], dec) if k.get("factor") else 1.0
        inputs = names(num_tree) + (names(den_tree) if den_tree else [])
        cell = {}
        for c in cities:
            for y in years:
                got = [base.get((c, y, code), (None, ".")) for code in inputs]
                missing = [f for v, f in got if v is None]
                brk = any(f == "|" for v, f in got)
                if missing:
                    cell[(c, y)] = (None, max(missing, key=MISSING_ORDER.get), None, None, brk)
                    continue
                env = {code: v for code, (v, f) in zip(inputs, got)}
                flag = max((f for v, f in got), key=PRESENT_ORDER.get)
                flag = "" if flag == "-" else flag
                try:
                    n = evaluate(num_tree, env)
                    d = evaluate(den_tree, env) if den_tree else 1.0
                    if d == 0:
                        raise ZeroDivisionError
                    value = n / d * factor
                    if not math.isfinite(value):
                        raise ZeroDivisionError
                    cell[(c, y)] = (value, flag, n, d, brk)
                except ZeroDivisionError:
                    cell[(c, y)] = (None, "x", None, None, brk)
        for ring, members in rings.items():
            for y in years:
                if y <= report_year:
                    vals = [cell[(c, y)] for c in members if cell[(c, y)][0] is not None]
                    ring_cells[(ring, k["code"], y)] = aggregates(vals, factor)
        for y in years:
            agg = aggregates([cell[(c, y)] for c in cities if cell[(c, y)][0] is not None],
                             factor)
            for c in cities:
                value, flag, _, _, brk = cell[(c, y)]
                prev = cell.get((c, y - 1))
                change = None
                # defined only from a positive base to a non-negative value
                if (value is not None and prev and prev[0] is not None and prev[0] > 0
                        and value >= 0 and not brk):
                    change = (value - prev[0]) / prev[0] * 100
                if y <= report_year:
                    result[(c, k["code"], y)] = dict(value=value, flag=flag, change=change, **agg)
    ordered = {}
    for ring in rings:
        for k in kz:
            for y in years:
                if y <= report_year:
                    ordered[(ring, k["code"], y)] = ring_cells[(ring, k["code"], y)]
    return result, ordered


def parse_out(text):
    return None if text == "" else float(text.replace(",", "."))


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


KW_HEADER = ["city", "code", "year", "value", "flag", "change", "gesamtwert", "mittelwert",
             "median", "minimum", "maximum", "anzahl"]
RING_HEADER = ["ring", "code", "year", "gesamtwert", "mittelwert", "median", "minimum",
               "maximum", "anzahl"]


def compare_table(expected, out_csv, header):
    """Differences between an output CSV and the expected rows (keyed by
    the first three columns), and the keys in the file's order."""
    problems = []
    seen = []
    numeric = [c for c in header[3:] if c not in ("flag", "anzahl")]
    with open(out_csv, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        if reader.fieldnames != header:
            return [f"header {reader.fieldnames} != {header}"], seen
        for r in reader:
            key = (r[header[0]], r["code"], int(r["year"]))
            seen.append(key)
            e = expected.get(key)
            if e is None:
                problems.append(f"unexpected row {key}")
                continue
            if "flag" in header and r["flag"] != e["flag"]:
                problems.append(f"{key}: flag {r['flag']!r} != {e['flag']!r}")
            if int(r["anzahl"]) != e["anzahl"]:
                problems.append(f"{key}: anzahl {r['anzahl']} != {e['anzahl']}")
            for col in numeric:
                got, want = parse_out(r[col]), e.get(col)
                if not close(got, want):
                    problems.append(f"{key}: {col} {got!r} != {want!r}")
    for key in expected.keys() - set(seen):
        problems.append(f"missing row {key}")
    return problems, seen


def compare(directory, out_csv, dec=",", year=None):
    """Differences between kennzahlwerte.csv and the recomputation."""
    return compare_table(compute(directory, dec, year), out_csv, KW_HEADER)[0]


def compare_rings(directory, out_csv, dec=",", year=None):
    """Differences between ringwerte.csv and the recomputation, including
    the row order (ring, key figure, year)."""
    expected = compute_rings(directory, dec, year)
    problems, seen = compare_table(expected, out_csv, RING_HEADER)
    if not problems and seen != list(expected):
        problems.append("rows not ordered by ring (first appearance), key figure, year")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("kennzahlwerte")
    ap.add_argument("--ringwerte")
    ap.add_argument("--decimal-point", action="store_true")
    ap.add_argument("--year", type=int)
    args = ap.parse_args()
    dec = "." if args.decimal_point else ","
    problems = compare(args.dataset, args.kennzahlwerte, dec, args.year)
    if args.ringwerte:
        problems += compare_rings(args.dataset, args.ringwerte, dec, args.year)
    for p in problems[:50]:
        print(p)
    if problems:
        print(f"{len(problems)} differences")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
