'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScript, expectedSignature } = require('./support/fakes');
const { DANA_PROFESSIONAL, DANA_PROFESSIONAL_EDITED, JORDAN_STUDENT, JOSE_PROFESSIONAL } = require('./support/answers');

const SECRET = 'a-secret-only-the-backend-knows';
const CONFIGURED = { BACKEND_API_URL: 'https://mentormatch.example.com/api', FORM_WEBHOOK_SECRET: SECRET };

function professionalWorld(properties = CONFIGURED) {
  const world = loadScript({ properties });
  const form = world.FormApp.openById(world.script.createProfessionalAvailabilityForm().formId);
  return { ...world, form };
}

function studentWorld() {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.openById(world.script.createStudentReviewRequestForm().formId);
  return { ...world, form };
}

function submit(world, answers, options) {
  return world.script.onFormSubmit({ source: world.form, response: world.form.respond(answers, options) });
}

function queuedKeys(world) {
  return world.props.getKeys().filter((k) => k.startsWith('mentormatch.queue.') && !k.includes('#'));
}

function deadKeys(world) {
  return world.props.getKeys().filter((k) => k.startsWith('mentormatch.dead.') && !k.includes('#'));
}

test('a submission is posted to the endpoint of its form', () => {
  const world = professionalWorld();
  submit(world, DANA_PROFESSIONAL);
  assert.equal(world.UrlFetchApp.requests.length, 1);
  const { url, params } = world.UrlFetchApp.requests[0];
  assert.equal(url, 'https://mentormatch.example.com/api/forms/professional-availability/');
  assert.equal(params.method, 'post');
  assert.equal(params.contentType, 'application/json');
  assert.equal(params.muteHttpExceptions, true);
});

test('a student submission goes to the review request endpoint', () => {
  const world = studentWorld();
  submit(world, JORDAN_STUDENT);
  assert.equal(world.UrlFetchApp.requests[0].url, 'https://mentormatch.example.com/api/forms/review-request/');
});

test('a per-form URL property overrides the API root', () => {
  const world = professionalWorld({ ...CONFIGURED, PROFESSIONAL_WEBHOOK_URL: 'https://other.example.com/hook/' });
  submit(world, DANA_PROFESSIONAL);
  assert.equal(world.UrlFetchApp.requests[0].url, 'https://other.example.com/hook/');
});

test('the signature is HMAC-SHA256 of timestamp dot body with the secret', () => {
  const world = professionalWorld();
  world.clock.now = Date.UTC(2026, 11, 1, 15, 0, 7, 900);
  submit(world, DANA_PROFESSIONAL);
  const { params } = world.UrlFetchApp.requests[0];
  const timestamp = params.headers['X-Mentormatch-Timestamp'];
  assert.equal(timestamp, String(Date.UTC(2026, 11, 1, 15, 0, 7) / 1000));
  assert.equal(params.headers['X-Mentormatch-Signature'], expectedSignature(SECRET, timestamp, params.payload));
});

test('the secret itself is never sent', () => {
  const world = professionalWorld();
  submit(world, DANA_PROFESSIONAL);
  const { params } = world.UrlFetchApp.requests[0];
  assert.equal(JSON.stringify(params).includes(SECRET), false);
  assert.equal('X-Form-Secret' in params.headers, false);
});

test('non-ASCII answers are escaped so the signed text is the bytes sent', () => {
  const world = professionalWorld();
  submit(world, JOSE_PROFESSIONAL);
  const { params } = world.UrlFetchApp.requests[0];
  assert.match(params.payload, /^[\x00-\x7f]*$/);
  assert.equal(JSON.parse(params.payload).responses['Full Name'], 'José Núñez');
  const timestamp = params.headers['X-Mentormatch-Timestamp'];
  assert.equal(params.headers['X-Mentormatch-Signature'], expectedSignature(SECRET, timestamp, params.payload));
});

test('the body keeps the original guide shape', () => {
  const world = professionalWorld();
  submit(world, DANA_PROFESSIONAL, { id: '2_ABC', timestamp: new Date('2026-11-30T16:42:05.118Z') });
  const body = JSON.parse(world.UrlFetchApp.requests[0].params.payload);
  assert.equal(body.form_type, 'professional_availability');
  assert.equal(body.response_id, '2_ABC');
  assert.equal(body.timestamp, '2026-11-30T16:42:05.118Z');
  assert.equal(body.respondent_email, 'dana.whitfield@example.org');
  assert.deepEqual(body.responses, DANA_PROFESSIONAL);
  assert.equal(body.parsed_data.max_reviews_per_week, '3');
  assert.deepEqual(body.parsed_data.preferred_days, ['Monday', 'Wednesday', 'Thursday']);
});

