/**
 * Installing triggers idempotently: running setup twice, or after the original guide's script already made a
 * trigger, leaves exactly one submit trigger per form and one retry trigger, so nothing is ever sent twice.
 */

var MM_SUBMIT_HANDLER = 'onFormSubmit';

function mmTriggersFor_(handler, eventType, sourceId) {
  return ScriptApp.getProjectTriggers().filter(function (trigger) {
    return (
      trigger.getHandlerFunction() === handler &&
      trigger.getEventType() === eventType &&
      (sourceId == null || trigger.getTriggerSourceId() === sourceId)
    );
  });
}

/** Keeps the first of several equal triggers and deletes the others; returns how many were deleted. */
function mmDeleteExtras_(triggers) {
  for (var i = 1; i < triggers.length; i++) {
    ScriptApp.deleteTrigger(triggers[i]);
  }
  return Math.max(0, triggers.length - 1);
}

/** Exactly one submit trigger for the form. Returns 'created' or 'kept'. */
function mmEnsureSubmitTrigger_(form) {
  var existing = mmTriggersFor_(MM_SUBMIT_HANDLER, ScriptApp.EventType.ON_FORM_SUBMIT, form.getId());
  if (existing.length === 0) {
    ScriptApp.newTrigger(MM_SUBMIT_HANDLER).forForm(form).onFormSubmit().create();
    return 'created';
  }
  var removed = mmDeleteExtras_(existing);
  if (removed) console.warn('Removed ' + removed + ' duplicate submit trigger(s) of form ' + form.getId());
  return 'kept';
}

/** Exactly one time-driven trigger that retries queued deliveries. Returns 'created' or 'kept'. */
function mmEnsureRetryTrigger_() {
  var existing = mmTriggersFor_(MM_RETRY_HANDLER, ScriptApp.EventType.CLOCK, null);
  if (existing.length === 0) {
    ScriptApp.newTrigger(MM_RETRY_HANDLER).timeBased().everyMinutes(MM_RETRY_EVERY_MINUTES).create();
    return 'created';
  }
  mmDeleteExtras_(existing);
  return 'kept';
}
