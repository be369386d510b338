'use strict';
/**
 * The contract with the backend: what the script sends for a few submissions, checked against the committed
 * fixtures in tests/intake/fixtures/appscript/. The Python contract tests post exactly those requests to the
 * live webhook endpoints, so the two sides meet in these files:
 *
 * - a change to what the script sends fails HERE, naming the fixture file and what differs, until the fixtures
 *   are refreshed on purpose: `UPDATE_FIXTURES=1 node --test appscript/tests/` rewrites them; then run the
 *   Python tests (`make pytest PYTEST_ARGS=tests/intake`) and commit the fixtures with the script change;
 * - a backend that stops accepting them fails the Python tests.
 *
 * Every varying input is fixed (the clock, the secret, the response ids and timestamps, the fake Utilities'
 * uuids), so the recorded requests, signatures included, are the same on every run and are compared exactly.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadScript, expectedSignature } = require('./support/fakes');
const {
  DANA_PROFESSIONAL,
  DANA_PROFESSIONAL_EDITED,
  JORDAN_STUDENT,
  JANE_STUDENT_UNCLEAR,
  JOSE_PROFESSIONAL,
} = require('./support/answers');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE_DIR = path.join(REPO_ROOT, 'tests', 'intake', 'fixtures', 'appscript');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const REFRESH_COMMAND = 'UPDATE_FIXTURES=1 node --test appscript/tests/';

/** The backend's FORM_WEBHOOK_SECRET in mentormatch/web/test_settings.py. */
const SECRET = 'test-form-secret';
const SUBMITTED_AT = new Date('2026-12-01T15:00:00.250Z');
const SENT_AT = Date.UTC(2026, 11, 1, 15, 0, 5);

const CASES = [
  {
    name: 'professional_availability',
    create: 'createProfessionalAvailabilityForm',
    answers: DANA_PROFESSIONAL,
    responseId: '2_APPSCRIPT_dana_whitfield_1',
    description: 'The professional availability form, every question answered (the seed answers).',
  },
  {
    name: 'professional_availability_edited',
    create: 'createProfessionalAvailabilityForm',
    answers: DANA_PROFESSIONAL_EDITED,
    responseId: '2_APPSCRIPT_dana_whitfield_1',
    submittedAt: new Date('2026-12-01T15:20:00.750Z'),
    sentAt: SENT_AT + 20 * 60 * 1000,
    description:
      'Dana edits her response 20 minutes later: Google Forms keeps its id; the new answers come with its new timestamp.',
  },
  {
    name: 'professional_availability_non_ascii',
    create: 'createProfessionalAvailabilityForm',
    answers: JOSE_PROFESSIONAL,
    responseId: '2_APPSCRIPT_jose_nunez_1',
    description: 'Accented names and an en dash: the body is ASCII with \\u escapes, signed as sent.',
  },
  {
    name: 'review_request',
    create: 'createStudentReviewRequestForm',
    answers: JORDAN_STUDENT,
    responseId: '2_APPSCRIPT_jordan_reyes_1',
    description: 'The student form with free text and the days x parts-of-day grid, kept per row.',
  },
  {
    name: 'review_request_unclear',
    create: 'createStudentReviewRequestForm',
    answers: JANE_STUDENT_UNCLEAR,
    responseId: '2_APPSCRIPT_jane_doe_1',
    description: 'A student whose availability ("whenever works for you") cannot be read: needs clarification.',
  },
];

/** Every fixture file this test writes; any other file in FIXTURE_DIR is stale. */
const RETRIED = ['retried_first_attempt', 'retried_second_attempt'];

function fixtureText(fixture) {
  return JSON.stringify(fixture, null, 2) + '\n';
}

function shown(value) {
  const text = JSON.stringify(value);
  return text === undefined ? '(absent)' : text.length > 120 ? text.slice(0, 117) + '...' : text;
}

/** Where two JSON values differ, as `path: committed -> now` lines; the body is compared as the JSON it holds. */
function differences(committed, now, where = '', out = []) {
  if (where === 'body' && typeof committed === 'string' && typeof now === 'string') {
    try {
      return differences(JSON.parse(committed), JSON.parse(now), 'body (parsed)', out);
    } catch (err) {
      // Not JSON on one side: compared as text below.
    }
  }
  const bothObjects =
    committed && now && typeof committed === 'object' && typeof now === 'object' && Array.isArray(committed) === Array.isArray(now);
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(committed), ...Object.keys(now)])];
    for (const key of keys) differences(committed[key], now[key], where ? `${where}.${key}` : key, out);
  } else if (JSON.stringify(committed) !== JSON.stringify(now)) {
    out.push(`${where || '(top level)'}: ${shown(committed)} -> ${shown(now)}`);
  }
  return out;
}

/**
 * Compares a request the script sent with its committed fixture file, failing with what differs and how to
 * refresh; with UPDATE_FIXTURES=1 the file is (re)written instead.
 */
