// intake_to_ack_p50_ms: "Create case" pressed in a console to the hub's case number shown, on
// loopback: a real hub process and a real console core in this process. The clock starts at the
// core's `cases.create` call (what the Save button sends) and stops when the core has applied the
// hub's answer and `cases.get` returns the case with its DTR number (what the window then shows).
import fs from 'node:fs';
import type { CaseDetail, ProjectorMatch } from '../../shared/console-api.js';
import { startBenchCore } from '../lib/core.js';
import { benchTempDir, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { percentile } from '../lib/stats.js';

export type AckBenchOptions = Readonly<{ samples: number; log: (line: string) => void }>;

export async function benchIntakeToAck(options: AckBenchOptions): Promise<Results> {
  const hubDir = benchTempDir('intake-hub');
  const coreDir = benchTempDir('intake-core');
  const hub = await startBenchHub(hubDir);
  const core = await startBenchCore(coreDir, hub.url);
  const { call, changed } = core;
  try {
    await core.signInAndSync('agent@demo.test');
    const [projector] = await call<ProjectorMatch[]>('projectors.search', { query: 'a', limit: 1 });
    const times: number[] = [];
    for (let i = 0; i < options.samples + 5; i++) {
      const t0 = performance.now();
      const numbered = new Promise<void>((resolve, reject) => {
        let id: string | null = null;
        const timer = setTimeout(() => reject(new Error('no case number within 10 s')), 10_000);
        const probe = () => {
          if (!id) return;
          void call<CaseDetail | null>('cases.get', { id }).then((detail) => {
            if (detail?.number) {
              clearTimeout(timer);
              changed.delete(probe);
              resolve();
            }
          }, reject);
        };
        changed.add(probe);
        void call<{ id: string }>('cases.create', {
          serial: projector?.serial ?? 'UNKNOWN-1',
          projectorId: projector?.projectorId ?? null,
          siteId: projector?.siteId ?? null,
          customerId: projector?.customerId ?? null,
          contactName: 'Bench Caller',
          contactPhone: '+44 161 496 0000',
          contactEmail: '',
          channel: 'phone',
          title: `Bench intake ${i}`,
          description: 'Timed by the intake benchmark.',
          priority: 'P3',
          severity: 'minor',
        }).then((created) => {
          id = created.id;
          probe();
        }, reject);
      });
      await numbered;
      if (i >= 5) times.push(performance.now() - t0); // the first few warm the connection and statements
    }
    const p50 = percentile(times, 50);
    options.log(`intake to ack: ${times.length} cases, p50 ${p50.toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
    return {
      intake_to_ack_p50_ms: metric(p50, 'ms', { target: 50, note: `${times.length} cases created by a real core against a real hub on loopback; p95 ${percentile(times, 95).toFixed(2)} ms` }),
    };
  } finally {
    await core.close();
    await hub.stop();
    fs.rmSync(hubDir, { recursive: true, force: true });
    fs.rmSync(coreDir, { recursive: true, force: true });
  }
}
