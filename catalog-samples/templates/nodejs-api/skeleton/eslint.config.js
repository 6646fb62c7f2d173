'use strict';

// ESLint 9 flat config with no plugins, so `npx eslint@<version>` runs it without installing
// anything into the project (the API has no dependencies, and this keeps it that way).

const nodeGlobals = Object.fromEntries(
  [
    'AbortController', 'Buffer', 'URL', 'URLSearchParams', '__dirname', '__filename', 'clearImmediate', 'clearInterval',
    'clearTimeout', 'console', 'exports', 'fetch', 'module', 'process', 'queueMicrotask', 'require', 'setImmediate',
    'setInterval', 'setTimeout', 'structuredClone',
  ].map((name) => [name, 'readonly']),
);

module.exports = [
  { ignores: ['node_modules/', 'coverage/'] },
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'commonjs', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'eqeqeq': 'error',
      'no-console': 'error',
      'no-constant-condition': 'error',
      'no-dupe-keys': 'error',
      'no-empty': 'error',
      'no-fallthrough': 'error',
      'no-redeclare': 'error',
      'no-shadow': 'error',
      'no-undef': 'error',
      'no-unreachable': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'strict': ['error', 'global'],
    },
  },
];