function checkFixture(name, fixture) {
  const file = path.join(FIXTURE_DIR, `${name}.json`);
  const relative = path.relative(REPO_ROOT, file);
  const text = fixtureText(fixture);
  if (UPDATE) {
    fs.mkdirSync(FIXTURE_DIR, { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      fs.writeFileSync(file, text);
      console.log(`rewrote ${relative}`);
    }
    return;
  }
  const refresh =
    `If the change to the script is intended, refresh the fixtures with\n    ${REFRESH_COMMAND}\n` +
    'then run the Python contract tests (make pytest PYTEST_ARGS=tests/intake) and commit the fixtures with the script.';
  if (!fs.existsSync(file)) {
    assert.fail(`${relative} is missing: the backend's contract tests have no recording of this delivery.\n${refresh}`);
  }
  const committedText = fs.readFileSync(file, 'utf8');
  if (committedText === text) return;
  let committed;
  try {
    committed = JSON.parse(committedText);
  } catch (err) {
    assert.fail(`${relative} is not valid JSON (${err.message}).\n${refresh}`);
  }
  // What the body says first: the signature changes with it.
  const found = differences(committed, fixture).sort((a, b) => Number(!a.startsWith('body')) - Number(!b.startsWith('body')));
  const listed = found.length ? found.slice(0, 12) : ['the same values, written differently (key order or formatting)'];
  if (found.length > listed.length) listed.push(`... and ${found.length - listed.length} more`);
  assert.fail(
    `${relative} no longer matches what the script sends, so the backend's contract tests post a stale request:\n` +
      listed.map((line) => `  ${line}`).join('\n') +
      `\n${refresh}`
  );
}

function fixtureOf(request, description) {
  const { url, params } = request;
  return {
    description,
    secret: SECRET,
    method: 'POST',
    path: new URL(url).pathname,
    headers: { 'Content-Type': params.contentType, ...params.headers },
    body: params.payload,
  };
}

function record(testCase) {
  const world = loadScript({
    properties: { BACKEND_API_URL: 'http://testserver/api', FORM_WEBHOOK_SECRET: SECRET },
    now: testCase.sentAt || SENT_AT,
  });
  const form = world.FormApp.openById(world.script[testCase.create]().formId);
  const timestamp = testCase.submittedAt || SUBMITTED_AT;
  world.script.onFormSubmit({
    source: form,
    response: form.respond(testCase.answers, { id: testCase.responseId, timestamp }),
  });
  assert.equal(world.UrlFetchApp.requests.length, 1);
  return fixtureOf(world.UrlFetchApp.requests[0], testCase.description);
}

for (const testCase of CASES) {
  test(`the ${testCase.name} delivery matches its fixture for the backend`, () => {
    const fixture = record(testCase);
    assert.equal(
      fixture.headers['X-Mentormatch-Signature'],
      expectedSignature(SECRET, fixture.headers['X-Mentormatch-Timestamp'], fixture.body)
    );
    assert.equal(fixture.headers['X-Mentormatch-Timestamp'], String((testCase.sentAt || SENT_AT) / 1000));
    checkFixture(testCase.name, fixture);
  });
}

test('a delivery whose answer was lost, and its retry ten minutes later, match their fixtures', () => {
  const world = loadScript({
    properties: { BACKEND_API_URL: 'http://testserver/api', FORM_WEBHOOK_SECRET: SECRET },
    now: SENT_AT,
  });
  const form = world.FormApp.openById(world.script.createProfessionalAvailabilityForm().formId);
  // The backend stored it but the answer never came back (a timeout), so the script keeps it queued.
  world.UrlFetchApp.willRespond(new Error('Timeout: http://testserver/api/forms/professional-availability/'));
  world.script.onFormSubmit({
    source: form,
    response: form.respond(DANA_PROFESSIONAL, { id: '2_APPSCRIPT_dana_whitfield_2', timestamp: SUBMITTED_AT }),
  });
  world.clock.now = SENT_AT + 10 * 60 * 1000;
  assert.equal(world.script.retryQueuedDeliveries().sent, 1);
  const [first, retry] = world.UrlFetchApp.requests.map((r, i) =>
    fixtureOf(r, i === 0 ? 'First attempt; its answer was lost.' : 'The retry of the same delivery, signed afresh.')
  );
  assert.equal(retry.body, first.body);
  assert.equal(Number(retry.headers['X-Mentormatch-Timestamp']) - Number(first.headers['X-Mentormatch-Timestamp']), 600);
  checkFixture(RETRIED[0], first);
  checkFixture(RETRIED[1], retry);
});

test('the fixture directory holds only the recordings made here', () => {
  const expected = new Set([...CASES.map((c) => `${c.name}.json`), ...RETRIED.map((name) => `${name}.json`)]);
  const stale = fs.existsSync(FIXTURE_DIR) ? fs.readdirSync(FIXTURE_DIR).filter((f) => !expected.has(f)) : [];
  if (UPDATE) {
    for (const file of stale) {
      fs.unlinkSync(path.join(FIXTURE_DIR, file));
      console.log(`removed ${path.relative(REPO_ROOT, path.join(FIXTURE_DIR, file))}`);
    }
    return;
  }
  assert.deepEqual(
    stale,
    [],
    `${path.relative(REPO_ROOT, FIXTURE_DIR)} holds files no test records: ${stale.join(', ')}. ` +
      `${REFRESH_COMMAND} removes them (or record them in appscript/tests/fixtures.test.js).`
  );
});
