'use strict';
/**
 * Small fakes of the Apps Script services the script uses, and a loader that runs the script's sources in one
 * shared global scope, as Apps Script does. The fakes keep state (properties, triggers, forms) and record every
 * HTTP request, so tests assert on what the script would really send.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const SRC_DIR = path.resolve(__dirname, '..', '..', 'src');
const PROPERTY_VALUE_LIMIT = 9 * 1024; // Apps Script's limit per property value

class FakeProperties {
  constructor(initial) {
    this.values = new Map(Object.entries(initial || {}));
    this.failWrites = false; // simulates the 500 kB quota being full
  }
  getProperty(key) {
    return this.values.has(key) ? this.values.get(key) : null;
  }
  setProperty(key, value) {
    if (this.failWrites) throw new Error('Exception: You have exceeded the property storage quota.');
    const text = String(value);
    if (Buffer.byteLength(text, 'utf8') > PROPERTY_VALUE_LIMIT) {
      throw new Error(`Exception: Argument too large: value (${key})`);
    }
    this.values.set(key, text);
    return this;
  }
  setProperties(properties, deleteAllOthers) {
    if (deleteAllOthers) this.values.clear();
    for (const [key, value] of Object.entries(properties)) this.setProperty(key, value);
    return this;
  }
  getProperties() {
    return Object.fromEntries(this.values);
  }
  getKeys() {
    return [...this.values.keys()];
  }
  deleteProperty(key) {
    this.values.delete(key);
    return this;
  }
}

const ItemType = {
  TEXT: 'TEXT',
  PARAGRAPH_TEXT: 'PARAGRAPH_TEXT',
  CHECKBOX: 'CHECKBOX',
  LIST: 'LIST',
  MULTIPLE_CHOICE: 'MULTIPLE_CHOICE',
  DATE: 'DATE',
  CHECKBOX_GRID: 'CHECKBOX_GRID',
  GRID: 'GRID',
  SECTION_HEADER: 'SECTION_HEADER',
};

let nextEntryId = 1000000001;

class FakeItem {
  constructor(form, type) {
    this.form = form;
    this.type = type;
    this.id = form.items.length + 1;
    this.entryId = nextEntryId++;
    this.title = '';
    this.helpText = '';
    this.required = false;
    this.choices = [];
    this.rows = [];
    this.columns = [];
    this.validation = null;
  }
  getId() {
    return this.id;
  }
  getType() {
    return this.type;
  }
  getTitle() {
    return this.title;
  }
  setTitle(title) {
    this.title = title;
    return this;
  }
  setHelpText(text) {
    this.helpText = text;
    return this;
  }
  getHelpText() {
    return this.helpText;
  }
  setRequired(required) {
    this.required = required;
    return this;
  }
  isRequired() {
    return this.required;
  }
  setChoiceValues(values) {
    this.choices = [...values];
    return this;
  }
  getChoices() {
    return this.choices.map((value) => ({ getValue: () => value }));
  }
  setRows(rows) {
    this.rows = [...rows];
    return this;
  }
  getRows() {
    return [...this.rows];
  }
  setColumns(columns) {
    this.columns = [...columns];
    return this;
  }
  getColumns() {
    return [...this.columns];
  }
  setValidation(validation) {
    this.validation = validation;
    return this;
  }
  createResponse(value) {
    return new FakeItemResponse(this, value);
  }
  asTextItem() {
    return this;
  }
  asParagraphTextItem() {
    return this;
  }
  asCheckboxItem() {
    return this;
  }
  asListItem() {
    return this;
  }
  asDateItem() {
    return this;
  }
  asCheckboxGridItem() {
    if (this.type !== ItemType.CHECKBOX_GRID) throw new Error('Item is not a checkbox grid');
    return this;
  }
  asGridItem() {
    if (this.type !== ItemType.GRID) throw new Error('Item is not a grid');
    return this;
  }
}

class FakeItemResponse {
  constructor(item, value) {
    this.item = item;
    this.value = value;
  }
  getItem() {
    return this.item;
  }
  getResponse() {
    return this.value;
  }
}

class FakeFormResponse {
  constructor({ id, timestamp, itemResponses, respondentEmail }) {
    this.id = id;
    this.timestamp = timestamp;
    this.itemResponses = itemResponses;
    this.respondentEmail = respondentEmail;
  }
  getId() {
    return this.id;
  }
  getTimestamp() {
    return this.timestamp;
  }
  getItemResponses() {
    return this.itemResponses;
  }
  getRespondentEmail() {
    if (this.respondentEmail == null) return '';
    return this.respondentEmail;
  }
}

class FakeResponseBuilder {
  constructor(form) {
    this.form = form;
    this.itemResponses = [];
  }
  withItemResponse(itemResponse) {
    this.itemResponses.push(itemResponse);
    return this;
  }
  toPrefilledUrl() {
    const query = this.itemResponses
      .map((r) => `entry.${r.item.entryId}=${encodeURIComponent(String(r.value))}`)
      .join('&');
    return `${this.form.getPublishedUrl()}?usp=pp_url&${query}`;
  }
}

class FakeForm {
  constructor(id, title) {
    this.id = id;
    this.title = title;
    this.description = '';
    this.items = [];
    this.responses = [];
  }
  getResponses(since) {
    return this.responses.filter((r) => !since || r.getTimestamp() >= since);
  }
  getId() {
    return this.id;
  }
  getTitle() {
    return this.title;
  }
  setDescription(text) {
    this.description = text;
    return this;
  }
  getItems() {
    return [...this.items];
  }
  getPublishedUrl() {
    return `https://docs.google.com/forms/d/e/${this.id}-published/viewform`;
  }
  getEditUrl() {
    return `https://docs.google.com/forms/d/${this.id}/edit`;
  }
  createResponse() {
    return new FakeResponseBuilder(this);
  }
  add_(type) {
    const item = new FakeItem(this, type);
    this.items.push(item);
    return item;
  }
  addTextItem() {
    return this.add_(ItemType.TEXT);
  }
  addParagraphTextItem() {
    return this.add_(ItemType.PARAGRAPH_TEXT);
  }
  addCheckboxItem() {
    return this.add_(ItemType.CHECKBOX);
  }
  addListItem() {
    return this.add_(ItemType.LIST);
  }
  addMultipleChoiceItem() {
    return this.add_(ItemType.MULTIPLE_CHOICE);
  }
  addDateItem() {
    return this.add_(ItemType.DATE);
  }
  addCheckboxGridItem() {
    return this.add_(ItemType.CHECKBOX_GRID);
  }
  addGridItem() {
    return this.add_(ItemType.GRID);
  }
  addSectionHeaderItem() {
    return this.add_(ItemType.SECTION_HEADER);
  }
  item(title) {
    const found = this.items.find((i) => i.title === title);
    if (!found) throw new Error(`No question titled ${title}`);
    return found;
  }
  /** Builds a submitted response from {title: answer}, as Google Forms would hand it to the trigger. */
  respond(answers, { id = 'resp-1', timestamp = new Date('2026-12-01T15:00:00Z'), respondentEmail = '' } = {}) {
    const itemResponses = Object.entries(answers).map(([title, value]) => this.item(title).createResponse(value));
    const response = new FakeFormResponse({ id, timestamp, itemResponses, respondentEmail });
    this.responses.push(response);
    return response;
  }
}

