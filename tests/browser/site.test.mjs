// The pages proven in a real browser: builds sites with --assets local, serves
// them on 127.0.0.1, and drives Debian's Chromium with playwright-core. Every
// page type (homes with one stage, several stages, solar, no plan, no result;
// the index; the API page; the 404 page) loads under the CSP with no console
// error or failed request and passes axe-core; charts, the index's sort, filter
// and links, and Swagger UI's operations are checked against the API files and
// the content. No skipping: if the browser cannot start, the test fails.
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

/// Screenshots at desktop and phone widths, for a person to look at; the page
/// must load as cleanly at the phone's width.
async function screenshots(url, name, ready) {
  for (const width of [1200, 390]) {
    const { page, problems } = await open(url, width);
    if (ready) await page.waitForSelector(ready);
    const file = path.join(out, 'screenshots', `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 0, `${file}: an empty screenshot`);
    assert.deepEqual(problems, [], `${url} at ${width} px: console errors or failed requests`);
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

const json = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const siteFile = (site, file) => json(path.join(out, 'sites', site, file));
const api = (site, id) => siteFile(site, `api/energy-comparison/${id}.json`);
/// A simulation result as the content folder holds it: the input, whose
/// stages' monthly figures the API file does not repeat.
const result = (site, id) => json(path.join(sites[site], 'results', `${id}.json`));
const tenth = (n) => Math.round(n * 10) / 10;

/// The kinds of page the sites must hold between them, ticked off as the test sees them.
const seen = new Set();

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

test('the CDN integrity hashes are those of the installed npm files', () => {
  const pages = {
    [`homes/${homes('real')[0]}/index.html`]: ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js'],
    'docs/index.html': ['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css'],
  };
  for (const [page, files] of Object.entries(pages)) {
    const html = fs.readFileSync(path.join(repo, 'site', page), 'utf8');
    for (const file of files) {
      const [name, ...rest] = file.split('/');
      const version = json(path.join(vendor, name, 'package.json')).version;
      const url = `https://cdn.jsdelivr.net/npm/${name}@${version}/${rest.join('/')}`;
      const hash = createHash('sha384').update(fs.readFileSync(path.join(vendor, file))).digest('base64');
      assert.ok(html.includes(`"${url}" integrity="sha384-${hash}" crossorigin="anonymous"`),
        `${file}: expected ${url} with sha384-${hash} in the committed site/${page}`);
    }
  }
});

/// The bars from left to right (January before, January after, February before...),
/// by their place on the chart: vega may reorder their elements as data change.
async function leftToRight(bars) {
  const boxes = await bars.evaluateAll((ps) => ps.map((p, index) => ({ index, x: p.getBBox().x, height: p.getBBox().height })));
  return boxes.sort((a, b) => a.x - b.x);
}
const barHeights = async (bars) => (await leftToRight(bars)).map((b) => b.height);
const metricAxis = async (chart) => (await chart.locator('svg .role-axis-title text').allTextContents()).join(' | ');

/// Hovers the k-th bar from the left and waits for the tooltip to show every one of parts.
async function tooltipShows(page, bars, k, parts, what) {
  const bar = bars.nth((await leftToRight(bars))[k].index);
  await page.mouse.move(0, 0);  // off the chart first: a pointer that does not move shows no new tooltip
  await bar.hover();
  try {
    await page.waitForFunction((wanted) => {
      const tip = document.querySelector('#vg-tooltip-element.visible');
      return tip !== null && wanted.every((part) => tip.innerText.includes(part));
    }, parts, { timeout: 5000 });
  } catch {
    const text = await page.locator('#vg-tooltip-element').innerText().catch(() => '(no tooltip)');
    assert.fail(`${what}: the tooltip shows ${JSON.stringify(text)}, not ${JSON.stringify(parts)}`);
  }
}

async function setMetric(chart, index, title) {
  await chart.locator('input[type=radio]').nth(index).check();
  await chart.locator('svg .role-axis-title text').filter({ hasText: title }).waitFor();
}

