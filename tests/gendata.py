#!/usr/bin/python3
"""Deterministic generator of SYNTHETIC kvreport datasets (Beispieldaten).

Every number it writes is invented: magnitudes follow the public reports of
the German benchmarking circles, but no figure belongs to a real city.

    gendata.py --default input            the default dataset in input/
    gendata.py OUT --cities 104 --rings 7 --years 20
    gendata.py OUT --nasty --crlf --bom --shuffle --gzip basedata

The same arguments always give the same bytes.
"""
import argparse
import gzip
import os
import random

# The Großstädte circle (since 2021), display order as delivered.
CIRCLE14 = [
    ("HB", "Bremen", "HB", 0.56), ("DO", "Dortmund", "DO", 0.59),
    ("DD", "Dresden", "DD", 0.56), ("DU", "Duisburg", "DU", 0.50),
    ("D", "Düsseldorf", "D", 0.63), ("E", "Essen", "E", 0.59),
    ("F", "Frankfurt am Main", "F", 0.78), ("H", "Region Hannover", "H", 1.19),
    ("K", "Köln", "K", 1.08), ("L", "Leipzig", "L", 0.62),
    ("M", "München", "M", 1.51), ("N", "Nürnberg", "N", 0.53),
    ("HRO", "Rostock", "HRO", 0.21), ("S", "Stuttgart", "S", 0.63),
]

# Base figures: code, label, unit.
CODES = [
    ("EW", "Einwohner insgesamt am 31.12.", "Personen"),
    ("EW_U18", "Einwohner unter 18 Jahren am 31.12.", "Personen"),
    ("EW_18", "Einwohner ab 18 Jahren am 31.12.", "Personen"),
    ("EW_RAG", "Einwohner ab Regelaltersgrenze am 31.12.", "Personen"),
    ("EW_18_RAG", "Einwohner von 18 Jahren bis unter Regelaltersgrenze am 31.12.", "Personen"),
    ("EW_U_RAG", "Einwohner unter Regelaltersgrenze am 31.12.", "Personen"),
    ("HLU_LB", "Leistungsberechtigte HLU a.v.E. am 31.12.", "Personen"),
    ("HLU_AUSZ", "Nettoauszahlungen HLU a.v.E. im Jahr", "EUR"),
    ("GSI_LB", "Leistungsberechtigte GSiAE am 31.12.", "Personen"),
    ("GSI_LB_RAG", "Leistungsberechtigte GSiAE ab Regelaltersgrenze am 31.12.", "Personen"),
    ("GSI_LB_EM", "Leistungsberechtigte GSiAE bei Erwerbsminderung (18 bis unter RAG) am 31.12.",
     "Personen"),
    ("GSI_AUSZ", "Nettoauszahlungen GSiAE im Jahr", "EUR"),
    ("HZP_LB", "Leistungsberechtigte Hilfe zur Pflege am 31.12.", "Personen"),
    ("HZP_LB_AVE", "Leistungsberechtigte Hilfe zur Pflege a.v.E. am 31.12.", "Personen"),
    ("HZP_LB_IE", "Leistungsberechtigte Hilfe zur Pflege i.E. am 31.12.", "Personen"),
    ("HZP_AUSZ_AVE", "Nettoauszahlungen Hilfe zur Pflege a.v.E. im Jahr", "EUR"),
    ("HZP_AUSZ_IE", "Nettoauszahlungen Hilfe zur Pflege i.E. im Jahr", "EUR"),
    ("EGH_LB", "Leistungsberechtigte Eingliederungshilfe am 31.12.", "Personen"),
    ("EGH_LB_WOHN", "Leistungsberechtigte mit Leistungen zum Wohnen am 31.12.", "Personen"),
    ("EGH_LB_AMB", "Leistungsberechtigte Wohnen außerhalb besonderer Wohnformen am 31.12.",
     "Personen"),
    ("EGH_AUSZ", "Nettoauszahlungen Eingliederungshilfe im Jahr", "EUR"),
    ("SGB2_BG", "Bedarfsgemeinschaften SGB II (Jahresdurchschnitt)", "Bedarfsgemeinschaften"),
    ("SGB2_PERS", "Personen in Bedarfsgemeinschaften (Jahresdurchschnitt)", "Personen"),
    ("SGB2_ELB", "Erwerbsfähige Leistungsberechtigte (Jahresdurchschnitt)", "Personen"),
    ("SGB2_ELB_U25", "Erwerbsfähige Leistungsberechtigte unter 25 Jahren (Jahresdurchschnitt)",
     "Personen"),
    ("SGB2_INT", "Integrationen in Erwerbstätigkeit im Jahr", "Integrationen"),
    ("SGB2_AKT", "ELB in Maßnahmen (Jahresdurchschnitt)", "Personen"),
    ("SGB2_AKT_U25", "ELB unter 25 Jahren in Maßnahmen (Jahresdurchschnitt)", "Personen"),
    ("SGB2_LLU", "Ausgaben Leistungen zum Lebensunterhalt im Jahr", "EUR"),
    ("SGB2_KDU", "Ausgaben Kosten der Unterkunft im Jahr", "EUR"),
    ("SGB2_EGL", "Ausgaben Eingliederungsleistungen im Jahr", "EUR"),
    ("SGB2_VERW", "Verwaltungskosten im Jahr", "EUR"),
]

