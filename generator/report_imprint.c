/* report_imprint.c - the imprint (Impressum) of every report (circle,
 * ring and participant reports) and the data status they print: publisher,
 * contact, Stand, data status, source, licence and a suggested citation
 * from the layout ([bericht] herausgeber, kontakt, lizenz,
 * zitiervorschlag; the citation built from publisher, title and year when
 * the layout gives none). */
#include "report_int.h"

#include "fmt.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *rpt_data_state(const report *r)
{
    if (r->o->draft)
        return "Entwurf";
    for (size_t k = 0; k < r->ds->nkz; k++)
        for (size_t c = 0; c < r->ds->ncities; c++)
            if (kz_get(r->kz, k, c, r->yi)->flag == FLAG_P)
                return "vorläufig";
    return "endgültig";
}

void rpt_imprint(report *r, const char *doc_title)
{
    const layout *l = r->lay;
    const char *publisher = layout_or(l->publisher, "Geschäftsstelle des Vergleichsrings");
    char date[64];
    fmt_date_de(r->o->when, r->o->utc, date, sizeof date);
    /* the year of publication: the Stand's */
    struct tm tm;
    time_t when = r->o->when;
    int year = (r->o->utc ? gmtime_r(&when, &tm) : localtime_r(&when, &tm)) ? tm.tm_year + 1900
                                                                            : r->o->year;
    char *state = rpt_printf(r, "%s (Berichtsjahr %d, Daten %d bis %d)", rpt_data_state(r),
                             r->o->year, r->ds->years[0], r->o->year);
    const char *licence = layout_or(l->licence, NULL), *given = layout_or(l->citation, NULL);
    char *cite = given ? NULL
                       : rpt_printf(r, "%s (%d): %s. %s.", publisher, year, doc_title,
                                    layout_or(l->circle, "Vergleichsring"));
    const char *rows[][2] = {
        {"Herausgeber", publisher},
        {"Vergleichsring", layout_or(l->circle, "Vergleichsring")},
        {"Kontakt", layout_or(l->contact, publisher)},
        {"Stand", date},
        {"Datenstand", state},
        {"Datenquelle",
         r->ds->quelle ? r->ds->quelle : "Basiszahlen der Teilnehmenden; eigene Berechnung"},
        {"Hinweis", r->ds->hinweis},
        {"Lizenz", licence},
        {"Zitiervorschlag", given ? given : cite},
        {"Erstellt mit", "kvreport " KV_VERSION},
    };
    const pdf_list li = {LAY_FONT_BOLD, LAY_FONT_REGULAR, 8.5, 11, 9, 2, 90, COL_TEXT};
    /* the imprint is read as one: its heading and rows on one page */
    double h = 0;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i][1])
            continue;
        char **lines;
        size_t n =
            pdfdoc_wrap(r->d, LAY_FONT_REGULAR, 8.5, pdfdoc_width(r->d) - 90, rows[i][1], &lines);
        pdfdoc_free_lines(lines, n);
        h += 11 * (double)n + 2;
    }
    pdfdoc_need(r->d, h + 12 * 1.9);
    rpt_section(r, "Impressum", 12, 0);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (rows[i][1])
            pdfdoc_list_item(r->d, &li, rows[i][0], rows[i][1]);
    free(state);
    free(cite);
}