/// One chart of a home page against its API file (and, for the stages, its content file).
async function checkChart(page, site, url, c) {
  const id = (await page.locator('script.chart-spec').nth(c).getAttribute('data-chart')).slice('chart-'.length);
  const data = api(site, id);
  const chart = page.locator('.chart').nth(c);
  const bars = chart.locator('svg path[aria-roledescription="bar"]');
  await bars.first().waitFor();
  const hasPlan = data.months[0].improved !== null;
  const perMonth = hasPlan ? 2 : 1;
  seen.add(hasPlan ? `${data.stages.length} stage${data.stages.length > 1 ? 's' : ''}` : 'no plan');
  if (data.stages.some((stage) => stage.annual.energy_generated > 0)) seen.add('solar');
  // Exactly one bar per series a month: 24 for a year before and after.
  assert.equal(await bars.count(), 12 * perMonth, `${url}: bars of ${id}`);

  // The data table holds the API file's numbers, month by month.
  const rows = page.locator('table.months').nth(c).locator('tbody tr');
  assert.equal(await rows.count(), 12, `${url}: table rows`);
  for (let m = 0; m < 12; ++m) {
    const month = data.months[m];
    const cells = await rows.nth(m).locator('td').allTextContents();
    assert.equal(cells[0], `${figure(month.baseline)} kWh`, `${url}: table, ${month.label} before`);
    if (hasPlan) {
      assert.equal(cells[1], `${figure(month.improved)} kWh`, `${url}: table, ${month.label} after`);
      assert.equal(cells[2], `${figure(month.saving)} kWh`, `${url}: table, ${month.label} saving`);
    }
  }

  // Energy: axis title, heights in proportion to the figures, and the tooltip of
  // January before and of July after (or before, without a plan).
  assert.match(await metricAxis(chart), /Energy \(kWh\)/, `${url}: energy axis`);
  proportional(await barHeights(bars), data.months, hasPlan, `${url}: energy bars`);
  await tooltipShows(page, bars, 0, ['January', 'Before improvements', `${figure(data.months[0].baseline)} kWh`], `${url}: January`);
  const july = data.months[6];
  await tooltipShows(page, bars, 7 * perMonth - 1, hasPlan
    ? ['July', 'After improvements', `${figure(july.improved)} kWh`, `${figure(july.saving)} kWh`]
    : ['July', 'Before improvements', `${figure(july.baseline)} kWh`], `${url}: July`);

  // The metric switch: cost, then carbon; axis title, labels, heights and tooltips follow.
  await setMetric(chart, 1, 'Running cost');
  assert.match((await chart.locator('svg .role-axis-label text').allTextContents()).join(' '), /£/, `${url}: cost axis labels`);
  proportional(await barHeights(bars), data.operating_cost.months, hasPlan, `${url}: cost bars`);
  await tooltipShows(page, bars, 0, ['January', figure(data.operating_cost.months[0].baseline, 'GBP')], `${url}: cost`);
  await setMetric(chart, 2, 'Carbon');
  proportional(await barHeights(bars), data.co2e.months, hasPlan, `${url}: carbon bars`);
  await tooltipShows(page, bars, 0, ['January', `${figure(data.co2e.months[0].baseline)} kg CO2e`], `${url}: carbon`);
  await setMetric(chart, 0, 'Energy');

  // The stage select, where the plan has several stages: the after bars become the
  // chosen stage's months (from the content file), the before bars stay the baseline.
  const select = chart.locator('select');
  assert.equal(await select.count(), data.stages.length > 1 ? 1 : 0, `${url}: a stage select only for several stages`);
  if (data.stages.length > 1) {
    const plan = result(site, id).improvement_plan;
    for (let stage = 0; stage < plan.length; ++stage) {
      await select.selectOption({ index: stage });
      const label = stage + 1 === plan.length ? 'After improvements' : `After stage ${stage + 1} of ${plan.length}`;
      const months = data.months.map((m) => ({ baseline: m.baseline, improved: plan[stage].energy_profile.monthly_energy_total[m.month].energy }));
      await tooltipShows(page, bars, 1, ['January', label, `${figure(tenth(months[0].improved))} kWh`], `${url}: after stage ${stage + 1}`);
      proportional(await barHeights(bars), months, true, `${url}: before, and after stage ${stage + 1}`);
    }
  }
}