# Key figures: code, area, title, numerator, denominator, factor, unit, decimals, description
KENNZAHLEN = [
    ("KON_ANT_RAG", "Kontext", "Anteil der Einwohner ab Regelaltersgrenze", "EW_RAG", "EW", "100",
     "%", 1, "Einwohner ab Regelaltersgrenze je 100 Einwohner am 31.12."),
    ("KON_ANT_U18", "Kontext", "Anteil der Einwohner unter 18 Jahren", "EW_U18", "EW", "100", "%",
     1, "Einwohner unter 18 Jahren je 100 Einwohner am 31.12."),
    ("KON_SGB2_QUOTE", "Kontext", "SGB-II-Quote", "SGB2_PERS", "EW_U_RAG", "100", "%", 1,
     "Personen in Bedarfsgemeinschaften je 100 Einwohner unter Regelaltersgrenze."),
    ("HLU_DICHTE", "Hilfe zum Lebensunterhalt (3. Kap. SGB XII)",
     "Dichte der Leistungsberechtigten HLU a.v.E.", "HLU_LB", "EW", "1000", "je 1.000 EW", 2,
     "Leistungsberechtigte außerhalb von Einrichtungen am 31.12. je 1.000 Einwohner."),
    ("HLU_AUSZ_LB", "Hilfe zum Lebensunterhalt (3. Kap. SGB XII)",
     "Nettoauszahlungen HLU a.v.E. je Leistungsberechtigten und Monat", "HLU_AUSZ",
     "HLU_LB * 12", "", "EUR", 0, "Jahressumme der Nettoauszahlungen geteilt durch "
     "Leistungsberechtigte am 31.12. und zwölf Monate."),
    ("GSI_DICHTE", "Grundsicherung im Alter und bei Erwerbsminderung (4. Kap. SGB XII)",
     "Dichte der Leistungsberechtigten GSiAE", "GSI_LB", "EW_18", "1000", "je 1.000 EW ab 18", 2,
     "Leistungsberechtigte am 31.12. je 1.000 Einwohner ab 18 Jahren."),
    ("GSI_QUOTE_RAG", "Grundsicherung im Alter und bei Erwerbsminderung (4. Kap. SGB XII)",
     "Quote der Grundsicherung im Alter", "GSI_LB_RAG", "EW_RAG", "100", "%", 2,
     "Leistungsberechtigte ab Regelaltersgrenze je 100 Einwohner ab Regelaltersgrenze."),
    ("GSI_QUOTE_EM", "Grundsicherung im Alter und bei Erwerbsminderung (4. Kap. SGB XII)",
     "Quote der Grundsicherung bei Erwerbsminderung", "GSI_LB_EM", "EW_18_RAG", "100", "%", 2,
     "Leistungsberechtigte von 18 Jahren bis unter Regelaltersgrenze je 100 Einwohner dieses "
     "Alters."),
    ("GSI_AUSZ_LB", "Grundsicherung im Alter und bei Erwerbsminderung (4. Kap. SGB XII)",
     "Nettoauszahlungen GSiAE je Leistungsberechtigten und Monat", "GSI_AUSZ", "GSI_LB * 12", "",
     "EUR", 0, "Jahressumme der Nettoauszahlungen je Leistungsberechtigten und Monat."),
    ("HZP_DICHTE", "Hilfe zur Pflege (7. Kap. SGB XII)", "Dichte der Hilfe zur Pflege", "HZP_LB",
     "EW", "1000", "je 1.000 EW", 2, "Leistungsberechtigte am 31.12. je 1.000 Einwohner."),
    ("HZP_ANT_AVE", "Hilfe zur Pflege (7. Kap. SGB XII)",
     "Anteil der Leistungsberechtigten a.v.E. (ambulant vor stationär)", "HZP_LB_AVE", "HZP_LB",
     "100", "%", 1, "Leistungsberechtigte außerhalb von Einrichtungen je 100 Leistungsberechtigte."),
    ("HZP_AUSZ_AVE", "Hilfe zur Pflege (7. Kap. SGB XII)",
     "Nettoauszahlungen je Leistungsberechtigten a.v.E.", "HZP_AUSZ_AVE", "HZP_LB_AVE", "", "EUR",
     0, "Jahressumme der Nettoauszahlungen außerhalb von Einrichtungen je Leistungsberechtigten."),
    ("HZP_AUSZ_IE", "Hilfe zur Pflege (7. Kap. SGB XII)",
     "Nettoauszahlungen je Leistungsberechtigten i.E.", "HZP_AUSZ_IE", "HZP_LB_IE", "", "EUR", 0,
     "Jahressumme der Nettoauszahlungen in Einrichtungen je Leistungsberechtigten."),
    ("EGH_DICHTE", "Eingliederungshilfe (SGB IX)", "Dichte der Eingliederungshilfe", "EGH_LB", "EW",
     "1000", "je 1.000 EW", 2, "Leistungsberechtigte am 31.12. je 1.000 Einwohner."),
    ("EGH_AMB_QUOTE", "Eingliederungshilfe (SGB IX)", "Ambulantisierungsquote Wohnen",
     "EGH_LB_AMB", "EGH_LB_WOHN", "100", "%", 1,
     "Leistungsberechtigte außerhalb besonderer Wohnformen je 100 Leistungsberechtigte mit "
     "Leistungen zum Wohnen."),
    ("EGH_AUSZ_LB", "Eingliederungshilfe (SGB IX)",
     "Nettoauszahlungen Eingliederungshilfe je Leistungsberechtigten", "EGH_AUSZ", "EGH_LB", "",
     "EUR", 0, "Jahressumme der Nettoauszahlungen je Leistungsberechtigten am 31.12."),
    ("SGB2_PERS_BG", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Personen je Bedarfsgemeinschaft", "SGB2_PERS", "SGB2_BG", "", "Personen", 2,
     "Personen in Bedarfsgemeinschaften je Bedarfsgemeinschaft, Jahresdurchschnitt."),
    ("SGB2_INTQ", "Grundsicherung für Arbeitsuchende (SGB II)", "Integrationsquote", "SGB2_INT",
     "SGB2_ELB", "100", "%", 1,
     "Integrationen im Jahr je 100 erwerbsfähige Leistungsberechtigte."),
    ("SGB2_AKTQ", "Grundsicherung für Arbeitsuchende (SGB II)", "Aktivierungsquote", "SGB2_AKT",
     "SGB2_ELB", "100", "%", 1, "ELB in Maßnahmen je 100 erwerbsfähige Leistungsberechtigte."),
    ("SGB2_AKTQ_U25", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Aktivierungsquote unter 25 Jahren", "SGB2_AKT_U25", "SGB2_ELB_U25", "100", "%", 1,
     "ELB unter 25 Jahren in Maßnahmen je 100 ELB unter 25 Jahren."),
    ("SGB2_KOSTEN_BG", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Gesamtkosten je Bedarfsgemeinschaft und Monat",
     "SGB2_LLU + SGB2_KDU + SGB2_EGL + SGB2_VERW", "SGB2_BG * 12", "", "EUR", 0,
     "Leistungen zum Lebensunterhalt, Kosten der Unterkunft, Eingliederungsleistungen und "
     "Verwaltungskosten je Bedarfsgemeinschaft und Monat."),
    ("SGB2_KDU_BG", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Kosten der Unterkunft je Bedarfsgemeinschaft und Monat", "SGB2_KDU", "SGB2_BG * 12", "",
     "EUR", 0, "Ausgaben für Unterkunft und Heizung je Bedarfsgemeinschaft und Monat."),
    ("SGB2_VERW_BG", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Verwaltungskosten je Bedarfsgemeinschaft und Monat", "SGB2_VERW", "SGB2_BG * 12", "",
     "EUR", 0, "Verwaltungskosten je Bedarfsgemeinschaft und Monat."),
    ("SGB2_EGL_BG", "Grundsicherung für Arbeitsuchende (SGB II)",
     "Eingliederungsleistungen je Bedarfsgemeinschaft und Monat", "SGB2_EGL", "SGB2_BG * 12", "",
     "EUR", 0, "Ausgaben für Eingliederungsleistungen je Bedarfsgemeinschaft und Monat."),
]