class FakeTextValidationBuilder {
  constructor() {
    this.rules = [];
  }
  requireTextIsEmail() {
    this.rules.push('email');
    return this;
  }
  requireTextIsUrl() {
    this.rules.push('url');
    return this;
  }
  requireWholeNumber() {
    this.rules.push('whole_number');
    return this;
  }
  requireTextMatchesPattern(pattern) {
    new RegExp(pattern); // Google refuses an invalid pattern when the form is built
    this.rules.push(`pattern:${pattern}`);
    return this;
  }
  setHelpText(text) {
    this.helpText = text;
    return this;
  }
  build() {
    return { rules: [...this.rules] };
  }
}

class FakeFormApp {
  constructor() {
    this.forms = new Map();
    this.activeForm = null;
    this.ItemType = ItemType;
    this.created = 0;
  }
  create(title) {
    this.created += 1;
    const form = new FakeForm(`form-${this.created}`, title);
    this.forms.set(form.id, form);
    return form;
  }
  openById(id) {
    const form = this.forms.get(id);
    if (!form) throw new Error(`No item with the given ID could be found: ${id}`);
    return form;
  }
  getActiveForm() {
    return this.activeForm;
  }
  createTextValidation() {
    return new FakeTextValidationBuilder();
  }
}

const EventType = { ON_FORM_SUBMIT: 'ON_FORM_SUBMIT', CLOCK: 'CLOCK' };

class FakeTrigger {
  constructor(id, handler, eventType, sourceId, options) {
    this.id = id;
    this.handler = handler;
    this.eventType = eventType;
    this.sourceId = sourceId;
    this.options = options;
  }
  getUniqueId() {
    return this.id;
  }
  getHandlerFunction() {
    return this.handler;
  }
  getEventType() {
    return this.eventType;
  }
  getTriggerSourceId() {
    return this.sourceId;
  }
}