for (const site of Object.keys(sites)) {
  test(`${site}: every home page draws its charts, with working controls, under the CSP`, async () => {
    for (const uprn of homes(site)) {
      const url = `/${site}/homes/${uprn}/`;
      const { page, problems } = await open(url);
      const home = siteFile(site, `api/home/${uprn}.json`).home;
      assert.equal((await page.locator('h1').textContent()).trim(), home.address.lines.join(' '), `${url}: heading`);
      const charts = await page.locator('script.chart-spec').count();
      assert.equal(charts, siteFile(site, `api/home/${uprn}.json`).simulations.length, `${url}: one chart a simulation`);
      if (charts === 0) {
        seen.add('no result');
        assert.match(await page.locator('main').innerText(), /No simulation is available for this home yet/, `${url}: says so`);
      }
      for (let c = 0; c < charts; ++c) await checkChart(page, site, url, c);
      assert.deepEqual(await axe(page), [], `${url}: serious or critical accessibility violations`);
      assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
      await page.close();
      await screenshots(url, `${site}-home-${uprn}`, charts > 0 ? '.chart svg' : undefined);
    }
  });

  test(`${site}: the index sorts, filters and links to each home`, async () => {
    const url = `/${site}/`;
    const catalogue = siteFile(site, 'api/homes.json').homes;
    const { page, problems } = await open(url);
    seen.add('index');
    const rows = page.locator('table.homes tbody tr');
    const shown = async () => (await rows.evaluateAll((trs) => trs.filter((tr) => !tr.hidden)
      .map((tr) => tr.querySelector('a').getAttribute('href')))).map((href) => href.split('/')[1]);
    assert.deepEqual(await shown(), catalogue.map((h) => h.uprn), `${url}: in the catalogue's order`);

    // Sorting on a number column: the year's energy before, then the saving; homes
    // without the figure go last in either direction.
    const byFigure = (field, direction) => {
      const known = catalogue.filter((h) => h.annual?.[field] != null).sort((a, b) => direction * (a.annual[field] - b.annual[field]));
      return [...known, ...catalogue.filter((h) => h.annual?.[field] == null)].map((h) => h.uprn);
    };
    for (const [column, field] of [['Before', 'baseline'], ['Saving', 'saving']]) {
      const header = page.locator('table.homes th').filter({ has: page.getByRole('button', { name: column, exact: true }) });
      await header.getByRole('button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'ascending', `${url}: ${column} ascending`);
      assert.deepEqual(await shown(), byFigure(field, 1), `${url}: sorted by ${column}, ascending`);
      await header.getByRole('button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'descending', `${url}: ${column} descending`);
      assert.deepEqual(await shown(), byFigure(field, -1), `${url}: sorted by ${column}, descending`);
    }
    const order = await shown();

    // Filtering: a town some homes share and others do not, then that town and one
    // home's postcode; the order stays that of the last sort.
    const text = (h) => [...h.address.lines, h.address.town, h.address.postcode, h.epc_rating ?? ''].join(' ').toLowerCase();
    const towns = [...new Set(catalogue.map((h) => h.address.town))];
    const town = towns.find((t) => catalogue.some((h) => !text(h).includes(t.toLowerCase()))) ?? towns[0];
    const filter = page.getByLabel('Filter by address, town, postcode or EPC band');
    const expectFilter = async (words, what) => {
      await filter.fill(words);
      const matching = catalogue.filter((h) => words.toLowerCase().split(/\s+/).every((w) => text(h).includes(w)));
      assert.deepEqual(await shown(), order.filter((u) => matching.some((h) => h.uprn === u)), `${url}: filtered by ${what}`);
      const total = `${catalogue.length} home${catalogue.length === 1 ? '' : 's'}`;
      assert.equal(await page.locator('#match-count').innerText(), `${matching.length} of ${total} match.`, `${url}: match count for ${what}`);
      return matching;
    };
    const inTown = await expectFilter(town, 'town');
    assert.ok(inTown.length > 0, `${url}: ${town} matches a home`);
    const target = inTown[inTown.length - 1];
    const [only] = await expectFilter(`${town} ${target.address.postcode}`, 'town and postcode');
    assert.equal(only.uprn, target.uprn);
    await filter.fill('');
    assert.deepEqual(await shown(), order, `${url}: every home again once the filter is empty`);
    assert.match(await page.locator('#match-count').innerText(), new RegExp(`^Showing all ${catalogue.length} homes?\\.$`));

    // The link opens that home's page.
    await filter.fill(`${town} ${target.address.postcode}`);
    await Promise.all([page.waitForURL(`**/${site}/homes/${target.uprn}/`), rows.filter({ visible: true }).getByRole('link').click()]);
    assert.equal(new URL(page.url()).pathname, `/${site}/homes/${target.uprn}/`);
    assert.equal((await page.locator('h1').textContent()).trim(), target.address.lines.join(' '), `${url}: the linked page's heading`);
    assert.equal(await page.locator('.place').innerText(), `${target.address.town} ${target.address.postcode}`, `${url}: the linked page's town`);
    assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
    await page.close();
  });

  test(`${site}: the docs page draws the API's operations with the site's own Swagger UI`, async () => {
    const url = `/${site}/docs/`;
    const description = siteFile(site, 'api/openapi.json');
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const operations = Object.entries(description.paths)
      .flatMap(([route, item]) => methods.filter((m) => item[m]).map((m) => ({ route, method: m, ...item[m] })));
    const { page, problems } = await open(url);
    seen.add('docs');
    const blocks = page.locator('.api-reference .opblock');
    await blocks.first().waitFor();
    assert.equal(await page.locator('.api-reference .info .title').evaluate((e) => e.firstChild.textContent.trim()), description.info.title);
    assert.equal(await blocks.count(), operations.length, `${url}: one block an operation`);
    const drawn = await blocks.evaluateAll((els) => els.map((el) => ({
      method: el.querySelector('.opblock-summary-method').textContent.toLowerCase(),
      route: el.querySelector('.opblock-summary-path').getAttribute('data-path'),
      summary: el.querySelector('.opblock-summary-description')?.textContent ?? '',
    })));
    const key = (o) => `${o.method} ${o.route}: ${o.summary ?? ''}`;
    assert.deepEqual(drawn.map(key).sort(), operations.map(key).sort(), `${url}: the operations of api/openapi.json`);
    // Opening an operation shows its responses.
    const first = blocks.first();
    await first.locator('.opblock-summary-control').click();
    const codes = first.locator('.responses-table tbody .response-col_status');
    await codes.first().waitFor();
    const operation = operations.find((o) => o.method === drawn[0].method && o.route === drawn[0].route);
    assert.deepEqual((await codes.allTextContents()).map((t) => t.trim()), Object.keys(operation.responses), `${url}: responses`);
    assert.deepEqual(await axe(page), [], `${url}: serious or critical accessibility violations`);
    assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
    await page.close();
    await screenshots(url, `${site}-docs`, '.api-reference .opblock');
  });

  test(`${site}: the index and 404 pages load cleanly and pass axe`, async () => {
    for (const [url, heading] of [[`/${site}/`, siteFile(site, 'api/openapi.json').info.title], [`/${site}/404.html`, 'Page not found']]) {
      const { page, problems } = await open(url);
      seen.add(url.endsWith('404.html') ? '404' : 'index');
      assert.equal(await page.locator('h1').innerText(), heading, `${url}: heading`);
      assert.deepEqual(await axe(page), [], `${url}: serious or critical accessibility violations`);
      assert.deepEqual(problems, [], `${url}: console errors or failed requests`);
      await page.close();
      await screenshots(url, `${site}-${url.endsWith('404.html') ? '404' : 'index'}`);
    }
  });
}

test('the test sites hold every kind of page', () => {
  const kinds = ['1 stage', '3 stages', 'solar', 'no plan', 'no result', 'index', 'docs', '404'];
  assert.deepEqual(kinds.filter((k) => !seen.has(k)), [], 'kinds of page not seen');
});
