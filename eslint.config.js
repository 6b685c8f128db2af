// One lint configuration for the whole monorepo. Beyond the usual checks it enforces the architecture:
// the client never imports server or worker code, engines in workers/src/domain are pure (no I/O library, no
// clock, no randomness), shared stays browser-safe, and server and workers talk only through Redis.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const IO_LIBRARIES = [
  'ioredis',
  'bullmq',
  'fastify',
  'fastify-plugin',
  '@fastify/*',
  'socket.io',
  'socket.io-client',
  'pino',
];
// The client's boundary, shared by every client file: .vue components and pages add the socket rule below, and in
// flat config a later no-restricted-imports replaces an earlier one, so each block lists the whole set.
const CLIENT_BOUNDARY = [
  {
    group: ['@benchline/server', '@benchline/workers', '@benchline/tools', '@benchline/shared/backend'],
    message: 'The client imports only the client-safe @benchline/shared.',
  },
  {
    group: [...IO_LIBRARIES.filter((lib) => lib !== 'socket.io-client'), 'node:*'],
    message: 'Server-side library in the client.',
  },
  {
    group: ['**/server/**', '**/workers/**', '**/tools/**'],
    message: 'The client never imports server or worker code.',
  },
];

// workers/src/domain is pure: no Node built-in at all, bare or node:-prefixed (the domain uses none today; allow one
// here only if it is pure computation), no I/O library, no server code, no adapters or jobs.
const DOMAIN_BUILTINS = builtinModules.map((name) => ({
  name,
  message: 'Domain engines are pure: no Node built-ins.',
}));
const DOMAIN_PURE = [
  { group: [...IO_LIBRARIES, 'node:*', '@benchline/shared/backend'], message: 'Domain engines are pure: no I/O.' },
  { group: ['**/adapters/**', '**/jobs/**'], message: 'Domain engines do not reach into adapters or jobs.' },
];
const SERVER_WORKERS = 'Server and workers meet only in Redis.';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test-results/**',
      'generated/**',
      'coverage/**',
      '.benchline/**',
      'bench/reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      // Fastify plugins and handlers are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JS config and scripts: no type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['client/**/*.vue'] })),
  {
    files: ['client/**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
      globals: { ...globals.browser },
    },
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: CLIENT_BOUNDARY,
        },
      ],
    },
  },
  {
    files: ['client/src/components/**/*.vue', 'client/src/pages/**/*.vue', 'client/src/App.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...CLIENT_BOUNDARY,
            {
              group: ['**/services/socket*', 'socket.io-client'],
              message: 'Components read stores; only composables touch the socket.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...IO_LIBRARIES, 'node:*'],
              message: '@benchline/shared holds contracts only: no I/O, nothing Node-specific.',
            },
            {
              group: ['@benchline/server', '@benchline/workers', '@benchline/tools', '@benchline/client'],
              message: 'shared depends on nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workers/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DOMAIN_BUILTINS,
          patterns: [...DOMAIN_PURE, { group: ['@benchline/server', '**/server/src/**'], message: SERVER_WORKERS }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Engines read no clock: take the as-of date as a parameter.' },
        { object: 'Math', property: 'random', message: 'Engines are deterministic.' },
        { object: 'performance', property: 'now', message: 'Engines read no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Engines read no clock: take the as-of date as a parameter.',
        },
      ],
    },
  },
  {
    // Test fixtures may run the server's FHIR mapper to turn published eCQM test bundles into canonical events.
    files: ['workers/src/domain/**/__fixtures__/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: DOMAIN_BUILTINS, patterns: DOMAIN_PURE }] },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@benchline/workers', '**/workers/src/**'], message: SERVER_WORKERS }],
        },
      ],
    },
  },
  {
    files: ['workers/src/**/*.ts'],
    ignores: ['workers/src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@benchline/server', '**/server/src/**'], message: SERVER_WORKERS }],
        },
      ],
    },
  },
  {
    // Tests may use non-null assertions on values they have just checked, and the CLI writes to the terminal.
    files: ['**/*.test.ts', 'tests/**/*.ts', '**/__fixtures__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Bad-input tables edit untyped JSON documents (FHIR resources, raw events) in place.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['tools/src/cli.ts', 'tools/src/commands/**/*.ts', 'tools/scripts/**', 'workers/scripts/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
);
