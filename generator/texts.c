/* texts.c - the table of fixed texts and the [texte] overrides. */
#include "texts.h"

#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

static const tx_entry table[TX_COUNT] = {
#define TX_ROW(k, names, section) {#k, TXD_##k, names, section},
    TX_LIST(TX_ROW)
#undef TX_ROW
};

/* The layout's texts in use (NULL: none); see tx_use. */
static const char *const *current;

const tx_entry *tx_entry_at(size_t i)
{
    return i < TX_COUNT ? &table[i] : NULL;
}

int tx_find(const char *key)
{
    for (size_t i = 0; i < TX_COUNT; i++)
        if (!table[i].section && strcmp(table[i].key, key) == 0)
            return (int)i;
    return -1;
}

void tx_use(const char *const *texts)
{
    current = texts;
}

const char *tx_get(tx_key k, const char *def)
{
    return current && current[k] ? current[k] : def;
}

const char *tx_default(tx_key k)
{
    return table[k].text;
}

/* Length of the printf conversion at s (just after its '%'): flags,
 * width, precision, length modifier and the conversion letter. */
static size_t spec_len(const char *s)
{
    size_t n = strspn(s, "-+ #0");
    n += strspn(s + n, "0123456789");
    if (s[n] == '.')
        n += 1 + strspn(s + n + 1, "0123456789");
    n += strspn(s + n, "hlLqjzt");
    return s[n] ? n + 1 : n;
}

/* The i-th (0-based) conversion of fmt, without its '%': start and
 * length; 0 when fmt has fewer. */
static size_t nth_spec(const char *fmt, size_t i, const char **at)
{
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        size_t n = spec_len(p + 1);
        if (i-- == 0) {
            *at = p + 1;
            return n;
        }
        p += 1 + n;
    }
    return 0;
}

/* The i-th name of the comma-separated list names: start and length; 0
 * when there are fewer. */
static size_t nth_name(const char *names, size_t i, const char **at)
{
    const char *p = names;
    for (; i; i--) {
        p = strchr(p, ',');
        if (!p)
            return 0;
        p++;
    }
    *at = p;
    return *p ? strcspn(p, ",") : 0;
}

size_t tx_placeholders(tx_key k)
{
    const char *at;
    size_t n = 0;
    if (table[k].names)
        while (nth_name(table[k].names, n, &at))
            n++;
    return n;
}

int tx_table_ok(tx_key k)
{
    const tx_entry *e = &table[k];
    const char *at;
    if (!e->names)
        return 1; /* a plain text is never a format */
    size_t n = tx_placeholders(k);
    return nth_spec(e->text, n, &at) == 0 && (n == 0 || nth_spec(e->text, n - 1, &at) != 0);
}

const char *tx_compile(tx_key k, const char *text, char **out, sbuf *why)
{
    const tx_entry *e = &table[k];
    *out = NULL;
    if (!*text)
        return "leerer Text";
    /* a table head has as many lines as its default: more would overlap */
    size_t breaks = 0, allowed = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        breaks++;
    for (const char *p = e->text; (p = strchr(p, '\n')) != NULL; p++)
        allowed++;
    if (breaks > allowed)
        return allowed ? "mehr Zeilenumbrüche (\\n) als im Standardtext"
                       : "Zeilenumbruch (\\n) nicht erlaubt";
    if (!e->names) {
        *out = strdup(text);
        return *out ? NULL : "zu wenig Speicher";
    }
    size_t n = tx_placeholders(k);
    unsigned char used[64] = {0};
    sbuf s;
    sbuf_init(&s);
    const char *problem = NULL;
    for (const char *p = text; *p && !problem; p++) {
        if (*p == '%') {
            sbuf_adds(&s, "%%");
            continue;
        }
        if (*p != '{') {
            sbuf_addc(&s, *p);
            continue;
        }
        size_t len = strcspn(p + 1, "{}");
        size_t i;
        const char *name = NULL;
        for (i = 0; p[1 + len] == '}' && i < n; i++)
            if (nth_name(e->names, i, &name) == len && memcmp(name, p + 1, len) == 0)
                break;
        if (p[1 + len] != '}' || i == n) {
            problem = "unbekannter Platzhalter";
            sbuf_addf(why, "%.*s", (int)(p[1 + len] == '}' ? len + 2 : len + 1), p);
            break;
        }
        const char *spec;
        size_t sl = nth_spec(e->text, i, &spec);
        sbuf_addf(&s, "%%%zu$%.*s", i + 1, (int)sl, spec);
        used[i < sizeof used ? i : 0] = 1;
        p += len + 1;
    }
    for (size_t i = 0; !problem && i < n && i < sizeof used; i++) {
        const char *name = "";
        size_t len = nth_name(e->names, i, &name);
        if (!used[i]) {
            problem = "Platzhalter fehlt (jeder Wert des Standardtexts muss vorkommen)";
            sbuf_addf(why, "{%.*s}", (int)len, name);
        }
    }
    if (!problem && sbuf_failed(&s))
        problem = "zu wenig Speicher";
    if (problem)
        sbuf_free(&s);
    else
        *out = sbuf_take(&s);
    return problem ? problem : *out ? NULL : "zu wenig Speicher";
}

void tx_unquote(char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        memmove(v, v + 1, n - 2);
        v[n - 2] = '\0';
    }
    char *o = v;
    for (const char *r = v; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *o++ = '\n';
            r++;
        } else {
            *o++ = *r;
        }
    }
    *o = '\0';
}

char *tx_layout_form(tx_key k)
{
    const tx_entry *e = &table[k];
    sbuf s;
    sbuf_init(&s);
    size_t i = 0, n = strlen(e->text);
    /* outer spaces would be trimmed, outer quotes taken as quoting */
    int quote = n && (strchr(" \t\"", e->text[0]) || strchr(" \t\"", e->text[n - 1]));
    if (quote)
        sbuf_addc(&s, '"');
    for (const char *p = e->text; *p; p++) {
        if (*p == '\n') {
            sbuf_adds(&s, "\\n");
        } else if (!e->names || *p != '%') {
            sbuf_addc(&s, *p);
        } else if (p[1] == '%') {
            sbuf_addc(&s, '%');
            p++;
        } else {
            const char *name = "";
            size_t len = nth_name(e->names, i++, &name);
            sbuf_addf(&s, "{%.*s}", (int)len, len ? name : "?");
            p += spec_len(p + 1);
        }
    }
    if (quote)
        sbuf_addc(&s, '"');
    return sbuf_take(&s);
}