test('an edited response is sent again with its id, its new timestamp and its new answers', () => {
  const world = professionalWorld();
  submit(world, DANA_PROFESSIONAL, { id: '2_ABC', timestamp: new Date('2026-12-01T15:00:00.250Z') });
  world.clock.now += 20 * 60 * 1000;
  // Google Forms hands the trigger the same response, edited: same id, the time of the edit.
  submit(world, DANA_PROFESSIONAL_EDITED, { id: '2_ABC', timestamp: new Date('2026-12-01T15:20:00.750Z') });
  const [first, edited] = world.UrlFetchApp.requests.map((r) => ({ ...r, body: JSON.parse(r.params.payload) }));
  assert.equal(edited.body.response_id, first.body.response_id);
  assert.equal(first.body.timestamp, '2026-12-01T15:00:00.250Z');
  assert.equal(edited.body.timestamp, '2026-12-01T15:20:00.750Z');
  assert.equal(edited.body.responses['Specific Available Times'], 'Tuesday 10 AM-12 PM, Thursday 3-5 PM');
  assert.notEqual(edited.params.headers['X-Mentormatch-Delivery'], first.params.headers['X-Mentormatch-Delivery']);
});

test('grid answers are kept per row', () => {
  const world = studentWorld();
  submit(world, JORDAN_STUDENT);
  const body = JSON.parse(world.UrlFetchApp.requests[0].params.payload);
  assert.deepEqual(body.responses['Weekly Availability Grid'], {
    Monday: ['Afternoon (12 PM - 5 PM)'],
    Tuesday: [],
    Wednesday: ['Afternoon (12 PM - 5 PM)', 'Evening (5 PM - 9 PM)'],
    Thursday: [],
    Friday: ['Morning (8 AM - 12 PM)'],
    Saturday: [],
    Sunday: [],
  });
  assert.equal(body.form_type, 'resume_review_request');
  assert.equal(body.student_email, 'jordan.reyes@example.edu');
  assert.equal(body.responses['Discord ID'], '100000000000000042');
});

test('an empty response is skipped: nothing sent, nothing queued', () => {
  const world = studentWorld();
  const result = submit(world, { 'Full Name': '   ', 'Weekly Availability Grid': [null, null, null, null, null, null, null] });
  assert.equal(result.skipped, true);
  assert.equal(world.UrlFetchApp.requests.length, 0);
  assert.deepEqual(queuedKeys(world), []);
});

test('a delivery that fails is queued and sent by the retry trigger', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 503, body: 'down' });
  submit(world, DANA_PROFESSIONAL);
  assert.equal(queuedKeys(world).length, 1);

  world.clock.now += 10 * 60 * 1000;
  const summary = world.script.retryQueuedDeliveries();
  assert.equal(summary.sent, 1);
  assert.deepEqual(queuedKeys(world), []);
  const [first, second] = world.UrlFetchApp.requests;
  assert.equal(second.params.payload, first.params.payload);
  assert.notEqual(second.params.headers['X-Mentormatch-Timestamp'], first.params.headers['X-Mentormatch-Timestamp']);
  assert.equal(second.params.headers['X-Mentormatch-Delivery'], first.params.headers['X-Mentormatch-Delivery']);
});

test('a network error is queued too', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond(new Error('Address unavailable: https://mentormatch.example.com'));
  const summary = submit(world, DANA_PROFESSIONAL);
  assert.equal(summary.sent, 0);
  assert.equal(queuedKeys(world).length, 1);
});

test('a submission made while the settings are missing waits in the queue until they are set', () => {
  const world = professionalWorld({ FORM_WEBHOOK_SECRET: SECRET });
  submit(world, DANA_PROFESSIONAL);
  assert.equal(world.UrlFetchApp.requests.length, 0);
  assert.equal(queuedKeys(world).length, 1);
  world.props.setProperty('BACKEND_API_URL', 'https://mentormatch.example.com/api');
  world.clock.now += 60 * 60 * 1000;
  assert.equal(world.script.retryQueuedDeliveries().sent, 1);
  assert.equal(world.UrlFetchApp.requests.length, 1);
});

