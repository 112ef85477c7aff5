// The hub's content-addressed file store for email attachments: `<dataDir>/files/<sha[0:2]>/<sha>`.
// The same bytes are stored once; every read checks the checksum, so a damaged file is never served.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function fileStorePath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

export function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Stores bytes (atomically: a temp file renamed into place) and returns their sha256. */
export function putFile(dataDir: string, bytes: Buffer): string {
  const sha = sha256Of(bytes);
  const target = fileStorePath(dataDir, sha);
  if (fs.existsSync(target)) return sha;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, bytes, { mode: 0o600 });
  fs.renameSync(temp, target);
  return sha;
}

export class FileChecksumError extends Error {
  constructor(sha256: string) {
    super(`Stored file ${sha256} does not match its checksum.`);
    this.name = 'FileChecksumError';
  }
}

/** The bytes of a stored file; null when missing; FileChecksumError when damaged. */
export function readFile(dataDir: string, sha256: string): Buffer | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fileStorePath(dataDir, sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (sha256Of(bytes) !== sha256) throw new FileChecksumError(sha256);
  return bytes;
}
