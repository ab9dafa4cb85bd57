// The part of the `jsonld` package (digitalbazaar) used here, which ships no types:
// its bundled build, the one Fedify loads (federation/inbox/practices.ts says why).
declare module "jsonld/dist/jsonld.esm.js" {
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
