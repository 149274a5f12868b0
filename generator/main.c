/* main.c - the command line (SPEC section 3); everything else is in run.c. */
#include "run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KV_VERSION
#define KV_VERSION "0.0.0"
#endif

static void usage(FILE *fp)
{
    fputs("Aufruf: kvreport [Optionen]\n"
          "Erzeugt aus einem Datensatz des Kennzahlenvergleichs den Monitoringbericht (PDF),\n"
          "je Teilnehmer eine Arbeitsmappe und einen Bericht, je Vergleichsring einen\n"
          "Bericht, Mail-Entwürfe, die Kennzahlwerte und den Prüfbericht.\n"
          "\n"
          "  -i, --input DIR       Datensatz-Verzeichnis                 (Vorgabe: input)\n"
          "  -l, --layout FILE     Berichtslayout  (Vorgabe: standard.layout des Programms)\n"
          "  -o, --output DIR      Ausgabeverzeichnis                    (Vorgabe: output)\n"
          "  -y, --year YEAR       Berichtsjahr          (Vorgabe: letztes Jahr in den Daten)\n"
          "      --draft           Entwurf: ENTWURF mit Zeitstempel auf jeder Seite und Mappe\n"
          "      --city ID         nur Arbeitsmappe/Mail dieser Teilnehmer (wiederholbar)\n"
          "  -j, --jobs N          gleichzeitig arbeitende Prozesse (Vorgabe: CPUs)\n"
          "      --check           nur prüfen: schreibt nur validation.csv\n"
          "      --mail            auch Mail-Entwürfe (mail/ID.eml, mail/manifest.csv)\n"
          "      --decimal-point   Zahlen im Datensatz mit Dezimalpunkt statt -komma\n"
          "      --shard K/N       Arbeit auf N+1 Läufe (Rechner) verteilen: K=0 schreibt nur\n"
          "                        den Bericht, K=1..N nur Arbeitsmappen und Mails der\n"
          "                        Teilnehmer K, K+N, K+2N, ... (Reihenfolge in cities.csv)\n"
          "      --warn-change PCT Warnung, wenn sich eine Basiszahl gegenüber dem Vorjahr\n"
          "                        um mehr als PCT Prozent ändert (Vorgabe: 30; 0 = aus)\n"
          "  -q, --quiet           nur Fehler ausgeben (für cron)\n"
          "  -h, --help            diese Hilfe\n"
          "      --version         Version\n"
          "\n"
          "Ergebnisse unter OUT/JAHR/: monitoring-JAHR.pdf, charts/, annex/ID.xlsx,\n"
          "berichte/ID.pdf, ringe/ (je Vergleichsring), mail/, kennzahlwerte.csv,\n"
          "ringwerte.csv, aenderungen.csv (gegenüber dem vorigen Lauf), validation.csv.\n"
          "Exit-Codes: 0 Erfolg, 64 falscher Aufruf, 65 Datenfehler, 66 Eingabe fehlt,\n"
          "70 interner Fehler, 73 Ausgabe nicht schreibbar, 75 anderer Lauf aktiv.\n",
          fp);
}

/* Prints "what „arg“" and the usage hint; returns the exit code of a
 * wrong call. */
static int bad_usage(const char *what, const char *arg)
{
    fprintf(stderr, "kvreport: %s \xE2\x80\x9E%s\xE2\x80\x9C\n", what, arg);
    fprintf(stderr, "Aufruf: kvreport [Optionen]; mehr mit kvreport --help\n");
    return kv_exit_code(KV_ERR_USAGE);
}

/* Parses a whole decimal number in [lo, hi]; -1 otherwise. */
static long parse_long(const char *s, long lo, long hi)
{
    char *end;
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
        return -1;
    long v = strtol(s, &end, 10);
    return v < lo || v > hi ? -1 : v;
}

/* The last second of the year 9999: dates beyond it have no four-digit
 * year, which every output's date format assumes. */
#define EPOCH_MAX 253402300799LL

/* SOURCE_DATE_EPOCH as the reproducible-builds specification defines it:
 * decimal digits only, the output of `date +%s`. Unset: 0 and *set = 0;
 * set and well-formed (0 to EPOCH_MAX): 0 and *set = 1; else -1. */
static int parse_epoch(const char *e, long long *out, int *set)
{
    *set = 0;
    if (!e)
        return 0;
    size_t n = strlen(e);
    if (n == 0 || n > 12 || strspn(e, "0123456789") != n)
        return -1;
    long long v = strtoll(e, NULL, 10);
    if (v > EPOCH_MAX)
        return -1;
    *out = v;
    *set = 1;
    return 0;
}

