/**
 * The Node options the application runs with (ADR 7): written out in package.json (`start`, `migrate`, `cli`) and
 * bin/vivier.mjs, which cannot import this file (options-node.test.ts checks they agree); the bench's child processes
 * that stand for the server or the CLI take them from here, so that what is measured is what runs.
 */
export const OPTIONS_NODE = ['--max-semi-space-size=32'] as const;
