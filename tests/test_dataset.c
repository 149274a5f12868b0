/* Unit tests for the dataset reader: every input rule with a failing input. */
#include "testutil.h"

#include "dataset.h"

static const char *CITIES = "id;name;short\nA;Stadt A;SA\nB;Stadt B;SB\nC;Stadt C;SC\n";
static const char *CODES = "code;label;unit\nN;Zähler;Personen\nD;Nenner;Personen\nE;Geld;EUR\n";
static const char *KZ = "code;area;title;numerator;denominator;factor;unit;decimals\n"
                        "K;Bereich;Quote;N;D;100;%;1\n";
static const char *BASE = "city;year;code;value;flag\n"
                          "A;2023;N;10;\nA;2023;D;100;\nA;2023;E;5,5;\n"
                          "B;2023;N;30;\nB;2023;D;200;\nB;2023;E;7;\n"
                          "C;2023;N;5;\nC;2023;D;50;\nC;2023;E;1;\n";

/* Writes the four files (NULL = the default above) and loads them. */
static kv_status load(fixture *f, const char *cities, const char *codes, const char *kz,
                      const char *base, char dec)
{
    tu_write(f->dir, "cities.csv", cities ? cities : CITIES);
    tu_write(f->dir, "codes.csv", codes ? codes : CODES);
    tu_write(f->dir, "kennzahlen.csv", kz ? kz : KZ);
    tu_write(f->dir, "basedata.csv", base ? base : BASE);
    ds_options opt = {.decimal = dec, .change_warn = 0.3};
    f->st = dataset_load(f->dir, &opt, f->diag, &f->ds);
    return f->st;
}

static void expect(fixture *f, diag_severity sev, const char *file, long line, const char *frag)
{
    if (!tu_has(f->diag, sev, file, line, frag)) {
        tu_dump(f->diag);
        fail_msg("expected %s at %s:%ld containing \"%s\"", sev ? "error" : "warning", file, line,
                 frag);
    }
}

static void expect_error(fixture *f, const char *file, long line, const char *frag)
{
    assert_int_equal(f->st, KV_ERR_DATA);
    expect(f, DIAG_ERROR, file, line, frag);
}

static void test_valid_dataset(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, NULL, NULL, NULL, NULL, ','), KV_OK);
    assert_int_equal(diag_count(f->diag, DIAG_ERROR), 0);
    dataset *ds = f->ds;
    assert_int_equal(ds->ncities, 3);
    assert_string_equal(ds->cities[1].shortname, "SB");
    assert_int_equal(ds->nyears, 1);
    assert_int_equal(ds->years[0], 2023);
    assert_true(ds->value[dataset_cell(ds, 0, 0, 2)] == 5.5);
    assert_int_equal(ds->nkz, 1);
    assert_int_equal(ds->kz[0].ninputs, 2);
    assert_true(ds->kz[0].factor == 100);
    assert_int_equal(ds->synthetic, 0);
}

static void test_columns_by_name_any_order_unknown_warns(void **state)
{
    fixture *f = *state;
    load(f, "name;bemerkung;id\nStadt A;x;A\nStadt B;;B\nStadt C;;C\n", NULL, NULL, NULL, ',');
    assert_int_equal(f->st, KV_OK);
    expect(f, DIAG_WARNING, "cities.csv", 1, "bemerkung");
    assert_string_equal(f->ds->cities[0].shortname, "A"); /* short defaults to the id */
}

static void test_missing_and_duplicate_columns(void **state)
{
    fixture *f = *state;
    load(f, NULL, "code;label\nN;x\n", NULL, NULL, ',');
    expect_error(f, "codes.csv", 1, "Pflichtspalte „unit“");
    teardown(state);
    setup(state);
    f = *state;
    load(f, "id;name;id\nA;x;A\n", NULL, NULL, NULL, ',');
    expect_error(f, "cities.csv", 1, "mehrfach");
}

static void test_city_rules(void **state)
{
    fixture *f = *state;
    char long_id[64];
    memset(long_id, 'a', 33);
    long_id[33] = '\0';
    char cities[512];
    snprintf(cities, sizeof cities,
             "id;name;short\nA;Stadt A;ÄÖÜäöüßé\nA;doppelt;\n%s;lang;\nB;;\nC c;x;\n"
             "D;ok;NEUNZEICH\n",
             long_id);
    load(f, cities, NULL, NULL, NULL, ',');
    expect_error(f, "cities.csv", 3, "doppelt");
    expect_error(f, "cities.csv", 4, "ungültige id");
    expect_error(f, "cities.csv", 5, "name");
    expect_error(f, "cities.csv", 6, "ungültige id");
    expect_error(f, "cities.csv", 7, "short");
    /* eight umlauts are eight characters, not sixteen bytes: no error on line 2 */
    assert_false(tu_has(f->diag, DIAG_ERROR, "cities.csv", 2, ""));
}

