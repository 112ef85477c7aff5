import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_MAX_BYTES } from '../../shared/service.js';
import { completeFields } from '../testing/service-kit.js';
import { CacheClient, createWorld, createWorldCase, type World } from '../testing/sync-world.js';

let world: World;
let tokens: Record<'admin' | 'agent' | 'managerNorth' | 'fse1' | 'fse2', string>;
const sha = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
/** Bytes that start like a JPEG (SOI + APP0 marker); the hub checks the magic bytes, not the whole image. */
const jpeg = (seed: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`lamphouse test image ${seed}`), Buffer.from([0xff, 0xd9])]);
const image = jpeg('image');
const thumb = jpeg('thumb');

const put = (token: string | null, address: string, body: Uint8Array) =>
  fetch(`${world.hub.url}/files/${address}`, { method: 'PUT', headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/octet-stream' }, body });
const get = (token: string, address: string) => fetch(`${world.hub.url}/files/${address}`, { headers: { Authorization: `Bearer ${token}` } });
const errorCode = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

beforeAll(async () => {
  world = await createWorld();
  tokens = {
    admin: (await world.login('admin')).accessToken,
    agent: (await world.login('agent')).accessToken,
    managerNorth: (await world.login('managerNorth')).accessToken,
    fse1: (await world.login('fse1')).accessToken,
    fse2: (await world.login('fse2')).accessToken,
  };
  // A report of fse1's case with one photo of `image` (thumbnail `thumb`).
  const admin = new CacheClient(await world.client());
  await admin.start(tokens.admin);
  const row = await createWorldCase(admin, world.projectors.n1a, world.userIds.fse1);
  const fse = new CacheClient(await world.client());
  await fse.start(tokens.fse1);
  const reportId = crypto.randomUUID();
  const saved = await fse.push('saveServiceReport', { id: reportId, caseId: row.id, fields: completeFields() });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  const photo = await fse.push('addReportPhoto', { id: crypto.randomUUID(), reportId, tag: 'before', sha256: sha(image), thumbSha256: sha(thumb), bytes: image.length, width: 2048, height: 1536 });
  if (!photo.ok) throw new Error(JSON.stringify(photo.error));
  await admin.c.close();
  await fse.c.close();
}, 60_000);

afterAll(async () => {
  await world.close();
});

describe('files.put', () => {
  it('stores a JPEG under its SHA-256, and again is a no-op', async () => {
    const first = await put(tokens.fse1, sha(image), image);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, value: { sha256: sha(image), bytes: image.length, existed: false } });
    const again = await put(tokens.fse1, sha(image), image);
    expect(await again.json()).toMatchObject({ ok: true, value: { existed: true } });
  });

  it('refuses bytes that do not match the address (400) and bytes that are not a JPEG (400)', async () => {
    const mismatch = await put(tokens.fse1, sha(thumb), image);
    expect(mismatch.status).toBe(400);
    expect(await errorCode(mismatch)).toBe('BAD_REQUEST');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const notJpeg = await put(tokens.fse1, sha(png), png);
    expect(notJpeg.status).toBe(400);
    expect(await errorCode(notJpeg)).toBe('BAD_REQUEST');
  });

  it('refuses a file over the limit with 413, and a bad address with 400', async () => {
    const big = Buffer.alloc(FILE_STORE_MAX_BYTES + 1, 0xff);
    const tooBig = await put(tokens.fse1, sha(big), big);
    expect(tooBig.status).toBe(413);
    expect(await errorCode(tooBig)).toBe('PAYLOAD_TOO_LARGE');
    // Sent chunked (no Content-Length): the limit holds while the body streams in.
    const chunk = Buffer.alloc(1024 * 1024, 0xff);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > FILE_STORE_MAX_BYTES) controller.close();
        else {
          controller.enqueue(new Uint8Array(chunk));
          sent += chunk.length;
        }
      },
    });
    const chunked = await fetch(`${world.hub.url}/files/${sha(big)}`, { method: 'PUT', headers: { Authorization: `Bearer ${tokens.fse1}` }, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    const badAddress = await put(tokens.fse1, 'not-a-hash', image);
    expect(badAddress.status).toBe(400);
  });

  it('takes uploads only from roles that write reports', async () => {
    expect((await put(tokens.agent, sha(thumb), thumb)).status).toBe(403);
    expect((await put(null, sha(thumb), thumb)).status).toBe(401);
  });
});

describe('files.get', () => {
  it('serves the bytes to whoever may see a case with that photo, and 404 to others', async () => {
    expect((await put(tokens.fse1, sha(thumb), thumb)).status).toBe(200);
    for (const who of ['fse1', 'managerNorth', 'agent', 'admin'] as const) {
      const res = await get(tokens[who], sha(image));
      expect(res.status, who).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
    }
    expect((await get(tokens.fse1, sha(thumb))).status).toBe(200);
    // fse2 is not assigned the case: the photo is not theirs to see.
    const hidden = await get(tokens.fse2, sha(image));
    expect(hidden.status).toBe(404);
    expect(await errorCode(hidden)).toBe('NOT_FOUND');
    // Stored, but no photo refers to it: nobody gets it.
    const loose = jpeg('loose');
    expect((await put(tokens.fse1, sha(loose), loose)).status).toBe(200);
    expect((await get(tokens.admin, sha(loose))).status).toBe(404);
  });
});
