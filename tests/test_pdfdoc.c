/* Unit tests for the PDF document (line wrapping, shortening, the flow,
 * errors) and for the report plan built on it (page breaks, chart splits
 * and SVG names). */
#include "testutil.h"

#include "dataset.h"
#include "kz.h"
#include "layout.h"
#include "pdfdoc.h"
#include "report.h"
#include "sbuf.h"
#include "text.h"

#include <math.h>
#include <sys/resource.h>

#define NOTO "/usr/share/fonts/truetype/noto/"

static layout *test_layout(unsigned sections)
{
    layout *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->font[LAY_FONT_REGULAR] = strdup(NOTO "NotoSans-Regular.ttf");
    l->font[LAY_FONT_BOLD] = strdup(NOTO "NotoSans-Bold.ttf");
    l->font[LAY_FONT_ITALIC] = strdup(NOTO "NotoSans-Italic.ttf");
    for (int i = 0; i < 4; i++)
        l->margin[i] = 20 * 72.0 / 25.4;
    l->dpi = 72;
    for (int i = 0; i < LAY_COL_COUNT; i++)
        l->color[i] = 0x336699;
    l->sections = sections;
    return l;
}

static int doc_setup(void **state)
{
    layout *l = test_layout(0);
    pdfdoc *d = pdfdoc_new(l);
    assert_non_null(d);
    assert_int_equal(pdfdoc_status(d), KV_OK);
    void **s = calloc(2, sizeof *s);
    s[0] = l;
    s[1] = d;
    *state = s;
    return 0;
}

static int doc_teardown(void **state)
{
    void **s = *state;
    pdfdoc_free(s[1]);
    layout_free(s[0]);
    free(s);
    return 0;
}

static pdfdoc *doc(void **state)
{
    return ((void **)*state)[1];
}

/* The lines joined with single spaces. */
static char *joined(char **lines, size_t n, const char *sep)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(lines[i]) + strlen(sep);
    char *s = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, sep);
        strcat(s, lines[i]);
    }
    return s;
}

static void test_wrap_short_text_is_one_line(void **state)
{
    pdfdoc *d = doc(state);
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 400, "Mülheim   an der Ruhr", &lines);
    assert_int_equal(n, 1);
    assert_string_equal(lines[0], "Mülheim an der Ruhr");
    pdfdoc_free_lines(lines, n);
    n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 400, "", &lines);
    assert_int_equal(n, 1);
    assert_string_equal(lines[0], "");
    pdfdoc_free_lines(lines, n);
}

static void test_wrap_breaks_at_spaces_and_newlines(void **state)
{
    pdfdoc *d = doc(state);
    const char *text = "Leistungsberechtigte nach dem 4. Kapitel SGB XII außerhalb von "
                       "Einrichtungen je 1.000 Einwohnerinnen und Einwohner ab 65 Jahren";
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 120, text, &lines);
    assert_true(n > 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(pdfdoc_text_width(d, LAY_FONT_REGULAR, 9, lines[i]) <= 120);
        assert_true(lines[i][0] != ' ');
    }
    char *all = joined(lines, n, " ");
    assert_string_equal(all, text);
    free(all);
    pdfdoc_free_lines(lines, n);
    n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 400, "eins\nzwei\n\ndrei", &lines);
    assert_int_equal(n, 4);
    assert_string_equal(lines[0], "eins");
    assert_string_equal(lines[2], "");
    assert_string_equal(lines[3], "drei");
    pdfdoc_free_lines(lines, n);
}

/* The first line of text wrapped to just the width of its first words
 * up to and including `upto`: the second line (malloc'ed), which starts
 * with what follows as far as it fits. */
static char *second_line(pdfdoc *d, const char *text, const char *upto, double extra)
{
    size_t k = (size_t)(strstr(text, upto) - text) + strlen(upto);
    char *head = strndup(text, k);
    double w = pdfdoc_text_width(d, LAY_FONT_REGULAR, 9, head) + extra;
    free(head);
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, w, text, &lines);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++)
        assert_true(pdfdoc_text_width(d, LAY_FONT_REGULAR, 9, lines[i]) <= w);
    char *all = joined(lines, n, " "), *second = strdup(lines[1]);
    assert_string_equal(all, text);
    free(all);
    pdfdoc_free_lines(lines, n);
    return second;
}

