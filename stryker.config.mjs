// StrykerJS for one module of scripts/mutation.modules.mjs, named by VIVIER_MUTATION_MODULE: `npm run mutation`
// (scripts/mutation.mjs) runs them one after the other. See docs/MUTATION.md.
import { MODULES } from './scripts/mutation.modules.mjs';

const nom = process.env.VIVIER_MUTATION_MODULE ?? '';
const module = MODULES[nom];
if (!module) throw new Error(`VIVIER_MUTATION_MODULE doit nommer un module : ${Object.keys(MODULES).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'tap',
  // Each test file is run directly (not under `--test`, whose child processes would hide the coverage from Stryker),
  // through tsx, with the TAP reporter; coverage is then known per test file, and a mutant runs only the files that
  // reach it.
  tap: {
    testFiles: module.tests,
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: module.mutate,
  // Two shared cores: one test process at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${nom}.html` },
  jsonReporter: { fileName: `reports/mutation/${nom}.json` },
  // One sandbox folder per module: two modules may run side by side (at most two: the cores are shared).
  tempDirName: `.stryker-tmp/${nom}`,
  ignorePatterns: ['/reports', '/.stryker-tmp', '/data', '/bench/results', '/e2e/screenshots'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
