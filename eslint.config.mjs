import eslint from '@eslint/js';
import jest from 'eslint-plugin-jest';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '*.js',
      '*.mjs',
      '**/*.cjs',
      // Generated from openapi.json by npm run client:generate.
      'test/client/schema.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'src/database/cli/**/*.ts',
      '**/*.spec.ts',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The pure rules stay pure: a domain/ file knows no framework, no ORM and no entity.
    files: ['src/modules/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*'],
              message: 'domain/ is framework-free: move this to a service or controller.',
            },
            {
              group: ['typeorm', 'typeorm/*'],
              message: 'domain/ does not touch the database: pass plain values in.',
            },
            {
              group: ['**/*.entity', '**/*.entity.ts'],
              message: 'domain/ does not import entities: use the domain types (enums in domain/).',
            },
          ],
        },
      ],
    },
  },
  {
    // No focused test is committed, and no test is skipped without saying why: skip only with
    // describeWhen / itWhen (test/utils/reliability.ts), which print the reason.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
  {
    // One import order everywhere (packages, then absolute, then relative; alphabetical within
    // each group), fixed by `eslint --fix`.
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error' },
  },
);