/* No line ends in "SGB" before its book, in "je" before its number, or
 * in a number before its unit; where the words kept together are wider
 * than the line, they break after all. */
static void test_wrap_keeps_together_what_belongs_together(void **state)
{
    pdfdoc *d = doc(state);
    static const struct {
        const char *text, *upto, *second;
    } cases[] = {
        {"Hilfe nach dem SGB XII) und mehr", "SGB", "SGB XII) und"},
        {"Faktor: 1.000 \xC2\xB7 Einheit:\xC2\xA0je 1.000 EW ab 18", "Einheit:\xC2\xA0je",
         "Einheit:\xC2\xA0je 1.000 EW"},
        {"Grundsicherung im Alter (4. Kap. SGB XII)", "(4.", "(4. Kap."},
        {"Kosten von 1.250 € im Monat", "1.250", "1.250 € im"},
        {"Quote von 12,5 % im Jahr", "12,5", "12,5 % im"},
        {"Leistungen nach dem Zweiten Buch (SGB II) im Jahr", "(SGB", "(SGB II)"},
        {"Hilfe nach § 12 Abs. 3 Nr. 2 des Gesetzes", "Nr.", "§ 12 Abs. 3 Nr. 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *second = second_line(d, cases[i].text, cases[i].upto, 0.5);
        if (strncmp(second, cases[i].second, strlen(cases[i].second)) != 0)
            fail_msg("case %zu: second line \"%s\"", i, second);
        free(second);
    }
    /* "SGB XII)" alone wider than the line: it breaks where it must */
    char **lines;
    double w = pdfdoc_text_width(d, LAY_FONT_REGULAR, 9, "SGB X");
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, w, "SGB XII)", &lines);
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "SGB");
    assert_string_equal(lines[1], "XII)");
    pdfdoc_free_lines(lines, n);
    /* a long chain of words that would all be kept together ("je 1 je 1
     * ..."): wrapped whole, every line within the width */
    size_t reps = 20000;
    char *chain = malloc(5 * reps + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(chain + 5 * i, "je 1 ", 5);
    chain[5 * reps - 1] = '\0';
    n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 200, chain, &lines);
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++)
        assert_true(pdfdoc_text_width(d, LAY_FONT_REGULAR, 9, lines[i]) <= 200);
    char *back = joined(lines, n, " ");
    assert_string_equal(back, chain);
    free(back);
    free(chain);
    pdfdoc_free_lines(lines, n);
    /* words that are not kept together still break */
    char *second = second_line(d, "Eine Zahl je Kopf im Jahr 2024", "je", 0.5);
    assert_memory_equal(second, "Kopf", 4);
    free(second);
    /* a year ends a sentence: the next one may start a line; so may "×" */
    second = second_line(d, "Das Jahr 2024. Die Werte", "2024.", 0.5);
    assert_memory_equal(second, "Die", 3);
    free(second);
    second = second_line(d, "Faktor 3 \xC3\x97 12 Monate", "3", 0.5);
    assert_memory_equal(second, "\xC3\x97", 2);
    free(second);
}

/* A word wider than the line is split between characters, never inside
 * one, and nothing is lost - also far beyond the 4 KB the lines were once
 * limited to. */
static void test_wrap_splits_long_words_between_characters(void **state)
{
    pdfdoc *d = doc(state);
    size_t count = 3000; /* 6000 bytes of "Ä" */
    char *word = malloc(2 * count + 1);
    for (size_t i = 0; i < count; i++)
        memcpy(word + 2 * i, "Ä", 2);
    word[2 * count] = '\0';
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_BOLD, 12, 100, word, &lines);
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        assert_true(len > 0);
        assert_int_equal(text_utf8_invalid(lines[i], len), len);
        assert_true(pdfdoc_text_width(d, LAY_FONT_BOLD, 12, lines[i]) <= 100);
    }
    char *all = joined(lines, n, "");
    assert_string_equal(all, word);
    free(all);
    pdfdoc_free_lines(lines, n);
    /* a line narrower than one character still makes progress */
    n = pdfdoc_wrap(d, LAY_FONT_BOLD, 12, 1, "ÄÖÜ", &lines);
    assert_int_equal(n, 3);
    assert_string_equal(lines[1], "Ö");
    pdfdoc_free_lines(lines, n);
    free(word);
}

