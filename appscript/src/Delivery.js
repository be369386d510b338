/**
 * Signed deliveries to the backend, with a persistent queue so no submission is lost.
 *
 * Every submission is written to the queue (Script Properties) BEFORE it is sent, and removed only when the
 * backend answered 2xx. Whatever fails stays there and is retried, oldest first, by the time-driven trigger
 * `retryQueuedDeliveries`; a delivery the backend refuses for good (e.g. 400, 413) or that failed
 * MM_MAX_ATTEMPTS times moves to the dead letters, kept for an admin (`retryDeadDeliveries`).
 *
 * Signature (the contract with the backend's mentormatch/intake/signing.py):
 *   X-Mentormatch-Timestamp: <Unix seconds>
 *   X-Mentormatch-Signature: sha256=<hex of HMAC-SHA256(key=FORM_WEBHOOK_SECRET, msg="<timestamp>.<raw body>")>
 * Each attempt is signed afresh (the backend accepts a timestamp for 5 minutes); the body never changes.
 */

var MM_QUEUE_PREFIX = 'mentormatch.queue.';
var MM_DEAD_PREFIX = 'mentormatch.dead.';
/** Script Properties hold at most 9 kB per value: longer records are split into numbered parts. */
var MM_CHUNK_CHARS = 8000;
var MM_CHUNK_MARK = '@chunks:';
/** Statuses that retrying cannot fix: the delivery goes to the dead letters at once. */
var MM_PERMANENT_STATUSES = [400, 405, 410, 411, 413, 415, 422];
/** Stop flushing after this long, well inside Apps Script's 6-minute limit. */
var MM_FLUSH_BUDGET_MS = 4 * 60 * 1000;

/** Lower-case hex of a signed byte array, as Utilities.compute* return them. */
function mmHex_(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i++) {
    var b = bytes[i] < 0 ? bytes[i] + 256 : bytes[i];
    out += (b < 16 ? '0' : '') + b.toString(16);
  }
  return out;
}

/** The two signature headers for a body, a secret and a timestamp (Unix seconds, as a string). */
function mmSignatureHeaders_(body, secret, timestamp) {
  var mac = Utilities.computeHmacSha256Signature(timestamp + '.' + body, secret, Utilities.Charset.UTF_8);
  return {
    'X-Mentormatch-Timestamp': timestamp,
    'X-Mentormatch-Signature': 'sha256=' + mmHex_(mac),
  };
}

function mmPad_(n, width) {
  var s = String(n);
  while (s.length < width) s = '0' + s;
  return s;
}

/** The part keys a stored head points at ('@chunks:<generation>:<count>'), or [] for a one-piece record. */
function mmPartKeys_(key, head) {
  if (head == null || head.indexOf(MM_CHUNK_MARK) !== 0) return [];
  var spec = head.slice(MM_CHUNK_MARK.length).split(':');
  var generation = spec[0];
  var count = parseInt(spec[1], 10);
  var keys = [];
  for (var i = 0; i < count; i++) keys.push(key + '#' + generation + '.' + i);
  return keys;
}

/**
 * Writes a record under a key, split into parts when it is too long for one property. New parts are written
 * under a new generation before the head moves to them, and old parts are removed last, so a failure at any
 * point leaves the previous version readable.
 */
function mmStore_(key, record) {
  var props = mmProperties_();
  var oldHead = props.getProperty(key);
  var oldParts = mmPartKeys_(key, oldHead);
  var text = mmJson_(record);
  if (text.length <= MM_CHUNK_CHARS) {
    props.setProperty(key, text);
  } else {
    // A generation never used by the current parts, so writing the new ones cannot overwrite them.
    var generation = oldParts.length ? String(parseInt(oldHead.slice(MM_CHUNK_MARK.length), 10) + 1) : '1';
    var parts = {};
    var count = Math.ceil(text.length / MM_CHUNK_CHARS);
    for (var i = 0; i < count; i++) {
      parts[key + '#' + generation + '.' + i] = text.slice(i * MM_CHUNK_CHARS, (i + 1) * MM_CHUNK_CHARS);
    }
    props.setProperties(parts, false);
    props.setProperty(key, MM_CHUNK_MARK + generation + ':' + count);
  }
  oldParts.forEach(function (part) {
    props.deleteProperty(part);
  });
}

function mmLoad_(key) {
  var props = mmProperties_();
  var head = props.getProperty(key);
  if (head == null) return null;
  var parts = mmPartKeys_(key, head);
  var text = parts.length
    ? parts
        .map(function (part) {
          return props.getProperty(part) || '';
        })
        .join('')
    : head;
  try {
    return JSON.parse(text);
  } catch (err) {
    console.error('Stored delivery ' + key + ' cannot be read (' + err + '); it is left in place for an admin.');
    return null;
  }
}

function mmDeleteStored_(key) {
  var props = mmProperties_();
  var head = props.getProperty(key);
  if (head == null) return;
  props.deleteProperty(key);
  mmPartKeys_(key, head).forEach(function (part) {
    props.deleteProperty(part);
  });
}

/** Moves a stored record to another key: written there first, removed here after. */
function mmMove_(fromKey, toKey, record) {
  record.key = toKey;
  mmStore_(toKey, record);
  mmDeleteStored_(fromKey);
}

/** Stored record keys under a prefix, oldest first (keys start with the zero-padded queue time). */
function mmStoredKeys_(prefix) {
  return mmProperties_()
    .getKeys()
    .filter(function (key) {
      return key.indexOf(prefix) === 0 && key.indexOf('#') < 0;
    })
    .sort();
}

