/* pdftag.c - the structure tree, marked content and document-level
 * entries of a tagged PDF (see pdftag.h), on libharu's object layer. */
#include "pdftag.h"

#include "sbuf.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ALT UINT32_MAX

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

typedef struct {
    uint32_t e, page;
    HPDF_Annotation a;
} objref;

struct pdf_tags {
    elem *v;
    size_t n, cap;
    sbuf alt; /* alternative texts, NUL-separated */
    unsigned char *icc;
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

static void read_icc(pdf_tags *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    sbuf b;
    sbuf_init(&b);
    char buf[8192];
    size_t n;
    while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        sbuf_add(&b, buf, n);
    /* an ICC profile starts with its size and has "acsp" at offset 36 */
    if (!fp || ferror(fp) || b.len < 128 || memcmp(b.s + 36, "acsp", 4) != 0) {
        snprintf(t->err, sizeof t->err,
                 "Farbprofil %.100s fehlt oder ist kein ICC-Profil (Debian-Paket "
                 "icc-profiles-free installieren)",
                 path);
        t->has_err = 1;
        sbuf_free(&b);
    } else {
        t->icc_len = b.len;
        t->icc = (unsigned char *)sbuf_take(&b);
    }
    if (fp)
        fclose(fp);
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
    read_icc(t, icc_path);
    return t;
}

void tags_free(pdf_tags *t)
{
    if (!t)
        return;
    free(t->v);
    sbuf_free(&t->alt);
    free(t->icc);
    free(t->next_mcid);
    free(t->mc);
    free(t->ob);
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

int tags_set_alt(pdf_tags *t, uint32_t e, const char *alt)
{
    size_t at = t->alt.len;
    if (at >= NO_ALT || sbuf_adds(&t->alt, alt) < 0 || sbuf_addc(&t->alt, '\0') < 0)
        return -1;
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

int tags_mark(pdf_tags *t, HPDF_Page p, size_t page, uint32_t e)
{
    if (t->open_page == p && t->open_e == e)
        return 0;
    tags_close(t);
    HPDF_Stream s = content_of(p);
    t->open_page = p;
    t->open_e = e;
    if (e == TAG_NONE)
        return HPDF_Stream_WriteStr(s, "/Artifact BMC\012") == HPDF_OK ? 0 : -1;
    if (grow((void **)&t->mc, &t->mc_cap, t->nmc, sizeof *t->mc) < 0)
        return -1;
    uint32_t mcid = t->next_mcid[page]++;
    t->mc[t->nmc++] = (mcref){e, (uint32_t)page, mcid};
    t->v[e].nmc++;
    char op[64];
    snprintf(op, sizeof op, "/%s <</MCID %u>> BDC\012", tag_name[t->v[e].type], mcid);
    return HPDF_Stream_WriteStr(s, op) == HPDF_OK ? 0 : -1;
}

int tags_annot(pdf_tags *t, HPDF_Annotation a, size_t page, uint32_t e, const char *contents)
{
    if (grow((void **)&t->ob, &t->ob_cap, t->nob, sizeof *t->ob) < 0)
        return -1;
    t->ob[t->nob++] = (objref){e, (uint32_t)page, a};
    /* PDF/A: printable (/F 4); PDF/UA: a description of the target */
    if (HPDF_Dict_AddNumber(a, "F", 4) != HPDF_OK ||
        HPDF_Dict_Add(a, "Contents", HPDF_String_New(a->mmgr, contents, t->enc)) != HPDF_OK)
        return -1;
    return 0;
}

/* ---- the tree ------------------------------------------------------------------------- */

typedef struct {
    pdf_tags *t;
    HPDF_Doc doc;
    HPDF_Encoder enc;
    const HPDF_Page *pages;
    size_t npages;
    HPDF_Dict *dict;  /* per element */
    HPDF_Array *kids; /* per element: its /K array, NULL: not (yet) an array */
    uint32_t *first;  /* children: first[e] .. first[e + 1] in child[] */
    uint32_t *child;
    HPDF_STATUS bad; /* a libharu call failed */
} tree;

static void check(tree *w, HPDF_STATUS st)
{
    if (st != HPDF_OK && !w->bad)
        w->bad = st;
}

static HPDF_Dict new_indirect(tree *w)
{
    HPDF_Dict d = HPDF_Dict_New(w->doc->mmgr);
    if (!d || HPDF_Xref_Add(w->doc->xref, d) != HPDF_OK) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    return d;
}

static int by_page(const void *a, const void *b, void *ctx)
{
    const elem *v = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (v[x].page != v[y].page)
        return v[x].page < v[y].page ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Children of every element in the order they were made; the Document's
 * in the order of their first page (the contents are drawn last but stand
 * at the front). */
static int children(tree *w)
{
    pdf_tags *t = w->t;
    w->first = calloc(t->n + 2, sizeof *w->first);
    w->child = malloc((t->n + 1) * sizeof *w->child);
    if (!w->first || !w->child)
        return -1;
    for (size_t e = 1; e < t->n; e++)
        w->first[t->v[e].parent + 2]++;
    for (size_t e = 1; e <= t->n; e++)
        w->first[e + 1] += w->first[e];
    /* first[p + 1] is now where p's children start: fill, moving it on */
    for (uint32_t e = 1; e < t->n; e++)
        w->child[w->first[t->v[e].parent + 1]++] = e;
    qsort_r(w->child + w->first[TAG_ROOT], w->first[TAG_ROOT + 1] - w->first[TAG_ROOT],
            sizeof *w->child, by_page, t->v);
    return 0;
}

/* The element's /K array, made on first use. */
static HPDF_Array kids_of(tree *w, uint32_t e)
{
    if (!w->kids[e]) {
        w->kids[e] = HPDF_Array_New(w->doc->mmgr);
        if (!w->kids[e] || HPDF_Dict_Add(w->dict[e], "K", w->kids[e]) != HPDF_OK) {
            check(w, HPDF_FAILD_TO_ALLOC_MEM);
            return NULL;
        }
    }
    return w->kids[e];
}

static void elem_entries(tree *w, uint32_t e, HPDF_Dict root)
{
    const elem *v = &w->t->v[e];
    HPDF_Dict d = w->dict[e];
    HPDF_MMgr mm = w->doc->mmgr;
    check(w, HPDF_Dict_AddName(d, "S", tag_name[v->type]));
    check(w, HPDF_Dict_Add(d, "P", v->parent == TAG_NONE ? root : w->dict[v->parent]));
    if (v->nmc && v->page < w->npages)
        check(w, HPDF_Dict_Add(d, "Pg", w->pages[v->page]));
    if (v->alt != NO_ALT)
        check(w, HPDF_Dict_Add(d, "Alt", HPDF_String_New(mm, w->t->alt.s + v->alt, w->enc)));
    if (v->type == TAG_NOTE) {
        char id[32];
        snprintf(id, sizeof id, "note-%u", e);
        check(w, HPDF_Dict_Add(d, "ID", HPDF_String_New(mm, id, NULL)));
    }
    if (v->type == TAG_TH_COL || v->type == TAG_TH_ROW) {
        HPDF_Dict a = HPDF_Dict_New(mm);
        check(w, HPDF_Dict_Add(d, "A", a));
        check(w, HPDF_Dict_AddName(a, "O", "Table"));
        check(w, HPDF_Dict_AddName(a, "Scope", v->type == TAG_TH_COL ? "Column" : "Row"));
    }
    if (v->type == TAG_FIGURE) {
        HPDF_Dict a = HPDF_Dict_New(mm);
        HPDF_Array box = HPDF_Array_New(mm);
        check(w, HPDF_Dict_Add(d, "A", a));
        check(w, HPDF_Dict_AddName(a, "O", "Layout"));
        check(w, HPDF_Dict_Add(a, "BBox", box));
        for (int i = 0; i < 4; i++)
            check(w, HPDF_Array_AddReal(box, v->bbox[i]));
        check(w, HPDF_Dict_AddName(a, "Placement", "Block"));
    }
    /* children first: an element holds either elements or content */
    for (uint32_t i = w->first[e]; i < w->first[e + 1] && !w->bad; i++) {
        HPDF_Array k = kids_of(w, e);
        if (k)
            check(w, HPDF_Array_Add(k, w->dict[w->child[i]]));
    }
}

static void content_refs(tree *w)
{
    pdf_tags *t = w->t;
    HPDF_MMgr mm = w->doc->mmgr;
    for (size_t i = 0; i < t->nmc && !w->bad; i++) {
        const mcref *m = &t->mc[i];
        const elem *v = &t->v[m->e];
        if (v->nmc == 1 && w->first[m->e] == w->first[m->e + 1] && v->type != TAG_LINK) {
            check(w, HPDF_Dict_AddNumber(w->dict[m->e], "K", (HPDF_INT32)m->mcid));
            continue;
        }
        HPDF_Array k = kids_of(w, m->e);
        if (!k)
            return;
        if (m->page == v->page) {
            check(w, HPDF_Array_AddNumber(k, (HPDF_INT32)m->mcid));
            continue;
        }
        HPDF_Dict r = HPDF_Dict_New(mm);
        check(w, HPDF_Array_Add(k, r));
        check(w, HPDF_Dict_AddName(r, "Type", "MCR"));
        check(w, HPDF_Dict_Add(r, "Pg", w->pages[m->page]));
        check(w, HPDF_Dict_AddNumber(r, "MCID", (HPDF_INT32)m->mcid));
    }
    for (size_t i = 0; i < t->nob && !w->bad; i++) {
        const objref *o = &t->ob[i];
        HPDF_Array k = kids_of(w, o->e);
        HPDF_Dict r = HPDF_Dict_New(mm);
        if (!k || !r) {
            check(w, HPDF_FAILD_TO_ALLOC_MEM);
            return;
        }
        check(w, HPDF_Array_Add(k, r));
        check(w, HPDF_Dict_AddName(r, "Type", "OBJR"));
        check(w, HPDF_Dict_Add(r, "Obj", o->a));
        check(w, HPDF_Dict_Add(r, "Pg", w->pages[o->page]));
    }
}

/* /Nums: per page with marked content its MCIDs' elements, then each
 * annotation's element under the keys after the pages. */
static void parent_tree(tree *w, HPDF_Dict root)
{
    pdf_tags *t = w->t;
    HPDF_MMgr mm = w->doc->mmgr;
    HPDF_Dict pt = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    HPDF_Array *per = calloc(w->npages + 1, sizeof(HPDF_Array));
    if (!pt || !nums || !per) {
        free(per);
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    check(w, HPDF_Dict_Add(root, "ParentTree", pt));
    check(w, HPDF_Dict_Add(pt, "Nums", nums));
    for (size_t p = 0; p < w->npages && !w->bad; p++) {
        check(w, HPDF_Dict_AddName(w->pages[p], "Tabs", "S"));
        if (!t->next_mcid[p])
            continue;
        per[p] = HPDF_Array_New(mm);
        check(w, HPDF_Array_AddNumber(nums, (HPDF_INT32)p));
        check(w, HPDF_Array_Add(nums, per[p]));
        check(w, HPDF_Dict_AddNumber(w->pages[p], "StructParents", (HPDF_INT32)p));
    }
    /* MCIDs were given in this order on each page: 0, 1, 2, ... */
    for (size_t i = 0; i < t->nmc && !w->bad; i++)
        check(w, HPDF_Array_Add(per[t->mc[i].page], w->dict[t->mc[i].e]));
    free(per);
    for (size_t i = 0; i < t->nob && !w->bad; i++) {
        HPDF_INT32 key = (HPDF_INT32)(w->npages + i);
        check(w, HPDF_Array_AddNumber(nums, key));
        check(w, HPDF_Array_Add(nums, w->dict[t->ob[i].e]));
        check(w, HPDF_Dict_AddNumber(t->ob[i].a, "StructParent", key));
    }
    check(w, HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(w->npages + t->nob)));
}

static void build_tree(tree *w)
{
    pdf_tags *t = w->t;
    w->dict = calloc(t->n, sizeof(HPDF_Dict));
    w->kids = calloc(t->n, sizeof(HPDF_Array));
    if (!w->dict || !w->kids || children(w) < 0) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    HPDF_Dict root = new_indirect(w);
    for (size_t e = 0; e < t->n && !w->bad; e++)
        w->dict[e] = new_indirect(w);
    if (w->bad)
        return;
    check(w, HPDF_Dict_AddName(root, "Type", "StructTreeRoot"));
    check(w, HPDF_Dict_Add(root, "K", w->dict[TAG_ROOT]));
    for (uint32_t e = 0; e < t->n && !w->bad; e++)
        elem_entries(w, e, root);
    content_refs(w);
    parent_tree(w, root);
    check(w, HPDF_Dict_Add(w->doc->catalog, "StructTreeRoot", root));
}

/* ---- document level ------------------------------------------------------------------ */

static void xml_escaped(sbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            sbuf_adds(b, "&amp;");
            break;
        case '<':
            sbuf_adds(b, "&lt;");
            break;
        case '>':
            sbuf_adds(b, "&gt;");
            break;
        case '"':
            sbuf_adds(b, "&quot;");
            break;
        default:
            /* XML 1.0 forbids the other control characters */
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
                sbuf_addc(b, (char)*p);
        }
    }
}

static void xmp_alt(sbuf *b, const char *tag, const char *v)
{
    sbuf_addf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    xml_escaped(b, v);
    sbuf_addf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void xmp_simple(sbuf *b, const char *tag, const char *v)
{
    sbuf_addf(b, "   <%s>", tag);
    xml_escaped(b, v);
    sbuf_addf(b, "</%s>\n", tag);
}

/* The XMP packet: Dublin Core, XMP basic and PDF properties mirroring the
 * Info dictionary (PDF/A requires both to agree), and the PDF/UA and PDF/A
 * identification. */
static int xmp_packet(sbuf *b, const tags_meta *m, const char *producer)
{
    char date[32];
    struct tm tm;
    gmtime_r(&m->when, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sbuf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "  <rdf:Description rdf:about=\"\"\n"
                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                 "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                 "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                 "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(b, "dc:title", m->title);
    sbuf_adds(b, "   <dc:creator><rdf:Seq><rdf:li>");
    xml_escaped(b, m->author);
    sbuf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    xmp_alt(b, "dc:description", m->subject);
    sbuf_adds(b, "   <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>\n");
    xmp_simple(b, "xmp:CreateDate", date);
    xmp_simple(b, "xmp:ModifyDate", date);
    xmp_simple(b, "xmp:MetadataDate", date);
    xmp_simple(b, "xmp:CreatorTool", m->creator);
    xmp_simple(b, "pdf:Producer", producer);
    xmp_simple(b, "pdf:Keywords", m->keywords);
    sbuf_adds(b, "   <pdfuaid:part>1</pdfuaid:part>\n"
                 "   <pdfaid:part>2</pdfaid:part>\n"
                 "   <pdfaid:conformance>A</pdfaid:conformance>\n"
                 "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                 "<?xpacket end=\"r\"?>\n");
    return sbuf_failed(b) ? -1 : 0;
}

/* A stream object of type/subtype holding data; the stream is written
 * as it is (metadata must stay readable without filters). */
static HPDF_Dict data_stream(tree *w, const void *data, size_t len, int deflate)
{
    HPDF_Dict s = HPDF_DictStream_New(w->doc->mmgr, w->doc->xref);
    if (!s) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    s->filter = deflate ? HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE;
    check(w, HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len));
    return s;
}

static void metadata(tree *w, const tags_meta *m)
{
    HPDF_Doc doc = w->doc;
    const char *producer = HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER);
    if (!producer || !*producer) {
        producer = "Haru Free PDF Library " HPDF_VERSION_TEXT;
        HPDF_SetInfoAttr(doc, HPDF_INFO_PRODUCER, producer);
    }
    sbuf b;
    sbuf_init(&b);
    if (xmp_packet(&b, m, producer) < 0) {
        sbuf_free(&b);
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    HPDF_Dict x = data_stream(w, b.s, b.len, 0);
    sbuf_free(&b);
    if (!x)
        return;
    check(w, HPDF_Dict_AddName(x, "Type", "Metadata"));
    check(w, HPDF_Dict_AddName(x, "Subtype", "XML"));
    check(w, HPDF_Dict_Add(doc->catalog, "Metadata", x));
}

static void output_intent(tree *w)
{
    HPDF_MMgr mm = w->doc->mmgr;
    HPDF_Dict icc = data_stream(w, w->t->icc, w->t->icc_len, 1);
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Array list = HPDF_Array_New(mm);
    if (!icc || !oi || !list) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    check(w, HPDF_Dict_AddNumber(icc, "N", 3));
    check(w, HPDF_Dict_AddName(oi, "Type", "OutputIntent"));
    check(w, HPDF_Dict_AddName(oi, "S", "GTS_PDFA1"));
    check(w, HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                           HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
    check(w, HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
    check(w, HPDF_Dict_Add(oi, "DestOutputProfile", icc));
    check(w, HPDF_Array_Add(list, oi));
    check(w, HPDF_Dict_Add(w->doc->catalog, "OutputIntents", list));
}

/* Catalog entries a tagged, accessible file needs; the trailer's /ID from
 * what the document says (so that equal input gives an equal file). */
static void document_entries(tree *w, const tags_meta *m)
{
    HPDF_MMgr mm = w->doc->mmgr;
    HPDF_Dict cat = w->doc->catalog, mark = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
    if (!mark || !vp) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    check(w, HPDF_Dict_Add(cat, "MarkInfo", mark));
    check(w, HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE));
    check(w, HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, "de-DE", NULL)));
    check(w, HPDF_Dict_Add(cat, "ViewerPreferences", vp));
    check(w, HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE));

    HPDF_MD5_CTX md5;
    HPDF_BYTE id[16];
    char stamp[64];
    snprintf(stamp, sizeof stamp, "|%lld|%zu|%zu|%zu", (long long)m->when, w->npages, w->t->n,
             w->t->nmc);
    HPDF_MD5Init(&md5);
    const char *parts[] = {m->title, m->author, m->subject, stamp};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        HPDF_MD5Update(&md5, (const HPDF_BYTE *)parts[i], (HPDF_UINT32)strlen(parts[i]));
    HPDF_MD5Final(id, &md5);
    HPDF_Array ids = HPDF_Array_New(mm);
    if (!ids) {
        check(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    check(w, HPDF_Array_Add(ids, HPDF_Binary_New(mm, id, sizeof id)));
    check(w, HPDF_Array_Add(ids, HPDF_Binary_New(mm, id, sizeof id)));
    check(w, HPDF_Dict_Add(w->doc->trailer, "ID", ids));
    w->doc->pdf_version = HPDF_VER_17;
}

pdf_status tags_finish(pdf_tags *t, HPDF_Doc doc, HPDF_Encoder enc, const HPDF_Page *pages,
                       size_t npages, const tags_meta *m, char *msg, size_t msgsz)
{
    tags_close(t);
    tree w = {t, doc, enc, pages, npages, NULL, NULL, NULL, NULL, HPDF_OK};
    build_tree(&w);
    if (!w.bad)
        document_entries(&w, m);
    if (!w.bad)
        metadata(&w, m);
    if (!w.bad)
        output_intent(&w);
    free(w.dict);
    free(w.kids);
    free(w.first);
    free(w.child);
    if (!w.bad)
        return PDF_OK;
    snprintf(msg, msgsz, "Struktur des PDF kann nicht erzeugt werden (libharu-Fehler 0x%04X)",
             (unsigned)w.bad);
    return w.bad == HPDF_FAILD_TO_ALLOC_MEM ? PDF_ERR_NOMEM : PDF_ERR_LIB;
}