static void test_email_warning(void **state)
{
    fixture *f = *state;
    load(f, "id;name;email\nA;x;a@b.example, kaputt\nB;y;\nC;z;c@d.example\n", NULL, NULL, NULL,
         ',');
    assert_int_equal(f->st, KV_OK);
    expect(f, DIAG_WARNING, "cities.csv", 2, "kaputt");
}

static void test_unusable_address_is_named(void **state)
{
    /* the mail writer cannot use a non-ASCII address: the warning names it
     * (and only it), so nothing is dropped silently */
    fixture *f = *state;
    load(f,
         "id;name;email\nA;x;jürgen@bremen.example, ok@hb.example\n"
         "B;y;\"a@b.example,,  c@d.example \"\nC;z;x@y.example\n",
         NULL, NULL, NULL, ',');
    assert_int_equal(f->st, KV_OK);
    expect(f, DIAG_WARNING, "cities.csv", 2, "jürgen@bremen.example");
    expect(f, DIAG_WARNING, "cities.csv", 2, "Nicht-ASCII");
    assert_false(tu_has(f->diag, DIAG_WARNING, "cities.csv", 2, "ok@hb.example"));
    assert_false(tu_has(f->diag, DIAG_WARNING, "cities.csv", 3, "E-Mail"));
}

static void test_huge_count_is_whole(void **state)
{
    /* 1e19 is beyond any integer type: the whole-number check must not
     * convert it (undefined behaviour) and must not call it fractional */
    fixture *f = *state;
    load(f, NULL, NULL, NULL,
         "city;year;code;value;flag\n"
         "A;2023;N;10000000000000000000;\nA;2023;D;100;\n"
         "B;2023;N;30;\nB;2023;D;-0;\nC;2023;N;5,5;\nC;2023;D;1e400;\n",
         ',');
    expect(f, DIAG_ERROR, "basedata.csv", 7, "1e400");
    assert_false(tu_has(f->diag, DIAG_WARNING, "basedata.csv", 2, "keine ganze Zahl"));
    assert_false(tu_has(f->diag, DIAG_WARNING, "basedata.csv", 5, "keine ganze Zahl"));
    expect(f, DIAG_WARNING, "basedata.csv", 6, "keine ganze Zahl");
}

static void test_code_rules(void **state)
{
    fixture *f = *state;
    load(f, NULL, "code;label;unit\nN;a;Personen\nN;b;Personen\nlower;c;EUR\n1X;d;EUR\nD;;EUR\n",
         NULL, NULL, ',');
    expect_error(f, "codes.csv", 3, "doppelt");
    expect_error(f, "codes.csv", 4, "ungültiger Code");
    expect_error(f, "codes.csv", 5, "ungültiger Code");
    expect_error(f, "codes.csv", 6, "label");
}

static void test_kennzahl_rules(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL,
         "code;area;title;numerator;denominator;factor;unit;decimals\n"
         "K;B;T;N;D;100;%;1\nK;B;T;N;D;;%;1\nK2;B;T;N +;D;;%;1\nK3;B;T;N;X;;%;1\n"
         "K4;B;T;N;D;1.000;%;1\nK5;B;T;N;D;;%;5\nK6;;T;N;D;;%;1\nK7;B;T;N;;0;%;1\n",
         NULL, ',');
    expect_error(f, "kennzahlen.csv", 3, "doppelt");
    expect_error(f, "kennzahlen.csv", 4, "Formelende");
    expect_error(f, "kennzahlen.csv", 5, "„X“");
    expect_error(f, "kennzahlen.csv", 6, "factor");
    expect_error(f, "kennzahlen.csv", 7, "decimals");
    expect_error(f, "kennzahlen.csv", 8, "area");
    expect_error(f, "kennzahlen.csv", 9, "factor");
}

static void test_areas_in_order_of_first_appearance(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL,
         "code;area;title;numerator;denominator;factor;unit;decimals\n"
         "K1;Zweiter;T;N;D;;%;1\nK2;Erster;T;N;D;;%;1\nK3;Zweiter;T;E;;;EUR;0\n",
         NULL, ',');
    assert_int_equal(f->st, KV_OK);
    assert_int_equal(f->ds->nareas, 2);
    assert_string_equal(f->ds->areas[0], "Zweiter");
    assert_int_equal(f->ds->kz[2].area_idx, 0);
    assert_null(f->ds->kz[2].den);
}

static int ds_flag(fixture *f, size_t city, size_t code)
{
    return f->ds->flag[dataset_cell(f->ds, city, (size_t)dataset_year_index(f->ds, 2023), code)];
}

