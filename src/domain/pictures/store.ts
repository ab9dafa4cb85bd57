// Where uploaded files are kept: put, get and delete by key. The filesystem store
// (src/storage/filesystem.ts) keeps them under DATA_DIR; an S3-compatible store can
// implement the same three calls when several servers share the files
// (docs/decisions/0023-pictures.md).

export interface StoredFile {
  bytes: Uint8Array;
  mediaType: string;
}

export interface FileStore {
  /** Writes the file; writing the same key twice is harmless (keys are content-hashed). */
  put(key: string, bytes: Uint8Array, mediaType: string): Promise<void>;
  /** The file, or undefined when there is none. */
  get(key: string): Promise<StoredFile | undefined>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
}
