/**
 * Configuration read from Script Properties (Project Settings > Script Properties), never from the code.
 *
 *   BACKEND_API_URL           https://mentormatch.example.com/api  (the backend's API root)
 *   FORM_WEBHOOK_SECRET       the same value as the backend's FORM_WEBHOOK_SECRET
 *   PROFESSIONAL_WEBHOOK_URL  optional: full URL overriding BACKEND_API_URL for the professional form
 *   STUDENT_WEBHOOK_URL       optional: full URL overriding BACKEND_API_URL for the student form
 *   PROFESSIONAL_FORM_ID      written by createProfessionalAvailabilityForm (or set by hand for an existing form)
 *   STUDENT_FORM_ID           written by createStudentReviewRequestForm (or set by hand)
 *
 * Apps Script runs every file in one global scope, so these names are shared by the other files.
 */

var MM_FORM_TYPES = {
  PROFESSIONAL: 'professional_availability',
  STUDENT: 'resume_review_request',
};

var MM_ENDPOINTS = {
  professional_availability: { path: '/forms/professional-availability/', urlProperty: 'PROFESSIONAL_WEBHOOK_URL' },
  resume_review_request: { path: '/forms/review-request/', urlProperty: 'STUDENT_WEBHOOK_URL' },
};

var MM_FORM_ID_PROPERTY = {
  professional_availability: 'PROFESSIONAL_FORM_ID',
  resume_review_request: 'STUDENT_FORM_ID',
};

/** Sent with every delivery so the backend can tell this script's payloads from the original guide's. */
var MM_SCRIPT_VERSION = '2';

/** The retry trigger's handler, and how often it runs (Apps Script allows 1, 5, 10, 15 or 30 minutes). */
var MM_RETRY_HANDLER = 'retryQueuedDeliveries';
var MM_RETRY_EVERY_MINUTES = 10;
/** After this many failed attempts a delivery moves to the dead letters (see retryDeadDeliveries). */
var MM_MAX_ATTEMPTS = 25;

function mmProperties_() {
  return PropertiesService.getScriptProperties();
}

/** The trimmed value of a Script Property, or '' when it is not set. */
function mmProperty_(name) {
  var value = mmProperties_().getProperty(name);
  return value == null ? '' : String(value).trim();
}

/**
 * The webhook URL for a form type: its own override property, else BACKEND_API_URL plus the endpoint path.
 * Throws with the name of the missing property so the log says what to set.
 */
function mmWebhookUrl_(formType) {
  var endpoint = MM_ENDPOINTS[formType];
  if (!endpoint) {
    throw new Error('Unknown form type ' + formType);
  }
  var override = mmProperty_(endpoint.urlProperty);
  if (override) {
    return override;
  }
  var base = mmProperty_('BACKEND_API_URL');
  if (!base) {
    throw new Error('Script Property BACKEND_API_URL is not set (e.g. https://mentormatch.example.com/api).');
  }
  return base.replace(/\/+$/, '') + endpoint.path;
}

function mmWebhookSecret_() {
  var secret = mmProperty_('FORM_WEBHOOK_SECRET');
  if (!secret) {
    throw new Error('Script Property FORM_WEBHOOK_SECRET is not set (the backend\'s FORM_WEBHOOK_SECRET).');
  }
  return secret;
}

/** Milliseconds since the epoch; one place to read the clock. */
function mmNow_() {
  return Date.now();
}
