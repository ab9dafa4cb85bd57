// The file store on the local disk: one file per key under a folder of DATA_DIR,
// written to a temporary name then renamed (a reader never sees half a file). Keys
// are checked against the domain's pattern, so a key can never name a path elsewhere.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { KEY_PATTERN, type PictureType } from "../domain/pictures/model.ts";
import type { FileStore, StoredFile } from "../domain/pictures/store.ts";

const TYPES: Record<string, PictureType> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

export class FilesystemStore implements FileStore {
  readonly #folder: string;

  constructor(folder: string) {
    this.#folder = folder;
  }

  #path(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
    // Two levels of folders by the key's first characters: no folder of a million files.
    return join(this.#folder, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(join(this.#folder, key.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<StoredFile | undefined> {
    if (!KEY_PATTERN.test(key)) return undefined;
    try {
      const bytes = await readFile(this.#path(key));
      return { bytes, mediaType: TYPES[key.slice(key.lastIndexOf(".") + 1)]! };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
