import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'worker_threads'];
const nodeBuiltins = [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`)];
const NATIVE_AND_IO = ['better-sqlite3', 'kysely', 'exceljs', 'docx', 'pdfmake', '@resvg/resvg-js', 'fontkit', 'papaparse'];

/** Layer rules of architecture.md §2, enforced per folder. */
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'tests/output/**', 'resources/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'antd', ...NATIVE_AND_IO],
          patterns: [{ group: ['**/main/**', '**/renderer/**', 'node:*'], message: 'shared/ imports only zod, jsep and itself' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', ...NATIVE_AND_IO],
          patterns: [{ group: ['**/main/**', 'node:*'], message: 'renderer/ never imports main/, electron or Node built-ins' }],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only main/electron and main/preload import electron' }] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/db/**', 'main/electron/**', 'main/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'only main/electron and main/preload import electron' },
            { name: 'better-sqlite3', message: 'SQL lives only in main/db' },
            { name: 'kysely', importNames: ['sql', 'Kysely'], message: 'SQL lives only in main/db' },
          ],
        },
      ],
    },
  },
);
