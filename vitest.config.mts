import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'shared') };

// Two projects: fast unit tests beside the code, and the real-server suite
// (llama.cpp's llama-server, built once per machine) which is slower.
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: process.env.PUNIE_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.PUNIE_REPORT_DIR}/vitest.json` }]]
      : ['default'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}', 'e2e/fake-server/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'real-server',
          include: ['e2e/llama/**/*.test.ts', 'e2e/packaging/**/*.test.ts', 'e2e/install/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