static void test_value_and_flag_rules(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL, NULL,
         "city;year;code;value;flag\n"
         "A;2023;N;10;\n"   /* 2 fine */
         "A;2023;D;;-\n"    /* 3 '-' empty: zero */
         "A;2023;E;0;-\n"   /* 4 '-' with 0 */
         "B;2023;N;3;-\n"   /* 5 '-' with a number: error */
         "B;2023;D;4;.\n"   /* 6 '.' with number: error */
         "B;2023;E;;x\n"    /* 7 fine */
         "C;2023;N;;p\n"    /* 8 p without number: error */
         "C;2023;D;;\n"     /* 9 empty, no flag: warning, counts as '.' */
         "C;2023;E;1;?\n"   /* 10 unknown flag */
         "Z;2023;E;1;\n"    /* 11 unknown city */
         "A;23;E;1;\n"      /* 12 bad year */
         "A;2023;Q;1;\n"    /* 13 unknown code */
         "A;2023;N;11;\n"   /* 14 duplicate of line 2 */
         "A;2022;N;-1;\n"   /* 15 negative count */
         "A;2022;E;-1;\n"   /* 16 negative money is fine */
         "A;2022;D;2,5;\n", /* 17 fractional count: warning */
         ',');
    expect_error(f, "basedata.csv", 5, "Wert 0");
    expect_error(f, "basedata.csv", 6, "leeres Wertfeld");
    expect(f, DIAG_WARNING, "basedata.csv", 8, "ohne Zahlenwert");
    assert_int_equal(ds_flag(f, 2, 0), FLAG_DOT);
    expect(f, DIAG_WARNING, "basedata.csv", 9, "gilt als „.“");
    expect_error(f, "basedata.csv", 10, "Kennzeichen");
    expect_error(f, "basedata.csv", 11, "Teilnehmer-ID");
    expect_error(f, "basedata.csv", 12, "vierstellige");
    expect_error(f, "basedata.csv", 13, "unbekannter Code");
    expect_error(f, "basedata.csv", 14, "zuerst in Zeile 2");
    expect_error(f, "basedata.csv", 15, "negativer Wert");
    expect(f, DIAG_WARNING, "basedata.csv", 17, "keine ganze Zahl");
    assert_false(tu_has(f->diag, DIAG_ERROR, "basedata.csv", 16, ""));
    assert_false(tu_has(f->diag, DIAG_ERROR, "basedata.csv", 3, ""));
    assert_false(tu_has(f->diag, DIAG_ERROR, "basedata.csv", 7, ""));
    dataset *ds = f->ds;
    int y = dataset_year_index(ds, 2023);
    assert_true(y >= 0);
    assert_int_equal(ds->flag[dataset_cell(ds, 0, (size_t)y, 1)], FLAG_DASH);
    assert_true(ds->value[dataset_cell(ds, 0, (size_t)y, 1)] == 0);
    assert_int_equal(ds->flag[dataset_cell(ds, 2, (size_t)y, 1)], FLAG_DOT);
    assert_int_equal(ds->flag[dataset_cell(ds, 1, (size_t)y, 2)], FLAG_X);
}

static void test_decimal_point_option(void **state)
{
    fixture *f = *state;
    const char *base = "city;year;code;value\nA;2023;E;1234.5\nB;2023;E;1\nC;2023;E;2\n";
    load(f, NULL, NULL, NULL, base, '.');
    assert_int_equal(f->st, KV_OK);
    assert_true(f->ds->value[dataset_cell(f->ds, 0, 0, 2)] == 1234.5);
    teardown(state);
    setup(state);
    f = *state;
    load(f, NULL, NULL, NULL, base, ',');
    expect_error(f, "basedata.csv", 2, "Dezimalkomma");
}

static void test_plausibility_warnings(void **state)
{
    fixture *f = *state;
    load(f, NULL, "code;label;unit\nN;a;Personen\nD;b;Personen\nE;c;EUR\nNIE;d;EUR\n", NULL,
         "city;year;code;value;flag\n"
         "A;2022;N;10;\nA;2023;N;14;\n"  /* +40 %: warning on line 3 */
         "B;2022;N;10;\nB;2023;N;13;\n"  /* +30 %: not above the share */
         "C;2022;N;10;\nC;2023;N;20;|\n" /* break explains it: no warning */
         "A;2022;D;1;\nA;2023;D;1;\n",   /* B and C deliver nothing for D/E, fine */
         ',');
    assert_int_equal(f->st, KV_OK);
    expect(f, DIAG_WARNING, "basedata.csv", 3, "von 10 auf 14");
    assert_false(tu_has(f->diag, DIAG_WARNING, "basedata.csv", 5, "ändert"));
    assert_false(tu_has(f->diag, DIAG_WARNING, "basedata.csv", 7, "ändert"));
    expect(f, DIAG_WARNING, "codes.csv", 5, "nie geliefert");
    expect(f, DIAG_WARNING, "codes.csv", 4, "nie geliefert"); /* E */
}

