// The chat widget: launcher, panel, message log and Rasa socket.io connection.
//
// Wire protocol (Rasa's standard socketio channel):
//   client -> server  session_request {session_id}      (stored id, or null for a new one)
//   server -> client  session_confirm "<session id>"
//   client -> server  user_uttered {message, session_id}
//   server -> client  bot_uttered {text, quick_replies | buttons, attachment, custom}
//
// Bot text is only ever put into text nodes (see linkify.js); links are created
// as <a> elements for http(s) and tel: URLs only.

import { io } from 'socket.io-client';
import { h, icon, ICONS, formatTime } from './dom.js';
import { linkify } from './linkify.js';
import {
  ConversationStore,
  SafeStorage,
  appendMessages,
  emptyState,
  newId,
  storageKey,
  updateMessage,
} from './store.js';
import {
  chatErrorMessage,
  confirmedSessionId,
  lastUserIndex,
  normalizeBotMessage,
  userMessage,
} from './messages.js';

export const TEXT = Object.freeze({
  privacy:
    'This is an automated assistant, not a clinician. What you type is kept to run this ' +
    'chat and is shared with an advisor only if you ask for a person and agree.',
  emergency: 'In an emergency, call 911. In crisis, call or text 988.',
  starters: ['What is IOP?', 'Is IOP right for me?', 'Find programs near me'],
  talkToPerson: "I'd like to talk to a person",
  startOver: 'start over',
  crisis: 'In crisis? Call or text 988',
  offline:
    "Connection lost. Reconnecting… Your conversation is saved, and messages you send now will go out when you're back online.",
  connecting: 'Connecting…',
  cantConnect:
    "The chat can't connect right now. Trying again… Messages you send will go out once it's connected. In crisis, call or text 988.",
  reconnected: 'Connected again.',
  unavailable:
    'The chat is unavailable right now. Please try again later. In crisis, call or text 988.',
  startedOver: 'Started over. This conversation was cleared.',
  pending: 'Not sent yet; it will go out when you are back online.',
  typing: 'The assistant is typing',
});

const TYPING_WINDOW_MS = 25000;
const MAX_CHARS = 1000;

function tabId(session) {
  const key = 'iop-chat:v1:tab';
  let id = session.getItem(key);
  if (!id) {
    id = newId();
    session.setItem(key, id);
  }
  return id;
}

export class ChatWidget {
  constructor(config, { window: win = globalThis.window, cssVersion = '' } = {}) {
    this.cfg = config;
    this.win = win;
    this.doc = win.document;
    this.cssVersion = cssVersion;
    this.local = new SafeStorage(safe(() => win.localStorage));
    this.session = new SafeStorage(safe(() => win.sessionStorage));
    this.tab = tabId(this.session);
    this.store = null;
    this.state = emptyState();
    this.socket = null;
    this.sessionReady = false;
    this.confirmedId = null;
    this.conn = 'idle'; // idle | connecting | connecting-failed | online | offline | unavailable
    this.everOnline = false;
    this.intentionalDisconnect = false;
    this.rendered = new Map(); // message id -> element
    this.renderedOrder = [];
    this.typingTimer = null;
    this.statusTimer = null;
    this.connectingTimer = null;
  }

  // --- mounting -------------------------------------------------------------

