/**
 * The shape nearly every Microsoft timestamp has, `YYYY-MM-DDTHH:MM:SS[.f…]Z`, checked by position
 * and answered by slicing: no regular expression, no Date, a single string built. Timestamps are
 * parsed 4-6 times per Advanced Hunting record, and the general path (regex, Date.UTC, a calendar
 * check that builds a second Date, toISOString) was a twentieth of the event stream's time.
 *
 * It answers only when the result is certain to equal the general path's: years 1000-9999 (below,
 * Date.UTC maps 0-99 to 19xx), seconds 00-59 (a leap second rolls over there), a valid calendar
 * day. Anything else returns undefined and goes the general way.
 */
const MIN_LENGTH = 20; // YYYY-MM-DDTHH:MM:SSZ
const MAX_FRACTION_DIGITS = 9;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;

export function fastUtcTimestamp(text: string): string | undefined {
  const length = text.length;
  if (length < MIN_LENGTH || length > MIN_LENGTH + 1 + MAX_FRACTION_DIGITS || text.charCodeAt(length - 1) !== LETTER_Z) return undefined;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== LETTER_T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) {
    return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // digits() is -1 for a non-digit, which every range check below rejects.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  if (day > DAYS_IN_MONTH[month]! && !(month === 2 && day === 29 && isLeapYear(year))) return undefined;
  if (length === MIN_LENGTH) return `${text.slice(0, 19)}.000Z`;
  // A fraction: a dot, then 1-9 digits up to the Z; milliseconds are its first three, truncated.
  if (text.charCodeAt(19) !== DOT || length === MIN_LENGTH + 1) return undefined;
  for (let i = 20; i < length - 1; i++) if (!isDigit(text.charCodeAt(i))) return undefined;
  const fractionDigits = length - 21;
  if (fractionDigits >= 3) return `${text.slice(0, 23)}Z`;
  return `${text.slice(0, 20 + fractionDigits)}${fractionDigits === 1 ? '00' : '0'}Z`;
}

/** The number written by `count` ASCII digits at `start`, or -1 if any of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
