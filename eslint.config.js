import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const noMathRandom = {
  selector: "MemberExpression[object.name='Math'][property.name='random']",
  message: 'Use the seeded PRNG in src/lib/random.ts: results must be reproducible.',
};

/**
 * Dependencies point one way: views -> state -> lib, workers -> lib (ARCHITECTURE.md). The code
 * imports with relative paths, so each layer's rule matches relative specifiers that climb out of
 * its folder into a forbidden one (`../state/...`, `../../views/...`, `../src/state/...`).
 * Type-only imports count too: a layer that names another's types depends on it.
 */
function layerRule(files, forbidden, message, { svelteToo = false } = {}) {
  const dirs = `(\\.\\./)+(src/)?(${forbidden.join('|')})(/|$)`;
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...(svelteToo ? { paths: [{ name: 'svelte', message }] } : {}),
          patterns: [
            { regex: `^${dirs}`, message },
            ...(svelteToo ? [{ regex: '^svelte/', message }] : []),
          ],
        },
      ],
      // no-restricted-imports does not see import(); the same check for dynamic imports.
      'no-restricted-syntax': [
        'error',
        noMathRandom,
        {
          selector: `ImportExpression[source.value=/^${dirs.replaceAll('/', '\\/')}/]`,
          message,
        },
        ...(svelteToo
          ? [{ selector: 'ImportExpression[source.value=/^svelte(\\/|$)/]', message }]
          : []),
      ],
    },
  };
}

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test/fixtures/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', noMathRandom],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  layerRule(
    ['src/lib/**'],
    ['state', 'views', 'workers'],
    'src/lib is pure: it may not import state, views, workers or Svelte.',
    { svelteToo: true },
  ),
  layerRule(
    ['src/state/**'],
    ['views'],
    'src/state may not import views: views read state, never the other way round.',
  ),
  layerRule(
    ['workers/**'],
    ['state', 'views'],
    'workers are thin wrappers over src/lib: they may not import state or views.',
  ),
  {
    // No import cycles in TypeScript modules. Type-only imports are erased at build time, so the
    // rule skips them (import-x's default).
    files: ['src/**/*.ts', 'workers/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
