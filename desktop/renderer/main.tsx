// Entry of every window (console, intake): picks the shell's transport (Electron bridge or browser shell
// WebSocket), creates the typed ApiClient and renders the app.
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.js';
import { App } from './app/App.js';
import { MissingLaunchLink } from './app/MissingLaunchLink.js';
import { windowKindFromSearch } from './app/window-kind.js';
import { createBrowserTransport, shellSocketUrl, takeShellToken } from './transport/browser-transport.js';
import { createElectronTransport, findPreloadBridge } from './transport/electron-transport.js';
import type { ConsoleTransport } from '../../shared/ipc.js';

function pickTransport(): ConsoleTransport | null {
  const bridge = findPreloadBridge(window);
  if (bridge) return createElectronTransport(bridge);
  const token = takeShellToken(window.location, window.sessionStorage, (url) => window.history.replaceState(window.history.state, '', url));
  if (!token) return null;
  return createBrowserTransport({ url: shellSocketUrl(window.location, token) });
}

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  const transport = pickTransport();
  // Read after the token is taken: the shell keeps the other query parameters.
  const kind = windowKindFromSearch(window.location.search);
  root.render(transport ? <App client={createApiClient(transport)} kind={kind} /> : <MissingLaunchLink />);
}
