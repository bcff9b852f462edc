// @ts-check
/**
 * ESLint rule `kumapay/import-boundaries`: which part of the repository may import which
 * (docs/architecture.md). The table lives in eslint.config.js; this file only applies it.
 *
 * Why not `no-restricted-imports`: it matches the import's text, not the file it names. From
 * electron/web, `../core/journal/journal` names electron/core without the word "electron", and
 * a pattern `events` also hits a local `./events`. Here every relative import is resolved to
 * the repository path it names, then checked; bare imports (packages, Node built-ins) are
 * compared by exact name or `name/…`. Dynamic `import()` is checked as well.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ path: string, except?: string[] }} PathBan  glob over the named file, repo-relative, no extension
 * @typedef {{
 *   from: string[],
 *   notFrom?: string[],
 *   paths?: (string | PathBan)[],
 *   packages?: string[],
 *   because: string,
 * }} Boundary  `from`/`notFrom`: globs over the importing file (repo-relative, with extension)
 */

/** A tiny glob: `**` any depth, `*` one name's part, `{a,b}` either. Enough for the table. */
export function globToRegExp(glob) {
  let source = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '{') {
      source += '(?:';
      braceDepth++;
    } else if (c === '}' && braceDepth > 0) {
      source += ')';
      braceDepth--;
    } else if (c === ',' && braceDepth > 0) source += '|';
    else source += /[.+?^$()|[\]\\{}]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${source}$`);
}

const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

/** The repository path an import names, without extension; a folder means its index. */
function resolveRelative(root, importingFile, specifier) {
  const absolute = path.resolve(path.dirname(importingFile), specifier);
  let named = path.relative(root, absolute).split(path.sep).join('/');
  if (fs.existsSync(absolute) && fs.statSync(absolute).isDirectory()) named += '/index';
  return named.replace(SOURCE_EXTENSIONS, '');
}

/** `express` bans `express` and `express/…`; a name ending in `:` bans the whole scheme (`node:`). */
const isPackageOf = (specifier, name) =>
  name.endsWith(':') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`);

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import direction between the parts of the repository (docs/architecture.md)' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, boundaries: { type: 'array' } },
        required: ['root', 'boundaries'],
        additionalProperties: false,
      },
    ],
    messages: { crossed: "'{{specifier}}' ({{target}}): {{because}} — see docs/architecture.md" },
  },
  create(context) {
    const { root, boundaries } = /** @type {{ root: string, boundaries: Boundary[] }} */ (context.options[0]);
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (file.startsWith('..')) return {};
    const matches = (globs) => (globs ?? []).some((glob) => globToRegExp(glob).test(file));
    const applying = boundaries.filter((b) => matches(b.from) && !matches(b.notFrom));
    if (applying.length === 0) return {};

    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      // `.` and `..` alone are relative too (a folder's index), so they cannot slip past as packages.
      const relative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
      const target = relative ? resolveRelative(root, context.filename, specifier) : specifier;
      for (const boundary of applying) {
        const crossed = relative
          ? (boundary.paths ?? []).some((ban) => {
              const { path: glob, except = [] } = typeof ban === 'string' ? { path: ban } : ban;
              return globToRegExp(glob).test(target) && !except.some((allowed) => globToRegExp(allowed).test(target));
            })
          : (boundary.packages ?? []).some((name) => isPackageOf(specifier, name));
        if (crossed) {
          context.report({ node: source, messageId: 'crossed', data: { specifier, target, because: boundary.because } });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
