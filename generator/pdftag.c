/* pdftag.c - the structure tree, marked content and document-level
 * entries of a tagged PDF (see pdftag.h): the document-level entries on
 * libharu's object layer, the tree serialized by itself into pdfpack's
 * object streams. */
#include "pdftag.h"

#include "pdffont.h"
#include "pdfmeta.h"
#include "pdfpack.h"
#include "sbuf.h"
#include "text.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ALT UINT32_MAX

/* The objects the StructTreeRoot refers to, written by pdftag after
 * libharu's: the Document element, the ParentTree, the IDTree. */
enum { PH_DOC, PH_PARENTS, PH_IDS, PH_END };

typedef struct {
    uint8_t type;    /* tag_type */
    uint32_t parent; /* TAG_NONE for the Document */
    uint32_t page;   /* where it is first placed: the order of the Document's children */
    uint32_t alt;    /* offset in t->alt, NO_ALT: none */
    uint32_t nmc;    /* marked-content sequences, counted on replay */
    float bbox[4];   /* figures: x0 y0 x1 y1 */
} elem;

/* One marked-content sequence of an element: its page and MCID there. */
typedef struct {
    uint32_t e, page, mcid;
} mcref;

/* A link annotation of an element: its page and libharu object number. */
typedef struct {
    uint32_t e, page, obj;
} objref;

struct pdf_tags {
    elem *v;
    size_t n, cap;
    sbuf alt;                 /* alternative texts, NUL-separated */
    const unsigned char *icc; /* the deflated ICC profile (icc_cache's) */
    size_t icc_len;
    char err[200];
    int has_err;
    /* replay */
    uint32_t *next_mcid; /* per page */
    size_t npages;
    mcref *mc;
    size_t nmc, mc_cap;
    objref *ob;
    size_t nob, ob_cap;
    HPDF_Encoder enc;    /* for text strings (UTF-8 to UTF-16) */
    HPDF_Page open_page; /* the page of the open marked content, NULL: none */
    uint32_t open_e;
    /* saving */
    uint32_t *page_obj;   /* libharu's object number of each page */
    HPDF_Dict root;       /* the StructTreeRoot, a libharu object */
    HPDF_Dict ph[PH_END]; /* what it refers to, numbered when it is written */
    HPDF_Xref xref;
    uint32_t first;   /* the first number after libharu's objects, 0: not yet known */
    int has_ids;      /* there are Notes, so an IDTree */
    HPDF_BYTE id[16]; /* the trailer's /ID */
};

static const char *const tag_name[TAG_COUNT] = {
    "Document", "H1", "H2", "P",   "Note",  "Table", "TR",   "TH",   "TH",
    "TD",       "L",  "LI", "Lbl", "LBody", "TOC",   "TOCI", "Link", "Figure"};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *p = realloc(*v, c * size);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

/* The ICC profile of the output intent, deflated once per process for all
 * its documents (and inherited by the workers it forks): libharu
 * deflated its 20 KB for every document again, 1.3 ms each, 0.5 s of CPU
 * for the 409 reports of 400 participants in 8 rings; pdffont_deflate
 * takes 0.2 ms once, for 7.2 KB. Kept until the process ends; the path is
 * the key (the same in every run but a test's). */
static struct {
    char *path;
    unsigned char *z;
    size_t zlen;
} icc_cache;

/* The profile at path read, checked and deflated into icc_cache; 0, or -1
 * when it is missing or not a profile, -2 when out of memory. */
static int load_icc(const char *path)
{
    FILE *fp = fopen(path, "rb");
    sbuf b;
    sbuf_init(&b);
    char buf[8192];
    size_t n;
    while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        sbuf_add(&b, buf, n);
    int bad = !fp || ferror(fp);
    if (fp)
        fclose(fp);
    /* an ICC profile starts with its size and has "acsp" at offset 36 */
    if (bad || sbuf_failed(&b) || b.len < 128 || memcmp(b.s + 36, "acsp", 4) != 0) {
        int rc = !bad && sbuf_failed(&b) ? -2 : -1;
        sbuf_free(&b);
        return rc;
    }
    unsigned char *z = NULL;
    size_t zlen = 0;
    char *key = pdffont_deflate(b.s, b.len, &z, &zlen) == 0 ? strdup(path) : NULL;
    sbuf_free(&b);
    if (!key) {
        free(z);
        return -2;
    }
    free(icc_cache.path);
    free(icc_cache.z);
    icc_cache.path = key;
    icc_cache.z = z;
    icc_cache.zlen = zlen;
    return 0;
}

