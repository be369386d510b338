/**
 * The original guide's entry points, kept by name: setupWebhook, onFormSubmit, testWebhook.
 */

/** The form type of a submitted form: by the ids saved in Script Properties, else by its questions. */
function mmFormTypeOf_(form, response) {
  if (form) {
    var id = form.getId();
    if (id && id === mmProperty_(MM_FORM_ID_PROPERTY[MM_FORM_TYPES.STUDENT])) return MM_FORM_TYPES.STUDENT;
    if (id && id === mmProperty_(MM_FORM_ID_PROPERTY[MM_FORM_TYPES.PROFESSIONAL])) return MM_FORM_TYPES.PROFESSIONAL;
  }
  var titles = response.getItemResponses().map(function (itemResponse) {
    return itemResponse.getItem().getTitle();
  });
  var studentOnly = ['Discord Username', 'Target Role', 'Resume Link'];
  var isStudent = titles.some(function (title) {
    return studentOnly.indexOf(title) >= 0;
  });
  return isStudent ? MM_FORM_TYPES.STUDENT : MM_FORM_TYPES.PROFESSIONAL;
}

/**
 * Checks the Script Properties and installs the triggers, once each: a submit trigger for every known form
 * (PROFESSIONAL_FORM_ID, STUDENT_FORM_ID, or the form this script is bound to) and the retry trigger.
 * Safe to run any number of times.
 */
function setupWebhook() {
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    mmWebhookSecret_();
    var report = { forms: {}, retryTrigger: null };
    Object.keys(MM_FORM_ID_PROPERTY).forEach(function (formType) {
      mmWebhookUrl_(formType); // fails early, naming the missing property
      var form = mmExistingForm_(formType);
      if (form) report.forms[formType] = { formId: form.getId(), trigger: mmEnsureSubmitTrigger_(form) };
    });
    if (Object.keys(report.forms).length === 0) {
      // A script bound to a form made with the original guide: adopt that form.
      var active = FormApp.getActiveForm();
      if (!active) {
        throw new Error(
          'No form to watch: run createProfessionalAvailabilityForm / createStudentReviewRequestForm, or set ' +
            'PROFESSIONAL_FORM_ID / STUDENT_FORM_ID in Script Properties.'
        );
      }
      var hasStudentQuestions = mmFindItem_(active, 'Discord Username') !== null;
      var formType = hasStudentQuestions ? MM_FORM_TYPES.STUDENT : MM_FORM_TYPES.PROFESSIONAL;
      mmProperties_().setProperty(MM_FORM_ID_PROPERTY[formType], active.getId());
      report.forms[formType] = { formId: active.getId(), trigger: mmEnsureSubmitTrigger_(active) };
    }
    report.retryTrigger = mmEnsureRetryTrigger_();
    console.log('Webhook set up: ' + JSON.stringify(report));
    return report;
  } finally {
    lock.releaseLock();
  }
}

/**
 * The submit trigger's handler. Skips empty responses; otherwise stores the delivery first, then sends
 * everything queued, oldest first. A failure leaves the delivery queued for retryQueuedDeliveries.
 */
function onFormSubmit(e) {
  if (!e || !e.response) {
    console.warn('onFormSubmit runs from the form submit trigger. To try the connection, run testWebhook.');
    return { skipped: true, reason: 'no response' };
  }
  var form = e.source && typeof e.source.getId === 'function' ? e.source : null;
  var formType = mmFormTypeOf_(form, e.response);
  var payload = mmBuildPayload_(formType, form, e.response);
  if (mmIsEmptyPayload_(payload)) {
    console.log('Skipped the empty response ' + payload.response_id);
    return { skipped: true, reason: 'empty' };
  }
  var record;
  try {
    record = mmEnqueue_(formType, payload);
  } catch (err) {
    // The queue is full or unwritable: send directly, and fail loudly (Google emails the owner) if that
    // fails too. The response stays in the form; resendFormResponses can deliver it later.
    console.error('Could not queue response ' + payload.response_id + ': ' + err);
    var direct = mmSend_(formType, mmJson_(payload), Utilities.getUuid());
    if (direct.status < 200 || direct.status >= 300) {
      throw new Error('Response ' + payload.response_id + ' was neither queued nor delivered (HTTP ' + direct.status + ')');
    }
    return { sent: 1, dead: 0, waiting: 0, queued: null };
  }
  var lock = LockService.getScriptLock();
  if (!lock.tryLock(10000)) {
    console.log('Queued response ' + payload.response_id + '; the retry trigger will send it.');
    return { queued: record.key, sent: 0, dead: 0, waiting: 1 };
  }
  try {
    var summary = mmFlushQueue_(true);
    summary.queued = record.key;
    return summary;
  } finally {
    lock.releaseLock();
  }
}

/**
 * Checks the connection and the secret without creating anything: sends a signed, empty test delivery.
 * The backend refuses an empty submission (400) only after the signature passed, so 400 or 2xx means the
 * URL and the secret are right; 401/403 means FORM_WEBHOOK_SECRET differs from the backend's.
 */
function testWebhook(formType) {
  formType = formType || MM_FORM_TYPES.PROFESSIONAL;
  var payload = {
    form_type: formType,
    response_id: 'connection-test-' + Utilities.getUuid(),
    timestamp: new Date(mmNow_()).toISOString(),
    script_version: MM_SCRIPT_VERSION,
    test: true,
    responses: {},
  };
  var result;
  try {
    result = mmSend_(formType, mmJson_(payload), payload.response_id);
  } catch (err) {
    var error = String(err && err.message ? err.message : err);
    console.error('Test delivery failed: ' + error);
    return { ok: false, status: null, message: error };
  }
  var ok = (result.status >= 200 && result.status < 300) || result.status === 400;
  var message;
  if (ok) {
    message = 'The backend accepted the signature (HTTP ' + result.status + '). Deliveries will go through.';
  } else if (result.status === 401 || result.status === 403) {
    message = 'The backend refused the signature (HTTP ' + result.status + '): FORM_WEBHOOK_SECRET differs from the backend\'s.';
  } else {
    message = 'Unexpected answer HTTP ' + result.status + ': ' + result.text;
  }
  if (ok) console.log(message);
  else console.error(message);
  return { ok: ok, status: result.status, message: message };
}

/**
 * Delivers again every response a form received since a moment (an ISO date, e.g. '2026-12-01'), e.g. after
 * the script was misconfigured or its triggers were removed. Responses the backend already has are
 * acknowledged as duplicates, so running it twice is harmless.
 */
function resendFormResponses(formType, sinceIso) {
  var form = mmExistingForm_(formType);
  if (!form) {
    throw new Error('No ' + formType + ' form: set ' + MM_FORM_ID_PROPERTY[formType] + ' in Script Properties.');
  }
  var since = sinceIso ? new Date(sinceIso) : null;
  var responses = since ? form.getResponses(since) : form.getResponses();
  var queued = 0;
  responses.forEach(function (response) {
    var payload = mmBuildPayload_(formType, form, response);
    if (mmIsEmptyPayload_(payload)) return;
    mmEnqueue_(formType, payload);
    queued += 1;
  });
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    var summary = mmFlushQueue_(true);
    summary.queuedAgain = queued;
    console.log('Resent ' + queued + ' response(s): ' + JSON.stringify(summary));
    return summary;
  } finally {
    lock.releaseLock();
  }
}
