/**
 * The two forms, declared as data and built by one function.
 *
 * Question titles are the contract with the backend (it reads answers by title), and the professional form keeps
 * every question of the original setup guide, word for word, so forms made with the guide keep working.
 */

var MM_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

var MM_ZONES = [
  'Eastern Time (ET)',
  'Central Time (CT)',
  'Mountain Time (MT)',
  'Pacific Time (PT)',
  'Hawaii Time (HT)',
  'Alaska Time (AT)',
  'UTC',
  'Other (please specify in notes)',
];

var MM_EXPERIENCE_LEVELS = [
  'Entry Level (0-2 years)',
  'Mid Level (2-5 years)',
  'Senior Level (5+ years)',
  'Career Changers',
  'Recent Graduates',
];

var MM_INDUSTRIES = [
  'Technology/Software',
  'Finance/Banking',
  'Healthcare',
  'Consulting',
  'Marketing/Advertising',
  'Engineering',
  'Education',
  'Retail',
  'Non-Profit',
  'Government',
  'Startups',
];

/** Parts of day as the backend reads them (DESIGN.md): the grid's columns name their hours. */
var MM_PARTS_OF_DAY = ['Morning (8 AM - 12 PM)', 'Afternoon (12 PM - 5 PM)', 'Evening (5 PM - 9 PM)'];

var MM_DISCORD_ID_TITLE = 'Discord ID';
var MM_STUDENT_GRID_TITLE = 'Weekly Availability Grid';

var MM_PROFESSIONAL_FORM = {
  formType: MM_FORM_TYPES.PROFESSIONAL,
  title: 'Professional Availability - Resume Reviews',
  description:
    'Thank you for volunteering to review student resumes! Tell us when you are free for 30-minute sessions ' +
    'and we will match you with students whose schedules overlap yours. Submitting again replaces your ' +
    'availability.',
  items: [
    { type: 'section', title: 'Professional Information', help: 'Please provide your basic information' },
    { type: 'text', title: 'Full Name', required: true },
    { type: 'text', title: 'Email Address', required: true, email: true },
    { type: 'text', title: 'Professional Title', required: true, help: 'e.g., Senior Software Engineer, Marketing Manager' },
    { type: 'text', title: 'Company/Organization', required: true },
    {
      type: 'text',
      title: 'Industry Specializations',
      required: true,
      help: 'e.g., Technology, Finance, Healthcare, Consulting (separate multiple with commas)',
    },
    {
      type: 'section',
      title: 'Availability Information',
      help: 'Please specify when you are available for 30-minute resume review sessions',
    },
    { type: 'date', title: 'Availability Start Date', required: true, help: 'When can you start taking review sessions?' },
    {
      type: 'date',
      title: 'Availability End Date',
      required: true,
      help: 'Until when are you available? (Typically 2-4 weeks from start date)',
    },
    { type: 'checkbox', title: 'Preferred Days of the Week', required: true, choices: MM_DAYS },
    {
      type: 'checkbox',
      title: 'Preferred Time Slots (Select all that work for you)',
      required: true,
      choices: [
        '9:00 AM - 10:00 AM',
        '10:00 AM - 11:00 AM',
        '11:00 AM - 12:00 PM',
        '12:00 PM - 1:00 PM',
        '1:00 PM - 2:00 PM',
        '2:00 PM - 3:00 PM',
        '3:00 PM - 4:00 PM',
        '4:00 PM - 5:00 PM',
        '5:00 PM - 6:00 PM',
        '6:00 PM - 7:00 PM',
        '7:00 PM - 8:00 PM',
        '8:00 PM - 9:00 PM',
      ],
    },
    { type: 'list', title: 'Your Time Zone', required: true, choices: MM_ZONES },
    {
      type: 'paragraph',
      title: 'Specific Available Times',
      help: 'List specific days and times you are available, e.g. "Monday 2-3 PM, Wednesday 10-11 AM, Friday 1-2 PM".',
    },
    { type: 'section', title: 'Review Preferences', help: 'Help us match you with the right students' },
    {
      type: 'checkbox',
      title: 'Experience Levels You Prefer to Review',
      required: true,
      choices: MM_EXPERIENCE_LEVELS.concat(['No preference - all levels']),
    },
    {
      type: 'checkbox',
      title: 'Industries You Can Review',
      required: true,
      choices: MM_INDUSTRIES.concat(['Other (any industry)']),
    },
    {
      type: 'checkbox',
      title: 'Meeting Format Preferences',
      required: true,
      choices: ['Video Call (Google Meet/Zoom)', 'Phone Call', 'Email Review Only', 'No preference'],
    },
    { type: 'section', title: 'Additional Information' },
    {
      type: 'paragraph',
      title: 'Special Notes or Requirements',
      help: 'Anything else about your availability ("not available the week of Dec 21"), preferences or needs?',
    },
    {
      type: 'text',
      title: 'Maximum Reviews Per Week',
      help: 'How many resume reviews can you realistically handle per week?',
      number: true,
    },
    {
      type: 'checkbox',
      title: 'Confirmation',
      required: true,
      choices: [
        'I understand that students will be matched based on my availability and I commit to responding to scheduled sessions promptly',
        'I agree to provide constructive feedback and maintain professional standards during reviews',
        'I understand I can update my availability by submitting a new form',
      ],
    },
  ],
};

