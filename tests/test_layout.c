/* Unit tests for the layout parser's checks: numbers, senders, fonts,
 * forbidden characters and the text sections' references. */
#include "testutil.h"

#include "dataset.h"
#include "layout.h"

static const char *const FONT_DIRS[] = {"/usr/share/fonts/truetype/noto", NULL};

typedef struct {
    char *dir, path[512];
    diag_list *diag;
    layout *l;
} lfix;

static int lsetup(void **state)
{
    lfix *f = calloc(1, sizeof *f);
    f->dir = tu_mkdtemp();
    f->diag = diag_new(100);
    snprintf(f->path, sizeof f->path, "%s/t.layout", f->dir);
    *state = f;
    return 0;
}

static int lteardown(void **state)
{
    lfix *f = *state;
    layout_free(f->l);
    diag_free(f->diag);
    tu_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Loads text as a layout into a fresh diagnostics list. */
static layout *load(lfix *f, const char *text)
{
    layout_free(f->l);
    diag_free(f->diag);
    f->diag = diag_new(100);
    tu_write(f->dir, "t.layout", text);
    f->l = layout_load(f->path, FONT_DIRS, f->diag);
    return f->l;
}

static void expect_error(lfix *f, const char *text, long line, const char *fragment)
{
    if (load(f, text) || !tu_has(f->diag, DIAG_ERROR, "t.layout", line, fragment)) {
        tu_dump(f->diag);
        fail_msg("expected t.layout:%ld error containing \"%s\" for: %s", line, fragment, text);
    }
}

static void test_numbers_are_finite_and_in_range(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[seite]\nrand_mm = 20 20,5 22.25 60\ndiagramm_dpi = 150\n"));
    assert_true(f->l->margin[1] == 20.5 * 72.0 / 25.4);
    assert_true(f->l->margin[2] == 22.25 * 72.0 / 25.4);
    assert_int_equal(f->l->dpi, 150);
    static const char *const bad[] = {"nan nan nan nan", "inf 20 20 20",  "20 20 20 -inf",
                                      "1e1 20 20 20",    "0x10 20 20 20", "20 20 20",
                                      "20 20 20 20 20",  "4 20 20 20",    "20 20 20 61",
                                      "20. 20 20 20",    "+20 20 20 20",  "20 20 20 20x"};
    char text[200];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(text, sizeof text, "# x\n[seite]\nrand_mm = %s\n", bad[i]);
        expect_error(f, text, 3, "rand_mm");
    }
    static const char *const dpi[] = {"nan", "1e3", "300.5", "71", "1201", "-300", "99999999999"};
    for (size_t i = 0; i < sizeof dpi / sizeof *dpi; i++) {
        snprintf(text, sizeof text, "[seite]\ndiagramm_dpi = %s\n", dpi[i]);
        expect_error(f, text, 2, "diagramm_dpi");
    }
}

static void test_senders_are_checked(void **state)
{
    lfix *f = *state;
    assert_non_null(
        load(f, "[mail]\nabsender = Stelle Ü <kv@x.example>\nantwort_an = antwort@y.example\n"));
    assert_string_equal(f->l->mail_from_name, "Stelle Ü");
    assert_string_equal(f->l->mail_from_addr, "kv@x.example");
    assert_string_equal(f->l->mail_reply_name, "");
    assert_string_equal(f->l->mail_reply_addr, "antwort@y.example");
    assert_non_null(load(f, "[bericht]\ntitel = T\n"));
    assert_null(f->l->mail_from_addr); /* the mail writer's default then */
    expect_error(f, "[mail]\nabsender = Evil <a@b.example> @evil.example\rBcc:root\n", 2,
                 "absender");
    expect_error(f, "[mail]\n\nantwort_an = J <jürgen@x.example>\n", 3, "Nicht-ASCII");
}