/* The document's profile from the cache, loaded first when the path is
 * new; 0, or -1 when out of memory (a missing profile is t's error). */
static int read_icc(pdf_tags *t, const char *path)
{
    int rc = icc_cache.path && strcmp(icc_cache.path, path) == 0 ? 0 : load_icc(path);
    if (rc == -2)
        return -1;
    if (rc < 0) {
        snprintf(t->err, sizeof t->err,
                 "Farbprofil %.100s fehlt oder ist kein ICC-Profil (Debian-Paket "
                 "colord-data installieren)",
                 path);
        t->has_err = 1;
    } else {
        t->icc = icc_cache.z;
        t->icc_len = icc_cache.zlen;
    }
    return 0;
}

pdf_tags *tags_new(const char *icc_path)
{
    pdf_tags *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    sbuf_init(&t->alt);
    if (tags_add(t, TAG_DOCUMENT, TAG_NONE, 0) == TAG_NONE) {
        free(t);
        return NULL;
    }
    if (read_icc(t, icc_path) < 0) {
        tags_free(t);
        return NULL;
    }
    return t;
}

void tags_free(pdf_tags *t)
{
    if (!t)
        return;
    free(t->v);
    sbuf_free(&t->alt);
    free(t->next_mcid);
    free(t->mc);
    free(t->ob);
    free(t->page_obj);
    if (t->root) {
        t->root->attr = NULL;
        t->root->before_write_fn = NULL;
    }
    for (int i = 0; i < PH_END; i++)
        if (t->ph[i])
            HPDF_Dict_Free(t->ph[i]);
    free(t);
}

const char *tags_error(const pdf_tags *t)
{
    return t->has_err ? t->err : NULL;
}

/* ---- recording --------------------------------------------------------------------- */

uint32_t tags_add(pdf_tags *t, tag_type type, uint32_t parent, size_t page)
{
    if (t->n >= TAG_NONE - 1 || grow((void **)&t->v, &t->cap, t->n, sizeof *t->v) < 0)
        return TAG_NONE;
    elem *e = &t->v[t->n];
    memset(e, 0, sizeof *e);
    e->type = (uint8_t)type;
    e->parent = parent;
    e->page = (uint32_t)page;
    e->alt = NO_ALT;
    return (uint32_t)t->n++;
}

tag_type tags_type(const pdf_tags *t, uint32_t e)
{
    return (tag_type)t->v[e].type;
}

uint32_t tags_parent(const pdf_tags *t, uint32_t e)
{
    return t->v[e].parent;
}

/* The alt text is copied with every no-break space (U+00A0, in the
 * charts' numbers and units, "Einheit: %") as a plain space: a screen
 * reader speaks both alike, and without it the text fits PDFDocEncoding,
 * one byte a character in the tree instead of UTF-16's two (0.35 MB of
 * the tree at 400 participants; see pack_text). The charts' SVG <desc>
 * and everything printed keep the no-break space. */
int tags_set_alt(pdf_tags *t, uint32_t e, const char *alt)
{
    size_t at = t->alt.len;
    if (at >= NO_ALT || sbuf_adds(&t->alt, alt) < 0 || sbuf_addc(&t->alt, '\0') < 0)
        return -1;
    char *s = t->alt.s + at, *d = s;
    for (; *s; s++) {
        if (s[0] == '\xC2' && s[1] == '\xA0')
            *d++ = ' ', s++;
        else
            *d++ = *s;
    }
    *d = '\0';
    sbuf_truncate(&t->alt, (size_t)(d - t->alt.s) + 1);
    t->v[e].alt = (uint32_t)at;
    return 0;
}

int tags_set_bbox(pdf_tags *t, uint32_t e, double x0, double y0, double x1, double y1)
{
    float *b = t->v[e].bbox;
    b[0] = (float)x0;
    b[1] = (float)y0;
    b[2] = (float)x1;
    b[3] = (float)y1;
    return 0;
}

/* ---- replay: marked content ---------------------------------------------------------- */

int tags_begin(pdf_tags *t, HPDF_Encoder enc, size_t npages)
{
    t->enc = enc;
    t->next_mcid = calloc(npages + 1, sizeof *t->next_mcid);
    t->npages = npages;
    return t->next_mcid ? 0 : -1;
}

