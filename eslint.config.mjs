import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES = ['gateway', 'agents', 'orchestrator', 'rag', 'tools', 'sqltool', 'workflow-engine', 'observability'];
const RELATIVE = { group: ['../*', '!../../package.json'], message: 'Use absolute imports (src/..., @libs/...).' };
const LIB_ENTRY = { group: ['@libs/*/*'], message: 'Import a lib only through its entry point.' };

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'console/dist/',
      'test-artifacts/',
      'test/utils/*.js',
      'node_modules/',
      'data/',
      'coverage/',
      'libs/sdk/src/client.ts',
      '*.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../../package.json'], message: 'Use absolute imports (src/..., @libs/...).' },
            { group: ['src/modules/*/*', '!src/modules/*/index'], message: 'Reach another module only through its index.ts.' },
            { group: ['@libs/*/*'], message: 'Import a lib only through its entry point.' },
          ],
        },
      ],
    },
  },
  // Inside a module its own files are fair game; other modules only through their index.ts.
  ...MODULES.map((module) => ({
    files: [`src/modules/${module}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            RELATIVE,
            LIB_ENTRY,
            {
              group: ['src/modules/*/*', '!src/modules/*/index', `!src/modules/${module}/**`],
              message: 'Reach another module only through its index.ts.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['src/*'], message: 'libs/ never imports src/.' }] }] },
  },
  // The web console (React, bundled by Vite) imports its own files relatively, like any Vite app.
  {
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
