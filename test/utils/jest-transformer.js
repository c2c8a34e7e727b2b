/**
 * NestJS 12 ships ES modules, which jest cannot require on Node 20. This transformer hands every file to
 * @swc/jest (TypeScript and node_modules ESM alike) after rewriting the two ESM-only idioms swc leaves behind.
 */
const { readFileSync } = require('node:fs');
const swcJest = require('@swc/jest');

const swcrc = JSON.parse(readFileSync(`${__dirname}/../../.swcrc`, 'utf8'));
const swc = swcJest.createTransformer({ ...swcrc, swcrc: false, module: { type: 'commonjs', ignoreDynamic: false } });

function rewriteEsmIdioms(source) {
  if (!source.includes('import.meta')) return source;
  return source
    .replace(/const require = createRequire\(import\.meta\.url\);?/g, '')
    .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
}

// CommonJS files from node_modules pass through untouched; only ES modules and our TypeScript are compiled.
const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;
const needsCompile = (source, path) => !path.includes('/node_modules/') || path.endsWith('.mjs') || ESM_SYNTAX.test(source);

module.exports = {
  process(source, path, options) {
    if (!needsCompile(source, path)) return { code: source };
    return swc.process(rewriteEsmIdioms(source), path, options);
  },
  getCacheKey(source, path, options) {
    return swc.getCacheKey(rewriteEsmIdioms(source), path, options);
  },
};