static HPDF_Stream content_of(HPDF_Page p)
{
    return ((HPDF_PageAttr)p->attr)->stream;
}

void tags_close(pdf_tags *t)
{
    if (t->open_page)
        HPDF_Stream_WriteStr(content_of(t->open_page), "EMC\012");
    t->open_page = NULL;
}

/* s (a short operator) into op at k; the new end. */
static size_t put_op(char *op, size_t k, const char *s)
{
    while (*s)
        op[k++] = *s++;
    return k;
}

int tags_mark(pdf_tags *t, HPDF_Page p, size_t page, uint32_t e, char *out, size_t *n)
{
    *n = 0;
    if (t->open_page == p && t->open_e == e)
        return 0;
    size_t k = 0;
    if (t->open_page == p)
        k = put_op(out, k, "EMC\012");
    else
        tags_close(t);
    t->open_page = p;
    t->open_e = e;
    if (e == TAG_NONE) {
        k = put_op(out, k, "/Artifact BMC\012");
    } else {
        if (grow((void **)&t->mc, &t->mc_cap, t->nmc, sizeof *t->mc) < 0)
            return -1;
        uint32_t mcid = t->next_mcid[page]++;
        t->mc[t->nmc++] = (mcref){e, (uint32_t)page, mcid};
        t->v[e].nmc++;
        /* "/TD<</MCID 12>>BDC", without printf and spaces: one per table cell */
        char digits[12];
        size_t d = 0;
        k = put_op(out, put_op(out, k, "/"), tag_name[t->v[e].type]);
        k = put_op(out, k, "<</MCID ");
        do
            digits[d++] = (char)('0' + mcid % 10);
        while (mcid /= 10);
        while (d)
            out[k++] = digits[--d];
        k = put_op(out, k, ">>BDC\012");
    }
    *n = k;
    return 0;
}

int tags_annot(pdf_tags *t, HPDF_Annotation a, size_t page, uint32_t e, const char *contents)
{
    if (grow((void **)&t->ob, &t->ob_cap, t->nob, sizeof *t->ob) < 0)
        return -1;
    /* its key in the ParentTree: after the pages' */
    HPDF_INT32 key = (HPDF_INT32)(t->npages + t->nob);
    char buf[TEXT_PDF_STRING_BUF];
    t->ob[t->nob++] = (objref){e, (uint32_t)page, a->header.obj_id & 0x00FFFFFF};
    /* PDF/A: printable (/F 4); PDF/UA: a description of the target */
    if (HPDF_Dict_AddNumber(a, "F", 4) != HPDF_OK ||
        HPDF_Dict_AddNumber(a, "StructParent", key) != HPDF_OK ||
        HPDF_Dict_Add(a, "Contents",
                      HPDF_String_New(a->mmgr, text_pdf_string(contents, buf), t->enc)) != HPDF_OK)
        return -1;
    return 0;
}

/* ---- the tree, serialized -------------------------------------------------------------- */

/* Appends a string literal (its length known at compile time). */
#define ADD_LIT(b, lit) pack_add((b), (lit), sizeof(lit) - 1)

/* Items grouped by a key: group k is list[first[k] .. first[k + 1]]. */
typedef struct {
    uint32_t *first, *list;
} groups;

/* Groups n items (the uint32_t at base + i * stride + off is item i's key) by
 * key, each group in item order; keys >= nkeys are left out. 0 or -1. */
static int group_by(groups *g, const void *base, size_t stride, size_t off, size_t n, size_t nkeys)
{
    g->first = calloc(nkeys + 2, sizeof *g->first);
    g->list = malloc((n ? n : 1) * sizeof *g->list);
    if (!g->first || !g->list)
        return -1;
    const char *b = base;
    uint32_t k;
    for (size_t i = 0; i < n; i++) {
        memcpy(&k, b + i * stride + off, sizeof k);
        if (k < nkeys)
            g->first[k + 2]++;
    }
    for (size_t i = 0; i < nkeys; i++)
        g->first[i + 2] += g->first[i + 1];
    /* first[k + 1] is now where group k starts: fill, moving it on */
    for (size_t i = 0; i < n; i++) {
        memcpy(&k, b + i * stride + off, sizeof k);
        if (k < nkeys)
            g->list[g->first[k + 1]++] = (uint32_t)i;
    }
    return 0;
}

