// Takes the documentation screenshots of Gatehouse with a real browser (Chromium through playwright-core).
//
//   node take-screenshots.mjs [baseUrl] [outDir]
//
// Run it from a directory where `npm install playwright-core` was done (playwright-core is looked up from the
// current directory, so nothing is installed into the repository).
//
//   baseUrl  Keycloak running the demo (./demo.sh), default http://localhost:8080
//   outDir   where the PNGs go, default ../img next to this script (docs/img)
//
// Environment: CHROMIUM (browser binary, default /usr/bin/chromium, Debian's package),
//              ADMIN_USER / ADMIN_PASSWORD (default admin / admin).
//
// Writes console-policies-list.png and console-policy-form.png. The demo realm must hold the policy "Partners
// verify by email" (as ./demo.sh imports it), and the server must run with --features=declarative-ui for the
// console page to exist. The pages and the email external users see are shot by AccessibilityIT instead
// (see README.md here).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core from the current directory's node_modules (ES module imports would look next to this file).
const { chromium } = createRequire(path.join(process.cwd(), 'package.json'))('playwright-core');

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.argv[2] || process.env.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
const OUT = path.resolve(process.argv[3] || path.join(here, '..', 'img'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN_USER = process.env.ADMIN_USER || 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || 'admin';
const REALM = 'gatehouse-demo';
const PROVIDER_ID = 'gatehouse-external-user-policy';
const VIEWPORT = { width: 1280, height: 800 };

fs.mkdirSync(OUT, { recursive: true });
// A fresh, throw-away profile: no cookies, no cached console, no first-run state.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-shots-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  // Quiet, offline-friendly Chromium: no GPU, no QUIC, no background updates or sync.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: VIEWPORT,
  locale: 'en-US',
  extraHTTPHeaders: { 'Accept-Language': 'en' },
});
context.setDefaultTimeout(60_000);

async function shot(page, name, options = {}) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, ...options });
  console.log(`wrote ${file}`);
}

// The Keycloak login form, shared by the admin console and the account console.
async function signIn(page, username, password) {
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('#kc-login')]);
}

// Lets fonts, icons and React transitions settle so no half-drawn frame is captured.
async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(500);
}

try {
  const page = context.pages()[0] ?? await context.newPage();

  // 1. Admin console, straight to the declarative-UI page of the policies in the demo realm. The route is
  //    #/<realm>/page-section/<provider id>; the left menu shows the same page under "Configure".
  await page.goto(`${BASE}/admin/master/console/#/${REALM}/page-section/${PROVIDER_ID}`);
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await page.waitForSelector('[data-testid="view-header"]');
  const table = page.locator('table[aria-label]');
  await table.locator('tbody tr').first().waitFor();
  await settle(page);
  await shot(page, 'console-policies-list.png');

  // 2. The edit form of the (only) policy. The list links each row through its first column, so click
  //    the first link in the first row.
  await table.locator('tbody tr').first().locator('a').first().click();
  await page.waitForSelector('form.keycloak__form [data-testid="save"]');
  await page.waitForURL(/\/page-section\/.+\/.+/);
  await settle(page);
  // The console scrolls inside its main section, not the document, so a "full page" screenshot would stop at
  // the viewport: grow the viewport to the whole form instead, then capture it.
  const formHeight = await page.evaluate(() => {
    const main = document.querySelector('.pf-v5-c-page__main');
    const top = main ? main.getBoundingClientRect().top : 0;
    return Math.ceil(top + (main ? main.scrollHeight : document.body.scrollHeight));
  });
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, formHeight) });
  await settle(page);
  await shot(page, 'console-policy-form.png', { fullPage: true });
  await page.setViewportSize(VIEWPORT);

} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
