// TEMP dev harness (to be deleted): persistent hub+console+chromium, measure on trigger.
import fs from 'node:fs';
import { launchChromium } from '../../tests/support/browser.js';
import { startConsole, tempDir } from '../../tests/support/processes.js';
import { benchTempDir, startBenchHub } from '../lib/hub.js';
import { seedBoard } from './seed.js';
import { measureRound } from './zz-measure.js';

const hubDir = benchTempDir('board-hub');
const consoleDir = tempDir('lamphouse-bench-board-console-');
const hub = await startBenchHub(hubDir);
await seedBoard(hub.url, 100, 2000, console.log);
const shell = await startConsole(hub.url, consoleDir);
const browser = await launchChromium();
console.log('ready', shell.url);
for (;;) {
  await new Promise((r) => setTimeout(r, 300));
  if (!fs.existsSync('/tmp/harness/go')) continue;
  const mode = fs.readFileSync('/tmp/harness/go', 'utf8').trim();
  fs.rmSync('/tmp/harness/go');
  if (mode === 'quit') break;
  try {
    const mod = (await import(`./zz-measure.js?t=${Date.now()}`)) as { measureRound: typeof measureRound };
    const out = await mod.measureRound(browser, shell.url, mode);
    fs.writeFileSync('/tmp/harness/out.txt', out);
  } catch (e) {
    fs.writeFileSync('/tmp/harness/out.txt', 'ERROR ' + String((e as Error).stack));
  }
}
await browser.close();
await shell.stop();
await hub.stop();
process.exit(0);
