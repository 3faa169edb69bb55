// Codes, not prose (issue 9): every reader issue and file error the engine
// emits carries a `rule` the strings table (wasm/messages.mjs) has in Russian
// and English, and every {param} that text names is in the issue's params. Run
// over every malformed fixture plus files people drop by mistake (an image, a
// PDF, a .docx, a zip of CSVs), generated here so that no binary is committed.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import test from 'node:test';
import { FIXTURES, ROOT, WASM_DIR, fixture, loadEngine } from './helpers.mjs';
import { zip } from '../../web/xlsx-writer.mjs';

const { MESSAGES, issueMessage } = await import(`${WASM_DIR}messages.mjs`);
const { archiveTables } = await import(`${WASM_DIR}unzip.mjs`);

const placeholders = (text) => [...JSON.stringify(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** Every issue of a summary: its error when not read, else its row issues. */
const issuesOf = (summary) => (summary.ok ? summary.issues ?? [] : [summary.error]);

function checkIssue(issue, where) {
  assert.ok(issue.rule, `${where}: ${issue.code} has a rule`);
  for (const lang of ['en', 'ru']) {
    const text = MESSAGES[lang][issue.rule];
    assert.ok(text, `${where}: ${issue.rule} has a ${lang} text`);
    for (const name of placeholders(text)) {
      assert.ok(Object.hasOwn(issue.params, name), `${where}: ${issue.rule} names {${name}}, which its params lack`);
    }
    const shown = issueMessage(issue, lang);
    assert.doesNotMatch(shown, /\{\w+\}/, `${where}: ${lang} text left a placeholder: ${shown}`);
  }
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const DEALS = 'id,stage,owner,created_at,amount,state,closed_at\n1,Новая,Анна,2026-03-02 10:00:00,100,open,\n';

test('every issue of every malformed fixture has a ru and an en text with its params', async () => {
  const engine = await loadEngine();
  const rules = new Set();
  for (const name of readdirSync(`${FIXTURES}malformed`).sort()) {
    const summary = await engine.addFile(name, fixture(`malformed/${name}`));
    for (const issue of issuesOf(summary)) {
      checkIssue(issue, name);
      rules.add(issue.rule);
    }
  }
  // The fixtures reach the row rules and the file rules alike.
  for (const rule of ['CELL_BAD_STATE', 'CELL_NOT_DATE_SKIPPED', 'CELL_EMPTY', 'CSV_RAGGED_ROW', 'CSV_UNKNOWN_HEADER',
    'CSV_QUOTE_NEVER_CLOSES', 'FILE_EMPTY', 'FILE_OLD_XLS', 'JSON_TRUNCATED', 'JSON_ERROR_REPLY', 'HTML_NO_TABLE']) {
    assert.ok(rules.has(rule), `${rule} among ${[...rules].sort().join(', ')}`);
  }
});

test('a row issue names the column as the file writes it and the value found', async () => {
  const engine = await loadEngine();
  const summary = await engine.addFile('csv_bad_state.csv', fixture('malformed/csv_bad_state.csv'));
  const issue = summary.issues.find((i) => i.rule === 'CELL_BAD_STATE');
  assert.deepEqual({ code: issue.code, line: issue.line, params: issue.params },
    { code: 'BAD_STATE', line: 2, params: { column: 'state', value: 'maybe' } });
  assert.equal(issueMessage(issue, 'ru'), '«state»: «maybe» — не open, won или lost; строка пропущена');
  assert.equal(issueMessage(issue, 'en'), '«state»: «maybe» is not open, won or lost; the row is skipped');
});

test('files dropped by mistake say what they are; a zip of CSVs is read table by table', async () => {
  const engine = await loadEngine();
  const docx = await zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]);
  const archive = await zip([{ name: 'deals.csv', data: DEALS }, { name: 'readme.md', data: 'hi' }]);
  const read = async (name, bytes) => {
    const summary = await engine.addFile(name, bytes);
    for (const issue of issuesOf(summary)) checkIssue(issue, name);
    return summary;
  };
  const png = await read('chart.png', PNG);
  assert.deepEqual([png.ok, png.error.code, png.error.rule, png.error.params], [false, 'BINARY_FILE', 'FILE_IMAGE', { format: 'PNG' }]);
  assert.equal(issueMessage(png.error, 'ru'), 'это изображение (PNG), а не таблица; ожидалась выгрузка CSV, XLSX или JSON');
  const pdf = await read('report.pdf', new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'));
  assert.equal(pdf.error.rule, 'FILE_PDF');
  const word = await read('deals.docx', docx);
  assert.deepEqual([word.error.code, word.error.rule], ['UNSUPPORTED_FORMAT', 'FILE_DOCX']);
  assert.equal(issueMessage(word.error, 'en'), 'this is a Word document (.docx), not a table; expected a CSV, XLSX or JSON export');
  // The engine alone names a zip of tables; the page and the CLI unpack it first (archiveTables).
  assert.equal((await read('export.zip', archive)).error.rule, 'FILE_ZIP_OF_TABLES');
  const tables = await archiveTables('export.zip', archive);
  assert.deepEqual(tables.map((t) => t.name), ['export.zip/deals.csv']);
  const inner = await read(tables[0].name, tables[0].bytes);
  assert.deepEqual([inner.ok, inner.file, inner.kind, inner.rows], [true, 'export.zip/deals.csv', 'deals', 1]);
  assert.equal(await archiveTables('deals.docx', docx), null, 'a .docx is no archive of tables');
});

test('a Bitrix24 user with no name is a row issue in words, not the code MISSING_VALUE', async () => {
  const engine = await loadEngine();
  const page = { result: [{ ID: '1', NAME: 'Анна', LAST_NAME: 'Смирнова' }, { ID: '7', NAME: ' ', LAST_NAME: '' }], total: 2 };
  const summary = await engine.addFile('user.get.json', new TextEncoder().encode(JSON.stringify(page)));
  assert.deepEqual([summary.ok, summary.rows, summary.skipped], [true, 1, 1]);
  const [issue] = summary.issues;
  checkIssue(issue, 'user.get.json');
  assert.deepEqual([issue.code, issue.rule], ['MISSING_VALUE', 'JSON_USER_NO_NAME']);
  assert.equal(issueMessage(issue, 'ru'), `${issue.params.entity}: у пользователя нет ни имени (NAME), ни фамилии (LAST_NAME)`);
});

// A rule no fixture reaches has no test above: read every rule the readers can
// name from the core's sources (string literals with a reader's prefix, outside
// comments; core/error.cpp holds the codes' own names) and want a text for each.
test('every reader rule written in the core has a ru and an en text', () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}/${entry.name}`);
      else if (/\.(cpp|h)$/.test(entry.name) && entry.name !== 'error.cpp') files.push(`${dir}/${entry.name}`);
    }
  };
  walk(`${ROOT}core`);
  const rules = new Set();
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\/[^\n]*/g, '');
    for (const [, rule] of code.matchAll(/"((?:CSV|JSON|CELL|FILE|HTML|XLSX|ZIP|TABLE|MAPPING)_[A-Z0-9_]+)"/g)) rules.add(rule);
  }
  assert.ok(rules.size > 60, `${rules.size} rules found: the scan reads the sources`);
  const missing = [...rules].filter((rule) => !MESSAGES.en[rule] || !MESSAGES.ru[rule]);
  assert.deepEqual(missing.sort(), []);
});
