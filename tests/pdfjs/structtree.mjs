// structtree.mjs PDF PAGE... - prints, as JSON, the structure tree pdf.js
// (Firefox's PDF engine, which exposes it to screen readers) builds for
// each given page: {page: tree}, each node {role, alt?, lang?, children}
// and content nodes {type: "content"} as pdf.js reports them. Run from
// build/pdfjs (node_modules); tests/test_tagging.py calls it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const pdfjs = await import(require.resolve("pdfjs-dist/legacy/build/pdf.mjs"));
const [file, ...pages] = process.argv.slice(2);
const doc = await pdfjs.getDocument({
  data: new Uint8Array(readFileSync(file)),
  useSystemFonts: false,
  disableFontFace: true,
  verbosity: 0,
}).promise;
const out = { numPages: doc.numPages, pages: {} };
for (const n of pages) {
  const page = await doc.getPage(Number(n));
  out.pages[n] = await page.getStructTree();
}
process.stdout.write(JSON.stringify(out));