static void test_wrap_keeps_long_paragraphs_whole(void **state)
{
    pdfdoc *d = doc(state);
    char *text = calloc(1, 20000);
    for (int i = 0; i < 1500; i++)
        strcat(text, i ? " Wort" : "Wort");
    char **lines;
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 1e6, text, &lines);
    assert_int_equal(n, 1);
    char *all = joined(lines, n, " ");
    assert_string_equal(all, text);
    free(all);
    pdfdoc_free_lines(lines, n);
    free(text);
}

/* Out of memory is reported, never a silently shortened text: with the
 * address space capped below what wrapping a 64 MB text needs, wrap
 * returns no lines and the document says why. (Not under ASan, whose
 * shadow memory does not live with an address-space limit.) */
static void test_wrap_out_of_memory_is_reported(void **state)
{
#ifdef __SANITIZE_ADDRESS__
    (void)state;
    skip();
#else
    pdfdoc *d = doc(state);
    size_t big = (size_t)64 << 20;
    char *text = malloc(big + 1);
    assert_non_null(text);
    memset(text, 'x', big);
    text[big] = '\0';
    long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld", &pages), 1);
    fclose(f);
    struct rlimit old, cap;
    assert_int_equal(getrlimit(RLIMIT_AS, &old), 0);
    cap = old;
    cap.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)16 << 20);
    assert_int_equal(setrlimit(RLIMIT_AS, &cap), 0);
    char **lines = (char **)1;
    size_t n = pdfdoc_wrap(d, LAY_FONT_REGULAR, 9, 100, text, &lines);
    assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
    assert_int_equal(n, 0);
    assert_null(lines);
    assert_int_equal(pdfdoc_status(d), KV_ERR_NOMEM);
    assert_string_equal(pdfdoc_error(d), "zu wenig Speicher");
    /* and every later placement is dropped, the save refused */
    pdfdoc_add_page(d);
    assert_int_equal(pdfdoc_page_count(d), 0);
    FILE *fp = fopen("/dev/null", "wb");
    assert_int_equal(pdfdoc_save(d, fp), KV_ERR_NOMEM);
    fclose(fp);
    free(text);
#endif
}

static void test_fit_shortens_by_characters(void **state)
{
    pdfdoc *d = doc(state);
    char *name = malloc(600 + 2);
    name[0] = 'x';
    for (int i = 0; i < 300; i++)
        memcpy(name + 1 + 2 * i, "Ä", 2);
    name[601] = '\0';
    char *all = pdfdoc_fit(d, LAY_FONT_REGULAR, 8, 1e6, name);
    assert_string_equal(all, name); /* wide enough: whole, no buffer limit */
    char *cut = pdfdoc_fit(d, LAY_FONT_REGULAR, 8, 80, name);
    size_t len = strlen(cut);
    assert_true(pdfdoc_text_width(d, LAY_FONT_REGULAR, 8, cut) <= 80);
    assert_int_equal(text_utf8_invalid(cut, len), len);
    assert_string_equal(cut + len - 3, "…");
    assert_int_equal(strncmp(cut, name, len - 3), 0);
    free(all);
    free(cut);
    free(name);
}

/* Paragraphs break pages: every line is on a page and within its box. */
static void test_paragraphs_break_pages(void **state)
{
    pdfdoc *d = doc(state);
    char *text = calloc(1, 40000);
    for (int i = 0; i < 200; i++)
        strcat(text, "Zeile mit etwas Text\n");
    pdfdoc_paragraphs(d, PDF_ROLE_P, (pdf_font){LAY_FONT_REGULAR, 9, 0}, 12.5, pdfdoc_left(d),
                      pdfdoc_width(d), text);
    double box = PDF_PAGE_H - pdfdoc_top(d) - pdfdoc_bottom(d);
    size_t per_page = (size_t)(box / 12.5);
    /* 201 lines (the text ends with a line break) */
    assert_int_equal(pdfdoc_page_count(d), (201 + per_page - 1) / per_page);
    assert_true(pdfdoc_room(d) >= 0);
    free(text);
}

