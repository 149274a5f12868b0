/* Unit tests for the text table (texts.h): the table itself, the standard
 * layout's [texte] against it, and how an override is read and used. */
#include "testutil.h"

#include "layout.h"
#include "texts.h"

static const char *const FONT_DIRS[] = {"/usr/share/fonts/truetype/noto", NULL};

/* Every key once; every text with values has a name per conversion, no
 * name twice; only the section texts have a section. */
static void test_table_is_consistent(void **state)
{
    (void)state;
    for (size_t i = 0; i < TX_COUNT; i++) {
        const tx_entry *e = tx_entry_at(i);
        assert_non_null(e);
        if (!tx_table_ok((tx_key)i))
            fail_msg("%s: %zu names for the conversions of \"%s\"", e->key,
                     tx_placeholders((tx_key)i), e->text);
        for (size_t j = 0; j < i; j++)
            if (strcmp(e->key, tx_entry_at(j)->key) == 0)
                fail_msg("key %s twice", e->key);
        if (e->section)
            assert_int_equal(tx_find(e->key), -1);
        else
            assert_int_equal(tx_find(e->key), (int)i);
        size_t n = tx_placeholders((tx_key)i);
        char *form = tx_layout_form((tx_key)i);
        assert_non_null(form);
        /* each name appears in the layout form exactly as often as it is named */
        for (const char *p = e->names; p && *p;) {
            size_t len = strcspn(p, ",");
            char want[64];
            snprintf(want, sizeof want, "{%.*s}", (int)len, p);
            const char *hit = strstr(form, want);
            if (!hit || strstr(hit + 1, want))
                fail_msg("%s: placeholder %s not once in \"%s\"", e->key, want, form);
            p += len + (p[len] == ',');
        }
        (void)n;
        free(form);
    }
    assert_null(tx_entry_at(TX_COUNT));
    assert_int_equal(tx_find("gibt_es_nicht"), -1);
}

/* The standard layout carries every text of the table, word for word:
 * its [texte] compiles to what the table's default compiles to, and the
 * section texts ([text mail], [text anhang]) are the fallbacks. */
static void test_standard_layout_agrees(void **state)
{
    (void)state;
    diag_list *diag = diag_new(100);
    layout *l = layout_load("../layouts/standard.layout", FONT_DIRS, diag);
    if (!l)
        tu_dump(diag);
    assert_non_null(l);
    for (size_t i = 0; i < TX_COUNT; i++) {
        const tx_entry *e = tx_entry_at(i);
        if (e->section) {
            char kind[32];
            const char *name = strchr(e->section, ' ');
            snprintf(kind, sizeof kind, "%.*s",
                     (int)(name ? (size_t)(name - e->section) : strlen(e->section)), e->section);
            const char *t = layout_text(l, kind, name ? name + 1 : NULL);
            if (!t || strcmp(t, e->text) != 0)
                fail_msg("[text %s] of the standard layout differs from %s", e->section, e->key);
            continue;
        }
        if (!l->tx[i])
            fail_msg("standard layout: [texte] has no %s", e->key);
        char *form = tx_layout_form((tx_key)i), *want = NULL;
        sbuf why;
        sbuf_init(&why);
        tx_unquote(form);
        assert_null(tx_compile((tx_key)i, form, &want, &why));
        if (strcmp(l->tx[i], want) != 0)
            fail_msg("standard layout: %s = \"%s\", the table has \"%s\"", e->key, l->tx[i],
                     e->text);
        free(form);
        free(want);
        sbuf_free(&why);
    }
    layout_free(l);
    diag_free(diag);
}

/* An override is used by TX, placeholders in its own order, % as it is. */
static void test_override_reorders_placeholders(void **state)
{
    (void)state;
    char *t[TX_COUNT] = {0};
    sbuf why;
    sbuf_init(&why);
    char v[] = "Blatt {seiten}/{seite} (100 %)";
    assert_null(tx_compile(TX_seite_von, v, &t[TX_seite_von], &why));
    char w[] = "\"Heft \"";
    tx_unquote(w);
    assert_null(tx_compile(TX_titel_standard, w, &t[TX_titel_standard], &why));
    tx_use((const char *const *)t);
    char buf[64];
    snprintf(buf, sizeof buf, TX(seite_von), (size_t)3, (size_t)9);
    assert_string_equal(buf, "Blatt 9/3 (100 %)");
    assert_string_equal(TX(titel_standard), "Heft ");
    assert_string_equal(TX(kapitel_anhang), "Anhang"); /* no override: the default */
    tx_use(NULL);
    snprintf(buf, sizeof buf, TX(seite_von), (size_t)3, (size_t)9);
    assert_string_equal(buf, "Seite 3 von 9");
    for (size_t i = 0; i < TX_COUNT; i++)
        free(t[i]);
    sbuf_free(&why);
}

static void test_compile_refuses(void **state)
{
    (void)state;
    sbuf why;
    sbuf_init(&why);
    char *out = (char *)1;
    assert_non_null(tx_compile(TX_seite_von, "Seite {seite}", &out, &why)); /* {seiten} missing */
    assert_null(out);
    assert_non_null(strstr(why.s, "{seiten}"));
    sbuf_truncate(&why, 0);
    assert_non_null(tx_compile(TX_seite_von, "{seite} {seiten} {jahr}", &out, &why));
    assert_string_equal(why.s, "{jahr}");
    sbuf_truncate(&why, 0);
    assert_non_null(tx_compile(TX_seite_von, "{seite {seiten}", &out, &why));
    assert_non_null(tx_compile(TX_kapitel_anhang, "", &out, &why)); /* empty */
    /* no more lines than the default: a table head would overlap */
    assert_non_null(tx_compile(TX_kopf_index_ring, "Index\nRing\n(100)", &out, &why));
    assert_non_null(tx_compile(TX_kapitel_anhang, "An-\nhang", &out, &why));
    assert_null(tx_compile(TX_kopf_index_ring, "Index (Ring)", &out, &why));
    free(out);
    /* a plain text keeps its braces and percent signs */
    assert_null(tx_compile(TX_kapitel_anhang, "Anhang {a} 5 %", &out, &why));
    assert_string_equal(out, "Anhang {a} 5 %");
    free(out);
    sbuf_free(&why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_consistent),
        cmocka_unit_test(test_standard_layout_agrees),
        cmocka_unit_test(test_override_reorders_placeholders),
        cmocka_unit_test(test_compile_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
