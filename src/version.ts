// Entraide's version, from package.json (inlined in the built bundle, read at load time from the sources).
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