class FakeScriptApp {
  constructor() {
    this.triggers = [];
    this.EventType = EventType;
    this.nextId = 1;
  }
  getProjectTriggers() {
    return [...this.triggers];
  }
  deleteTrigger(trigger) {
    this.triggers = this.triggers.filter((t) => t.id !== trigger.getUniqueId());
  }
  newTrigger(handler) {
    const app = this;
    const spec = { handler, eventType: null, sourceId: null, options: {} };
    const builder = {
      forForm(form) {
        spec.sourceId = typeof form === 'string' ? form : form.getId();
        return builder;
      },
      onFormSubmit() {
        spec.eventType = EventType.ON_FORM_SUBMIT;
        return builder;
      },
      timeBased() {
        spec.eventType = EventType.CLOCK;
        return builder;
      },
      everyMinutes(n) {
        if (![1, 5, 10, 15, 30].includes(n)) throw new Error(`everyMinutes accepts 1, 5, 10, 15 or 30, not ${n}`);
        spec.options.everyMinutes = n;
        return builder;
      },
      create() {
        if (!spec.eventType) throw new Error('Trigger has no event');
        const trigger = new FakeTrigger(`trigger-${app.nextId++}`, spec.handler, spec.eventType, spec.sourceId, spec.options);
        app.triggers.push(trigger);
        return trigger;
      },
    };
    return builder;
  }
}

/** Records requests; each answer comes from a queue of responders ({status, body} or a function, or an Error). */
class FakeUrlFetchApp {
  constructor() {
    this.requests = [];
    this.responders = [];
    this.defaultResponder = { status: 200, body: '{"status":"ok"}' };
  }
  willRespond(...responders) {
    this.responders.push(...responders);
  }
  fetch(url, params) {
    const request = { url, params: JSON.parse(JSON.stringify(params)) };
    this.requests.push(request);
    let responder = this.responders.length ? this.responders.shift() : this.defaultResponder;
    if (typeof responder === 'function') responder = responder(request);
    if (responder instanceof Error) throw responder;
    if (responder.status >= 400 && !params.muteHttpExceptions) {
      throw new Error(`Request failed for ${url} returned code ${responder.status}`);
    }
    return {
      getResponseCode: () => responder.status,
      getContentText: () => responder.body || '',
    };
  }
}

class FakeUtilities {
  constructor() {
    this.Charset = { UTF_8: 'UTF_8', US_ASCII: 'US_ASCII' };
    this.uuids = 0;
  }
  /** Like Apps Script: signed bytes (-128..127). */
  computeHmacSha256Signature(value, key, charset) {
    if (charset !== this.Charset.UTF_8) throw new Error('tests expect UTF-8');
    const digest = crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(value, 'utf8')).digest();
    return [...digest].map((b) => (b > 127 ? b - 256 : b));
  }
  getUuid() {
    this.uuids += 1;
    return `00000000-0000-4000-8000-${String(this.uuids).padStart(12, '0')}`;
  }
}

class FakeLock {
  constructor(service) {
    this.service = service;
    this.held = false;
  }
  tryLock() {
    if (this.service.heldElsewhere) return false;
    this.held = true;
    return true;
  }
  waitLock() {
    if (!this.tryLock()) throw new Error('Lock timeout: another process was holding the lock for too long.');
  }
  hasLock() {
    return this.held;
  }
  releaseLock() {
    this.held = false;
  }
}

class FakeLockService {
  constructor() {
    this.heldElsewhere = false;
    this.locks = [];
  }
  getScriptLock() {
    const lock = new FakeLock(this);
    this.locks.push(lock);
    return lock;
  }
}

class FakeConsole {
  constructor() {
    this.lines = [];
  }
  log(...args) {
    this.lines.push(['log', args.join(' ')]);
  }
  info(...args) {
    this.lines.push(['info', args.join(' ')]);
  }
  warn(...args) {
    this.lines.push(['warn', args.join(' ')]);
  }
  error(...args) {
    this.lines.push(['error', args.join(' ')]);
  }
  text() {
    return this.lines.map(([level, line]) => `${level}: ${line}`).join('\n');
  }
}

/**
 * A fresh Apps Script world with the script's sources loaded in one global scope.
 * `clock.now` is the time the script reads through mmNow_ (milliseconds).
 */
function loadScript({ properties = {}, now = Date.UTC(2026, 11, 1, 15, 0, 5) } = {}) {
  const fakes = {
    FormApp: new FakeFormApp(),
    ScriptApp: new FakeScriptApp(),
    UrlFetchApp: new FakeUrlFetchApp(),
    Utilities: new FakeUtilities(),
    LockService: new FakeLockService(),
    console: new FakeConsole(),
  };
  const props = new FakeProperties(properties);
  fakes.PropertiesService = { getScriptProperties: () => props };
  const context = vm.createContext({ ...fakes });
  for (const file of fs.readdirSync(SRC_DIR).filter((f) => f.endsWith('.js')).sort()) {
    vm.runInContext(fs.readFileSync(path.join(SRC_DIR, file), 'utf8'), context, { filename: file });
  }
  const clock = { now };
  context.mmNow_ = () => clock.now;
  return { script: context, props, clock, ...fakes };
}

/** HMAC-SHA256 as the backend computes it, independently of the script. */
function expectedSignature(secret, timestamp, body) {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

module.exports = { loadScript, expectedSignature, FakeProperties };