static void groups_free(groups *g)
{
    free(g->first);
    free(g->list);
}

/* Object numbers after libharu's (t->first): element e, the ParentTree,
 * the IDTree if there are Notes, the ParentTree's array of each page with
 * marked content, the header cells' attribute objects. */
typedef struct {
    const pdf_tags *t;
    uint32_t root;  /* the StructTreeRoot's number (libharu's) */
    uint32_t *parr; /* per page: the number of its ParentTree array, 0: none */
    /* the attribute objects <</O/Table/Scope/Column>> and .../Row, one
     * each for every TH of its kind (0: no such TH). ISO 32000-1, table
     * 323: an element's /A is an attribute object or an array of them,
     * "either a dictionary or a stream", and a stream is always indirect;
     * pikepdf, pdf.js and poppler follow the reference. 14 (Column) or
     * 11 (Row) bytes less a header cell: 141 KB of the tree at 400
     * participants (11,300 of them). */
    uint32_t scope[2];
    groups kids;  /* an element's children */
    groups mcs;   /* an element's marked-content sequences (index in t->mc) */
    groups obs;   /* an element's annotations (index in t->ob) */
    groups pages; /* a page's marked-content sequences, by MCID */
} tree;

static uint32_t obj_of(const tree *w, uint32_t e)
{
    return w->t->first + e;
}