NASTY_NAMES = [
    'Halle (Saale); "Händelstadt"',
    "Mülheim an der Ruhr – „Stadt am Fluss“ €",
    "Landkreis\nmit Zeilenumbruch",
    "=HYPERLINK(\"http://example.invalid\")",
    "@Landkreis Groß-Gerau",
    "+49 Stadt",
    "Sankt " + "Ä" * 20 + " " + "x" * 170 + " Ende",  # 200 characters
]

PLACES = [
    "Aachen", "Augsburg", "Bielefeld", "Bochum", "Bonn", "Braunschweig", "Chemnitz", "Darmstadt",
    "Erfurt", "Freiburg", "Gelsenkirchen", "Hagen", "Hamm", "Heidelberg", "Kassel", "Kiel",
    "Krefeld", "Lübeck", "Magdeburg", "Mainz", "Mannheim", "Münster", "Oberhausen", "Osnabrück",
    "Potsdam", "Regensburg", "Saarbrücken", "Solingen", "Ulm", "Wiesbaden", "Wuppertal", "Würzburg",
]


LONG_NAME = ("Städteregion Ölmühle & Söhne _x0041_ " + "Groß-Überlingen-Äußere-Mühle " * 12)[:300]


def long_texts(cities):
    """--long-texts: texts at and beyond what a workbook can hold."""
    cities[0]["name"] = LONG_NAME
    if len(cities) > 1:
        cities[1]["name"] = "Kreis _x0041_ und _x000D_ Ende"
    CODES.append(("Z", "Zählgröße für lange Formeln", "Personen"))
    KENNZAHLEN.append(("LANG_FORMEL", "Kontext", "Summe mit 1.365 Gliedern",
                       "+".join(["Z"] * 1365), "EW", "1000", "je 1.000 EW", 2,
                       "Eine Formel von 2.729 Zeichen."))
    KENNZAHLEN.append(("ZU_LANG", "Kontext", "Summe mit 2.048 Gliedern",
                       "+".join(["Z"] * 2048), "EW", "1000", "je 1.000 EW", 2,
                       "Eine Formel, die in Excel länger als 8.192 Zeichen wäre."))
    k = list(KENNZAHLEN[0])
    k[8] = ("Beschreibung über Excels Grenze hinaus. " * 1000)[:40000]
    KENNZAHLEN[0] = tuple(k)


