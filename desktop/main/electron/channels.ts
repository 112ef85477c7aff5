// Names and messages shared by the Electron main process, the preload and the core utility process.
/** webContents.postMessage channel carrying a window's MessagePort to its preload. */
export const PORT_CHANNEL = 'lamphouse:port';
/** webContents.send channel carrying menu commands (e.g. "New case") to the focused window. */
export const COMMAND_CHANNEL = 'lamphouse:command';
/** DOM event the preload dispatches on `window` for a menu command; `event.detail` is the command. */
export const COMMAND_DOM_EVENT = 'lamphouse:command';

export const SHELL_COMMANDS = ['new-case'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (SHELL_COMMANDS as readonly string[]).includes(value);
}

/** Messages from the main process to the core utility process (process.parentPort); core-host.ts validates them. */
export type MainToCoreMessage =
  | Readonly<{ type: 'window-port'; windowId: string }>
  | Readonly<{ type: 'window-closed'; windowId: string }>
  | Readonly<{ type: 'shutdown' }>;

/** Messages from the core utility process to the main process. */
export type CoreToMainMessage = Readonly<{ type: 'core-ready' }> | Readonly<{ type: 'core-failed'; message: string }>;