static void test_participant_without_data_for_a_year(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL, NULL,
         "city;year;code;value\nA;2022;N;1\nB;2022;N;1\nC;2022;N;1\nA;2023;N;1\nB;2023;N;1\n", ',');
    assert_int_equal(f->st, KV_OK);
    expect(f, DIAG_WARNING, "basedata.csv", 0, "C hat für 2023 keine Daten");
}

static void test_missing_file_and_dir(void **state)
{
    fixture *f = *state;
    tu_write(f->dir, "cities.csv", CITIES);
    ds_options opt = {.decimal = ','};
    assert_int_equal(dataset_load(f->dir, &opt, f->diag, &f->ds), KV_ERR_INPUT);
    expect(f, DIAG_ERROR, "codes.csv", 0, "fehlt");
    dataset *none;
    assert_int_equal(dataset_load("/nonexistent/kv", &opt, f->diag, &none), KV_ERR_INPUT);
    assert_null(none);
}

static void test_info_marks_synthetic_data(void **state)
{
    fixture *f = *state;
    tu_write(f->dir, "info.csv", "key;value\nbeispieldaten;ja\nhinweis;x\n");
    load(f, NULL, NULL, NULL, NULL, ',');
    assert_int_equal(f->st, KV_OK);
    assert_int_equal(f->ds->synthetic, 1);
}

static void test_info_hinweis_and_quelle(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL, NULL, NULL, ',');
    assert_null(f->ds->hinweis); /* no info.csv */
    assert_null(f->ds->quelle);
    dataset_free(f->ds);
    f->ds = NULL;
    diag_free(f->diag);
    f->diag = diag_new(1000);
    tu_write(f->dir, "info.csv",
             "key;value\nhinweis;Werte 2023 vorläufig\nquelle;Meldungen der Städte\n"
             "hinweis;zweiter\n");
    load(f, NULL, NULL, NULL, NULL, ',');
    assert_int_equal(f->st, KV_OK);
    assert_string_equal(f->ds->hinweis, "Werte 2023 vorläufig");
    assert_string_equal(f->ds->quelle, "Meldungen der Städte");
    expect(f, DIAG_WARNING, "info.csv", 4, "doppelt");
}

static void test_monitoring_column(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL,
         "code;area;title;numerator;denominator;factor;unit;decimals;monitoring\n"
         "K;B;T;N;D;100;%;1;ja\nK2;B;T;N;D;;%;1;nein\nK3;B;T;N;D;;%;1;\n"
         "K4;B;T;N;D;;%;1;Ja\nK5;B;T;N;D;;%;1;1\n",
         NULL, ',');
    expect_error(f, "kennzahlen.csv", 5, "monitoring");
    expect_error(f, "kennzahlen.csv", 6, "monitoring");
    dataset_free(f->ds);
    f->ds = NULL;
    diag_free(f->diag);
    f->diag = diag_new(1000);
    load(f, NULL, NULL,
         "code;area;title;numerator;denominator;factor;unit;decimals;monitoring\n"
         "K;B;T;N;D;100;%;1;ja\nK2;B;T;N;D;;%;1;nein\nK3;B;T;N;D;;%;1;\n",
         NULL, ',');
    assert_int_equal(f->st, KV_OK);
    assert_int_equal(f->ds->nkz, 3);
    assert_int_equal(f->ds->kz[0].monitoring, 1);
    assert_int_equal(f->ds->kz[1].monitoring, 0);
    assert_int_equal(f->ds->kz[2].monitoring, 1); /* empty: the default */
    dataset_free(f->ds);
    f->ds = NULL;
    load(f, NULL, NULL, NULL, NULL, ','); /* no column at all: every one published */
    assert_int_equal(f->ds->kz[0].monitoring, 1);
}

static void test_empty_and_separator_only_lines(void **state)
{
    fixture *f = *state;
    load(f, NULL, NULL, NULL,
         "city;year;code;value;flag\n\nA;2023;N;1;\n;;;;\n\r\nB;2023;N;2;\n;;;;\n", ',');
    assert_int_equal(f->st, KV_OK);
    assert_int_equal(diag_count(f->diag, DIAG_ERROR), 0);
}

static void test_empty_file(void **state)
{
    fixture *f = *state;
    load(f, "", NULL, NULL, NULL, ',');
    expect_error(f, "cities.csv", 1, "leer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_dataset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_columns_by_name_any_order_unknown_warns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_duplicate_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_city_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_email_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unusable_address_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_count_is_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kennzahl_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_areas_in_order_of_first_appearance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_and_flag_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decimal_point_option, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plausibility_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_participant_without_data_for_a_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_and_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_info_marks_synthetic_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_info_hinweis_and_quelle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monitoring_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_separator_only_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