def fmt(v, dec, decimals):
    s = f"{v:.{decimals}f}"
    return s.replace(".", dec)


# --nasty-rings: ring names a file name or a CSV field can trip over; the
# first is not the alphabetically first, so order of appearance shows.
NASTY_RINGS = [
    "Überörtliche Träger / Süd",
    'Ring "Nord"; Küste',
    "Großstädte Ost – „neu“",
    "Ländliche Kreise " + "ß" * 20 + " " + "x" * 107 + " Ende",  # 150 characters
    "../VR VII",
    "Ring 1",
    "ring 1",
]


# --alike-rings: long ring names that differ only in their last word, as
# the sub-groups of one circle are often named
ALIKE_RING = ("Vergleichsring der kreisfreien Großstädte mit mehr als fünfhunderttausend "
              "Einwohnerinnen und Einwohnern im Bundesgebiet, Teilgruppe ")
ALIKE_ENDS = ["Nord", "Süd", "Ost", "West", "Mitte", "Nordost", "Nordwest", "Südost", "Südwest",
              "Küste"]


def ring_name(i, args):
    if args.nasty_rings:
        return NASTY_RINGS[i % len(NASTY_RINGS)]
    if args.alike_rings:
        end = ALIKE_ENDS[i % len(ALIKE_ENDS)]
        return ALIKE_RING + (end if i < len(ALIKE_ENDS) else f"{end} {i // len(ALIKE_ENDS) + 1}")
    return f"Vergleichsring {i + 1}"


def assign_rings(cities, args):
    """--rings N: participant i in ring i mod N; --ring-sizes A,B,..:
    consecutive blocks of these sizes, the rest in none; --unringed-every K:
    every K-th participant (the first, then every K-th) in no ring."""
    for i, c in enumerate(cities):
        c["group"] = ring_name(i % args.rings, args) if args.rings else ""
    if args.ring_sizes:
        sizes = [int(x) for x in args.ring_sizes.split(",")]
        owner = [r for r, n in enumerate(sizes) for _ in range(n)]
        for i, c in enumerate(cities):
            c["group"] = ring_name(owner[i], args) if i < len(owner) else ""
    if args.unringed_every:
        for c in cities[::args.unringed_every]:
            c["group"] = ""


def make_cities(args, rnd):
    cities = synthetic_cities(args, rnd)
    assign_rings(cities, args)
    return cities


def synthetic_cities(args, rnd):
    if args.cities <= len(CIRCLE14) and (args.default or not (args.rings or args.ring_sizes)):
        chosen = CIRCLE14[:args.cities]
        return [dict(id=i, name=n, short=s, pop=p * 1e6, group="") for i, n, s, p in chosen]
    cities = []
    for i in range(args.cities):
        base = PLACES[i % len(PLACES)]
        kind = "Landkreis" if i % 3 else "Stadt"
        name = f"{kind} {base}" + (f" {i // len(PLACES) + 1}" if i >= len(PLACES) else "")
        pop = rnd.uniform(0.09, 0.6) * 1e6
        cities.append(dict(id=f"T{i + 1:04d}", name=name, short=f"T{i + 1}"[:8], pop=pop,
                           group=""))
    return cities


