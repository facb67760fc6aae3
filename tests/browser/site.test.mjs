// The pages proven in a real browser: builds sites with --assets local, serves
// them on 127.0.0.1, and drives Debian's Chromium with playwright-core. No
// skipping: if the browser cannot start, the test fails.
//   usage: node --test tests/browser/  (env RETROFIT_BINARY, RETROFIT_OUT)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const binary = process.env.RETROFIT_BINARY ?? path.join(repo, 'build/generator/retrofit-site');
const out = process.env.RETROFIT_OUT ?? path.join(repo, 'build/browser');
const vendor = path.join(here, 'node_modules');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

// Two sites: the repository's content (a three-stage home) and the small fixture
// (a one-stage home, a home with no plan, a home with no result).
const sites = { real: path.join(repo, 'content'), small: path.join(repo, 'tests/sites/small/content') };
let browser;
let server;
let base;

function serve(root) {
  return http.createServer((req, res) => {
    const [site, ...rest] = decodeURIComponent(new URL(req.url, 'http://x').pathname).split('/').filter(Boolean);
    if (site === 'favicon.ico') {  // the host's icon, not the site's: no 404 in the console
      res.statusCode = 204;
      res.end();
      return;
    }
    let file = path.join(out, 'sites', site ?? '', ...rest);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(path.join(out, 'sites')) || !fs.existsSync(file)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', types[path.extname(file)] ?? 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
}

before(async () => {
  fs.rmSync(path.join(out, 'sites'), { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'screenshots'), { recursive: true });
  for (const [name, content] of Object.entries(sites)) {
    execFileSync(binary, ['build', '--quiet', '--content', content, '--templates', path.join(repo, 'templates'),
      '--out', path.join(out, 'sites', name), '--assets', 'local', '--vendor', vendor], { stdio: 'inherit' });
  }
  server = serve(out);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/// Opens a page, collecting console errors and failed requests.
async function open(url, width = 1200) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400 && !url.endsWith('/nowhere')) problems.push(`${r.status()}: ${r.url()}`); });
  await page.goto(base + url, { waitUntil: 'networkidle' });
  return { page, problems };
}

async function screenshots(url, name) {
  for (const width of [1200, 390]) {
    const { page } = await open(url, width);
    await page.screenshot({ path: path.join(out, 'screenshots', `${name}-${width}.png`), fullPage: true });
    await page.close();
  }
}

