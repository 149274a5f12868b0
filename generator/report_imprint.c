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
        return TX(datenstand_entwurf);
    for (size_t k = 0; k < r->ds->nkz; k++)
        for (size_t c = 0; c < r->ds->ncities; c++)
            if (kz_get(r->kz, k, c, r->yi)->flag == FLAG_P)
                return TX(datenstand_vorlaeufig);
    return TX(datenstand_endgueltig);
}

void rpt_imprint(report *r, const char *doc_title)
{
    const layout *l = r->lay;
    const char *publisher = layout_or(l->publisher, TX(herausgeber_standard));
    char date[64];
    fmt_date_de(r->o->when, r->o->utc, date, sizeof date);
    /* the year of publication: the Stand's */
    struct tm tm;
    time_t when = r->o->when;
    int year = (r->o->utc ? gmtime_r(&when, &tm) : localtime_r(&when, &tm)) ? tm.tm_year + 1900
                                                                            : r->o->year;
    char *state =
        r->yi == 0 ? rpt_printf(r, TX(impressum_datenstand_ein_jahr), rpt_data_state(r), r->o->year)
                   : rpt_printf(r, TX(impressum_datenstand), rpt_data_state(r), r->o->year,
                                r->ds->years[0], r->o->year);
    const char *licence = layout_or(l->licence, NULL), *given = layout_or(l->citation, NULL);
    char *cite = given ? NULL
                       : rpt_printf(r, TX(impressum_zitiervorschlag), publisher, year, doc_title,
                                    layout_or(l->circle, TX(ring_standard)));
    const char *rows[][2] = {
        {TX(impressum_herausgeber), publisher},
        {TX(impressum_ring), layout_or(l->circle, TX(ring_standard))},
        {TX(impressum_kontakt), layout_or(l->contact, publisher)},
        {TX(impressum_stand), date},
        {TX(impressum_datenstand_zeile), state},
        {TX(impressum_datenquelle),
         r->ds->quelle ? r->ds->quelle : TX(impressum_datenquelle_standard)},
        {TX(impressum_hinweis), r->ds->hinweis},
        {TX(impressum_lizenz), licence},
        {TX(impressum_zitiervorschlag_zeile), given ? given : cite},
        {TX(impressum_erstellt), "kvreport " KV_VERSION},
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
    rpt_section(r, TX(abschnitt_impressum), 12, 0);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (rows[i][1])
            pdfdoc_list_item(r->d, &li, rows[i][0], rows[i][1]);
    free(state);
    free(cite);
}
