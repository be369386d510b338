/**
 * Turning a form response into the JSON body the backend receives.
 *
 * The shape extends the original guide's (form_type, response_id, timestamp, respondent_email, responses,
 * parsed_data), so one backend reads both. Answers are keyed by question title; a checkbox grid becomes an
 * object with one entry per row (row title -> ticked columns), so rows are never flattened together.
 */

/** The answer of one item response, normalised: strings trimmed, grids kept per row. */
function mmAnswer_(item, raw) {
  var type = item.getType();
  if (type === FormApp.ItemType.CHECKBOX_GRID || type === FormApp.ItemType.GRID) {
    var grid = type === FormApp.ItemType.CHECKBOX_GRID ? item.asCheckboxGridItem() : item.asGridItem();
    var rows = grid.getRows();
    var perRow = {};
    for (var i = 0; i < rows.length; i++) {
      var cell = raw && raw[i] != null ? raw[i] : [];
      perRow[rows[i]] = (Array.isArray(cell) ? cell : [cell]).filter(function (value) {
        return value != null && String(value).trim() !== '';
      });
    }
    return perRow;
  }
  if (Array.isArray(raw)) {
    return raw.map(function (value) {
      return String(value).trim();
    });
  }
  if (raw == null) return '';
  return String(raw).trim();
}

/** True when an answer carries nothing: blank text, no ticks, a grid with every row empty. */
function mmIsBlank_(answer) {
  if (answer == null) return true;
  if (Array.isArray(answer)) {
    return answer.every(mmIsBlank_);
  }
  if (typeof answer === 'object') {
    return Object.keys(answer).every(function (key) {
      return mmIsBlank_(answer[key]);
    });
  }
  return String(answer).trim() === '';
}

/** True when no question of the response was answered: such a submission is never delivered. */
function mmIsEmptyPayload_(payload) {
  return mmIsBlank_(payload.responses);
}

function mmText_(responses, title) {
  var value = responses[title];
  return typeof value === 'string' ? value : '';
}

function mmList_(responses, title) {
  var value = responses[title];
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

/** The payload for one response of a form of the given type. */
function mmBuildPayload_(formType, form, response) {
  var responses = {};
  response.getItemResponses().forEach(function (itemResponse) {
    var item = itemResponse.getItem();
    responses[item.getTitle()] = mmAnswer_(item, itemResponse.getResponse());
  });
  var email = '';
  try {
    email = response.getRespondentEmail() || '';
  } catch (err) {
    email = ''; // Forms that do not collect addresses throw here.
  }
  var payload = {
    form_type: formType,
    response_id: response.getId(),
    timestamp: response.getTimestamp().toISOString(),
    form_id: form ? form.getId() : '',
    script_version: MM_SCRIPT_VERSION,
    respondent_email: email || mmText_(responses, 'Email Address'),
    responses: responses,
  };
  if (formType === MM_FORM_TYPES.PROFESSIONAL) {
    // The original guide's parsed_data block, kept for backends that read it.
    payload.parsed_data = {
      name: mmText_(responses, 'Full Name'),
      email: mmText_(responses, 'Email Address'),
      professional_title: mmText_(responses, 'Professional Title'),
      company: mmText_(responses, 'Company/Organization'),
      specializations: mmText_(responses, 'Industry Specializations'),
      start_date: mmText_(responses, 'Availability Start Date'),
      end_date: mmText_(responses, 'Availability End Date'),
      preferred_days: mmList_(responses, 'Preferred Days of the Week'),
      time_slots: mmList_(responses, 'Preferred Time Slots (Select all that work for you)'),
      timezone: mmText_(responses, 'Your Time Zone'),
      specific_times: mmText_(responses, 'Specific Available Times'),
      experience_levels: mmList_(responses, 'Experience Levels You Prefer to Review'),
      industries: mmList_(responses, 'Industries You Can Review'),
      meeting_types: mmList_(responses, 'Meeting Format Preferences'),
      notes: mmText_(responses, 'Special Notes or Requirements'),
      max_reviews_per_week: mmText_(responses, 'Maximum Reviews Per Week'),
    };
  } else {
    payload.student_email = email || mmText_(responses, 'Email Address');
  }
  return payload;
}

/**
 * JSON with every non-ASCII character escaped (\u00e9), so the signed text and the bytes on the wire are the
 * same whatever charset UrlFetchApp picks.
 */
function mmJson_(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, function (ch) {
    return '\\u' + ('0000' + ch.charCodeAt(0).toString(16)).slice(-4);
  });
}
