'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScript } = require('./support/fakes');

const CONFIGURED = { BACKEND_API_URL: 'https://mentormatch.example.com/api/', FORM_WEBHOOK_SECRET: 'shh' };

const ORIGINAL_GUIDE_QUESTIONS = [
  'Full Name',
  'Email Address',
  'Professional Title',
  'Company/Organization',
  'Industry Specializations',
  'Availability Start Date',
  'Availability End Date',
  'Preferred Days of the Week',
  'Preferred Time Slots (Select all that work for you)',
  'Your Time Zone',
  'Specific Available Times',
  'Experience Levels You Prefer to Review',
  'Industries You Can Review',
  'Meeting Format Preferences',
  'Special Notes or Requirements',
  'Maximum Reviews Per Week',
  'Confirmation',
];

function questionTitles(form) {
  return form.getItems().filter((i) => i.getType() !== 'SECTION_HEADER').map((i) => i.getTitle());
}

test('the professional form asks every question of the original guide', () => {
  const world = loadScript({ properties: CONFIGURED });
  const { formId } = world.script.createProfessionalAvailabilityForm();
  assert.deepEqual(questionTitles(world.FormApp.openById(formId)), ORIGINAL_GUIDE_QUESTIONS);
});

test('the professional form offers the time zones and slots the backend reads', () => {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.openById(world.script.createProfessionalAvailabilityForm().formId);
  assert.ok(form.item('Your Time Zone').choices.includes('Central Time (CT)'));
  assert.equal(form.item('Preferred Time Slots (Select all that work for you)').choices.length, 12);
  assert.deepEqual(form.item('Email Address').validation.rules, ['email']);
  assert.equal(form.item('Full Name').isRequired(), true);
});

test('the student form asks for the request, a free-text availability and a days by parts-of-day grid', () => {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.openById(world.script.createStudentReviewRequestForm().formId);
  assert.deepEqual(questionTitles(form), [
    'Full Name',
    'Email Address',
    'Discord Username',
    'Discord ID',
    'Target Industry',
    'Target Role',
    'Experience Level',
    'Your Time Zone',
    'Availability',
    'Weekly Availability Grid',
    'Resume Link',
  ]);
  const grid = form.item('Weekly Availability Grid');
  assert.equal(grid.getType(), 'CHECKBOX_GRID');
  assert.deepEqual(grid.getRows(), ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
  assert.deepEqual(grid.getColumns(), ['Morning (8 AM - 12 PM)', 'Afternoon (12 PM - 5 PM)', 'Evening (5 PM - 9 PM)']);
  assert.equal(form.item('Discord ID').isRequired(), false);
});

test('the Discord ID question accepts only a Discord id', () => {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.openById(world.script.createStudentReviewRequestForm().formId);
  const [rule] = form.item('Discord ID').validation.rules;
  const pattern = new RegExp(`^(?:${rule.replace(/^pattern:/, '')})$`);
  assert.ok(pattern.test('100000000000000042'));
  assert.ok(!pattern.test('janedoe'));
});

test('the prefill settings name the entry id of the Discord ID question', () => {
  const world = loadScript({ properties: CONFIGURED });
  const { formId, prefill } = world.script.createStudentReviewRequestForm();
  const form = world.FormApp.openById(formId);
  assert.equal(prefill.STUDENT_FORM_URL, form.getPublishedUrl());
  assert.equal(prefill.STUDENT_FORM_DISCORD_ID_ENTRY, String(form.item('Discord ID').entryId));
  assert.equal(
    prefill.example,
    `${form.getPublishedUrl()}?usp=pp_url&entry.${form.item('Discord ID').entryId}=100000000000000042`
  );
});

test('creating a form twice keeps the first form', () => {
  const world = loadScript({ properties: CONFIGURED });
  const first = world.script.createProfessionalAvailabilityForm();
  const second = world.script.createProfessionalAvailabilityForm();
  assert.equal(second.formId, first.formId);
  assert.equal(second.created, false);
  assert.equal(world.FormApp.created, 1);
});

test('the submit trigger is installed once however often setup runs', () => {
  const world = loadScript({ properties: CONFIGURED });
  const { formId } = world.script.createProfessionalAvailabilityForm();
  world.script.setupWebhook();
  world.script.setupWebhook();
  world.script.createProfessionalAvailabilityForm();
  const submit = world.ScriptApp.getProjectTriggers().filter((t) => t.getEventType() === 'ON_FORM_SUBMIT');
  assert.equal(submit.length, 1);
  assert.equal(submit[0].getTriggerSourceId(), formId);
  assert.equal(submit[0].getHandlerFunction(), 'onFormSubmit');
});

test('the retry trigger is installed once and runs every ten minutes', () => {
  const world = loadScript({ properties: CONFIGURED });
  world.script.createProfessionalAvailabilityForm();
  world.script.createStudentReviewRequestForm();
  world.script.setupWebhook();
  const clock = world.ScriptApp.getProjectTriggers().filter((t) => t.getEventType() === 'CLOCK');
  assert.equal(clock.length, 1);
  assert.equal(clock[0].getHandlerFunction(), 'retryQueuedDeliveries');
  assert.equal(clock[0].options.everyMinutes, 10);
});

test('setup removes duplicate submit triggers left by earlier installs', () => {
  const world = loadScript({ properties: CONFIGURED });
  const form = world.FormApp.create('Professional Availability - made with the original guide');
  form.addTextItem().setTitle('Full Name');
  world.FormApp.activeForm = form;
  // The original guide's setupWebhook, run twice.
  world.ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
  world.ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
  const report = world.script.setupWebhook();
  const submit = world.ScriptApp.getProjectTriggers().filter((t) => t.getEventType() === 'ON_FORM_SUBMIT');
  assert.equal(submit.length, 1);
  assert.equal(report.forms.professional_availability.formId, form.getId());
  assert.equal(world.props.getProperty('PROFESSIONAL_FORM_ID'), form.getId());
});

test('setup names the missing Script Property', () => {
  const world = loadScript({ properties: { FORM_WEBHOOK_SECRET: 'shh' } });
  world.FormApp.activeForm = world.FormApp.create('Some form');
  assert.throws(() => world.script.setupWebhook(), /BACKEND_API_URL/);
  assert.equal(world.ScriptApp.getProjectTriggers().length, 0);
});

test('no URL or secret is written in the sources', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.resolve(__dirname, '..', 'src');
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    assert.doesNotMatch(text, /https?:\/\/(?!docs\.google|mentormatch\.example)/, file);
    assert.doesNotMatch(text, /X-Form-Secret/, file);
  }
});
