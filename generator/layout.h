/* layout.h - the report layout: titles, texts, palette, fonts, page setup,
 * which sections appear. A plain UTF-8 text file a statistician can edit:
 *
 *   # comment
 *   [bericht]                 key = value lines
 *   titel = Kennzahlenvergleich ...
 *   [text vorbemerkungen]     free text up to the next [section];
 *   Absatz eins ...           a blank line starts a new paragraph
 *   [texte]                   key = text: the program's fixed texts (texts.h)
 *
 * Errors are reported as file:line to the diagnostics list. */
#ifndef KV_LAYOUT_H
#define KV_LAYOUT_H

#include "dataset.h"
#include "diag.h"
#include "texts.h"

#include <stddef.h>
#include <stdint.h>

enum {
    LAY_SEC_COVER = 1 << 0,
    LAY_SEC_CONTENTS = 1 << 1,
    LAY_SEC_PREFACE = 1 << 2,
    LAY_SEC_AREAS = 1 << 3,
    LAY_SEC_PROFILES = 1 << 4,
    LAY_SEC_ANNEX = 1 << 5,
    LAY_SEC_SUMMARY = 1 << 6 /* "ergebnisse": Zentrale Ergebnisse after the contents */
};

typedef enum { LAY_SORT_NONE = 0, LAY_SORT_DESC, LAY_SORT_ASC } lay_sort;

typedef enum {
    LAY_COL_BAR = 0, /* bars of the participants */
    LAY_COL_GESAMT,  /* Gesamtwert line */
    LAY_COL_MEAN,    /* Mittelwert line */
    LAY_COL_BAND,    /* min-max band in the development chart */
    LAY_COL_ACCENT,  /* headings, rules */
    LAY_COL_FLAGGED, /* bars of flagged values */
    LAY_COL_RING,    /* a comparison ring's Gesamtwert in the bar chart */
    LAY_COL_COUNT
} lay_color;

typedef enum { LAY_FONT_REGULAR = 0, LAY_FONT_BOLD, LAY_FONT_ITALIC, LAY_FONT_COUNT } lay_font;

typedef struct {
    char *kind; /* "vorbemerkungen", "bereich", "kennzahl", "titel", "anhang", "ergebnisse", ... */
    char *name; /* area name or key-figure code; "" for kinds without */
    char *text; /* paragraphs separated by "\n\n" */
    long line;
} lay_text;

typedef struct {
    char *path; /* the file read */
    /* [mail] absender, antwort_an ("Name <addr>"), checked with addr.h when
     * the layout is read: the address NULL when the layout has none, the
     * name "" when it gives only an address */
    char *mail_from_name, *mail_from_addr, *mail_reply_name, *mail_reply_addr;
    char *title, *subtitle, *circle, *publisher, *reference_date, *contact, *keywords;
    char *licence;     /* lizenz: the imprint's licence line (NULL: none) */
    char *citation;    /* zitiervorschlag (NULL: built from publisher, title and year) */
    char *profile;     /* profil: the participant term of the profiles ("Stadtprofil") */
    unsigned sections; /* LAY_SEC_* */
    lay_sort sort;
    int anonymous;           /* annexes show other participants as "Teilnehmer n" */
    int ring_reports;        /* one report per comparison ring (ringberichte = ja) */
    int participant_reports; /* teilnehmerberichte: berichte/ID.pdf (default 1) */
    int part_named;          /* teilnehmerbericht_vergleich: others named (default 0) */
    long profiles_upto;      /* stadtprofile_bis: profiles in the circle report up to
                              * this many participants, else a reference (default 40) */
    int compact; /* format = kompakt: one fact board per area instead of a page per key figure */
    double margin[4];              /* top right bottom left, in pt */
    int dpi;                       /* diagramm_dpi: checked, unused (charts are vectors) */
    char *font[LAY_FONT_COUNT];    /* resolved paths of TrueType files */
    uint32_t color[LAY_COL_COUNT]; /* 0xRRGGBB */
    lay_text *texts;
    size_t ntexts;
    char *tx[TX_COUNT]; /* [texte]: the layout's fixed texts (tx_compile'd), NULL: the default */
} layout;

/* Reads the layout at path; font names are looked up in font_dirs
 * (NULL-terminated) after the layout's own directory, and each font file
 * is opened with FreeType to make sure it is a TrueType font the PDF can
 * embed. Every number must be finite and in its range, every address
 * usable (addr.h), and no text may hold a character XML forbids. Returns
 * NULL after reporting every problem to diag as layout:line. */
layout *layout_load(const char *path, const char *const *font_dirs, diag_list *diag);
void layout_free(layout *l);

/* Warns (layout:line) about every [text kennzahl CODE] and [text bereich
 * NAME] section that names no key figure or area of ds: its text would
 * appear nowhere. Called once both the layout and the dataset are read. */
void layout_check_refs(const layout *l, const dataset *ds, diag_list *diag);

/* Text of a [text KIND NAME] section, or NULL. */
const char *layout_text(const layout *l, const char *kind, const char *name);

/* value, or fallback when value is NULL or empty (a setting the layout
 * left out). */
const char *layout_or(const char *value, const char *fallback);

#endif
