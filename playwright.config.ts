import { defineConfig } from '@playwright/test';

const reportDir = process.env.PUNIE_REPORT_DIR;

/**
 * Two projects:
 * - browser: the built renderer in Debian's Chromium, with the real built
 *   preload and the real main-process handlers bridged into the page.
 * - electron: the packaged app through Playwright's _electron; skips (with one
 *   line) where no Electron binary exists.
 * Browsers are never downloaded: Chromium comes from apt.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/playwright.json` }]] : [['list']],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PUNIE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'browser', testMatch: 'browser/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