async function axe(page) {
  // Evaluated over the DevTools protocol: a <script> tag would be refused by the page's CSP.
  await page.evaluate(fs.readFileSync(path.join(vendor, 'axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

function homes(site) {
  return fs.readdirSync(path.join(out, 'sites', site, 'homes'));
}

function api(site, id) {
  return JSON.parse(fs.readFileSync(path.join(out, 'sites', site, 'api/energy-comparison', `${id}.json`)));
}

const bars = (page) => page.locator('.chart svg path[aria-roledescription="bar"]');
const axisTitle = async (page) => (await page.locator('.chart svg .role-axis-title text').allTextContents()).join(' | ');
const heights = async (page) => bars(page).evaluateAll((ps) => ps.map((p) => Math.round(p.getBBox().height)));
const figure = (n, unit) => unit === 'GBP' ? `£${n.toLocaleString('en-GB', { minimumFractionDigits: 2 })}`
  : n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/// Bar heights (before, after for each month) in proportion to the API's figures.
function proportional(heights, months, hasPlan, what) {
  const figures = months.flatMap((m) => (hasPlan ? [m.baseline, m.improved] : [m.baseline]));
  const top = Math.max(...figures);
  const tallest = Math.max(...heights);
  figures.forEach((figure, i) => {
    assert.ok(Math.abs(heights[i] / tallest - figure / top) < 0.01, `${what}: bar ${i} is ${heights[i]} of ${tallest}, figure ${figure} of ${top}`);
  });
}

async function tooltip(page, index) {
  await bars(page).nth(index).hover();
  await page.waitForSelector('#vg-tooltip-element.visible');
  return page.locator('#vg-tooltip-element').innerText();
}

test('the CDN integrity hashes are those of the installed npm files', () => {
  const page = fs.readFileSync(path.join(repo, 'site/homes', homes('real')[0], 'index.html'), 'utf8');
  for (const file of ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js']) {
    const hash = createHash('sha384').update(fs.readFileSync(path.join(vendor, file))).digest('base64');
    assert.ok(page.includes(`integrity="sha384-${hash}"`), `${file}: expected sha384-${hash} in the committed site`);
  }
});

for (const site of Object.keys(sites)) {
  test(`${site}: every home page draws its charts, with working controls, under the CSP`, async () => {
    for (const uprn of homes(site)) {
      const url = `/${site}/homes/${uprn}/`;
      const { page, problems } = await open(url);
      const charts = await page.locator('script.chart-spec').count();
      if (charts > 0) await page.waitForSelector('.chart svg path[aria-roledescription="bar"]');
      for (let c = 0; c < charts; ++c) {
        const id = (await page.locator('script.chart-spec').nth(c).getAttribute('data-chart')).slice('chart-'.length);
        const data = api(site, id);
        const chart = page.locator('.chart').nth(c);
        const chartBars = chart.locator('svg path[aria-roledescription="bar"]');
        await chartBars.first().waitFor();
        const hasPlan = data.months[0].improved !== undefined && data.months[0].improved !== null;
        assert.equal(await chartBars.count(), hasPlan ? 24 : 12, `${url}: bars of ${id}`);
        // Hover: January before, then January after, read from the API file.
        await chartBars.nth(0).hover();
        await page.waitForSelector('#vg-tooltip-element.visible');
        assert.match(await page.locator('#vg-tooltip-element').innerText(), new RegExp(figure(data.months[0].baseline).replace(/[.]/g, '\\.')), `${url}: tooltip`);
        // The data table holds the API's numbers.
        const cells = await page.locator('table.months').nth(c).locator('tbody tr').first().locator('td').allTextContents();
        assert.ok(cells[0].includes(figure(data.months[0].baseline)), `${url}: table ${cells[0]} vs ${data.months[0].baseline}`);
        if (hasPlan) assert.ok(cells[1].includes(figure(data.months[0].improved)), `${url}: table ${cells[1]}`);
        // The metric switch: axis title and bar heights change.
        proportional(await chartBars.evaluateAll((ps) => ps.map((p) => p.getBBox().height)), data.months, hasPlan, `${url}: energy bars`);
        await chart.locator('input[type=radio]').nth(1).check();
        await page.waitForTimeout(300);
        assert.match(await chart.locator('svg .role-axis-title text').allTextContents().then((t) => t.join('|')), /Running cost/);
        const costHeights = await chartBars.evaluateAll((ps) => ps.map((p) => p.getBBox().height));
        assert.match((await chart.locator('svg .role-axis-label text').allTextContents()).join(' '), /£/, `${url}: cost axis labels`);
        proportional(costHeights, data.operating_cost.months, hasPlan, `${url}: cost bars`);
        await chartBars.nth(0).hover({ position: { x: 2, y: 2 } });
        await page.waitForTimeout(200);
        assert.ok((await page.locator('#vg-tooltip-element').innerText()).includes(figure(data.operating_cost.months[0].baseline, 'GBP')), `${url}: cost tooltip`);
        await chart.locator('input[type=radio]').nth(2).check();
        await page.waitForTimeout(300);
        assert.match(await chart.locator('svg .role-axis-title text').allTextContents().then((t) => t.join('|')), /Carbon/);
        proportional(await chartBars.evaluateAll((ps) => ps.map((p) => p.getBBox().height)), data.co2e.months, hasPlan, `${url}: carbon bars`);
        await chart.locator('input[type=radio]').nth(0).check();
        // The stage select changes the "after" bars only.
        if (data.stages.length > 1) {
          const whole = await chartBars.evaluateAll((ps) => ps.map((p) => Math.round(p.getBBox().height)));
          await chart.locator('select').selectOption({ index: 0 });
          await page.waitForTimeout(300);
          const first = await chartBars.evaluateAll((ps) => ps.map((p) => Math.round(p.getBBox().height)));
          assert.notDeepEqual(first, whole, `${url}: stage select`);
        }
      }
      assert.deepEqual(await axe(page), [], `${url}: serious or critical accessibility violations`);
      assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
      await page.close();
      await screenshots(url, `${site}-home-${uprn}`);
    }
  });

  test(`${site}: the index, docs and 404 pages load cleanly and pass axe`, async () => {
    for (const url of [`/${site}/`, `/${site}/docs/`, `/${site}/404.html`]) {
      if (!fs.existsSync(path.join(out, 'sites', url.replace(/\/$/, '/index.html')))) continue;
      const { page, problems } = await open(url);
      assert.deepEqual(await axe(page), [], `${url}: serious or critical accessibility violations`);
      assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
      await page.close();
      await screenshots(url, `${site}-${url.split('/').filter(Boolean).slice(1).join('-') || 'index'}`);
    }
  });
}
