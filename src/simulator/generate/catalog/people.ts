/** Vocabulary for invented employees. Names are common given/family names, not real people. */
export const FIRST_NAMES = [
  'Mira', 'Jonas', 'Aiko', 'Samuel', 'Priya', 'Lucas', 'Fatima', 'Noah', 'Elena', 'Kwame', 'Sofia', 'Mateo', 'Hannah', 'Omar',
  'Ingrid', 'Ravi', 'Chloe', 'Diego', 'Yara', 'Felix', 'Amara', 'Leon', 'Nadia', 'Tomas', 'Grace', 'Hiro', 'Lena', 'Ibrahim',
];

export const LAST_NAMES = [
  'Okafor', 'Lindqvist', 'Tanaka', 'Reyes', 'Sharma', 'Moreau', 'Haddad', 'Fischer', 'Kowalski', 'Mensah', 'Rossi', 'Garcia',
  'Novak', 'Petrov', 'Nguyen', 'Brennan', 'Costa', 'Schmidt', 'Yilmaz', 'Larsen', 'Dubois', 'Adeyemi', 'Kim', 'Silva',
];

export const DEPARTMENTS: readonly (readonly [string, readonly string[]])[] = [
  ['Finance', ['Accountant', 'Financial Analyst', 'Controller']],
  ['Engineering', ['Software Engineer', 'Site Reliability Engineer', 'Engineering Manager']],
  ['Sales', ['Account Executive', 'Sales Manager']],
  ['Human Resources', ['HR Partner', 'Recruiter']],
  ['IT', ['IT Administrator', 'Helpdesk Technician', 'Security Analyst']],
  ['Legal', ['Counsel', 'Paralegal']],
];

/** Organisations the tenant is named after; all on reserved `.example` domains. */
export const ORGANISATIONS: readonly (readonly [string, string])[] = [
  ['Fabrikam Security', 'fabrikam-sec'],
  ['Northwind Traders', 'northwind'],
  ['Tailspin Toys', 'tailspin'],
  ['Woodgrove Bank', 'woodgrove'],
  ['Contoso Health', 'contoso-health'],
];
