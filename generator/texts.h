/* texts.h - every fixed German text a reader of a report, chart, workbook
 * or mail sees, in one table: a stable key, the program's default (the
 * same as the standard layout's [texte]) and, for a text that embeds
 * values, the names of its placeholders.
 *
 * A layout overrides a text with "key = Text" in [texte] (layout.c). A
 * text that embeds values is a printf format here; its entry names the
 * conversions in order ("jahr,anzahl"), and the layout writes them as
 * {jahr} and {anzahl}, in any order, each at least once; a literal % is
 * just %. A text with outer spaces is written in "...", a line break as \n
 * (tx_unquote). tx_compile turns such a text into a format with numbered
 * conversions ("%2$zu ... %1$d") of the default's types.
 *
 * Call sites write TX(key): the layout's text when it has one, else the
 * default. TX passes the default on as format_arg, so the compiler checks
 * every call's arguments against it; tx_compile keeps an override's types
 * the same. Diagnostics for the operator (stderr, validation.csv) are not
 * texts of this table. */
#ifndef KV_TEXTS_H
#define KV_TEXTS_H

#include "sbuf.h"

#include <stddef.h>

#include "texts_list.h"

typedef enum {
#define TX_ENUM(k, names, section) TX_##k,
    TX_LIST(TX_ENUM)
#undef TX_ENUM
        TX_COUNT
} tx_key;

typedef struct {
    const char *key;     /* the [texte] key */
    const char *text;    /* the default */
    const char *names;   /* placeholder names, comma-separated ("" none); NULL:
                          * a plain text, never used as a format */
    const char *section; /* a text of a layout section instead of [texte]
                          * ("mail", "mail geschaeftsstelle", "anhang"); NULL */
} tx_entry;

/* The text of k: the layout's (tx_use) or def, the default. */
const char *tx_get(tx_key k, const char *def) __attribute__((format_arg(2)));
#define TX(k) tx_get(TX_##k, TXD_##k)

/* The text of a key held in a variable (never used as a format). */
#define TX_AT(k) tx_get((k), tx_default(k))

/* Makes texts (TX_COUNT entries, NULL where the layout has none; owned by
 * the caller, usually layout->tx) the ones TX returns; NULL for the
 * defaults. Set once per process after the layout is read. */
void tx_use(const char *const *texts);

/* The entry at i (0 .. TX_COUNT-1), NULL beyond. */
const tx_entry *tx_entry_at(size_t i);

/* The key of [texte] named key, or -1 (the section texts have none). */
int tx_find(const char *key);

/* The program's default of k. */
const char *tx_default(tx_key k);

/* Number of placeholders of k. */
size_t tx_placeholders(tx_key k);

/* 1 when the default of k has exactly as many conversions as names (a
 * check of the table for the unit tests). */
int tx_table_ok(tx_key k);

/* Turns the layout's text for k into the form TX returns (*out, malloc'ed;
 * a format with numbered conversions for a text with values). Returns NULL,
 * or why the text is refused (German), with the placeholder concerned
 * appended to why; *out is NULL then. Refused: an empty text, more line
 * breaks than the default has (a table head would overlap), a placeholder
 * k does not have, one of its placeholders missing. */
const char *tx_compile(tx_key k, const char *text, char **out, sbuf *why);

/* Reads a [texte] value in place: enclosing "..." are dropped (they keep
 * outer spaces, which the layout's lines otherwise lose), and \n is a line
 * break. This function can't fail. */
void tx_unquote(char *v);

/* The default of k as a layout writes it ({name} for each value), malloc'ed;
 * NULL when out of memory. */
char *tx_layout_form(tx_key k);

#endif
