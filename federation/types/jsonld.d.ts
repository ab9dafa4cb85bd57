// The part of the `jsonld` package (digitalbazaar) used here, which ships no types.
declare module "jsonld" {
  interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  const jsonld: {
    expand(input: unknown, options?: { documentLoader?: (url: string) => Promise<RemoteDocument>; base?: string }): Promise<Record<string, unknown>[]>;
  };
  export default jsonld;
}