var MM_STUDENT_FORM = {
  formType: MM_FORM_TYPES.STUDENT,
  title: 'Resume Review Request',
  description:
    'Ask for a 30-minute resume review with a volunteer professional. Tell us what you are aiming for and when ' +
    'you are free; we will match you with someone whose schedule overlaps yours.',
  items: [
    { type: 'text', title: 'Full Name', required: true },
    { type: 'text', title: 'Email Address', required: true, email: true },
    { type: 'text', title: 'Discord Username', required: true, help: 'So we can reach you on the server, e.g. jane_doe' },
    {
      type: 'text',
      title: MM_DISCORD_ID_TITLE,
      help: 'Filled in for you when you open this form from the !resume link in Discord. Leave it as it is.',
      pattern: '[0-9]{15,21}',
      patternHelp: 'A Discord id is a long number; open the form from the !resume link, or leave this empty.',
    },
    { type: 'list', title: 'Target Industry', required: true, choices: MM_INDUSTRIES.concat(['Other']) },
    { type: 'text', title: 'Target Role', required: true, help: 'e.g., Data Analyst Intern, Junior Software Engineer' },
    { type: 'list', title: 'Experience Level', required: true, choices: MM_EXPERIENCE_LEVELS },
    { type: 'list', title: 'Your Time Zone', required: true, choices: MM_ZONES },
    {
      type: 'paragraph',
      title: 'Availability',
      required: true,
      help: 'When are you free over the next three weeks? e.g. "Monday 3-5 PM, Wednesday afternoon".',
    },
    {
      type: 'checkbox_grid',
      title: MM_STUDENT_GRID_TITLE,
      help: 'Tick every part of the day you are usually free (in your time zone).',
      rows: MM_DAYS,
      columns: MM_PARTS_OF_DAY,
    },
    {
      type: 'text',
      title: 'Resume Link',
      required: true,
      url: true,
      help: 'A link reviewers can open (Google Drive "anyone with the link", Dropbox, ...).',
    },
  ],
};

var MM_FORMS = {
  professional_availability: MM_PROFESSIONAL_FORM,
  resume_review_request: MM_STUDENT_FORM,
};

/** Adds one declared question to a form. */
function mmAddItem_(form, spec) {
  var item;
  switch (spec.type) {
    case 'section':
      item = form.addSectionHeaderItem();
      break;
    case 'text':
      item = form.addTextItem();
      if (spec.email || spec.url || spec.number || spec.pattern) {
        var rule = FormApp.createTextValidation();
        if (spec.email) rule = rule.requireTextIsEmail();
        if (spec.url) rule = rule.requireTextIsUrl();
        if (spec.number) rule = rule.requireWholeNumber();
        if (spec.pattern) rule = rule.requireTextMatchesPattern(spec.pattern);
        if (spec.patternHelp) rule = rule.setHelpText(spec.patternHelp);
        item.setValidation(rule.build());
      }
      break;
    case 'paragraph':
      item = form.addParagraphTextItem();
      break;
    case 'date':
      item = form.addDateItem();
      break;
    case 'checkbox':
      item = form.addCheckboxItem();
      item.setChoiceValues(spec.choices);
      break;
    case 'list':
      item = form.addListItem();
      item.setChoiceValues(spec.choices);
      break;
    case 'checkbox_grid':
      item = form.addCheckboxGridItem();
      item.setRows(spec.rows);
      item.setColumns(spec.columns);
      break;
    default:
      throw new Error('Unknown question type ' + spec.type);
  }
  item.setTitle(spec.title);
  if (spec.help) item.setHelpText(spec.help);
  if (spec.required && spec.type !== 'section') item.setRequired(true);
  return item;
}