/* A table longer than a page continues on the next with its header. */
static void test_table_rows_break_pages(void **state)
{
    pdfdoc *d = doc(state);
    const double w[] = {100, pdfdoc_width(d) - 100};
    const char *head[] = {"Teilnehmende", "Wert"};
    const pdf_table t = {2, w, head, 1, " (Fortsetzung)", 0};
    pdfdoc_add_page(d);
    pdfdoc_table_head(d, &t);
    for (int i = 0; i < 200; i++) {
        const char *cells[] = {"Stadt", "1.234,5"};
        pdfdoc_table_row(d, &t, cells, LAY_FONT_REGULAR, i % 2);
        assert_true(pdfdoc_room(d) >= 0);
    }
    double box = PDF_PAGE_H - pdfdoc_top(d) - pdfdoc_bottom(d);
    size_t rows = (size_t)((box - (PDF_TABLE_LINE + 6)) / (PDF_TABLE_LINE + 2));
    assert_int_equal(pdfdoc_page_count(d), (200 + rows - 1) / rows);
}

/* A wrapping second column (a 40-character unit) takes lines of its own:
 * the row is as high as its longer cell, and the first column keeps its
 * width. Before, only the first column wrapped and the unit column was
 * as wide as the unit. */
static void test_table_unit_column_wraps(void **state)
{
    pdfdoc *d = doc(state);
    const double w[] = {200, 60, pdfdoc_width(d) - 260};
    const char *head[] = {"Kennzahl", "Einheit", "Wert"};
    const pdf_table t = {3, w, head, 2, NULL, 1};
    pdfdoc_add_page(d);
    pdfdoc_table_head(d, &t);
    const char *cells[] = {"Dichte", "je 1.000 Einwohner im erwerbsfähigen Alter", "1,5"};
    double h = pdfdoc_table_row_height(d, &t, cells, LAY_FONT_REGULAR);
    assert_true(h >= 3 * PDF_TABLE_LINE + 2);
    double before = pdfdoc_room(d);
    pdfdoc_table_row(d, &t, cells, LAY_FONT_REGULAR, 0);
    assert_true(fabs(before - pdfdoc_room(d) - h) < 1e-9);
    const pdf_table one = {3, w, head, 2, NULL, 0}; /* no wrap: one line, the unit cut */
    assert_true(fabs(pdfdoc_table_row_height(d, &one, cells, LAY_FONT_REGULAR) -
                     (PDF_TABLE_LINE + 2)) < 1e-9);
}