def city_profile(rnd):
    """Per-participant structure factors, stable over the years."""
    return dict(
        rag=rnd.uniform(0.17, 0.23), u18=rnd.uniform(0.15, 0.18), sgb2=rnd.uniform(0.06, 0.19),
        hlu=rnd.uniform(0.8, 3.5) / 1000, hlu_eur=rnd.uniform(520, 640),
        gsi_rag=rnd.uniform(0.02, 0.10), gsi_em=rnd.uniform(0.01, 0.02),
        gsi_eur=rnd.uniform(940, 990) - 480, hzp=rnd.uniform(3, 7) / 1000,
        hzp_ave=rnd.uniform(0.35, 0.55), hzp_eur_ave=rnd.uniform(8500, 11500),
        hzp_eur_ie=rnd.uniform(14000, 18000), egh=rnd.uniform(7, 12) / 1000,
        egh_amb=rnd.uniform(0.42, 0.60), egh_eur=rnd.uniform(21000, 29000),
        pers_bg=rnd.uniform(1.8, 2.0), intq=rnd.uniform(0.20, 0.30), aktq=rnd.uniform(0.15, 0.25),
        kdu=rnd.uniform(550, 800), verw=rnd.uniform(110, 160), egl=rnd.uniform(50, 90),
        llu=rnd.uniform(750, 900),
    )


def year_values(p, pop, t, rnd):
    """Base figures of one participant in year index t (0 = first year)."""
    g = 1 + 0.004 * t
    drift = lambda: rnd.uniform(0.97, 1.03)
    ew = round(pop * g * rnd.uniform(0.998, 1.002))
    rag = round(ew * p["rag"] * (1 + 0.003 * t))
    u18 = round(ew * p["u18"])
    ew18 = ew - u18
    v = dict(EW=ew, EW_U18=u18, EW_18=ew18, EW_RAG=rag, EW_18_RAG=ew18 - rag, EW_U_RAG=ew - rag)
    v["HLU_LB"] = round(ew * p["hlu"] * drift())
    v["HLU_AUSZ"] = round(v["HLU_LB"] * 12 * p["hlu_eur"] * (1 + 0.03 * t) * drift(), 2)
    v["GSI_LB_RAG"] = round(rag * p["gsi_rag"] * (1 + 0.02 * t) * drift())
    v["GSI_LB_EM"] = round((ew18 - rag) * p["gsi_em"] * drift())
    v["GSI_LB"] = v["GSI_LB_RAG"] + v["GSI_LB_EM"]
    v["GSI_AUSZ"] = round(v["GSI_LB"] * 12 * p["gsi_eur"] * (1 + 0.04 * t) * drift(), 2)
    v["HZP_LB"] = round(ew * p["hzp"] * drift())
    v["HZP_LB_AVE"] = round(v["HZP_LB"] * p["hzp_ave"] * drift())
    v["HZP_LB_IE"] = v["HZP_LB"] - v["HZP_LB_AVE"]
    v["HZP_AUSZ_AVE"] = round(v["HZP_LB_AVE"] * p["hzp_eur_ave"] * (1 + 0.03 * t) * drift(), 2)
    v["HZP_AUSZ_IE"] = round(v["HZP_LB_IE"] * p["hzp_eur_ie"] * (1 + 0.03 * t) * drift(), 2)
    v["EGH_LB"] = round(ew * p["egh"] * drift())
    v["EGH_LB_WOHN"] = round(v["EGH_LB"] * 0.45 * drift())
    v["EGH_LB_AMB"] = round(v["EGH_LB_WOHN"] * p["egh_amb"] * (1 + 0.01 * t))
    v["EGH_AUSZ"] = round(v["EGH_LB"] * p["egh_eur"] * (1 + 0.03 * t) * drift(), 2)
    pers = round(v["EW_U_RAG"] * p["sgb2"] * drift())
    bg = round(pers / p["pers_bg"])
    elb = round(pers * 0.70)
    elb_u25 = round(elb * 0.18)
    v.update(SGB2_PERS=pers, SGB2_BG=bg, SGB2_ELB=elb, SGB2_ELB_U25=elb_u25)
    v["SGB2_INT"] = round(elb * p["intq"] * drift())
    v["SGB2_AKT"] = round(elb * p["aktq"] * drift())
    v["SGB2_AKT_U25"] = round(elb_u25 * p["aktq"] * 1.3 * drift())
    for code, key in (("SGB2_LLU", "llu"), ("SGB2_KDU", "kdu"), ("SGB2_VERW", "verw"),
                      ("SGB2_EGL", "egl")):
        v[code] = round(bg * 12 * p[key] * (1 + 0.025 * t) * drift(), 2)
    return v


