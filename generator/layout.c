/* layout.c - the layout file parser. */
#include "layout.h"

#include "csv.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    layout *l;
    diag_list *diag;
    const char *fname;
    long line;
    int errors;
} parser;

static void err(parser *p, const char *msg, const char *arg)
{
    char ex[120];
    text_excerpt(arg ? arg : "", 60, ex, sizeof ex);
    diag_add(p->diag, DIAG_ERROR, p->fname, p->line, NULL, 0, NULL, "%s%s%s%s", msg,
             arg ? " \xE2\x80\x9E" : "", arg ? ex : "", arg ? "\xE2\x80\x9C" : "");
    p->errors++;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = strdup(v);
}

static int parse_color(const char *v, uint32_t *out)
{
    if (v[0] != '#' || strlen(v) != 7 || strspn(v + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    *out = (uint32_t)strtoul(v + 1, NULL, 16);
    return 0;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Absolute font paths are taken as they are; names are searched in the
 * layout's directory, then in font_dirs. */
static char *find_font(const char *name, const char *layout_path, const char *const *dirs)
{
    if (name[0] == '/')
        return is_file(name) ? strdup(name) : NULL;
    char path[4096];
    const char *slash = strrchr(layout_path, '/');
    int dlen = slash ? (int)(slash - layout_path) : 1;
    snprintf(path, sizeof path, "%.*s/%s", dlen, slash ? layout_path : ".", name);
    if (is_file(path))
        return strdup(path);
    for (; dirs && *dirs; dirs++) {
        snprintf(path, sizeof path, "%s/%s", *dirs, name);
        if (is_file(path))
            return strdup(path);
    }
    return NULL;
}

static const char *const section_names[] = {"titel",    "inhalt",       "vorbemerkungen",
                                            "bereiche", "stadtprofile", "anhang"};

static void parse_sections(parser *p, char *v)
{
    p->l->sections = 0;
    char *save = NULL;
    for (char *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tok = trim(tok);
        size_t i;
        for (i = 0; i < 6 && strcmp(tok, section_names[i]) != 0; i++)
            ;
        if (i == 6)
            err(p,
                "unbekannter Abschnitt (erlaubt: titel, inhalt, vorbemerkungen, bereiche, "
                "stadtprofile, anhang)",
                tok);
        else
            p->l->sections |= 1u << i;
    }
}

static void parse_margins(parser *p, const char *v)
{
    double m[4];
    const char *s = v;
    for (int i = 0; i < 4; i++) {
        char *end;
        m[i] = strtod(s, &end);
        if (end == s || m[i] < 5 || m[i] > 60) {
            err(p, "rand_mm erwartet vier Zahlen von 5 bis 60 (oben rechts unten links)", v);
            return;
        }
        s = end;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s) {
        err(p, "rand_mm erwartet vier Zahlen von 5 bis 60 (oben rechts unten links)", v);
        return;
    }
    for (int i = 0; i < 4; i++)
        p->l->margin[i] = m[i] * 72.0 / 25.4;
}

static const char *const color_keys[LAY_COL_COUNT] = {"balken", "gesamtwert", "mittelwert",
                                                      "spanne", "akzent",     "gekennzeichnet"};
static const char *const font_keys[LAY_FONT_COUNT] = {"normal", "fett", "kursiv"};

static void key_value(parser *p, const char *section, char *key, char *v, char **font_names)
{
    layout *l = p->l;
    if (strcmp(section, "bericht") == 0) {
        struct {
            const char *k;
            char **dst;
        } strs[] = {{"titel", &l->title},
                    {"untertitel", &l->subtitle},
                    {"ring", &l->circle},
                    {"herausgeber", &l->publisher},
                    {"stichtag", &l->reference_date},
                    {"kontakt", &l->contact},
                    {"schlagworte", &l->keywords}};
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
            if (strcmp(key, strs[i].k) == 0) {
                set_str(strs[i].dst, v);
                return;
            }
        }
        if (strcmp(key, "abschnitte") == 0) {
            parse_sections(p, v);
        } else if (strcmp(key, "sortierung") == 0) {
            if (strcmp(v, "keine") == 0)
                l->sort = LAY_SORT_NONE;
            else if (strcmp(v, "wert-absteigend") == 0)
                l->sort = LAY_SORT_DESC;
            else if (strcmp(v, "wert-aufsteigend") == 0)
                l->sort = LAY_SORT_ASC;
            else
                err(p, "sortierung: erlaubt sind keine, wert-absteigend, wert-aufsteigend", v);
        } else if (strcmp(key, "vergleich") == 0) {
            if (strcmp(v, "namentlich") == 0)
                l->anonymous = 0;
            else if (strcmp(v, "anonym") == 0)
                l->anonymous = 1;
            else
                err(p, "vergleich: erlaubt sind namentlich, anonym", v);
        } else {
            err(p, "unbekannter Schlüssel in [bericht]", key);
        }
    } else if (strcmp(section, "seite") == 0) {
        if (strcmp(key, "rand_mm") == 0) {
            parse_margins(p, v);
        } else if (strcmp(key, "diagramm_dpi") == 0) {
            char *end;
            long dpi = strtol(v, &end, 10);
            if (*end || dpi < 72 || dpi > 1200)
                err(p, "diagramm_dpi muss eine ganze Zahl von 72 bis 1200 sein", v);
            else
                l->dpi = (int)dpi;
        } else {
            err(p, "unbekannter Schlüssel in [seite]", key);
        }
    } else if (strcmp(section, "mail") == 0) {
        if (strcmp(key, "absender") == 0)
            set_str(&l->mail_from, v);
        else if (strcmp(key, "antwort_an") == 0)
            set_str(&l->mail_reply_to, v);
        else
            err(p, "unbekannter Schlüssel in [mail] (erlaubt: absender, antwort_an)", key);
    } else if (strcmp(section, "farben") == 0) {
        for (int i = 0; i < LAY_COL_COUNT; i++) {
            if (strcmp(key, color_keys[i]) == 0) {
                if (parse_color(v, &l->color[i]) < 0)
                    err(p, "Farbe erwartet als #RRGGBB", v);
                return;
            }
        }
        err(p, "unbekannte Farbe in [farben]", key);
    } else if (strcmp(section, "schrift") == 0) {
        for (int i = 0; i < LAY_FONT_COUNT; i++) {
            if (strcmp(key, font_keys[i]) == 0) {
                set_str(&font_names[i], v);
                return;
            }
        }
        err(p, "unbekannter Schlüssel in [schrift]", key);
    } else {
        err(p, "Schlüssel außerhalb eines Abschnitts", key);
    }
}

static void add_text(parser *p, const char *kind, const char *name, long line)
{
    layout *l = p->l;
    lay_text *n = realloc(l->texts, (l->ntexts + 1) * sizeof *n);
    if (!n)
        return;
    l->texts = n;
    lay_text *t = &l->texts[l->ntexts++];
    t->kind = strdup(kind);
    t->name = strdup(name);
    t->text = strdup("");
    t->line = line;
}

static void append_text(lay_text *t, const char *line)
{
    size_t a = strlen(t->text), b = strlen(line);
    char *n = realloc(t->text, a + b + 2);
    if (!n)
        return;
    memcpy(n + a, line, b);
    n[a + b] = '\n';
    n[a + b + 1] = '\0';
    t->text = n;
}

/* Collapses the collected lines: single line breaks become spaces, blank
 * lines separate paragraphs ("\n\n"), outer blank lines go. */
static void finish_text(lay_text *t)
{
    char *s = t->text, *o = s;
    int newlines = 0;
    for (char *r = s; *r; r++) {
        if (*r == '\n') {
            newlines++;
            continue;
        }
        if (newlines && o != s) {
            if (newlines > 1) {
                *o++ = '\n';
                *o++ = '\n';
            } else {
                *o++ = ' ';
            }
        }
        newlines = 0;
        *o++ = *r;
    }
    *o = '\0';
}

static const char *const text_kinds[] = {"titel", "vorbemerkungen", "bereich", "kennzahl",
                                         "anhang"};

static void section_header(parser *p, char *h, char *section, size_t size)
{
    char *end = strrchr(h, ']');
    if (!end || trim(end + 1)[0] != '\0') {
        err(p, "Abschnittskopf muss mit ] enden", h);
        return;
    }
    *end = '\0';
    char *name = trim(h + 1);
    if (strncmp(name, "text ", 5) == 0) {
        char *kind = trim(name + 5), *arg = strchr(kind, ' ');
        if (arg)
            *arg++ = '\0';
        size_t i;
        for (i = 0; i < sizeof text_kinds / sizeof *text_kinds; i++)
            if (strcmp(kind, text_kinds[i]) == 0)
                break;
        int needs_name = i < 5 && (strcmp(kind, "bereich") == 0 || strcmp(kind, "kennzahl") == 0);
        if (i == sizeof text_kinds / sizeof *text_kinds || needs_name != (arg != NULL))
            err(p,
                "Textabschnitt: erlaubt sind [text titel], [text vorbemerkungen], [text "
                "anhang], [text bereich NAME], [text kennzahl CODE]",
                name);
        else
            add_text(p, kind, arg ? trim(arg) : "", p->line);
        snprintf(section, size, "text");
        return;
    }
    static const char *const known[] = {"bericht", "seite", "farben", "schrift", "mail"};
    size_t i;
    for (i = 0; i < sizeof known / sizeof *known && strcmp(name, known[i]) != 0; i++)
        ;
    if (i == sizeof known / sizeof *known)
        err(p, "unbekannter Abschnitt (erlaubt: bericht, seite, farben, schrift, mail, text ...)",
            name);
    snprintf(section, size, "%s", name);
}

static void defaults(layout *l)
{
    l->sections = LAY_SEC_COVER | LAY_SEC_CONTENTS | LAY_SEC_PREFACE | LAY_SEC_AREAS |
                  LAY_SEC_PROFILES | LAY_SEC_ANNEX;
    for (int i = 0; i < 4; i++)
        l->margin[i] = 20 * 72.0 / 25.4;
    l->dpi = 300;
    static const uint32_t colors[LAY_COL_COUNT] = {0x2B5C8A, 0xD55E00, 0x222222,
                                                   0xC9D8E8, 0x1F4E79, 0x9DB9D3};
    memcpy(l->color, colors, sizeof colors);
}

static void parse(parser *p, char *buf, char **font_names)
{
    char section[256] = "";
    lay_text *cur = NULL;
    char *save = NULL;
    p->line = 0;
    /* strtok_r would skip empty lines, which carry paragraph breaks */
    for (char *line = buf; line; line = save) {
        save = strchr(line, '\n');
        if (save)
            *save++ = '\0';
        p->line++;
        char *t = trim(line);
        if (t[0] == '[') {
            if (cur)
                finish_text(cur);
            section_header(p, t, section, sizeof section);
            cur = strcmp(section, "text") == 0 && p->l->ntexts &&
                          p->l->texts[p->l->ntexts - 1].line == p->line
                      ? &p->l->texts[p->l->ntexts - 1]
                      : NULL;
            continue;
        }
        if (strcmp(section, "text") == 0) {
            if (cur)
                append_text(cur, t);
            continue;
        }
        if (t[0] == '#' || t[0] == '\0')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            err(p, "erwartet: Schlüssel = Wert", t);
            continue;
        }
        *eq = '\0';
        key_value(p, section, trim(t), trim(eq + 1), font_names);
    }
    if (cur)
        finish_text(cur);
}

layout *layout_load(const char *path, const char *const *font_dirs, diag_list *diag)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *buf = NULL, reason[256];
    size_t len;
    if (csv_slurp(path, &buf, &len, reason, sizeof reason) < 0) {
        diag_add(diag, DIAG_ERROR, base, 0, NULL, 0, NULL, "Layout %s: %s", path, reason);
        return NULL;
    }
    layout *l = calloc(1, sizeof *l);
    parser p = {.l = l, .diag = diag, .fname = base};
    char *font_names[LAY_FONT_COUNT] = {strdup("NotoSans-Regular.ttf"), strdup("NotoSans-Bold.ttf"),
                                        strdup("NotoSans-Italic.ttf")};
    size_t bad = text_utf8_invalid(buf, len);
    if (bad < len) {
        p.line = 1;
        for (size_t i = 0; i < bad; i++)
            p.line += buf[i] == '\n';
        err(&p, "ungültige UTF-8-Bytefolge; das Layout muss UTF-8 sein", NULL);
    } else {
        l->path = strdup(path);
        defaults(l);
        parse(&p, buf + (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0), font_names);
    }
    for (int i = 0; i < LAY_FONT_COUNT && !p.errors; i++) {
        l->font[i] = find_font(font_names[i], path, font_dirs);
        if (!l->font[i]) {
            p.line = 0;
            err(&p, "Schriftdatei nicht gefunden (Paket fonts-noto-core installiert?)",
                font_names[i]);
        }
    }
    for (int i = 0; i < LAY_FONT_COUNT; i++)
        free(font_names[i]);
    free(buf);
    if (p.errors) {
        layout_free(l);
        return NULL;
    }
    return l;
}

void layout_free(layout *l)
{
    if (!l)
        return;
    char **strs[] = {&l->mail_from, &l->mail_reply_to, &l->path,      &l->title,
                     &l->subtitle,  &l->circle,        &l->publisher, &l->reference_date,
                     &l->contact,   &l->keywords};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        free(*strs[i]);
    for (int i = 0; i < LAY_FONT_COUNT; i++)
        free(l->font[i]);
    for (size_t i = 0; i < l->ntexts; i++) {
        free(l->texts[i].kind);
        free(l->texts[i].name);
        free(l->texts[i].text);
    }
    free(l->texts);
    free(l);
}

const char *layout_text(const layout *l, const char *kind, const char *name)
{
    for (size_t i = 0; i < l->ntexts; i++)
        if (strcmp(l->texts[i].kind, kind) == 0 && strcmp(l->texts[i].name, name ? name : "") == 0)
            return l->texts[i].text[0] ? l->texts[i].text : NULL;
    return NULL;
}

const char *layout_or(const char *value, const char *fallback)
{
    return value && *value ? value : fallback;
}