  mount() {
    const host = h('div', { id: 'iop-chat-widget', 'data-iop-chat': '' });
    host.style.display = 'none'; // shown once the stylesheet has loaded
    const root = host.attachShadow({ mode: 'open' });
    const css = h('link', {
      rel: 'stylesheet',
      href: new URL(`widget.css${this.cssVersion ? `?v=${this.cssVersion}` : ''}`, this.cfg.assetBase).href,
    });
    const reveal = () => {
      host.style.display = '';
    };
    css.addEventListener('load', reveal);
    css.addEventListener('error', reveal);
    this.win.setTimeout(reveal, 3000);
    root.append(css, this.build());
    this.applyColors(host);
    this.host = host;
    this.root = root;
    this.smallScreen = typeof this.win.matchMedia === 'function' ? this.win.matchMedia('(max-width: 480px)') : null;
    if (this.smallScreen && this.smallScreen.addEventListener) {
      this.smallScreen.addEventListener('change', () => this.updateModal());
    }
    this.doc.body.append(host);

    this.doc.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target.closest('[data-iop-chat-open]') : null;
      if (target) {
        event.preventDefault();
        this.open();
      }
    });
    this.win.addEventListener('storage', (event) => this.onStorage(event));
    this.win.addEventListener('online', () => {
      if (!this.socket || this.intentionalDisconnect) return;
      if (!this.socket.connected) this.socket.connect();
      else if (this.sessionReady) this.setConn('online'); // the connection survived
    });
    this.win.addEventListener('offline', () => {
      if (this.socket) this.setConn('offline');
    });

    if (!this.cfg.serverUrl) {
      this.setConn('unavailable');
    } else {
      this.useServer(this.cfg.serverUrl);
    }
    if (this.cfg.startOpen || this.session.getItem(this.openKey()) === '1') this.open({ focus: false });
    return this;
  }

  openKey() {
    return `iop-chat:v1:open:${this.cfg.serverUrl || ''}`;
  }

  useServer(serverUrl) {
    this.cfg.serverUrl = serverUrl;
    this.store = new ConversationStore(this.local, storageKey(serverUrl), {
      ttlMs: this.cfg.historyTtlMs,
    });
    this.state = this.store.load();
    if (!this.state.messages.length && this.state.updatedAt === 0) this.store.clear();
    this.renderMessages();
    if (this.conn === 'unavailable') this.setConn('idle');
  }

  applyColors(host) {
    const c = this.cfg.colors || {};
    const map = {
      primary: '--iop-primary',
      onPrimary: '--iop-on-primary',
      background: '--iop-bg',
      text: '--iop-text',
      botBubble: '--iop-bot-bubble',
      userBubble: '--iop-user-bubble',
      userText: '--iop-user-text',
      focus: '--iop-focus',
    };
    for (const [key, prop] of Object.entries(map)) {
      if (c[key]) host.style.setProperty(prop, c[key]);
    }
  }

  build() {
    const panelId = 'iop-chat-panel';
    const titleId = 'iop-chat-title';
    const inputId = 'iop-chat-input';

    this.badge = h('span', { class: 'iop-badge', hidden: true },
      h('span', { class: 'iop-sr', text: ' (new message)' }));
    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'iop-launcher',
        'aria-expanded': 'false',
        'aria-controls': panelId,
        onclick: () => (this.isOpen() ? this.close() : this.open()),
      },
      icon(ICONS.chat, 22),
      h('span', { class: 'iop-launcher__label', text: this.cfg.launcherLabel }),
      this.badge,
    );

    this.closeButton = h(
      'button',
      { type: 'button', class: 'iop-icon-button', 'aria-label': 'Close chat', onclick: () => this.close() },
      icon(ICONS.close, 20),
    );
    this.humanButton = h('button', {
      type: 'button',
      class: 'iop-header-button',
      text: 'Talk to a person',
      onclick: () => this.send(TEXT.talkToPerson),
    });
    this.restartButton = h('button', {
      type: 'button',
      class: 'iop-header-button iop-header-button--quiet',
      text: 'Start over',
      onclick: () => this.startOver(),
    });
    const header = h(
      'div',
      { class: 'iop-header' },
      h('div', { class: 'iop-header__top' },
        h('h2', { id: titleId, class: 'iop-title', text: this.cfg.title }),
        this.closeButton),
      h('p', { class: 'iop-crisis' },
        h('a', { href: 'tel:988', class: 'iop-crisis__link', text: TEXT.crisis })),
      h('div', { class: 'iop-header__actions' }, this.humanButton, this.restartButton),
    );

    this.status = h('div', { class: 'iop-status', role: 'status', 'aria-live': 'polite' });

    this.starters = h(
      'div',
      { class: 'iop-starters', role: 'group', 'aria-label': 'Suggested questions' },
      TEXT.starters.map((text) =>
        h('button', { type: 'button', class: 'iop-chip', text, onclick: () => this.send(text) }),
      ),
    );
    this.privacy = h(
      'div',
      { class: 'iop-privacy' },
      h('p', { text: TEXT.privacy }),
      h('p', {}, ...this.renderText(TEXT.emergency)),
      this.starters,
    );
    this.messages = h('div', { class: 'iop-messages' });
    this.log = h(
      'div',
      {
        class: 'iop-log',
        role: 'log',
        'aria-live': 'polite',
        'aria-relevant': 'additions',
        'aria-label': 'Conversation',
        tabindex: '0',
      },
      this.privacy,
      this.messages,
    );
    this.typing = h(
      'div',
      { class: 'iop-typing', hidden: true },
      h('span', { class: 'iop-sr', text: TEXT.typing }),
      h('span', { class: 'iop-typing__dots', 'aria-hidden': 'true' },
        h('span', {}), h('span', {}), h('span', {})),
    );

    this.input = h('textarea', {
      id: inputId,
      class: 'iop-input',
      rows: '1',
      maxlength: String(MAX_CHARS),
      autocomplete: 'off',
      placeholder: 'Type your message',
      'aria-describedby': 'iop-chat-hint',
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitInput();
      }
    });
    this.input.addEventListener('input', () => this.autosize());
    this.sendButton = h(
      'button',
      { type: 'submit', class: 'iop-send' },
      icon(ICONS.send, 18),
      h('span', { class: 'iop-send__label', text: 'Send' }),
    );
    this.form = h(
      'form',
      {
        class: 'iop-composer',
        onsubmit: (event) => {
          event.preventDefault();
          this.submitInput();
        },
      },
      h('label', { for: inputId, class: 'iop-sr', text: 'Your message' }),
      this.input,
      this.sendButton,
      h('p', { id: 'iop-chat-hint', class: 'iop-sr', text: 'Press Enter to send, Shift+Enter for a new line.' }),
    );

    this.panel = h(
      'div',
      {
        id: panelId,
        class: 'iop-panel',
        role: 'dialog',
        'aria-modal': 'false',
        'aria-labelledby': titleId,
        hidden: true,
      },
      header,
      this.status,
      this.log,
      this.typing,
      this.form,
    );
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      } else if (event.key === 'Tab' && this.isFullScreen()) {
        this.trapFocus(event);
      }
    });

    return h(
      'div',
      { class: 'iop-root', role: 'region', 'aria-label': `Chat: ${this.cfg.title}` },
      this.panel,
      this.launcher,
    );
  }

  // --- open / close -----------------------------------------------------------

  isOpen() {
    return !this.panel.hidden;
  }

  /** On small screens the panel covers the page, so it behaves as a modal dialog. */
  isFullScreen() {
    return Boolean(this.smallScreen && this.smallScreen.matches);
  }

  updateModal() {
    this.panel.setAttribute('aria-modal', String(this.isFullScreen()));
  }

  trapFocus(event) {
    const items = [...this.panel.querySelectorAll('a[href], button:not([disabled]), textarea, [tabindex="0"]')]
      .filter((el) => el.getClientRects().length > 0);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && (active === first || !this.panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.updateModal();
    this.launcher.setAttribute('aria-expanded', 'true');
    this.host.classList.add('iop-open');
    this.root.querySelector('.iop-root').classList.add('iop-root--open');
    this.badge.hidden = true;
    this.session.setItem(this.openKey(), '1');
    this.scrollToEnd(true);
    if (focus) this.input.focus();
    if (this.cfg.serverUrl) this.connect();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.root.querySelector('.iop-root').classList.remove('iop-root--open');
    this.session.setItem(this.openKey(), '0');
    this.launcher.focus();
  }

  // --- connection ---------------------------------------------------------------

  connect() {
    if (this.socket) {
      if (!this.socket.connected && !this.socket.active) {
        this.intentionalDisconnect = false;
        this.socket.connect();
      }
      return;
    }
    const server = new URL(this.cfg.serverUrl);
    let path = this.cfg.socketPath;
    if (server.pathname && server.pathname !== '/' && path === '/socket.io') {
      path = `${server.pathname.replace(/\/+$/, '')}/socket.io`; // Rasa behind a path prefix
    }
    const socket = io(server.origin, {
      path,
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 8000,
      timeout: 10000,
      withCredentials: false,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.intentionalDisconnect = false;
      this.sessionReady = false;
      this.refreshState();
      socket.emit('session_request', { session_id: this.state.sessionId });
    });
    socket.on('session_confirm', (data) => this.onSessionConfirm(data));
    socket.on('bot_uttered', (data) => this.onBotUttered(data));
    socket.on('chat_error', (data) => this.onChatError(data));
    socket.on('disconnect', (reason) => {
      this.sessionReady = false;
      if (this.intentionalDisconnect) return;
      if (reason === 'io server disconnect') socket.connect();
      this.setConn('offline');
    });
    socket.on('connect_error', () => {
      if (this.intentionalDisconnect) return;
      this.setConn(this.everOnline ? 'offline' : 'connecting-failed');
    });
    this.setConn('connecting');
    socket.connect();
  }

  onSessionConfirm(data) {
    const id = confirmedSessionId(data);
    if (!id) return;
    this.refreshState();
    if (this.state.sessionId !== id) {
      this.state = { ...this.state, sessionId: id, updatedAt: Date.now() };
      this.state = this.store.save(this.state);
    }
    this.confirmedId = id;
    this.sessionReady = true;
    this.setConn('online');
    this.flushOutbox();
  }

  onBotUttered(data) {
    this.refreshState();
    // Every tab of this site is in the conversation's room and gets the reply;
    // the tab that sent the visitor's message records it, the others follow
    // through the storage event. A reply to a conversation that was started
    // over (in this tab or another) is dropped.
    if (this.state.turnOwner !== this.tab) return;
    if (!this.confirmedId || this.state.sessionId !== this.confirmedId) return;
    const message = normalizeBotMessage(data, { id: newId() });
    if (!message) return;
    this.commit(appendMessages(this.state, [message], this.store.max));
    if (!this.isOpen()) this.badge.hidden = false;
  }

  onChatError(data) {
    this.refreshState();
    if (this.state.turnOwner !== this.tab) return; // the tab that sent it says so
    this.commit(appendMessages(this.state, [chatErrorMessage(data, { id: newId() })], this.store.max));
  }

  flushOutbox() {
    if (!this.sessionReady || !this.socket) return;
    this.refreshState();
    const queued = this.state.messages.filter((m) => m.pending && m.from === 'user');
    if (!queued.length) return;
    let state = this.state;
    for (const message of queued) {
      this.emitUser(message.payload || message.text);
      state = updateMessage(state, message.id, { pending: false, payload: undefined });
    }
    this.commit({ ...state, turnOwner: this.tab });
  }

  emitUser(text) {
    this.socket.emit('user_uttered', { message: text, session_id: this.confirmedId });
  }

  setConn(conn) {
    const previous = this.conn;
    this.conn = conn;
    this.win.clearTimeout(this.connectingTimer);
    this.win.clearTimeout(this.statusTimer);
    this.panel.dataset.conn = conn;
    if (conn === 'online') {
      this.everOnline = true;
      if (previous === 'offline') {
        this.showStatus(TEXT.reconnected, 'ok');
        this.statusTimer = this.win.setTimeout(() => this.showStatus(''), 4000);
      } else this.showStatus('');
    } else if (conn === 'offline') {
      this.showStatus(TEXT.offline, 'warn');
    } else if (conn === 'connecting' || conn === 'connecting-failed') {
      if (conn === 'connecting-failed') this.showStatus(TEXT.cantConnect, 'warn');
      else this.connectingTimer = this.win.setTimeout(() => this.showStatus(TEXT.connecting), 1500);
    } else if (conn === 'unavailable') {
      this.showStatus(TEXT.unavailable, 'warn');
    } else {
      this.showStatus('');
    }
    this.updateTyping();
  }

  showStatus(text, kind = 'info') {
    const nearEnd = this.isNearEnd();
    this.status.textContent = text;
    this.status.dataset.kind = kind;
    this.status.hidden = !text;
    if (nearEnd) this.scrollToEnd(true);
  }

  // --- sending ----------------------------------------------------------------

  submitInput() {
    const text = this.input.value.replace(/\s+$/, '');
    if (!text.trim()) return;
    if (this.send(text)) {
      this.input.value = '';
      this.autosize();
    }
  }

  /** Shows `display` as the visitor's message and sends `payload` (default: the same text). */
  send(display, payload = display) {
    if (!this.store) return false;
    const text = String(display).slice(0, MAX_CHARS);
    const ready = this.sessionReady && this.socket && this.socket.connected;
    this.refreshState();
    const message = userMessage(text, { id: newId(), pending: !ready });
    if (!ready && payload !== text) message.payload = payload;
    let next = appendMessages(this.state, [message], this.store.max);
    next = { ...next, turnOwner: this.tab };
    this.commit(next);
    this.scrollToEnd(true);
    if (ready) this.emitUser(payload);
    else this.connect();
    return true;
  }

  startOver() {
    if (!this.store) return;
    if (this.socket && this.socket.connected && this.sessionReady) {
      this.emitUser(TEXT.startOver); // lets the assistant forget this conversation
    }
    this.store.clear();
    this.state = emptyState();
    this.confirmedId = null;
    this.sessionReady = false;
    this.renderMessages();
    this.showStatus(TEXT.startedOver);
    this.statusTimer = this.win.setTimeout(() => this.showStatus(''), 5000);
    if (this.socket) {
      // leave the old conversation's room; connect asks for a new session
      this.intentionalDisconnect = true;
      this.socket.disconnect();
      this.intentionalDisconnect = false;
      this.socket.connect();
    }
    this.input.focus();
  }

  // --- state --------------------------------------------------------------------

  refreshState() {
    if (this.store) this.state = this.store.load();
  }

  commit(state) {
    this.state = this.store.save(state);
    this.renderMessages();
  }

  onStorage(event) {
    if (!this.store || (event.key !== null && event.key !== this.store.key)) return;
    this.refreshState();
    this.renderMessages();
    if (!this.socket) return;
    const wanted = this.state.sessionId;
    if (wanted === this.confirmedId) return;
    if (!wanted && !this.state.messages.length && this.confirmedId) {
      // another tab started over: leave the old room and wait for its new session
      this.confirmedId = null;
      this.sessionReady = false;
      this.intentionalDisconnect = true;
      this.socket.disconnect();
      return;
    }
    if (wanted) {
      this.confirmedId = null;
      this.sessionReady = false;
      this.intentionalDisconnect = true;
      this.socket.disconnect();
      this.intentionalDisconnect = false;
      this.socket.connect();
    }
  }

  // --- rendering -----------------------------------------------------------------

  renderText(text) {
    const nodes = [];
    for (const seg of linkify(text)) {
      if (seg.type === 'link') {
        const attrs = { href: seg.href, class: 'iop-link', text: seg.text };
        if (!seg.href.startsWith('tel:')) {
          attrs.target = '_blank';
          attrs.rel = 'noopener noreferrer nofollow';
        }
        nodes.push(h('a', attrs));
      } else {
        const lines = seg.text.split('\n');
        lines.forEach((line, i) => {
          if (i > 0) nodes.push(h('br'));
          if (line) nodes.push(this.doc.createTextNode(line));
        });
      }
    }
    return nodes;
  }

  renderMessage(message) {
    const isBot = message.from === 'bot';
    const bubble = h(
      'div',
      { class: 'iop-bubble' },
      h('span', { class: 'iop-sr', text: isBot ? 'Assistant: ' : 'You: ' }),
      message.text ? h('p', { class: 'iop-text' }, ...this.renderText(message.text)) : null,
      message.image
        ? h('img', { src: message.image, alt: 'Image from the assistant', class: 'iop-image', loading: 'lazy' })
        : null,
    );
    let replies = null;
    if (isBot && message.buttons && message.buttons.length) {
      replies = h(
        'div',
        { class: 'iop-replies', role: 'group', 'aria-label': 'Reply options' },
        message.buttons.map((b) => {
          if (b.url && !b.payload) {
            const attrs = { class: 'iop-reply iop-reply--link', href: b.url, text: b.title };
            if (!b.url.startsWith('tel:')) {
              attrs.target = '_blank';
              attrs.rel = 'noopener noreferrer nofollow';
            }
            return h('a', attrs);
          }
          return h('button', {
            type: 'button',
            class: 'iop-reply',
            text: b.title,
            onclick: (event) => {
              if (event.currentTarget.disabled) return;
              this.send(b.title, b.payload);
              this.input.focus();
            },
          });
        }),
      );
    }
    const meta = h(
      'div',
      { class: 'iop-meta' },
      h('time', { datetime: new Date(message.ts).toISOString(), text: formatTime(message.ts) }),
      message.pending ? h('span', { class: 'iop-pending', text: ` · ${TEXT.pending}` }) : null,
    );
    return h(
      'div',
      { class: `iop-msg iop-msg--${isBot ? 'bot' : 'user'}`, 'data-id': message.id },
      bubble,
      replies,
      meta,
    );
  }

  renderMessages() {
    const messages = this.state.messages;
    const ids = messages.map((m) => m.id);
    const isPrefix =
      this.renderedOrder.length <= ids.length &&
      this.renderedOrder.every((id, i) => ids[i] === id);
    const nearEnd = this.isNearEnd();
    if (!isPrefix) {
      this.messages.replaceChildren();
      this.rendered.clear();
      this.renderedOrder = [];
    }
    // a queued message that has gone out loses its "not sent yet" note
    for (const m of messages) {
      const el = this.rendered.get(m.id);
      if (el && !m.pending && el.classList.contains('iop-msg--pending')) {
        el.classList.remove('iop-msg--pending');
        const note = el.querySelector('.iop-pending');
        if (note) note.remove();
      }
    }
    for (const m of messages.slice(this.renderedOrder.length)) {
      const el = this.renderMessage(m);
      el.classList.toggle('iop-msg--pending', Boolean(m.pending));
      this.messages.append(el);
      this.rendered.set(m.id, el);
      this.renderedOrder.push(m.id);
    }
    // buttons before the visitor's latest message have been answered
    const answeredBefore = lastUserIndex(messages);
    messages.forEach((m, i) => {
      const el = this.rendered.get(m.id);
      if (!el || m.from !== 'bot') return;
      for (const button of el.querySelectorAll('button.iop-reply')) {
        button.disabled = i < answeredBefore;
      }
    });
    this.starters.hidden = messages.length > 0;
    this.updateTyping();
    if (nearEnd) this.scrollToEnd(true);
  }

  updateTyping() {
    if (!this.typing) return;
    this.win.clearTimeout(this.typingTimer);
    const last = this.state.messages[this.state.messages.length - 1];
    const age = last ? Date.now() - last.ts : Infinity;
    const show =
      this.conn === 'online' && last && last.from === 'user' && !last.pending && age < TYPING_WINDOW_MS;
    const nearEnd = this.isNearEnd();
    this.typing.hidden = !show;
    if (nearEnd) this.scrollToEnd(true);
    if (show) this.typingTimer = this.win.setTimeout(() => this.updateTyping(), TYPING_WINDOW_MS - age + 50);
  }

  isNearEnd() {
    if (!this.log) return true;
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  scrollToEnd(force = false) {
    if (!this.log) return;
    if (force || this.isNearEnd()) this.log.scrollTop = this.log.scrollHeight;
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 140)}px`;
  }
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}