def default_flags(years, rows):
    """The realistic flags of the default dataset (see input/README.md)."""
    last = years[-1]
    for (cid, year, code), cell in rows.items():
        # provisional SGB II figures of the latest year for three cities
        if year == last and code.startswith("SGB2_") and cid in ("DU", "K", "HRO"):
            cell[1] = "p"
        # Eingliederungshilfe moved to SGB IX in 2020 ("besondere Wohnform" counted
        # differently): the level jumps, and 2020 carries the break in the series
        if year >= 2020 and code in ("EGH_LB", "EGH_AUSZ"):
            cell[0] = round(cell[0] * 1.35, 2 if code == "EGH_AUSZ" else None)
        if year == 2020 and code.startswith("EGH_"):
            cell[1] = "|"
        # Region Hannover is not responsible for care in institutions (überörtlich)
        if cid == "H" and code in ("HZP_LB_IE", "HZP_AUSZ_IE"):
            cell[0], cell[1] = None, "x"
    def setflag(cid, year, code, value, flag):
        if (cid, year, code) in rows:
            rows[(cid, year, code)] = [value if value is not None else None, flag]
    y0 = years[0]
    setflag("DU", y0 + 3, "HZP_AUSZ_IE", rows.get(("DU", y0 + 3, "HZP_AUSZ_IE"), [0])[0], "s")
    setflag("K", y0 + 3, "SGB2_KDU", rows.get(("K", y0 + 3, "SGB2_KDU"), [0])[0], "r")
    setflag("HRO", y0, "EGH_AUSZ", None, ".")
    setflag("HRO", y0 + 2, "SGB2_INT", None, "/")
    # a jump a statistician would question (plausibility warning, no flag)
    key = ("DO", y0 + 4, "HLU_LB")
    if key in rows:
        rows[key][0] = round(rows[key][0] * 1.38)


def sprinkle_flags(rows, rnd, share):
    """Every flag somewhere, for robustness tests."""
    for key, cell in rows.items():
        if rnd.random() >= share:
            continue
        f = rnd.choice(["p", "r", "s", "|", ".", "x", "/", "-", "-0", "empty"])
        if f in (".", "x", "/"):
            cell[0], cell[1] = None, f
        elif f == "-":
            cell[0], cell[1] = None, "-"
        elif f == "-0":
            cell[0], cell[1] = 0, "-"
        elif f == "empty":
            cell[0], cell[1] = None, ""
        else:
            cell[1] = f


# --negative: sign patterns of the net payments HLU_AUSZ (refunds can exceed
# payments) per participant, year by year: a change from positive to
# negative, from negative to positive, to exactly zero and from zero, and a
# participant negative throughout. The change rate is defined only from a
# positive previous value to a non-negative current one.
NEGATIVE_PATTERNS = [[1, -1, 1, 0, 1], [-1, -1.5, -1, -2, -1], [1, 1, -1, -1, 1]]


def make_negative(rows, cities, years):
    for c, pattern in zip(cities, NEGATIVE_PATTERNS):
        for t, y in enumerate(years):
            cell = rows.get((c["id"], y, "HLU_AUSZ"))
            if cell and cell[0] is not None:
                cell[0] = round(cell[0] * pattern[t % len(pattern)], 2)


LONG_AREA = ("Hilfe zur Gesundheit, Hilfe zur Überwindung besonderer sozialer Schwierigkeiten "
             "und Hilfe in anderen Lebenslagen (5. bis 9. Kapitel SGB XII)")
LONG_UNIT = "EUR je Leistungsberechtigten und Quartal"  # 40 characters