static void test_report_format(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[bericht]\ntitel = T\n"));
    assert_int_equal(f->l->compact, 0); /* the default: ausfuehrlich */
    assert_non_null(load(f, "[bericht]\nformat = kompakt\n"));
    assert_int_equal(f->l->compact, 1);
    assert_non_null(load(f, "[bericht]\nformat = ausfuehrlich\n"));
    assert_int_equal(f->l->compact, 0);
    static const char *const bad[] = {"Kompakt", "kurz", "", "kompakt x"};
    char text[200];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(text, sizeof text, "# x\n[bericht]\nformat = %s\n", bad[i]);
        expect_error(f, text, 3, "format");
    }
}

/* The publication apparatus: the imprint's licence and citation, the
 * summary page as a section with its text, the profiles' term. */
static void test_publication_keys(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[bericht]\ntitel = T\n"));
    assert_null(f->l->licence);
    assert_null(f->l->citation);
    assert_null(f->l->profile);
    assert_true(f->l->sections & LAY_SEC_SUMMARY); /* the default: every section */
    assert_non_null(load(f, "[bericht]\nlizenz = CC BY 4.0\nzitiervorschlag = So.\nprofil = "
                            "Kreisprofil\nabschnitte = titel, ergebnisse\n[text ergebnisse]\n"
                            "Kurz gesagt.\n"));
    assert_string_equal(f->l->licence, "CC BY 4.0");
    assert_string_equal(f->l->citation, "So.");
    assert_string_equal(f->l->profile, "Kreisprofil");
    assert_int_equal(f->l->sections, LAY_SEC_COVER | LAY_SEC_SUMMARY);
    assert_string_equal(layout_text(f->l, "ergebnisse", NULL), "Kurz gesagt.");
    assert_non_null(load(f, "[bericht]\nabschnitte = titel, inhalt\n"));
    assert_false(f->l->sections & LAY_SEC_SUMMARY);
    expect_error(f, "[bericht]\nprofil = Gemeindeprofil\n", 2, "profil");
    expect_error(f, "[bericht]\nabschnitte = titel, zentrale\n", 2, "ergebnisse");
    expect_error(f, "[text ergebnisse x]\nText\n", 1, "Textabschnitt");
}

/* A second text section of the same kind and name is an error naming both
 * lines: it used to be ignored behind the first (found by fuzz_layout). */
static void test_duplicate_text_sections(void **state)
{
    lfix *f = *state;
    expect_error(f, "[text mail]\n\n[text mail]\nHallo\n", 3, "doppelt (zuerst in Zeile 1)");
    expect_error(f, "[text bereich A]\nx\n[text bereich A]\ny\n", 3, "doppelt");
    assert_non_null(load(f, "[text bereich A]\nx\n[text bereich B]\ny\n[text mail]\nz\n"));
    assert_string_equal(layout_text(f->l, "bereich", "B"), "y");
}

static void test_fonts_are_real_truetype_files(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[schrift]\nnormal = NotoSans-Regular.ttf\n"));
    expect_error(f, "[schrift]\nnormal = /etc/passwd\n", 2, "keine gültige Schriftdatei");
    /* half a font: the table directory is there, the glyphs are not */
    FILE *in = fopen("/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf", "rb");
    assert_non_null(in);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    char path[600];
    snprintf(path, sizeof path, "%s/half.ttf", f->dir);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    fwrite(buf, 1, n / 2, out);
    fclose(out);
    char text[800];
    snprintf(text, sizeof text, "[schrift]\n\nkursiv = %s\n", path);
    expect_error(f, text, 3, "keine gültige Schriftdatei");
    expect_error(f, "[schrift]\nfett = gibtsnicht.ttf\n", 2, "nicht gefunden");
}

static void test_xml_forbidden_characters(void **state)
{
    lfix *f = *state;
    expect_error(f, "[bericht]\ntitel = A\xEF\xBF\xBF\n", 2, "U+FFFF");
    expect_error(f, "[bericht]\n\ntitel = A\x01\n", 3, "U+0001");
    expect_error(f, "[text titel]\nA\xEF\xBF\xBE\n", 2, "U+FFFE");
    assert_non_null(load(f, "[text titel]\nTab\tund \xEF\xBF\xBD (U+FFFD) sind erlaubt\r\n"));
}