static void test_save_writes_a_pdf(void **state)
{
    pdfdoc *d = doc(state);
    pdfdoc_add_page(d);
    pdfdoc_block(d, &(pdf_block){PDF_ROLE_H1, {LAY_FONT_BOLD, 18, 0}, pdfdoc_left(d), 0, 20, 8, 0},
                 "Überschrift");
    size_t b = pdfdoc_bookmark(d, PDF_NO_BOOKMARK, "Überschrift", 1);
    assert_int_equal(b, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_int_equal(pdfdoc_save(d, fp), KV_OK);
    fclose(fp);
    assert_true(len > 1000);
    assert_memory_equal(buf, "%PDF-1.", 7);
    assert_non_null(strstr(buf + len - 32, "%%EOF"));
    free(buf);
}

static void test_write_failure_is_reported(void **state)
{
    pdfdoc *d = doc(state);
    pdfdoc_add_page(d);
    FILE *fp = fopen("/dev/full", "wb");
    assert_non_null(fp);
    setvbuf(fp, NULL, _IONBF, 0);
    assert_int_equal(pdfdoc_save(d, fp), KV_ERR_OUTPUT);
    fclose(fp);
    assert_non_null(strstr(pdfdoc_error(d), "nicht geschrieben"));
}

static int failing_render(void *ctx, double width, double height, chart_image *img)
{
    (void)ctx, (void)width, (void)height;
    memset(img, 0, sizeof *img);
    return -1;
}

static void no_done(void *ctx, chart_image *img)
{
    (void)ctx, (void)img;
}

static void test_failing_figure_is_an_error(void **state)
{
    pdfdoc *d = doc(state);
    const pdf_figure fig = {failing_render, no_done, NULL, NULL};
    pdfdoc_figure(d, 100, &fig);
    assert_int_equal(pdfdoc_page_count(d), 1);
    FILE *fp = fopen("/dev/null", "wb");
    assert_int_equal(pdfdoc_save(d, fp), KV_ERR_INTERNAL);
    fclose(fp);
    assert_non_null(strstr(pdfdoc_error(d), "Diagramm"));
}

static void test_missing_font_is_an_error(void **state)
{
    (void)state;
    layout *l = test_layout(0);
    free(l->font[LAY_FONT_BOLD]);
    l->font[LAY_FONT_BOLD] = strdup("/nonexistent/font.ttf");
    pdfdoc *d = pdfdoc_new(l);
    assert_non_null(d);
    assert_int_equal(pdfdoc_status(d), KV_ERR_INTERNAL);
    assert_non_null(strstr(pdfdoc_error(d), "/nonexistent/font.ttf"));
    pdfdoc_add_page(d); /* ignored after the failure */
    assert_int_equal(pdfdoc_page_count(d), 0);
    pdfdoc_free(d);
    layout_free(l);
}

/* Issue 11: a layout's font name is user text, so the message names it
 * whole, however long: 300 characters, most of them two bytes (an 80-byte
 * cut used to end it in the middle of a character). */
static void test_long_font_name_is_named_whole(void **state)
{
    (void)state;
    sbuf name;
    sbuf_init(&name);
    sbuf_adds(&name, "/nonexistent/");
    while (name.len < 13 + 2 * 287)
        sbuf_adds(&name, "\xC3\xBC"); /* ü */
    assert_false(sbuf_failed(&name));
    assert_int_equal(text_utf8_len(name.s), 300);
    layout *l = test_layout(0);
    free(l->font[LAY_FONT_ITALIC]);
    l->font[LAY_FONT_ITALIC] = sbuf_take(&name);
    pdfdoc *d = pdfdoc_new(l);
    assert_non_null(d);
    assert_int_equal(pdfdoc_status(d), KV_ERR_INTERNAL);
    const char *msg = pdfdoc_error(d);
    assert_non_null(strstr(msg, l->font[LAY_FONT_ITALIC]));
    assert_non_null(strstr(msg, "kann nicht eingebettet werden"));
    pdfdoc_free(d);
    layout_free(l);
}

/* ---- the report plan ---- */

/* n participants, one key figure, two years. */
static void plan_data(fixture *f, size_t n)
{
    char *cities = calloc(1, 64 * (n + 1)), *base = calloc(1, 128 * (n + 1));
    strcpy(cities, "id;name;short\n");
    strcpy(base, "city;year;code;value;flag\n");
    for (size_t i = 0; i < n; i++) {
        sprintf(cities + strlen(cities), "C%zu;Stadt %zu;S%zu\n", i, i, i);
        for (int y = 2023; y <= 2024; y++)
            sprintf(base + strlen(base), "C%zu;%d;N;%zu;\nC%zu;%d;D;100;\n", i, y, i + 1, i, y);
    }
    tu_write(f->dir, "cities.csv", cities);
    tu_write(f->dir, "codes.csv", "code;label;unit\nN;Zähler;Personen\nD;Nenner;Personen\n");
    tu_write(f->dir, "kennzahlen.csv",
             "code;area;title;numerator;denominator;factor;unit;decimals\n"
             "Q;Bereich;Quote;N;D;100;%;1\n");
    tu_write(f->dir, "basedata.csv", base);
    free(cities);
    free(base);
    ds_options opt = {.decimal = ','};
    assert_int_equal(dataset_load(f->dir, &opt, f->diag, &f->ds), KV_OK);
    f->r = kz_compute(f->ds, f->diag);
    assert_non_null(f->r);
}

/* o must outlive the plan */
static report *plan_for(fixture *f, layout *l, render_ctx *o)
{
    *o = (render_ctx){f->ds, f->r, l, f->diag, 2024, 0, 1764000000, 1, NULL};
    report *r = report_plan(o);
    assert_non_null(r);
    if (report_status_of(r) != KV_OK)
        fail_msg("plan failed: %s", report_error(r));
    return r;
}

static void test_plan_small_circle_one_chart_per_kind(void **state)
{
    fixture *f = *state;
    plan_data(f, 5);
    layout *l = test_layout(LAY_SEC_AREAS | LAY_SEC_PROFILES);
    render_ctx o;
    report *r = plan_for(f, l, &o);
    assert_int_equal(report_chart_count(r), 2 + 5);
    assert_string_equal(report_chart_name(r, 0), "01_Q_balken.svg");
    assert_string_equal(report_chart_name(r, 1), "01_Q_entwicklung.svg");
    assert_string_equal(report_chart_name(r, 2), "profil_C0.svg");
    assert_string_equal(report_chart_name(r, 6), "profil_C4.svg");
    /* the key figure starts on the chapter's opening page (it fits there:
     * no opener stays three-quarters empty); the small profiles follow one
     * another in the flow, each starting where the previous one ended */
    assert_int_equal(report_chart_page(r, 0), 0);
    assert_int_equal(report_chart_page(r, 1), 0);
    for (size_t i = 3; i < 7; i++)
        assert_true(report_chart_page(r, i) >= report_chart_page(r, i - 1));
    assert_true(report_page_count(r) <= 4);
    /* the SVGs come from the plan */
    report_write_svgs(r, f->dir);
    assert_int_equal(report_status_of(r), KV_OK);
    char path[600];
    snprintf(path, sizeof path, "%s/profil_C4.svg", f->dir);
    assert_int_equal(access(path, R_OK), 0);
    /* the PDF too, once */
    FILE *fp = fopen("/dev/null", "wb");
    assert_int_equal(report_write_pdf(r, fp), KV_OK);
    assert_int_equal(report_write_pdf(r, fp), KV_ERR_INTERNAL);
    fclose(fp);
    report_free(r);
    layout_free(l);
}

/* A circle too large for one page gets its bar chart in equal parts on
 * consecutive pages, numbered, before the development chart. */
static void test_plan_splits_large_bar_charts(void **state)
{
    fixture *f = *state;
    size_t n = 150;
    plan_data(f, n);
    layout *l = test_layout(LAY_SEC_AREAS);
    render_ctx o;
    report *r = plan_for(f, l, &o);
    size_t parts = 0;
    while (parts < report_chart_count(r) &&
           strncmp(report_chart_name(r, parts), "01_Q_balken_", 12) == 0)
        parts++;
    /* every part fits a page below a continued title, caption and source */
    size_t cap = chart_bars_fit(PDF_PAGE_H - l->margin[0] - l->margin[2] - 80);
    assert_true(parts >= 2);
    assert_true(parts <= (n + cap - 1) / cap + 1);
    assert_int_equal(report_chart_count(r), parts + 1);
    for (size_t p = 0; p < parts; p++) {
        char want[64];
        snprintf(want, sizeof want, "01_Q_balken_%zu.svg", p + 1);
        assert_string_equal(report_chart_name(r, p), want);
        if (p)
            assert_int_equal(report_chart_page(r, p), report_chart_page(r, p - 1) + 1);
    }
    assert_string_equal(report_chart_name(r, parts), "01_Q_entwicklung.svg");
    assert_true(report_chart_page(r, parts) >= report_chart_page(r, parts - 1));
    report_free(r);
    layout_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wrap_short_text_is_one_line, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_breaks_at_spaces_and_newlines, doc_setup,
                                        doc_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_keeps_together_what_belongs_together, doc_setup,
                                        doc_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_splits_long_words_between_characters, doc_setup,
                                        doc_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_keeps_long_paragraphs_whole, doc_setup,
                                        doc_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_out_of_memory_is_reported, doc_setup,
                                        doc_teardown),
        cmocka_unit_test_setup_teardown(test_fit_shortens_by_characters, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_paragraphs_break_pages, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_table_rows_break_pages, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_table_unit_column_wraps, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_save_writes_a_pdf, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_write_failure_is_reported, doc_setup, doc_teardown),
        cmocka_unit_test_setup_teardown(test_failing_figure_is_an_error, doc_setup, doc_teardown),
        cmocka_unit_test(test_missing_font_is_an_error),
        cmocka_unit_test(test_long_font_name_is_named_whole),
        cmocka_unit_test_setup_teardown(test_plan_small_circle_one_chart_per_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plan_splits_large_bar_charts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
