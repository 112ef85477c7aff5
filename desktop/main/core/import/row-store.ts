// Append-only NDJSON files for a dry run's rows: written through a buffer (a few large writes, not one
// per row) with each line's byte offset kept, so a page of any category is one positioned read and
// 100,000 rows never sit in memory as objects.
import fs from 'node:fs';

// Small enough that pending lines die young (cheap scavenges), large enough for few writes.
const FLUSH_BYTES = 64 * 1024;

export class NdjsonWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;
  private position = 0;
  private closed = false;
  /** Byte offset of each line (only when asked for: the commit's file is read front to back). */
  readonly offsets: number[] | null;
  lines = 0;

  constructor(
    readonly path: string,
    trackOffsets: boolean,
  ) {
    this.fd = fs.openSync(path, 'w', 0o600);
    this.offsets = trackOffsets ? [] : null;
  }

  append(value: unknown): void {
    const line = `${JSON.stringify(value)}\n`;
    const bytes = Buffer.byteLength(line);
    this.offsets?.push(this.position);
    this.position += bytes;
    this.lines++;
    this.chunks.push(line);
    this.pending += bytes;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    fs.closeSync(this.fd);
    this.closed = true;
  }

  get bytes(): number {
    return this.position;
  }

  /** Lines [from, to) parsed; the file must be closed (or flushed). */
  read(from: number, to: number): unknown[] {
    if (!this.offsets) throw new Error('NdjsonWriter.read needs offsets');
    const end = Math.min(to, this.offsets.length);
    if (from >= end) return [];
    const start = this.offsets[from]!;
    const stop = end < this.offsets.length ? this.offsets[end]! : this.position;
    const buffer = Buffer.alloc(stop - start);
    const fd = fs.openSync(this.path, 'r');
    try {
      fs.readSync(fd, buffer, 0, buffer.length, start);
    } finally {
      fs.closeSync(fd);
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
  }
}
