/* libFuzzer target: the layout parser (layout_load on a file holding the
 * input). Checks that a layout is returned exactly when no error was
 * reported, and that what it returns is within the documented ranges. */
#include "layout.h"

#include <stdint.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int within(double v, double lo, double hi)
{
    return v >= lo && v <= hi; /* false for NaN */
}

static void check(const layout *l)
{
    for (int i = 0; i < 4; i++)
        if (!within(l->margin[i], 5 * 72.0 / 25.4 - 1e-9, 60 * 72.0 / 25.4 + 1e-9))
            abort(); /* rand_mm: 5 to 60 mm */
    if (l->dpi < 72 || l->dpi > 1200)
        abort();
    for (int i = 0; i < LAY_FONT_COUNT; i++)
        if (!l->font[i] || !l->font[i][0])
            abort();
    for (size_t i = 0; i < l->ntexts; i++) {
        const lay_text *t = &l->texts[i];
        if (!t->kind || !t->name || !t->text)
            abort();
        /* lookup finds the first section of that kind and name */
        const char *found = layout_text(l, t->kind, t->name);
        if (t->text[0] && !found)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const font_dirs[] = {"/usr/share/fonts/truetype/noto", NULL};
    const char *dir = fz_tmpdir();
    char path[256];
    fz_write(dir, "test.layout", data, size);
    diag_list *diag = diag_new(1000);
    if (!diag)
        return 0;
    layout *l = layout_load(fz_path(dir, "test.layout", path, sizeof path), font_dirs, diag);
    if ((l != NULL) != (diag_count(diag, DIAG_ERROR) == 0))
        abort(); /* a layout exactly when nothing was wrong */
    if (l)
        check(l);
    layout_free(l);
    diag_free(diag);
    return 0;
}
