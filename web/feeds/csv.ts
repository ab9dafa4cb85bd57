// CSV as RFC 4180 writes it: a header line, CRLF line ends, a field in double quotes
// when it holds a comma, a quote or a line break (quotes doubled).
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(field).join(",")}\r\n`).join("");
}