def awkward(args, cities, years, rows, rnd):
    """Awkward but valid data for the layout tests (options --negative,
    --magnitudes, --empty-kz, --long-names, --kz); returns the extra base
    figures and key figures."""
    codes, kzs = [], []
    if args.negative:
        # a net migration that changes sign: negative values and changes across 0
        codes.append(("SALDO", "Wanderungssaldo im Jahr", "Saldo (Personen)"))
        kzs.append(("KON_SALDO", "Kontext", "Wanderungssaldo je 1.000 Einwohner", "SALDO", "EW",
                    "1000", "je 1.000 EW", 1, "Zuzüge minus Fortzüge je 1.000 Einwohner."))
        for i, c in enumerate(cities):
            base = rnd.uniform(-9, 7)
            for t, y in enumerate(years):
                ew = rows[(c["id"], y, "EW")][0]
                rate = base + (t - len(years) / 2) * (1.5 if i % 2 else -1.5)
                # no population (--missing, --all-flags): no balance either
                rows[(c["id"], y, "SALDO")] = ([None, "."] if ew is None else
                                               [round(ew * rate / 1000), ""])
    if args.magnitudes:
        # one key figure from 1e-3 to 1e9 across the participants
        codes.append(("SPANNE", "Zahlenspanne (synthetisch)", "EUR"))
        kzs.append(("GR_SPANNE", "Kontext", "Zahlenspanne über zwölf Größenordnungen", "SPANNE",
                    "", "1", "EUR", 3, ""))
        n = max(len(cities) - 1, 1)
        for i, c in enumerate(cities):
            for t, y in enumerate(years):
                rows[(c["id"], y, "SPANNE")] = [round(10 ** (-3 + 12 * i / n) * (1 + 0.01 * t),
                                                      3), ""]
    if args.empty_kz:
        # delivered in earlier years only: no value at all in the report year
        codes.append(("NEU_LB", "Leistungsberechtigte einer neuen Hilfeart am 31.12.", "Personen"))
        kzs.append(("NEU_DICHTE", "Kontext", "Dichte einer neuen Hilfeart", "NEU_LB", "EW",
                    "1000", "je 1.000 EW", 2, "Bis zum Vorjahr erhoben."))
        for c in cities:
            for y in years:
                ew = rows[(c["id"], y, "EW")][0]
                rows[(c["id"], y, "NEU_LB")] = ([None, "."] if y == years[-1] or ew is None else
                                                [round(ew * rnd.uniform(0.5, 2) / 1000), ""])
    if args.long_names:
        for i, c in enumerate(cities):
            c["name"] = (f"Zweckverband für soziale Sicherung und Teilhabe im Landkreis {c['name']} "
                         "und den kreisangehörigen Gemeinden des Verbandsgebiets, "
                         "Geschäftsbereich Grundsicherung und Hilfe zur Pflege")[:120 + 8 * (i % 10)]
        codes.append(("LANG_AUSZ", "Nettoauszahlungen einer Leistung mit einer sehr langen "
                                   "Bezeichnung im Jahr", "EUR"))
        kzs.append(("LANG_EUR", LONG_AREA,
                    "Nettoauszahlungen je Leistungsberechtigten und Kalendermonat einer Leistung, "
                    "deren Titel so lang ist, wie ihn eine Arbeitsgruppe vereinbaren kann",
                    "LANG_AUSZ", "HLU_LB * 12", "1", LONG_UNIT, 2, ""))
        for c in cities:
            for y in years:
                lb = rows[(c["id"], y, "HLU_LB")][0]
                rows[(c["id"], y, "LANG_AUSZ")] = ([None, "."] if lb is None else
                                                   [round(lb * 12 * rnd.uniform(80, 140), 2), ""])
    for n in range(max(0, args.kz - len(KENNZAHLEN) - len(kzs))):
        # more key figures, in long-named areas, some titles repeated across areas
        k = KENNZAHLEN[n % len(KENNZAHLEN)]
        area = f"{LONG_AREA}, Teil {n // 20 + 1}"
        kzs.append((f"X{n + 1:03d}_{k[0]}"[:32], area, k[2], *k[3:]))
    return codes, kzs


