// Errors the domain raises on purpose. The HTTP layer maps `kind` to a status
// (problem+json) and the CLI prints the message; anything else is a bug.
export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "forbidden" | "unauthorized";

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** The input field at fault, when there is one. */
  readonly field?: string;
  constructor(kind: DomainErrorKind, message: string, field?: string) {
    super(message);
    this.kind = kind;
    this.field = field;
  }
}
