// Builds dist/widget.js (one self-contained IIFE with socket.io-client inside)
// and dist/widget.css. `npm ci && npm run build` from a clean clone is enough.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const css = await build({
  entryPoints: [join(src, 'widget.css')],
  bundle: true,
  minify: true,
  write: false,
  target: ['chrome90', 'firefox90', 'safari14'],
  outfile: join(dist, 'widget.css'),
  logLevel: 'warning',
});
const cssText = css.outputFiles[0].contents;
await writeFile(join(dist, 'widget.css'), cssText);
const cssVersion = createHash('sha256').update(cssText).digest('hex').slice(0, 12);

await build({
  entryPoints: [join(src, 'index.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  platform: 'browser',
  sourcemap: 'linked',
  legalComments: 'linked',
  define: { __CSS_VERSION__: JSON.stringify(cssVersion) },
  outfile: join(dist, 'widget.js'),
  logLevel: 'warning',
});

const manifest = { cssVersion, files: {} };
for (const name of ['widget.js', 'widget.css']) {
  const data = await readFile(join(dist, name));
  manifest.files[name] = {
    bytes: (await stat(join(dist, name))).size,
    gzipBytes: gzipSync(data, { level: 9 }).length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}
await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const fmt = (f) => `${(f.bytes / 1024).toFixed(1)} KiB (${(f.gzipBytes / 1024).toFixed(1)} KiB gzip)`;
console.log(`widget: dist/widget.js ${fmt(manifest.files['widget.js'])}, dist/widget.css ${fmt(manifest.files['widget.css'])}`);