def write_csv(path, header, records, args, sep=";"):
    def q(s):
        s = str(s)
        if any(ch in s for ch in ';"\r\n'):
            return '"' + s.replace('"', '""') + '"'
        return s
    eol = "\r\n" if args.crlf else "\n"
    text = ("\ufeff" if args.bom else "") + eol.join(
        sep.join(q(f) for f in r) for r in [header] + records) + eol
    data = text.encode("utf-8")
    name = os.path.basename(path)[:-4]
    if name in args.gzip:
        with open(path + ".gz", "wb") as f:
            f.write(gzip.compress(data, mtime=0))
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--default", action="store_true", help="the default dataset (14 cities)")
    ap.add_argument("--cities", type=int, default=14)
    ap.add_argument("--rings", type=int, default=0)
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--first-year", type=int, default=2019)
    ap.add_argument("--seed", type=int, default=20241231)
    ap.add_argument("--nasty", action="store_true", help="names with every nasty character")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--bom", action="store_true")
    ap.add_argument("--shuffle", action="store_true", help="shuffle basedata rows")
    ap.add_argument("--gzip", nargs="*", default=[], help="files to write as .csv.gz")
    ap.add_argument("--decimal-point", action="store_true")
    ap.add_argument("--all-flags", type=float, default=0.0, metavar="SHARE",
                    help="put random flags on this share of base figures")
    ap.add_argument("--ring-sizes", metavar="A,B,...",
                    help="rings of these sizes in consecutive participants, the rest in none")
    ap.add_argument("--unringed-every", type=int, default=0, metavar="K",
                    help="every K-th participant in no ring")
    ap.add_argument("--nasty-rings", action="store_true",
                    help="ring names with umlauts, '/', quotes, ';' and 150 characters")
    ap.add_argument("--alike-rings", action="store_true",
                    help="long ring names that differ only in their last word")
    ap.add_argument("--negative", action="store_true",
                    help="negative and zero net payments with sign changes (HLU_AUSZ) and a "
                         "key figure with negative values (a migration balance)")
    ap.add_argument("--long-texts", action="store_true",
                    help="texts at Excel's limits: a 300-character multi-byte name with & and "
                         "_x0041_, a 40,000-character description, formulas of 2,729 and "
                         "4,095 characters")
    ap.add_argument("--magnitudes", action="store_true", help="a key figure from 1e-3 to 1e9")
    ap.add_argument("--empty-kz", action="store_true",
                    help="a key figure without any value in the report year")
    ap.add_argument("--long-names", action="store_true",
                    help="120-200-character names, a long area, title and a 40-character unit")
    ap.add_argument("--kz", type=int, default=0, help="at least this many key figures")
    ap.add_argument("--missing", type=float, default=0.0, metavar="SHARE",
                    help="many missing values: this share of base figures delivered as '.' "
                         "(empty), and every third participant without any data in one year")
    ap.add_argument("--monitoring", type=int, default=None, metavar="N",
                    help="a `monitoring` column: N key figures, evenly spread, ja, the rest nein")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    dec = "." if args.decimal_point else ","
    os.makedirs(args.out, exist_ok=True)
    for name in ("cities", "codes", "kennzahlen", "basedata", "info"):
        for suffix in (".csv", ".csv.gz"):
            if os.path.exists(os.path.join(args.out, name + suffix)):
                os.remove(os.path.join(args.out, name + suffix))

    cities = make_cities(args, rnd)
    if args.nasty:
        for i, n in enumerate(NASTY_NAMES[:len(cities)]):
            cities[i]["name"] = n
    if args.long_texts:
        long_texts(cities)
    years = list(range(args.first_year, args.first_year + args.years))
    profiles = [city_profile(rnd) for _ in cities]

    rows = {}
    for c, p in zip(cities, profiles):
        for t, y in enumerate(years):
            for code, v in year_values(p, c["pop"], t, rnd).items():
                rows[(c["id"], y, code)] = [v, ""]
    if args.default or (args.cities <= 14 and not (args.rings or args.ring_sizes)):
        default_flags(years, rows)
    if args.all_flags:
        sprinkle_flags(rows, rnd, args.all_flags)
    if args.negative:
        make_negative(rows, cities, years)
    if args.long_texts:
        for c in cities:
            for y in years:
                rows[(c["id"], y, "Z")] = [1, ""]
    if args.missing:
        make_missing(rows, cities, years, rnd, args.missing)
    extra_codes, extra_kz = awkward(args, cities, years, rows, rnd)
    codes, kennzahlen = CODES + extra_codes, KENNZAHLEN + extra_kz

    write_csv(os.path.join(args.out, "cities.csv"), ["id", "name", "short", "group", "email"],
              [[c["id"], c["name"], c["short"], c["group"],
                f"sozialplanung@{c['id'].lower()}.example, controlling@{c['id'].lower()}.example"]
               for c in cities], args)
    write_csv(os.path.join(args.out, "codes.csv"), ["code", "label", "unit"],
              [list(c) for c in codes], args)
    kz_head = ["code", "area", "title", "numerator", "denominator", "factor", "unit", "decimals",
               "description"]
    kz_rows = [[k[0], k[1], k[2], k[3], k[4], k[5].replace(".", dec), k[6], k[7], k[8]]
               for k in kennzahlen]
    if args.monitoring is not None:
        picked = {i * len(kz_rows) // args.monitoring for i in range(args.monitoring)} \
            if args.monitoring else set()
        kz_head.append("monitoring")
        for i, row in enumerate(kz_rows):
            row.append("ja" if i in picked else "nein")
    write_csv(os.path.join(args.out, "kennzahlen.csv"), kz_head, kz_rows, args)
    records = []
    for (cid, y, code), (v, flag) in rows.items():
        unit = next(u for c, _, u in codes if c == code)
        if v is None:
            val = ""
        else:
            val = fmt(v, dec, 2 if unit == "EUR" else 0)
        records.append([cid, y, code, val, flag])
    if args.shuffle:
        rnd.shuffle(records)
    write_csv(os.path.join(args.out, "basedata.csv"), ["city", "year", "code", "value", "flag"],
              records, args)
    write_csv(os.path.join(args.out, "info.csv"), ["key", "value"],
              [["beispieldaten", "ja"],
               ["hinweis", "Synthetische Beispieldaten, erzeugt von tests/gendata.py; "
                           "keine echten Zahlen einer Stadt."]], args)


def make_missing(rows, cities, years, rnd, share):
    """Base figures not delivered (value empty, flag '.'): a share of all,
    and for every third participant all of one year (a gap in the middle of
    its series)."""
    for key, cell in rows.items():
        if rnd.random() < share:
            cell[:] = [None, "."]
    for i, c in enumerate(cities):
        if i % 3 == 0 and len(years) > 2:
            y = years[1 + i % (len(years) - 2)]
            for key, cell in rows.items():
                if key[0] == c["id"] and key[1] == y:
                    cell[:] = [None, "."]


if __name__ == "__main__":
    main()