test('the retry trigger waits for the backoff before trying again', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 502 });
  submit(world, DANA_PROFESSIONAL);
  world.clock.now += 60 * 1000;
  assert.equal(world.script.retryQueuedDeliveries().sent, 0);
  assert.equal(world.UrlFetchApp.requests.length, 1);
});

test('queued deliveries go out oldest first, and a new one never overtakes them', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 500 });
  submit(world, DANA_PROFESSIONAL, { id: 'first' });
  world.clock.now += 1000;
  submit(world, { ...DANA_PROFESSIONAL, 'Specific Available Times': 'Friday 9-11 AM' }, { id: 'second' });
  const ids = world.UrlFetchApp.requests.map((r) => JSON.parse(r.params.payload).response_id);
  assert.deepEqual(ids, ['first', 'first', 'second']);
  assert.deepEqual(queuedKeys(world), []);
});

test('a delivery the backend refuses for good moves to the dead letters and can be resent', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 413, body: 'too large' });
  submit(world, DANA_PROFESSIONAL);
  assert.deepEqual(queuedKeys(world), []);
  assert.equal(deadKeys(world).length, 1);
  assert.equal(world.script.retryDeadDeliveries().sent, 1);
  assert.deepEqual(deadKeys(world), []);
});

test('a wrong secret is retried, not dropped, so fixing the property delivers it', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 401 });
  submit(world, DANA_PROFESSIONAL);
  assert.equal(queuedKeys(world).length, 1);
  assert.deepEqual(deadKeys(world), []);
});

test('a delivery too long for one property is stored in parts and sent whole', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 503 });
  const longNotes = 'Available most weeks; '.repeat(1200);
  submit(world, { ...DANA_PROFESSIONAL, 'Special Notes or Requirements': longNotes });
  assert.ok(world.props.getKeys().some((k) => k.includes('#')));
  world.clock.now += 10 * 60 * 1000;
  world.script.retryQueuedDeliveries();
  const body = JSON.parse(world.UrlFetchApp.requests[1].params.payload);
  assert.equal(body.responses['Special Notes or Requirements'], longNotes.trim());
  assert.deepEqual(world.props.getKeys().filter((k) => k.startsWith('mentormatch.')), []);
});

test('while another run holds the lock the submission stays queued for the trigger', () => {
  const world = professionalWorld();
  world.LockService.heldElsewhere = true;
  submit(world, DANA_PROFESSIONAL);
  assert.equal(world.UrlFetchApp.requests.length, 0);
  assert.equal(queuedKeys(world).length, 1);
  world.LockService.heldElsewhere = false;
  assert.equal(world.script.retryQueuedDeliveries().sent, 1);
});

test('testWebhook sends a signed empty delivery and reads a 400 as a working connection', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 400, body: '{"error":{"code":"empty"}}' });
  const result = world.script.testWebhook();
  assert.equal(result.ok, true);
  const { params } = world.UrlFetchApp.requests[0];
  assert.deepEqual(JSON.parse(params.payload).responses, {});
  assert.equal(
    params.headers['X-Mentormatch-Signature'],
    expectedSignature(SECRET, params.headers['X-Mentormatch-Timestamp'], params.payload)
  );
});

test('testWebhook reports a secret the backend refuses', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 401 });
  const result = world.script.testWebhook();
  assert.equal(result.ok, false);
  assert.match(result.message, /FORM_WEBHOOK_SECRET/);
  assert.deepEqual(queuedKeys(world), []);
});

test('a long record rewritten after a failed retry leaves no stray parts', () => {
  const world = professionalWorld();
  world.UrlFetchApp.willRespond({ status: 503 }, { status: 503 });
  submit(world, { ...DANA_PROFESSIONAL, 'Special Notes or Requirements': 'Weekends only; '.repeat(1500) });
  world.clock.now += 60 * 60 * 1000;
  world.script.retryQueuedDeliveries();
  const [head] = queuedKeys(world);
  const count = Number(world.props.getProperty(head).split(':').pop());
  const parts = world.props.getKeys().filter((k) => k.startsWith(head + '#'));
  assert.equal(parts.length, count);
  assert.equal(JSON.parse(world.script.mmJson_(world.script.mmLoad_(head))).attempts, 2);
});