static int by_page(const void *a, const void *b, void *ctx)
{
    const elem *v = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (v[x].page != v[y].page)
        return v[x].page < v[y].page ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The groups; the Document's children in the order of their first page
 * (the contents are drawn last but stand at the front). 0 or -1. */
static int tree_index(tree *w)
{
    const pdf_tags *t = w->t;
    if (group_by(&w->kids, t->v, sizeof *t->v, offsetof(elem, parent), t->n, t->n) < 0 ||
        group_by(&w->mcs, t->mc, sizeof *t->mc, offsetof(mcref, e), t->nmc, t->n) < 0 ||
        group_by(&w->obs, t->ob, sizeof *t->ob, offsetof(objref, e), t->nob, t->n) < 0 ||
        group_by(&w->pages, t->mc, sizeof *t->mc, offsetof(mcref, page), t->nmc, t->npages) < 0)
        return -1;
    uint32_t *c = w->kids.list + w->kids.first[TAG_ROOT];
    qsort_r(c, w->kids.first[TAG_ROOT + 1] - w->kids.first[TAG_ROOT], sizeof *c, by_page,
            (void *)t->v);
    w->parr = calloc(t->npages + 1, sizeof *w->parr);
    if (!w->parr)
        return -1;
    uint32_t next = t->first + (uint32_t)t->n + 1 + (uint32_t)t->has_ids;
    for (size_t p = 0; p < t->npages; p++)
        if (t->next_mcid[p])
            w->parr[p] = next++;
    for (size_t e = 0; e < t->n; e++)
        if (t->v[e].type == TAG_TH_COL || t->v[e].type == TAG_TH_ROW)
            w->scope[t->v[e].type == TAG_TH_ROW] = 1;
    for (int k = 0; k < 2; k++)
        if (w->scope[k])
            w->scope[k] = next++;
    return 0;
}

static void note_id(char *s, size_t n, uint32_t e)
{
    snprintf(s, n, "note-%u", e);
}

static int by_id(const void *a, const void *b)
{
    char x[24], y[24];
    note_id(x, sizeof x, *(const uint32_t *)a);
    note_id(y, sizeof y, *(const uint32_t *)b);
    return strcmp(x, y);
}

/* The IDTree: every Note's /ID (a name tree: keys sorted as bytes). */
static int put_id_tree(const tree *w, sbuf *b)
{
    const pdf_tags *t = w->t;
    size_t n = 0;
    for (size_t e = 0; e < t->n; e++)
        n += t->v[e].type == TAG_NOTE;
    if (!n)
        return 0;
    uint32_t *ids = malloc(n * sizeof *ids);
    if (!ids)
        return -1;
    n = 0;
    for (uint32_t e = 0; e < t->n; e++)
        if (t->v[e].type == TAG_NOTE)
            ids[n++] = e;
    qsort(ids, n, sizeof *ids, by_id);
    ADD_LIT(b, "<</Names[");
    for (size_t i = 0; i < n; i++) {
        char id[24];
        note_id(id, sizeof id, ids[i]);
        pack_text(b, id);
        pack_ref(b, obj_of(w, ids[i]));
    }
    ADD_LIT(b, "]>>");
    free(ids);
    return 0;
}

/* The ParentTree: per page with marked content the array of its MCIDs'
 * elements, then each annotation's element under the keys after the
 * pages. */
static void put_parent_tree(const tree *w, sbuf *b)
{
    const pdf_tags *t = w->t;
    ADD_LIT(b, "<</Nums[");
    for (size_t p = 0; p < t->npages; p++)
        if (w->parr[p]) {
            pack_uint(b, (uint32_t)p);
            pack_ref(b, w->parr[p]);
        }
    for (size_t i = 0; i < t->nob; i++) {
        pack_uint(b, (uint32_t)(t->npages + i));
        pack_ref(b, obj_of(w, t->ob[i].e));
    }
    ADD_LIT(b, "]>>");
}

/* /K: the children first, then the element's content in the order it was
 * drawn (MCIDs, marked-content references to other pages, annotations);
 * a lone MCID on the element's page as a plain integer. */
static void put_kids(const tree *w, sbuf *b, uint32_t e)
{
    const pdf_tags *t = w->t;
    const elem *v = &t->v[e];
    uint32_t k0 = w->kids.first[e], k1 = w->kids.first[e + 1];
    uint32_t m0 = w->mcs.first[e], m1 = w->mcs.first[e + 1];
    uint32_t o0 = w->obs.first[e], o1 = w->obs.first[e + 1];
    int has_pg = v->nmc && v->page < t->npages;
    if (k0 == k1 && o0 == o1 && m1 - m0 == 1 && has_pg && t->mc[w->mcs.list[m0]].page == v->page) {
        ADD_LIT(b, "/K");
        pack_uint(b, t->mc[w->mcs.list[m0]].mcid);
        return;
    }
    if (k0 == k1 && m0 == m1 && o0 == o1)
        return;
    ADD_LIT(b, "/K[");
    for (uint32_t i = k0; i < k1; i++)
        pack_ref(b, obj_of(w, w->kids.list[i]));
    for (uint32_t i = m0; i < m1; i++) {
        const mcref *m = &t->mc[w->mcs.list[i]];
        if (has_pg && m->page == v->page) {
            pack_uint(b, m->mcid);
            continue;
        }
        ADD_LIT(b, "<</Type/MCR/Pg");
        pack_ref(b, t->page_obj[m->page]);
        ADD_LIT(b, "/MCID");
        pack_uint(b, m->mcid);
        ADD_LIT(b, ">>");
    }
    for (uint32_t i = o0; i < o1; i++) {
        const objref *o = &t->ob[w->obs.list[i]];
        ADD_LIT(b, "<</Type/OBJR/Obj");
        pack_ref(b, o->obj);
        ADD_LIT(b, "/Pg");
        pack_ref(b, t->page_obj[o->page]);
        ADD_LIT(b, ">>");
    }
    ADD_LIT(b, "]");
}

/* A structure element: << /S /TD /P 12 0 R /Pg 34 0 R /K 5 >> (no /Type:
 * it is optional, and no reader here needs it). */
static void put_elem(const tree *w, sbuf *b, uint32_t e)
{
    const pdf_tags *t = w->t;
    const elem *v = &t->v[e];
    ADD_LIT(b, "<</S/");
    pack_add(b, tag_name[v->type], strlen(tag_name[v->type]));
    ADD_LIT(b, "/P");
    pack_ref(b, v->parent == TAG_NONE ? w->root : obj_of(w, v->parent));
    if (v->nmc && v->page < t->npages) {
        ADD_LIT(b, "/Pg");
        pack_ref(b, t->page_obj[v->page]);
    }
    if (v->alt != NO_ALT) {
        ADD_LIT(b, "/Alt");
        pack_text(b, t->alt.s + v->alt);
    }
    if (v->type == TAG_NOTE) {
        char id[24];
        note_id(id, sizeof id, e);
        ADD_LIT(b, "/ID");
        pack_text(b, id);
    }
    if (v->type == TAG_TH_COL || v->type == TAG_TH_ROW) {
        ADD_LIT(b, "/A");
        pack_ref(b, w->scope[v->type == TAG_TH_ROW]);
    }
    if (v->type == TAG_FIGURE) {
        ADD_LIT(b, "/A<</O/Layout/BBox[");
        for (int i = 0; i < 4; i++)
            pack_real(b, v->bbox[i]);
        ADD_LIT(b, "]/Placement/Block>>");
    }
    put_kids(w, b, e);
    ADD_LIT(b, ">>");
}

/* The tree, packed into object streams after the first len bytes of fp
 * (libharu's objects, which start at offset[]), and the cross-reference
 * stream with the trailer's entries; *err: errno of an output failure. */
static kv_status put_tree(const pdf_tags *t, FILE *fp, uint64_t len, const uint64_t *offset,
                          const char *trailer, int *err)
{
    tree w = {t, t->root->header.obj_id & 0x00FFFFFF, NULL, {0, 0}, {0}, {0}, {0}, {0}};
    pdfpack *p = NULL;
    kv_status st = KV_ERR_NOMEM;
    if (tree_index(&w) == 0) {
        /* the elements, the ParentTree, the IDTree, the pages' arrays,
         * the scopes */
        size_t count = t->n + 1 + (size_t)t->has_ids + (w.scope[0] != 0) + (w.scope[1] != 0);
        for (size_t pg = 0; pg < t->npages; pg++)
            count += w.parr[pg] != 0;
        p = pack_new(t->first, count, fp, len);
    }
    int rc = p ? 0 : -1;
    for (uint32_t e = 0; e < t->n && rc == 0; e++)
        put_elem(&w, pack_begin(p), e);
    if (rc == 0)
        put_parent_tree(&w, pack_begin(p));
    if (rc == 0 && t->has_ids)
        rc = put_id_tree(&w, pack_begin(p));
    for (size_t pg = 0; pg < t->npages && rc == 0; pg++) {
        if (!w.parr[pg])
            continue;
        /* MCIDs were given in this order on each page: 0, 1, 2, ... */
        sbuf *b = pack_begin(p);
        sbuf_addc(b, '[');
        for (uint32_t i = w.pages.first[pg]; i < w.pages.first[pg + 1]; i++)
            pack_ref(b, obj_of(&w, t->mc[w.pages.list[i]].e));
        sbuf_addc(b, ']');
    }
    if (rc == 0 && w.scope[0])
        ADD_LIT(pack_begin(p), "<</O/Table/Scope/Column>>");
    if (rc == 0 && w.scope[1])
        ADD_LIT(pack_begin(p), "<</O/Table/Scope/Row>>");
    if (rc == 0)
        st = pack_write(p, offset, trailer, err);
    pack_free(p);
    groups_free(&w.kids);
    groups_free(&w.mcs);
    groups_free(&w.obs);
    groups_free(&w.pages);
    free(w.parr);
    return st;
}

/* ---- document level, on libharu's objects ----------------------------------------------- */

typedef struct {
    pdf_tags *t;
    HPDF_Doc doc;
    const HPDF_Page *pages;
    size_t npages;
    HPDF_STATUS bad; /* a libharu call failed */
} lib;

static void check(lib *w, HPDF_STATUS st)
{
    if (st != HPDF_OK && !w->bad)
        w->bad = st;
}

static HPDF_Dict new_indirect(lib *w)
{
    HPDF_Dict d = HPDF_Dict_New(w->doc->mmgr);
    if (!d || HPDF_Xref_Add(w->doc->xref, d) != HPDF_OK) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    return d;
}

/* Catalog entries a tagged, accessible file needs (pdfmeta.h); the
 * trailer's /ID (written by tags_save) from what the document says, so
 * that equal input gives an equal file. */
static void document_entries(lib *w, const tags_meta *m)
{
    check(w, meta_catalog(w->doc));

    HPDF_MD5_CTX md5;
    char stamp[64];
    snprintf(stamp, sizeof stamp, "|%lld|%zu|%zu|%zu", (long long)m->when, w->npages, w->t->n,
             w->t->nmc);
    HPDF_MD5Init(&md5);
    const char *parts[] = {m->title, m->author, m->subject, stamp};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        HPDF_MD5Update(&md5, (const HPDF_BYTE *)parts[i], (HPDF_UINT32)strlen(parts[i]));
    HPDF_MD5Final(w->t->id, &md5);
}

/* Run by libharu right before it writes the StructTreeRoot, the last
 * object made before saving: the numbers after libharu's objects are
 * known now (fonts make their descriptors and font files only while they
 * are written), so the references to the tree can be numbered. tags_save
 * checks that no object was made after this. */
static HPDF_STATUS number_tree(HPDF_Dict root)
{
    pdf_tags *t = root->attr;
    t->first = t->xref->start_offset + t->xref->entries->count;
    const uint32_t num[PH_END] = {t->first, t->first + (uint32_t)t->n,
                                  t->first + (uint32_t)t->n + 1};
    for (int i = 0; i < PH_END; i++)
        if (t->ph[i])
            t->ph[i]->header.obj_id = num[i] | HPDF_OTYPE_INDIRECT;
    return HPDF_OK;
}

/* What of the tree libharu writes: each page's /Tabs and /StructParents
 * (its key in the ParentTree) and the StructTreeRoot. Its /K, /ParentTree
 * and /IDTree are written by tags_save after libharu's objects: libharu
 * writes a reference to any object whose header says it is indirect, so
 * a dictionary that is never added to its cross-reference table stands
 * in for each, numbered by number_tree. */
static void struct_entries(lib *w)
{
    pdf_tags *t = w->t;
    HPDF_MMgr mm = w->doc->mmgr;
    for (size_t e = 0; e < t->n; e++)
        t->has_ids |= t->v[e].type == TAG_NOTE;
    t->page_obj = calloc(w->npages + 1, sizeof *t->page_obj);
    t->root = new_indirect(w);
    if (!t->page_obj || !t->root)
        goto nomem;
    for (int i = 0; i < PH_END; i++) {
        if (i == PH_IDS && !t->has_ids)
            continue;
        if (!(t->ph[i] = HPDF_Dict_New(mm)))
            goto nomem;
        t->ph[i]->header.obj_id = HPDF_OTYPE_INDIRECT;
    }
    for (size_t p = 0; p < w->npages && !w->bad; p++) {
        t->page_obj[p] = w->pages[p]->header.obj_id & 0x00FFFFFF;
        check(w, HPDF_Dict_AddName(w->pages[p], "Tabs", "S"));
        if (t->next_mcid[p])
            check(w, HPDF_Dict_AddNumber(w->pages[p], "StructParents", (HPDF_INT32)p));
    }
    HPDF_Dict r = t->root;
    check(w, HPDF_Dict_AddName(r, "Type", "StructTreeRoot"));
    check(w, HPDF_Dict_Add(r, "K", t->ph[PH_DOC]));
    check(w, HPDF_Dict_Add(r, "ParentTree", t->ph[PH_PARENTS]));
    check(w, HPDF_Dict_AddNumber(r, "ParentTreeNextKey", (HPDF_INT32)(w->npages + t->nob)));
    if (t->has_ids)
        check(w, HPDF_Dict_Add(r, "IDTree", t->ph[PH_IDS]));
    check(w, HPDF_Dict_Add(w->doc->catalog, "StructTreeRoot", r));
    t->xref = w->doc->xref;
    r->attr = t;
    r->before_write_fn = number_tree;
    return;
nomem:
    check(w, HPDF_FAILD_TO_ALLOC_MEM);
}

kv_status tags_finish(pdf_tags *t, HPDF_Doc doc, const HPDF_Page *pages, size_t npages,
                      const tags_meta *m, kv_error *e)
{
    tags_close(t);
    lib w = {t, doc, pages, npages, HPDF_OK};
    if (npages != t->npages)
        check(&w, HPDF_INVALID_PARAMETER);
    if (!w.bad)
        document_entries(&w, m);
    if (!w.bad)
        check(&w, meta_xmp(doc, m));
    if (!w.bad)
        check(&w, meta_output_intent(doc, t->icc, t->icc_len));
    /* last: the StructTreeRoot must be libharu's last object (number_tree) */
    if (!w.bad)
        struct_entries(&w);
    if (!w.bad)
        return KV_OK;
    if (w.bad == HPDF_FAILD_TO_ALLOC_MEM)
        return kv_fail(e, KV_ERR_NOMEM, "zu wenig Speicher");
    return kv_fail(e, KV_ERR_INTERNAL,
                   "Struktur des PDF kann nicht erzeugt werden (libharu-Fehler 0x%04X)",
                   (unsigned)w.bad);
}

/* ---- saving ------------------------------------------------------------------------------ */

/* The first len bytes of libharu's saved document to fp. */
static int copy_saved(HPDF_Doc doc, FILE *fp, uint64_t len)
{
    unsigned char buf[65536];
    HPDF_ResetStream(doc);
    while (len) {
        HPDF_UINT32 n = len < sizeof buf ? (HPDF_UINT32)len : (HPDF_UINT32)sizeof buf;
        if (HPDF_ReadFromStream(doc, buf, &n) != HPDF_OK || n == 0)
            return -1;
        if (fwrite(buf, 1, n, fp) != n)
            return -2;
        len -= n;
    }
    return 0;
}

/* libharu saves into its memory stream: its header and objects, then its
 * classic cross-reference table and trailer. The file is those objects
 * (up to where the table starts), the tree in object streams numbered
 * after them, and one cross-reference stream for all. */
kv_status tags_save(pdf_tags *t, HPDF_Doc doc, FILE *fp, kv_error *e)
{
    HPDF_Xref x = doc->xref;
    if (!t->root || x->prev || x->start_offset)
        goto lib_failed;
    t->first = 0;
    /* the tree's numbers follow libharu's: none may be made after number_tree */
    if (HPDF_SaveToStream(doc) != HPDF_OK || !t->first || x->entries->count != t->first)
        goto lib_failed;
    uint32_t first = t->first;
    uint64_t *offset = malloc((size_t)first * sizeof *offset);
    kv_status st = offset ? KV_OK : KV_ERR_NOMEM;
    for (uint32_t i = 0; i < first && st == KV_OK; i++) {
        HPDF_XrefEntry en = HPDF_Xref_GetEntry(x, i);
        offset[i] = en->entry_typ == HPDF_IN_USE_ENTRY ? en->byte_offset : UINT64_MAX;
    }
    /* the trailer's entries, in the cross-reference stream's dictionary */
    sbuf tr;
    sbuf_init(&tr);
    sbuf_adds(&tr, "/Root");
    pack_ref(&tr, doc->catalog->header.obj_id & 0x00FFFFFF);
    if (doc->info) {
        sbuf_adds(&tr, "/Info");
        pack_ref(&tr, doc->info->header.obj_id & 0x00FFFFFF);
    }
    sbuf_adds(&tr, "/ID[");
    for (int k = 0; k < 2; k++) {
        sbuf_addc(&tr, '<');
        for (int i = 0; i < 16; i++)
            sbuf_addf(&tr, "%02X", t->id[i]);
        sbuf_addc(&tr, '>');
    }
    sbuf_addc(&tr, ']');
    if (sbuf_failed(&tr))
        st = KV_ERR_NOMEM;
    int err = 0;
    if (st == KV_OK) {
        int rc = copy_saved(doc, fp, x->addr);
        st = rc == 0 ? KV_OK : rc == -1 ? KV_ERR_INTERNAL : KV_ERR_OUTPUT;
        err = errno;
    }
    if (st == KV_OK)
        st = put_tree(t, fp, x->addr, offset, tr.s, &err);
    free(offset);
    sbuf_free(&tr);
    if (st == KV_ERR_OUTPUT)
        return kv_fail(e, st, "PDF kann nicht geschrieben werden: %s", kv_errno_text(err));
    if (st == KV_ERR_NOMEM)
        return kv_fail(e, st, "zu wenig Speicher");
    if (st != KV_OK)
        return kv_fail(e, st, "PDF kann nicht erzeugt werden");
    return KV_OK;
lib_failed:
    return kv_fail(e, KV_ERR_INTERNAL, "PDF kann nicht erzeugt werden");
}

kv_status tags_save_untagged(HPDF_Doc doc, FILE *fp, kv_error *e)
{
    if (HPDF_SaveToStream(doc) != HPDF_OK)
        return kv_fail(e, KV_ERR_INTERNAL, "PDF kann nicht erzeugt werden");
    int rc = copy_saved(doc, fp, HPDF_GetStreamSize(doc));
    if (rc == -2)
        return kv_fail(e, KV_ERR_OUTPUT, "PDF kann nicht geschrieben werden: %s",
                       kv_errno_text(errno));
    if (rc < 0)
        return kv_fail(e, KV_ERR_INTERNAL, "PDF kann nicht erzeugt werden");
    return KV_OK;
}
