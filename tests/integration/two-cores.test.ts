// A real hub process and two real console cores over real WebSockets: a case created on one
// console reaches the other, gets its hub number, and edits flow back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createConsoleCore } from '../../desktop/main/core/console-core.js';
import type { ConsoleCore } from '../../desktop/main/core/console-core-types.js';
import { startHub, tempDir } from '../support/processes.js';
import { call, eventually } from '../support/core-client.js';
import { AppError } from '../../shared/errors.js';

describe('hub + two console cores', () => {
  let hub: Awaited<ReturnType<typeof startHub>>;
  let agentCore: ConsoleCore;
  let managerCore: ConsoleCore;
  const dirs: string[] = [];

  beforeAll(async () => {
    const hubDir = tempDir();
    dirs.push(hubDir);
    hub = await startHub(hubDir);
    const agentDir = tempDir();
    const managerDir = tempDir();
    dirs.push(agentDir, managerDir);
    agentCore = await createConsoleCore({ dataDir: agentDir, hubUrl: hub.url });
    managerCore = await createConsoleCore({ dataDir: managerDir, hubUrl: hub.url });
    await call(agentCore, 'session.login', { email: 'agent@demo.test', password: 'demo-password' });
    await call(managerCore, 'session.login', { email: 'manager@demo.test', password: 'demo-password' });
    for (const core of [agentCore, managerCore]) {
      await eventually(async () => (await call(core, 'sync.status', {})).connection === 'online' && (await call(core, 'cases.list', {})).length > 0, 15_000, 'bootstrap');
    }
  }, 60_000);

  afterAll(async () => {
    await agentCore?.close();
    await managerCore?.close();
    await hub?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps the demo data into each local cache', async () => {
    const cases = await call(managerCore, 'cases.list', {});
    expect(cases.length).toBeGreaterThanOrEqual(90);
    const matches = await call(agentCore, 'projectors.search', { query: cases.find((c) => c.serial)!.serial.slice(0, 6) });
    expect(matches.length).toBeGreaterThan(0);
  });

  it('shows a new case at once as pending, then on the other console with its hub number', async () => {
    const [projector] = await call(agentCore, 'projectors.search', { query: 'Barco', limit: 1 });
    expect(projector).toBeDefined();
    const { id } = await call(agentCore, 'cases.create', {
      serial: projector!.serial,
      projectorId: projector!.projectorId,
      siteId: projector!.siteId,
      customerId: projector!.customerId,
      contactName: 'Dana Projectionist',
      contactPhone: '+44 20 7946 0000',
      contactEmail: 'dana@example.com',
      channel: 'phone',
      title: 'Integration: lamp fails to strike',
      description: 'Lamp does not strike after the morning start-up.',
      priority: 'P2',
      severity: 'major',
    });
    const local = await call(agentCore, 'cases.get', { id });
    expect(local?.title).toBe('Integration: lamp fails to strike');

    const started = Date.now();
    const remote = await eventually(async () => {
      const found = await call(managerCore, 'cases.get', { id });
      return found?.number ? found : null;
    }, 5000, 'the case on the manager console');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(remote.number).toMatch(/^DTR-\d{4}-\d{6}$/);
    expect(remote.siteName).toBe(projector!.siteName);

    const confirmed = await eventually(async () => {
      const found = await call(agentCore, 'cases.get', { id });
      return found && !found.pending && found.number ? found : null;
    }, 5000, 'the agent console to get the hub number');
    expect(confirmed.number).toBe(remote.number);
    expect((await call(agentCore, 'sync.status', {})).pending).toBe(0);
  });

  it('carries an edit from the manager back to the agent', async () => {
    const [first] = await call(agentCore, 'cases.list', { statuses: ['new'] });
    expect(first).toBeDefined();
    await call(managerCore, 'cases.update', { id: first!.id, patch: { priority: 'P1', description: 'Escalated by the manager.' } });
    const seen = await eventually(async () => {
      const found = await call(agentCore, 'cases.get', { id: first!.id });
      return found?.priority === 'P1' ? found : null;
    }, 5000, 'the edit on the agent console');
    expect(seen.description).toBe('Escalated by the manager.');
  });

  it('refuses invalid case input with field-level messages', async () => {
    const error = await call(agentCore, 'cases.create', {
      serial: '',
      projectorId: null,
      siteId: null,
      customerId: null,
      contactName: 'X',
      contactPhone: '',
      contactEmail: 'not-an-email',
      channel: 'phone',
      title: '',
      description: 'x'.repeat(10 * 1024 * 1024),
      priority: 'P2',
      severity: 'major',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    const fields = (error as AppError).details?.fields ?? {};
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['title', 'contactEmail', 'description']));
  });
});
