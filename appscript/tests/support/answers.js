'use strict';
/** Answers invented people give the two forms, as Google Forms hands them to the submit trigger. */

const DANA_PROFESSIONAL = {
  'Full Name': 'Dana Whitfield',
  'Email Address': 'dana.whitfield@example.org',
  'Professional Title': 'Senior Data Analyst',
  'Company/Organization': 'Northwind Health',
  'Industry Specializations': 'Healthcare, Technology, Data',
  'Availability Start Date': '2026-12-01',
  'Availability End Date': '2026-12-31',
  'Preferred Days of the Week': ['Monday', 'Wednesday', 'Thursday'],
  'Preferred Time Slots (Select all that work for you)': ['12:00 PM - 1:00 PM', '5:00 PM - 6:00 PM', '6:00 PM - 7:00 PM'],
  'Your Time Zone': 'Central Time (CT)',
  'Specific Available Times': 'Monday 1-4 PM, Wednesday 2-5 PM',
  'Experience Levels You Prefer to Review': ['Entry Level (0-2 years)', 'Recent Graduates'],
  'Industries You Can Review': ['Healthcare', 'Technology/Software'],
  'Meeting Format Preferences': ['Video Call (Google Meet/Zoom)'],
  'Special Notes or Requirements': 'Not available the week of Dec 21.',
  'Maximum Reviews Per Week': '3',
  Confirmation: [
    'I understand that students will be matched based on my availability and I commit to responding to scheduled sessions promptly',
  ],
};

/** Dana edits her response (Google Forms keeps its id): other times, one more review a week. */
const DANA_PROFESSIONAL_EDITED = {
  ...DANA_PROFESSIONAL,
  'Specific Available Times': 'Tuesday 10 AM-12 PM, Thursday 3-5 PM',
  'Maximum Reviews Per Week': '4',
};

/** Rows of the grid in form order (Monday..Sunday); null is a row left empty, as Google Forms reports it. */
const JORDAN_GRID = [
  ['Afternoon (12 PM - 5 PM)'],
  null,
  ['Afternoon (12 PM - 5 PM)', 'Evening (5 PM - 9 PM)'],
  null,
  ['Morning (8 AM - 12 PM)'],
  null,
  null,
];

const JORDAN_STUDENT = {
  'Full Name': 'Jordan Reyes',
  'Email Address': 'jordan.reyes@example.edu',
  'Discord Username': 'jreyes_27',
  'Discord ID': '100000000000000042',
  'Target Industry': 'Healthcare',
  'Target Role': 'Data Analyst Intern',
  'Experience Level': 'Entry Level (0-2 years)',
  'Your Time Zone': 'Eastern Time (ET)',
  Availability: 'Monday 3-5 PM, Wednesday afternoon',
  'Weekly Availability Grid': JORDAN_GRID,
  'Resume Link': 'https://example.edu/files/jreyes-resume.pdf',
};

/** A student whose availability cannot be read: the clarification loop's starting point. */
const JANE_STUDENT_UNCLEAR = {
  'Full Name': 'Jane Doe',
  'Email Address': 'jane.doe@example.com',
  'Discord Username': 'janedoe',
  'Discord ID': '100000000000000077',
  'Target Industry': 'Technology/Software',
  'Target Role': 'Junior Software Engineer',
  'Experience Level': 'Recent Graduates',
  'Your Time Zone': 'Pacific Time (PT)',
  Availability: 'whenever works for you',
  'Resume Link': 'https://example.com/jane-doe-resume.pdf',
};

/** Non-ASCII text: the signed body must match the bytes on the wire. */
const JOSE_PROFESSIONAL = {
  ...DANA_PROFESSIONAL,
  'Full Name': 'José Núñez',
  'Email Address': 'jose.nunez@example.com',
  'Company/Organization': 'Café Ñandú — Analytics',
  'Specific Available Times': 'Tuesday 9–11 AM',
  'Special Notes or Requirements': '',
};

module.exports = {
  DANA_PROFESSIONAL,
  DANA_PROFESSIONAL_EDITED,
  JORDAN_STUDENT,
  JORDAN_GRID,
  JANE_STUDENT_UNCLEAR,
  JOSE_PROFESSIONAL,
};
