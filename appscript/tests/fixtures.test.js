'use strict';
/**
 * Records what the script sends for a few submissions and writes them to tests/intake/fixtures/appscript/.
 * The Python contract tests post exactly these requests to the live webhook endpoints, so a change in the
 * script's payload or signature breaks the backend's tests, and a backend that stops accepting them fails too.
 * The clock and ids are fixed: running this again rewrites identical files unless the script changed.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadScript, expectedSignature } = require('./support/fakes');
const { DANA_PROFESSIONAL, JORDAN_STUDENT, JANE_STUDENT_UNCLEAR, JOSE_PROFESSIONAL } = require('./support/answers');

const FIXTURE_DIR = path.resolve(__dirname, '..', '..', 'tests', 'intake', 'fixtures', 'appscript');
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
    now: SENT_AT,
  });
  const form = world.FormApp.openById(world.script[testCase.create]().formId);
  world.script.onFormSubmit({
    source: form,
    response: form.respond(testCase.answers, { id: testCase.responseId, timestamp: SUBMITTED_AT }),
  });
  assert.equal(world.UrlFetchApp.requests.length, 1);
  return fixtureOf(world.UrlFetchApp.requests[0], testCase.description);
}

for (const testCase of CASES) {
  test(`the ${testCase.name} delivery is recorded as a fixture for the backend`, () => {
    const fixture = record(testCase);
    assert.equal(
      fixture.headers['X-Mentormatch-Signature'],
      expectedSignature(SECRET, fixture.headers['X-Mentormatch-Timestamp'], fixture.body)
    );
    assert.equal(fixture.headers['X-Mentormatch-Timestamp'], String(SENT_AT / 1000));
    fs.mkdirSync(FIXTURE_DIR, { recursive: true });
    fs.writeFileSync(path.join(FIXTURE_DIR, `${testCase.name}.json`), JSON.stringify(fixture, null, 2) + '\n');
  });
}

test('a delivery whose answer was lost is recorded with its retry ten minutes later', () => {
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
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  fs.writeFileSync(path.join(FIXTURE_DIR, 'retried_first_attempt.json'), JSON.stringify(first, null, 2) + '\n');
  fs.writeFileSync(path.join(FIXTURE_DIR, 'retried_second_attempt.json'), JSON.stringify(retry, null, 2) + '\n');
});
