/* Unit tests for the safe file-name stems. */
#include "testutil.h"

#include "fname.h"

static void stem_is(const char *name, const char *want)
{
    char buf[FNAME_MAX + 1];
    size_t n = fname_stem(name, buf, sizeof buf);
    if (strcmp(buf, want) != 0 || n != strlen(want))
        fail_msg("stem of \"%s\": got \"%s\" (%zu), want \"%s\"", name, buf, n, want);
}

static void test_transliteration(void **state)
{
    (void)state;
    stem_is("Vergleichsring 1", "Vergleichsring-1");
    stem_is("Überörtliche Träger / Süd", "Ueberoertliche-Traeger-Sued");
    stem_is("Großstädte ÄÖÜ äöü ß ẞ", "Grossstaedte-AeOeUe-aeoeue-ss-SS");
    stem_is("Genève, Ålesund, Søby, Ærø", "Geneve-Alesund-Soby-AEro");
    /* decomposed umlauts (NFD), as some tools on macOS write them */
    stem_is("Mu\xcc\x88nster O\xcc\x88", "Muenster-Oe");
    stem_is("x\xcc\x88", "x");
    stem_is("2 × 3 ÷ 4", "2-3-4");
}

static void test_separators(void **state)
{
    (void)state;
    stem_is("../VR VII", "VR-VII");
    stem_is("Ring \"Nord\"; Küste", "Ring-Nord-Kueste");
    stem_is("  --a__b..c  ", "a-b-c");
    stem_is("Zeilen\numbruch\ttab", "Zeilen-umbruch-tab");
    stem_is("日本 Ring €", "Ring");
    stem_is("\xff\xfe invalid \xc3", "invalid");
    stem_is("/// ..", "");
    stem_is("", "");
}

static void test_length_bound(void **state)
{
    (void)state;
    char name[400], want[FNAME_MAX + 1], buf[FNAME_MAX + 1];
    memset(name, 'x', 300);
    name[300] = '\0';
    memset(want, 'x', FNAME_MAX);
    want[FNAME_MAX] = '\0';
    stem_is(name, want);
    /* an umlaut that no longer fits whole is left out, not cut in half */
    memset(name, 'a', FNAME_MAX - 1);
    strcpy(name + FNAME_MAX - 1, "ü");
    assert_int_equal(fname_stem(name, buf, sizeof buf), FNAME_MAX - 1);
    /* a small buffer */
    assert_int_equal(fname_stem("Übersicht", buf, 4), 3);
    assert_string_equal(buf, "Ueb");
    assert_int_equal(fname_stem("Übersicht", buf, 1), 0);
    assert_string_equal(buf, "");
    /* no '-' at the end when the cut falls after a separator */
    memset(name, 'b', FNAME_MAX);
    strcpy(name + FNAME_MAX, " c");
    memset(want, 'b', FNAME_MAX);
    stem_is(name, want);
}

static void test_unique(void **state)
{
    (void)state;
    char longname[200];
    memset(longname, 'L', 150);
    longname[150] = '\0';
    const char *names[] = {"Ring 1", "ring 1", "Ring/1", "Ring-1-2", "",      "???",
                           "CON",    "nul",    longname, longname,   "Ring 1"};
    size_t n = sizeof names / sizeof *names;
    char **f = fname_unique(names, n, "ring");
    assert_non_null(f);
    assert_string_equal(f[0], "Ring-1");
    assert_string_equal(f[1], "ring-1-2"); /* case-insensitive file systems */
    assert_string_equal(f[2], "Ring-1-3");
    assert_string_equal(f[3], "Ring-1-2-2"); /* its own stem was taken */
    assert_string_equal(f[4], "ring");
    assert_string_equal(f[5], "ring-2");
    assert_string_equal(f[6], "CON-2"); /* Windows device names */
    assert_string_equal(f[7], "nul-2");
    assert_int_equal(strlen(f[8]), FNAME_MAX);
    assert_int_equal(strlen(f[9]), FNAME_MAX);
    assert_string_equal(f[9] + FNAME_MAX - 2, "-2");
    assert_string_equal(f[10], "Ring-1-4");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(f[i], f[j]) == 0)
                fail_msg("%zu and %zu both \"%s\"", j, i, f[i]);
    fname_list_free(f, n);
    /* the same input gives the same names */
    char **g = fname_unique(names, n, "ring");
    assert_non_null(g);
    assert_string_equal(g[3], "Ring-1-2-2");
    fname_list_free(g, n);
    assert_non_null((g = fname_unique(NULL, 0, "ring")));
    fname_list_free(g, 0);
}

/* Many names with one stem: every suffix is found, all stay unique. */
static void test_unique_many(void **state)
{
    (void)state;
    enum { N = 1000 };
    const char *names[N];
    for (size_t i = 0; i < N; i++)
        names[i] = i % 2 ? "Ä" : "ae";
    char **f = fname_unique(names, N, "ring");
    assert_non_null(f);
    assert_string_equal(f[0], "ae");
    assert_string_equal(f[1], "Ae-2");
    assert_string_equal(f[N - 1], "Ae-1000");
    fname_list_free(f, N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transliteration), cmocka_unit_test(test_separators),
        cmocka_unit_test(test_length_bound),    cmocka_unit_test(test_unique),
        cmocka_unit_test(test_unique_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
