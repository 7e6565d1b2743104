// Writes `<file>.br` and `<file>.gz` beside each compressible file of the built SPA (dist/assets
// and index.html), so that the server sends them as they are (Content-Encoding: br or gzip)
// instead of compressing at each request. Run after `vite build`; node's zlib only.
//
//   node scripts/precompress.mjs [dist]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = path.resolve(process.argv[2] ?? "dist");
// Already compressed formats (fonts in woff2, images) gain nothing.
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
const MIN_BYTES = 512;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const targets = [path.join(dist, "index.html"), ...files(path.join(dist, "assets"))].filter((f) => COMPRESSIBLE.test(f) && statSync(f).size >= MIN_BYTES);
let raw = 0;
let br = 0;
let gz = 0;
for (const file of targets) {
  const body = readFileSync(file);
  const brotli = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  const gzip = gzipSync(body, { level: 9 });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzip);
  raw += body.length;
  br += brotli.length;
  gz += gzip.length;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`precompressed ${targets.length} files: ${kb(raw)} → ${kb(br)} brotli, ${kb(gz)} gzip`);