enum {
    OPT_DRAFT = 256,
    OPT_CITY,
    OPT_CHECK,
    OPT_MAIL,
    OPT_DECPOINT,
    OPT_VERSION,
    OPT_WARN,
    OPT_SHARD
};

/* "K/N" with 0 <= K <= N, 1 <= N <= 10000; 0 or -1. */
static int parse_shard(const char *s, int *k, int *n)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || (size_t)(slash - s) > 9)
        return -1;
    char kbuf[16];
    memcpy(kbuf, s, (size_t)(slash - s));
    kbuf[slash - s] = '\0';
    long kv = parse_long(kbuf, 0, 10000), nv = parse_long(slash + 1, 1, 10000);
    if (kv < 0 || nv < 0 || kv > nv)
        return -1;
    *k = (int)kv;
    *n = (int)nv;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},
        {"layout", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'},
        {"year", required_argument, NULL, 'y'},
        {"draft", no_argument, NULL, OPT_DRAFT},
        {"city", required_argument, NULL, OPT_CITY},
        {"jobs", required_argument, NULL, 'j'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"mail", no_argument, NULL, OPT_MAIL},
        {"decimal-point", no_argument, NULL, OPT_DECPOINT},
        {"warn-change", required_argument, NULL, OPT_WARN},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    run_options opt = {.input = "input", .output = "output", .decimal = ',', .change_warn = 0.30};
    const char **cities = calloc((size_t)argc + 1, sizeof *cities);
    if (!cities)
        return kv_exit_code(KV_ERR_NOMEM);
    opt.cities = cities;
    opterr = 0;
    int c, rc = -1; /* the exit code, once decided */
    long v;
    while (rc < 0 && (c = getopt_long(argc, argv, ":i:l:o:y:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            opt.input = optarg;
            break;
        case 'l':
            opt.layout = optarg;
            break;
        case 'o':
            opt.output = optarg;
            break;
        case 'y':
            if ((v = parse_long(optarg, 1000, 9999)) < 0)
                rc = bad_usage("--year erwartet eine vierstellige Jahreszahl, nicht", optarg);
            opt.year = (int)v;
            break;
        case 'j':
            if ((v = parse_long(optarg, 1, 1024)) < 0)
                rc = bad_usage("--jobs erwartet eine Zahl von 1 bis 1024, nicht", optarg);
            opt.jobs = (int)v;
            break;
        case OPT_DRAFT:
            opt.draft = 1;
            break;
        case OPT_CITY:
            cities[opt.ncities++] = optarg;
            break;
        case OPT_CHECK:
            opt.check = 1;
            break;
        case OPT_MAIL:
            opt.mail = 1;
            break;
        case OPT_DECPOINT:
            opt.decimal = '.';
            break;
        case OPT_WARN:
            if ((v = parse_long(optarg, 0, 100000)) < 0)
                rc = bad_usage("--warn-change erwartet eine ganze Prozentzahl, nicht", optarg);
            opt.change_warn = (double)v / 100;
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &opt.shard_k, &opt.shard_n) < 0)
                rc = bad_usage("--shard erwartet K/N mit 0 <= K <= N, z. B. 3/8, nicht", optarg);
            break;
        case 'q':
            opt.quiet = 1;
            break;
        case 'h':
            usage(stdout);
            rc = 0;
            break;
        case OPT_VERSION:
            printf("kvreport " KV_VERSION "\n");
            rc = 0;
            break;
        case ':':
            rc = bad_usage("diese Option verlangt einen Wert:", argv[optind - 1]);
            break;
        default:
            rc = bad_usage("unbekannte Option", argv[optind - 1]);
            break;
        }
    }
    if (rc < 0 && optind < argc)
        rc = bad_usage("unerwartetes Argument", argv[optind]);
    if (rc < 0 && parse_epoch(getenv("SOURCE_DATE_EPOCH"), &opt.epoch, &opt.epoch_set) < 0)
        rc = bad_usage("SOURCE_DATE_EPOCH muss eine ganze Zahl von Sekunden seit 1970 sein "
                       "(0 bis 253402300799, nur Ziffern), nicht",
                       getenv("SOURCE_DATE_EPOCH"));
    if (rc < 0)
        rc = kv_exit_code(run_job(&opt));
    free(cities);
    return rc;
}
