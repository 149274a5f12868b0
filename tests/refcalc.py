#!/usr/bin/python3
"""Independent recomputation of kennzahlwerte.csv from a dataset directory.

Written from the input contract alone, sharing no code with the C engine:
Python's csv module reads the files, Python's ast evaluates the formulas.

    refcalc.py DATASET KENNZAHLWERTE.csv [--decimal-point] [--year Y]

exits 0 when every row matches to 1e-9 relative, else prints the
differences and exits 1.
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


def compute(directory, dec=",", year=None):
    cities = [r["id"] for r in read_table(directory, "cities.csv")]
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
        for y in years:
            vals = [cell[(c, y)] for c in cities if cell[(c, y)][0] is not None]
            n = len(vals)
            agg = dict(anzahl=n)
            if n:
                sd = sum(v[3] for v in vals)
                agg["gesamtwert"] = sum(v[2] for v in vals) / sd * factor if sd != 0 else None
                xs = [v[0] for v in vals]
                agg.update(mittelwert=sum(xs) / n, median=statistics.median(xs), minimum=min(xs),
                           maximum=max(xs))
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
    return result


def parse_out(text):
    return None if text == "" else float(text.replace(",", "."))


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def compare(directory, out_csv, dec=",", year=None):
    expected = compute(directory, dec, year)
    problems = []
    seen = set()
    with open(out_csv, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        want_header = ["city", "code", "year", "value", "flag", "change", "gesamtwert",
                       "mittelwert", "median", "minimum", "maximum", "anzahl"]
        if reader.fieldnames != want_header:
            return [f"header {reader.fieldnames} != {want_header}"]
        for r in reader:
            key = (r["city"], r["code"], int(r["year"]))
            seen.add(key)
            e = expected.get(key)
            if e is None:
                problems.append(f"unexpected row {key}")
                continue
            if r["flag"] != e["flag"]:
                problems.append(f"{key}: flag {r['flag']!r} != {e['flag']!r}")
            if int(r["anzahl"]) != e["anzahl"]:
                problems.append(f"{key}: anzahl {r['anzahl']} != {e['anzahl']}")
            for col in ("value", "change", "gesamtwert", "mittelwert", "median", "minimum",
                        "maximum"):
                got, want = parse_out(r[col]), e.get(col)
                if not close(got, want):
                    problems.append(f"{key}: {col} {got!r} != {want!r}")
    for key in expected.keys() - seen:
        problems.append(f"missing row {key}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("kennzahlwerte")
    ap.add_argument("--decimal-point", action="store_true")
    ap.add_argument("--year", type=int)
    args = ap.parse_args()
    problems = compare(args.dataset, args.kennzahlwerte, "." if args.decimal_point else ",",
                       args.year)
    for p in problems[:50]:
        print(p)
    if problems:
        print(f"{len(problems)} differences")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