test('when the queue cannot be written the submission is sent directly', () => {
  const world = professionalWorld();
  world.props.failWrites = true;
  const result = submit(world, DANA_PROFESSIONAL);
  assert.equal(result.sent, 1);
  assert.equal(world.UrlFetchApp.requests.length, 1);
});

test('when the queue cannot be written and the backend is down the trigger fails loudly', () => {
  const world = professionalWorld();
  world.props.failWrites = true;
  world.UrlFetchApp.willRespond({ status: 503 });
  assert.throws(() => submit(world, DANA_PROFESSIONAL), /neither queued nor delivered/);
});

test('resendFormResponses delivers again every response since a date, skipping empty ones', () => {
  const world = professionalWorld();
  world.form.respond(DANA_PROFESSIONAL, { id: 'old', timestamp: new Date('2026-11-20T10:00:00Z') });
  world.form.respond(DANA_PROFESSIONAL, { id: 'a', timestamp: new Date('2026-12-01T10:00:00Z') });
  world.form.respond({ 'Full Name': '' }, { id: 'empty', timestamp: new Date('2026-12-01T11:00:00Z') });
  world.form.respond(JOSE_PROFESSIONAL, { id: 'b', timestamp: new Date('2026-12-02T10:00:00Z') });
  const summary = world.script.resendFormResponses('professional_availability', '2026-11-30');
  assert.equal(summary.queuedAgain, 2);
  const ids = world.UrlFetchApp.requests.map((r) => JSON.parse(r.params.payload).response_id);
  assert.deepEqual(ids, ['a', 'b']);
});

test('the professional payload has every field of the original guide seed payload', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const seedPath = path.resolve(__dirname, '..', '..', 'tests', 'intake', 'fixtures', 'seed_professional_availability.json');
  const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8'));
  const world = professionalWorld();
  submit(world, seed.responses, { id: seed.response_id, timestamp: new Date(seed.timestamp) });
  const body = JSON.parse(world.UrlFetchApp.requests[0].params.payload);
  for (const key of Object.keys(seed)) assert.ok(key in body, `missing ${key}`);
  assert.deepEqual(body.responses, seed.responses);
  assert.deepEqual(body.parsed_data, seed.parsed_data);
  assert.equal(body.timestamp, seed.timestamp);
});

test('the student payload has every field of the seed review request, with the answers as sent', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const seedPath = path.resolve(__dirname, '..', '..', 'tests', 'intake', 'fixtures', 'seed_review_request.json');
  const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8'));
  const world = studentWorld();
  const answers = { ...seed.responses, 'Email Address': seed.student_email };
  submit(world, answers, { id: seed.response_id, timestamp: new Date(seed.timestamp) });
  const body = JSON.parse(world.UrlFetchApp.requests[0].params.payload);
  for (const key of Object.keys(seed)) assert.ok(key in body, `missing ${key}`);
  assert.equal(body.student_email, seed.student_email);
  for (const [title, answer] of Object.entries(seed.responses)) assert.deepEqual(body.responses[title], answer);
});

test('a form the script did not create is recognised by its questions', () => {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.create('Resume review (made by hand)');
  for (const title of ['Full Name', 'Discord Username', 'Target Role', 'Availability']) form.addTextItem().setTitle(title);
  const answers = { 'Full Name': 'Jane Doe', 'Discord Username': 'janedoe', 'Target Role': 'Analyst', Availability: 'Mon 2-4pm' };
  world.script.onFormSubmit({ source: form, response: form.respond(answers) });
  assert.equal(world.UrlFetchApp.requests[0].url, 'https://mentormatch.example.com/api/forms/review-request/');
  assert.equal(JSON.parse(world.UrlFetchApp.requests[0].params.payload).form_type, 'resume_review_request');
});

test('testWebhook names the missing Script Property', () => {
  const world = loadScript({ properties: { BACKEND_API_URL: 'https://mentormatch.example.com/api' } });
  const result = world.script.testWebhook();
  assert.equal(result.ok, false);
  assert.match(result.message, /FORM_WEBHOOK_SECRET/);
  assert.equal(world.UrlFetchApp.requests.length, 0);
});
