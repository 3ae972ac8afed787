// Entry point of widget.js. Embed with one script tag:
//   <script src="https://HOST/widget/widget.js" data-server-url="https://rasa.example.org" defer></script>
// and optionally `window.IOPChatWidget = { serverUrl, title, colors: {primary}, socketPath }`
// before it. Without a server URL the widget asks its own host
// (widget/config.json) where the Rasa server is.

import { resolveConfig } from './config.js';
import { ChatWidget } from './widget.js';

/* global __CSS_VERSION__ */
const CSS_VERSION = typeof __CSS_VERSION__ === 'string' ? __CSS_VERSION__ : '';

function findScript() {
  if (document.currentScript) return document.currentScript;
  const scripts = document.querySelectorAll('script[src*="widget.js"]');
  return scripts.length ? scripts[scripts.length - 1] : null;
}

async function serverFromHost(config) {
  try {
    const reply = await fetch(config.configUrl, { credentials: 'omit', cache: 'no-cache' });
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    const data = await reply.json();
    return data && typeof data === 'object' ? data : {};
  } catch (error) {
    console.error(`IOP chat widget: no server URL configured and ${config.configUrl} failed (${error.message}). ` +
      'Set data-server-url on the script tag or window.IOPChatWidget.serverUrl.');
    return {};
  }
}

function boot() {
  if (window.__iopChatWidget) return;
  const script = findScript();
  const options = window.IOPChatWidget;
  const config = resolveConfig({
    scriptSrc: script && script.src ? script.src : null,
    dataset: script ? script.dataset : {},
    options,
    pageUrl: window.location.href,
  });
  window.__iopChatWidget = { config };
  const start = async () => {
    if (!config.serverUrl) {
      const hosted = await serverFromHost(config);
      const resolved = resolveConfig({
        scriptSrc: script && script.src ? script.src : null,
        dataset: { ...(script ? script.dataset : {}), serverUrl: hosted.serverUrl, socketPath: hosted.socketPath },
        options,
        pageUrl: window.location.href,
      });
      config.serverUrl = resolved.serverUrl;
      config.socketPath = resolved.socketPath;
    }
    const widget = new ChatWidget(config, { window, cssVersion: CSS_VERSION }).mount();
    window.__iopChatWidget.widget = widget;
    if (options && typeof options === 'object') {
      options.open = () => widget.open();
      options.close = () => widget.close();
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

boot();
