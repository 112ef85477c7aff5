// The part of archiver's API the batch export uses (the package ships no types, and adding
// @types/archiver is not ours to do): a zip stream fed entry by entry.
declare module 'archiver' {
  import type { Writable } from 'node:stream';

  export type ArchiverEntryData = Readonly<{ name: string; date?: Date }>;

  export interface Archiver {
    pipe<T extends Writable>(destination: T): T;
    append(source: Buffer | string, data: ArchiverEntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
    on(event: 'entry', listener: (entry: ArchiverEntryData) => void): this;
    on(event: 'error' | 'warning', listener: (error: Error) => void): this;
  }

  export type ArchiverOptions = Readonly<{ store?: boolean; zlib?: Readonly<{ level?: number }> }>;

  function archiver(format: 'zip', options?: ArchiverOptions): Archiver;
  // eslint-disable-next-line no-restricted-syntax -- describes archiver's CommonJS export, not a module of ours
  export default archiver;
}