/** Puts a payload in the queue and returns its record. Nothing is sent here. */
function mmEnqueue_(formType, payload) {
  var now = mmNow_();
  var record = {
    id: Utilities.getUuid(),
    formType: formType,
    responseId: payload.response_id || '',
    body: mmJson_(payload),
    attempts: 0,
    queuedAt: now,
    nextAttemptAt: now,
    lastStatus: null,
    lastError: '',
  };
  record.key = MM_QUEUE_PREFIX + mmPad_(now, 15) + '.' + record.id;
  mmStore_(record.key, record);
  return record;
}

/** One signed POST of a stored body. Returns {status, text}; throws on network or configuration errors. */
function mmSend_(formType, body, deliveryId) {
  var url = mmWebhookUrl_(formType);
  var secret = mmWebhookSecret_();
  var timestamp = String(Math.floor(mmNow_() / 1000));
  var headers = mmSignatureHeaders_(body, secret, timestamp);
  headers['X-Mentormatch-Delivery'] = deliveryId;
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    payload: body,
    headers: headers,
    muteHttpExceptions: true,
    followRedirects: false,
  });
  return { status: response.getResponseCode(), text: String(response.getContentText() || '').slice(0, 500) };
}

function mmBackoffMs_(attempts) {
  var minutes = Math.min(5 * Math.pow(2, Math.max(0, attempts - 1)), 360);
  return minutes * 60 * 1000;
}

/**
 * Tries one queued record. Returns 'sent', 'dead' or 'retry' and updates the stored record accordingly.
 */
function mmAttempt_(key, record) {
  var outcome;
  record.attempts += 1;
  try {
    var result = mmSend_(record.formType, record.body, record.id);
    record.lastStatus = result.status;
    if (result.status >= 200 && result.status < 300) {
      outcome = 'sent';
    } else {
      record.lastError = 'HTTP ' + result.status + ': ' + result.text;
      outcome = MM_PERMANENT_STATUSES.indexOf(result.status) >= 0 ? 'dead' : 'retry';
    }
  } catch (err) {
    record.lastStatus = null;
    record.lastError = String(err && err.message ? err.message : err);
    outcome = 'retry';
  }
  if (outcome === 'retry' && record.attempts >= MM_MAX_ATTEMPTS) outcome = 'dead';

  if (outcome === 'sent') {
    mmDeleteStored_(key);
    console.log('Delivered response ' + record.responseId + ' (' + record.formType + ') after ' + record.attempts + ' attempt(s)');
  } else if (outcome === 'dead') {
    mmMove_(key, MM_DEAD_PREFIX + key.slice(MM_QUEUE_PREFIX.length), record);
    console.error('Gave up on response ' + record.responseId + ': ' + record.lastError + ' (kept; run retryDeadDeliveries to resend)');
  } else {
    record.nextAttemptAt = mmNow_() + mmBackoffMs_(record.attempts);
    mmStore_(key, record);
    console.warn('Could not deliver response ' + record.responseId + ' (attempt ' + record.attempts + '): ' + record.lastError + '; queued for a retry');
  }
  return outcome;
}

/**
 * Sends queued deliveries oldest first. Stops at the first one that must wait, so a person's later
 * submission never overtakes an earlier one. With `force`, waiting times are ignored (a new submission just
 * arrived: the backend may be back). The caller holds the script lock.
 */
function mmFlushQueue_(force) {
  var started = mmNow_();
  var summary = { sent: 0, dead: 0, waiting: 0 };
  var keys = mmStoredKeys_(MM_QUEUE_PREFIX);
  for (var i = 0; i < keys.length; i++) {
    var record = mmLoad_(keys[i]);
    if (!record) continue;
    if ((!force && record.nextAttemptAt > mmNow_()) || mmNow_() - started > MM_FLUSH_BUDGET_MS) {
      summary.waiting = keys.length - i;
      break;
    }
    var outcome = mmAttempt_(keys[i], record);
    if (outcome === 'sent') summary.sent += 1;
    else if (outcome === 'dead') summary.dead += 1;
    else {
      summary.waiting = keys.length - i;
      break;
    }
  }
  return summary;
}

/** The time-driven trigger's handler: retries whatever is due in the queue. */
function retryQueuedDeliveries() {
  var lock = LockService.getScriptLock();
  if (!lock.tryLock(5000)) {
    console.log('Another run is delivering; trying again at the next trigger.');
    return { sent: 0, dead: 0, waiting: mmStoredKeys_(MM_QUEUE_PREFIX).length, skipped: true };
  }
  try {
    return mmFlushQueue_(false);
  } finally {
    lock.releaseLock();
  }
}

/** Moves every dead letter back to the queue (after fixing what made it fail) and sends them now. */
function retryDeadDeliveries() {
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    mmStoredKeys_(MM_DEAD_PREFIX).forEach(function (key) {
      var record = mmLoad_(key);
      if (!record) return;
      record.attempts = 0;
      record.nextAttemptAt = mmNow_();
      mmMove_(key, MM_QUEUE_PREFIX + key.slice(MM_DEAD_PREFIX.length), record);
    });
    return mmFlushQueue_(true);
  } finally {
    lock.releaseLock();
  }
}

/** What is waiting or dead, for an admin looking at the log. */
function listQueuedDeliveries() {
  var describe = function (key) {
    var r = mmLoad_(key) || {};
    return { key: key, responseId: r.responseId, formType: r.formType, attempts: r.attempts, lastError: r.lastError };
  };
  var report = { queued: mmStoredKeys_(MM_QUEUE_PREFIX).map(describe), dead: mmStoredKeys_(MM_DEAD_PREFIX).map(describe) };
  console.log(JSON.stringify(report, null, 2));
  return report;
}