/** The form of a type saved in Script Properties, or null when there is none (or it was deleted). */
function mmExistingForm_(formType) {
  var id = mmProperty_(MM_FORM_ID_PROPERTY[formType]);
  if (!id) return null;
  try {
    return FormApp.openById(id);
  } catch (err) {
    console.warn('The form ' + id + ' saved in ' + MM_FORM_ID_PROPERTY[formType] + ' cannot be opened: ' + err);
    return null;
  }
}

/**
 * Creates the form of a type once: when Script Properties already name a form that opens, that form is kept
 * (running the function twice makes no second form). Then installs its submit trigger, once.
 */
function mmCreateForm_(formType) {
  var spec = MM_FORMS[formType];
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    var form = mmExistingForm_(formType);
    var created = false;
    if (!form) {
      form = FormApp.create(spec.title);
      form.setDescription(spec.description);
      spec.items.forEach(function (itemSpec) {
        mmAddItem_(form, itemSpec);
      });
      mmProperties_().setProperty(MM_FORM_ID_PROPERTY[formType], form.getId());
      created = true;
    }
    mmEnsureSubmitTrigger_(form);
    mmEnsureRetryTrigger_();
    var result = { formId: form.getId(), formUrl: form.getPublishedUrl(), editUrl: form.getEditUrl(), created: created };
    console.log(
      (created ? 'Created' : 'Kept the existing') + ' form "' + spec.title + '"\n' +
        'Form URL (share this): ' + result.formUrl + '\nEdit URL (admins): ' + result.editUrl
    );
    return result;
  } finally {
    lock.releaseLock();
  }
}

/** The original guide's entry point: creates the professional availability form and its trigger. */
function createProfessionalAvailabilityForm() {
  return mmCreateForm_(MM_FORM_TYPES.PROFESSIONAL);
}

/** Creates the student review request form and its trigger, and logs the settings for the Discord link. */
function createStudentReviewRequestForm() {
  var result = mmCreateForm_(MM_FORM_TYPES.STUDENT);
  var prefill = studentFormPrefillSettings();
  result.prefill = prefill;
  return result;
}

/**
 * The backend settings that let !resume send a pre-filled link carrying the student's Discord id:
 * STUDENT_FORM_URL and STUDENT_FORM_DISCORD_ID_ENTRY (the number in `entry.<number>=`). The link is
 * `<STUDENT_FORM_URL>?usp=pp_url&entry.<STUDENT_FORM_DISCORD_ID_ENTRY>=<discord id>`.
 */
function studentFormPrefillSettings() {
  var form = mmExistingForm_(MM_FORM_TYPES.STUDENT);
  if (!form) {
    throw new Error('No student form yet: run createStudentReviewRequestForm (or set STUDENT_FORM_ID).');
  }
  var item = mmFindItem_(form, MM_DISCORD_ID_TITLE);
  if (!item) {
    throw new Error('The student form has no "' + MM_DISCORD_ID_TITLE + '" question.');
  }
  var marker = 'MENTORMATCH_DISCORD_ID';
  var prefilled = form
    .createResponse()
    .withItemResponse(item.asTextItem().createResponse(marker))
    .toPrefilledUrl();
  var match = new RegExp('[?&]entry\\.(\\d+)=' + marker).exec(prefilled);
  if (!match) {
    throw new Error('Could not find the entry id in the pre-filled URL ' + prefilled);
  }
  var settings = {
    STUDENT_FORM_URL: form.getPublishedUrl(),
    STUDENT_FORM_DISCORD_ID_ENTRY: match[1],
    example: prefilled.replace(marker, '100000000000000042'),
  };
  console.log(
    'Backend settings for the !resume link:\nSTUDENT_FORM_URL=' + settings.STUDENT_FORM_URL +
      '\nSTUDENT_FORM_DISCORD_ID_ENTRY=' + settings.STUDENT_FORM_DISCORD_ID_ENTRY +
      '\nExample link: ' + settings.example
  );
  return settings;
}

function mmFindItem_(form, title) {
  var items = form.getItems();
  for (var i = 0; i < items.length; i++) {
    if (items[i].getTitle() === title) return items[i];
  }
  return null;
}
