import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'reports/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/bootstrap/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env',
        message: 'Read configuration in src/bootstrap/config.ts and pass a typed slice to the constructor.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['inversify', '@inversifyjs/*'], message: 'inversify lives in src/bootstrap only.' }] }],
    },
  },
  { files: ['src/bootstrap/**/*.ts', 'scripts/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' } } },
);
