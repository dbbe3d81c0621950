// Lint that keeps the layers apart (ARCHITECTURE.md, "Layers"): the domain, the protocol and the
// converters are pure; no package imports an app; the web app never imports the server; no file
// imports itself in a circle. Run with `pnpm lint` (part of `npm test`).
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, with or without the `node:` prefix. */
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'stream', 'url', 'util', 'zlib'];
const APPS = ['@qms/server', '@qms/server/*', '@qms/web', '@qms/web/*', '@qms/e2e', '@qms/e2e/*', '**/apps/**'];
const UI = ['react', 'react/*', 'react-dom', 'react-dom/*', '@xyflow/*', 'react-i18next', 'i18next'];

const restrict = (message, ...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group, message })) }],
});

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/dev-dist/**', 'apps/e2e/screenshots/**', 'bench/results/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['packages/*/tsconfig.json', 'apps/*/tsconfig.json', 'bench/tsconfig.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and the protocol decoders work with opaque bytes and Yjs values.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Source files stay readable: split a file before it passes 600 lines (sample data excepted).
    files: ['{apps,packages}/*/src/**/*.{ts,tsx}'],
    ignores: ['packages/model/src/samples/**'],
    rules: { 'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The domain, the protocol and the converters: no UI, no DOM, no Node, no app.
    files: ['packages/{model,protocol,interchange}/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict('This package is pure: no React, DOM, Node built-ins or apps (ARCHITECTURE.md, "Layers").', [...UI, ...NODE_BUILTINS, ...APPS]),
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/{model,protocol,interchange}/src/**'],
    rules: restrict('A package never imports an app.', [...APPS, ...UI]),
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/web/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // These rules of the React Compiler era flag patterns this app uses on purpose (refs read in
      // event handlers, state set from subscriptions); the classic hook rules stay errors.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/preserve-manual-memoization': 'off',
      ...restrict('The web app talks to the server over HTTP and the sync socket only.', ['@qms/server', '@qms/server/*', '**/apps/server/**', ...NODE_BUILTINS]),
    },
  },
);
