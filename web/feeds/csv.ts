// CSV as RFC 4180 writes it: a header line, CRLF line ends, a field in double quotes
// when it holds a comma, a quote or a line break (quotes doubled).
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(field).join(",")}\r\n`).join("");
}

/**
 * As `csv`, for a file a person opens in a spreadsheet: a cell that would start with
 * =, +, -, @, a tab or a carriage return is read there as a formula, so it gets a
 * leading apostrophe (OWASP's advice on CSV injection). Applicants' messages, from
 * anyone, end up in these files.
 */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const safe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  return csv(header, rows.map((row) => row.map(safe)));
}