/* ringberichte switches the comparison rings' reports (default on);
 * [text ring NAME] needs its name; the ring colour has a default. */
/* [texte]: a known key overrides its text; an unknown key, an unknown or
 * missing placeholder, an empty or a repeated text are errors at their line. */
static void test_fixed_texts(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[texte]\n# Kommentar\nkapitel_anhang = Anlagen\n"
                            "seite_von = {seiten}/{seite}\nfortsetzung = \" (weiter)\"\n"
                            "kopf_index_ring = Index\\nRing\n"));
    assert_string_equal(f->l->tx[TX_kapitel_anhang], "Anlagen");
    assert_string_equal(f->l->tx[TX_seite_von], "%2$zu/%1$zu");
    assert_string_equal(f->l->tx[TX_fortsetzung], " (weiter)");
    assert_string_equal(f->l->tx[TX_kopf_index_ring], "Index\nRing");
    assert_null(f->l->tx[TX_kapitel_inhalt]);
    expect_error(f, "[texte]\nkapitel_anhang = A\nkapitel_anhaenge = B\n", 3,
                 "unbekannter Schlüssel in [texte]");
    expect_error(f, "[texte]\n\nseite_von = Seite {seite} von {seitenzahl}\n", 3,
                 "unbekannter Platzhalter {seitenzahl}");
    expect_error(f, "[texte]\nseite_von = Seite {seite}\n", 2, "Platzhalter fehlt");
    expect_error(f, "[texte]\nkapitel_anhang =\n", 2, "leerer Text");
    expect_error(f, "[texte]\nkapitel_anhang = A\nkapitel_anhang = B\n", 3, "doppelt");
    /* the mails' texts are sections of their own, not keys of [texte] */
    expect_error(f, "[texte]\nmail_teilnehmer = Hallo\n", 2, "unbekannter Schlüssel");
}

static void test_ring_settings(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[bericht]\ntitel = T\n"));
    assert_int_equal(f->l->ring_reports, 1);
    assert_int_equal(f->l->color[LAY_COL_RING], 0x007A5E);
    assert_non_null(load(f, "[bericht]\nringberichte = nein\n[farben]\nring = #112233\n"
                            "[text ring Süd / Ost]\nZum Ring.\n"));
    assert_int_equal(f->l->ring_reports, 0);
    assert_int_equal(f->l->color[LAY_COL_RING], 0x112233);
    assert_string_equal(layout_text(f->l, "ring", "Süd / Ost"), "Zum Ring.");
    expect_error(f, "[bericht]\nringberichte = vielleicht\n", 2, "ringberichte");
    expect_error(f, "[text ring]\nText\n", 1, "[text ring NAME]");
}

static void test_text_references(void **state)
{
    lfix *f = *state;
    assert_non_null(load(f, "[text kennzahl K]\nA\n[text kennzahl NOPE]\nB\n"
                            "[text bereich Bereich]\nC\n[text bereich Nirgends]\nD\n"));
    char *area = strdup("Bereich"), *code = strdup("K");
    ds_kennzahl kz = {.code = code};
    dataset ds = {.kz = &kz, .nkz = 1, .areas = &area, .nareas = 1};
    layout_check_refs(f->l, &ds, f->diag);
    assert_int_equal(diag_count(f->diag, DIAG_WARNING), 2);
    assert_true(tu_has(f->diag, DIAG_WARNING, "t.layout", 3, "NOPE"));
    assert_true(tu_has(f->diag, DIAG_WARNING, "t.layout", 7, "Nirgends"));
    free(area);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_numbers_are_finite_and_in_range, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_senders_are_checked, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_report_format, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_publication_keys, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_duplicate_text_sections, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_fonts_are_real_truetype_files, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_xml_forbidden_characters, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_text_references, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_ring_settings, lsetup, lteardown),
        cmocka_unit_test_setup_teardown(test_fixed_texts, lsetup, lteardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
