/**
 * Switchboard browser client: a plain ES module with no dependencies and no build step.
 *
 *   import { Switchboard } from '/switchboard.js';
 *   const sb = Switchboard.connect();
 *   sb.on('status', s => console.log(s));
 *   const chat = sb.room('chat');
 *   chat.on('message', (payload, frame) => console.log(frame.from, payload));
 *   await sb.join('chat');
 *   await sb.publish('chat', { text: 'hi' });
 *
 * The pieces that hold logic (Backoff, Requests, Conflator) are plain classes with injectable
 * clocks and randomness so they can be tested without a server. See docs/client.md.
 */

/** Defaults for every option `Switchboard.connect()` and `Switchboard.raw()` accept. */
export const DEFAULTS = Object.freeze({
  /** First reconnect window in ms; retry attempt n (from 1) waits a random time in [0, min(maxDelay, minDelay * factor^(n-1))). */
  minDelay: 250,
  /** Upper bound of the reconnect window in ms. */
  maxDelay: 10_000,
  /** Growth of the reconnect window per failed attempt. */
  factor: 2,
  /** A connection that stayed open this long (ms) counts as healthy: the backoff starts over. */
  stableAfter: 5_000,
  /** Give up on a socket still CONNECTING after this many ms and try again. */
  connectTimeout: 10_000,
  /** Reject a request that got no reply within this many ms (code `timeout`). */
  requestTimeout: 10_000,
  /** publishVolatile() drops the frame while more than this many bytes wait in the socket buffer. */
  volatileBufferLimit: 16 * 1024,
  /** After a reconnect, re-join each room with `since` (its epoch and last offset) so the server replays what was missed. */
  resume: true,
  /** Offsets of each room remembered to drop a message that arrives twice (a replay overlapping live messages). */
  dedupeWindow: 1000,
  /**
   * Receive the lobby's `client:connected` / `client:disconnected` notices. Off by default: the
   * connection offers the `switchboard.v1` subprotocol, and the server leaves them out (rooms still
   * report their members), so a crowd connecting costs each client nothing.
   */
  lobbyNotices: false,
  /** WebSocket subprotocols to offer; by default `['switchboard.v1']`, or none with `lobbyNotices: true`. */
  protocols: undefined,
  /**
   * Connection token source: a function returning a JWT (or a promise of one). Called on every
   * (re)connect, before `hello`, and again when the server sends `token:expiring`; the fresh token
   * goes out in an `auth` frame without reconnecting. See docs/security.md.
   */
  getToken: undefined,
});

/** The subprotocol that tells the server this client uses room presence, not lobby notices. */
export const SUBPROTOCOL = 'switchboard.v1';

/** Status values, in the order a connection usually goes through them. */
export const STATUS = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  DISCONNECTED: 'disconnected',
});

/** Close codes the server uses to say "do not come back" (4500–4999); 4000–4499 mean "reconnect". */
export function isTerminalClose(code) {
  return code >= 4500 && code <= 4999;
}

/** The page's own host as a WebSocket URL: `wss:` under `https:`, `ws:` otherwise. */
export function defaultUrl(path = '/', loc = globalThis.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${path}`;
}

/** Room names: 1–64 characters of `A–Z a–z 0–9 . _ : -` (docs/protocol.md). */
const ROOM_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Returns `room` if it can name a raw channel; throws a `bad_room` SwitchboardError otherwise.
 * `.` and `..` are refused as well: browsers resolve `/raw/..` to `/` before connecting.
 */
function checkRawRoom(room) {
  if (typeof room !== 'string' || !ROOM_NAME.test(room)) {
    throw new SwitchboardError('bad_room', `bad raw room name ${JSON.stringify(room)}: use 1-64 characters of A-Z a-z 0-9 . _ : -`);
  }
  if (room === '.' || room === '..') {
    throw new SwitchboardError('bad_room', `"${room}" cannot name a raw room: browsers resolve /raw/${room} to another path`);
  }
  return room;
}

/** A rejected request: `code` is the server's error code, or `timeout` / `disconnected` / `closed`. */
export class SwitchboardError extends Error {
  constructor(code, message, frame) {
    super(message || code);
    this.name = 'SwitchboardError';
    this.code = code;
    this.frame = frame;
  }

  /** Builds the error carried by an `{"type":"error","payload":{"code","message"}}` frame. */
  static fromFrame(frame) {
    const p = frame.payload || {};
    return new SwitchboardError(p.code || 'unknown', p.message || p.code || 'error', frame);
  }
}

/**
 * Exponential backoff with full jitter: after k failed attempts the next one waits a uniformly
 * random time in [0, min(maxDelay, minDelay * factor^k)). Full jitter spreads a crowd of clients that lost the
 * same server over the whole window instead of having them knock again in lockstep.
 */
export class Backoff {
  constructor({
    minDelay = DEFAULTS.minDelay,
    maxDelay = DEFAULTS.maxDelay,
    factor = DEFAULTS.factor,
    random = Math.random,
  } = {}) {
    if (!(minDelay > 0) || !(maxDelay >= minDelay) || !(factor >= 1)) {
      throw new RangeError(`bad backoff: minDelay=${minDelay} maxDelay=${maxDelay} factor=${factor}`);
    }
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.factor = factor;
    this.random = random;
    /** Failed attempts since the last reset. */
    this.attempt = 0;
  }

  /** The window (ms) the given attempt draws its delay from. */
  ceiling(attempt = this.attempt) {
    return Math.min(this.maxDelay, this.minDelay * Math.pow(this.factor, attempt));
  }

  /** Delay (ms) before the next attempt; counts the attempt. */
  next() {
    // minDelay > 0, so a huge attempt makes the power Infinity and the ceiling maxDelay, never NaN.
    const delay = Math.floor(this.random() * this.ceiling(this.attempt));
    this.attempt++;
    return delay;
  }

  reset() {
    this.attempt = 0;
  }
}

/** A small event emitter; `on` returns a function that removes the handler. */
export class Emitter {
  #handlers = new Map();

  on(event, handler) {
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event).add(handler);
    return () => this.off(event, handler);
  }

  once(event, handler) {
    const off = this.on(event, (...args) => {
      off();
      handler(...args);
    });
    return off;
  }

  off(event, handler) {
    this.#handlers.get(event)?.delete(handler);
  }

  emit(event, ...args) {
    const handlers = this.#handlers.get(event);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(...args);
      } catch (e) {
        // One broken handler must not starve the others; rethrow later so it still shows up.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

/**
 * Bookkeeping for requests awaiting a reply: assigns ids, matches replies by the echoed id, rejects
 * on `error` replies and on timeout. Knows nothing about sockets.
 */
export class Requests {
  #next = 1;
  #pending = new Map();

  constructor({
    timeout = DEFAULTS.requestTimeout,
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (t) => clearTimeout(t),
  } = {}) {
    this.timeout = timeout;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
  }

  /** Registers a request of the given type; returns its id and the promise of its reply frame. */
  open(type, timeout = this.timeout) {
    const id = this.#next++;
    const entry = { id, type, sent: false };
    const promise = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    entry.timer = this.setTimer(
      () => this.#fail(entry, new SwitchboardError('timeout', `${type} got no reply within ${timeout} ms`)),
      timeout,
    );
    this.#pending.set(String(id), entry);
    return { id, promise };
  }

  has(id) {
    return this.#pending.has(String(id));
  }

  /** Marks a request as written to a socket: only those fail when that socket closes. */
  markSent(id) {
    const entry = this.#pending.get(String(id));
    if (entry) entry.sent = true;
  }

  get size() {
    return this.#pending.size;
  }

  /** Settles the request a reply frame answers; false if the frame answers nothing pending. */
  settle(frame) {
    if (frame == null || frame.id == null) return false;
    const entry = this.#pending.get(String(frame.id));
    if (!entry) return false;
    this.#remove(entry);
    if (frame.type === 'error') entry.reject(SwitchboardError.fromFrame(frame));
    else entry.resolve(frame);
    return true;
  }

  /** Rejects every request already written to the socket (the server may or may not have seen it). */
  failSent(code, message) {
    for (const entry of [...this.#pending.values()]) {
      if (entry.sent) this.#fail(entry, new SwitchboardError(code, message));
    }
  }

  /** Rejects one pending request with the given code; false if it is not pending. */
  cancel(id, code, message) {
    const entry = this.#pending.get(String(id));
    if (!entry) return false;
    this.#fail(entry, new SwitchboardError(code, message));
    return true;
  }

  /** Rejects every pending request. */
  failAll(code, message) {
    for (const entry of [...this.#pending.values()]) this.#fail(entry, new SwitchboardError(code, message));
  }

  #fail(entry, error) {
    if (this.#pending.get(String(entry.id)) !== entry) return;
    this.#remove(entry);
    entry.reject(error);
  }

  #remove(entry) {
    this.clearTimer(entry.timer);
    this.#pending.delete(String(entry.id));
  }
}

/**
 * Sends only the latest value, at most once per `interval` ms, and holds it back while `busy()`
 * says the socket still has unsent bytes: a slow link sees fewer, fresher updates instead of a
 * growing queue of stale ones.
 */
export class Conflator {
  #latest = undefined;
  #has = false;
  #timer = null;
  #lastSent = -Infinity;

  constructor({
    send,
    interval = 33,
    busy = () => false,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (t) => clearTimeout(t),
  }) {
    this.send = send;
    this.interval = interval;
    this.busy = busy;
    this.now = now;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    /** Values replaced by a newer one before they were sent. */
    this.dropped = 0;
  }

  /** Offers a value; replaces any value not yet sent. */
  push(value) {
    if (this.#has) this.dropped++;
    this.#latest = value;
    this.#has = true;
    this.#schedule();
  }

  /** Forgets the value not yet sent. */
  cancel() {
    this.#has = false;
    this.#latest = undefined;
    if (this.#timer !== null) this.clearTimer(this.#timer);
    this.#timer = null;
  }

  #schedule() {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#lastSent + this.interval - this.now());
    this.#timer = this.setTimer(() => this.#flush(), wait);
  }

  #flush() {
    this.#timer = null;
    if (!this.#has) return;
    if (this.busy()) {
      this.#timer = this.setTimer(() => this.#flush(), this.interval);
      return;
    }
    const value = this.#latest;
    this.#has = false;
    this.#latest = undefined;
    this.#lastSent = this.now();
    this.send(value);
  }
}

/**
 * A WebSocket that comes back: reconnects with Backoff after every close the app did not ask for,
 * except terminal close codes (4500–4999).
 *
 * Events: `status` (status, detail), `retry` ({attempt, delay}; attempt counts from 1), `open`, `data` (message data),
 * `close` ({code, reason, wasOpen}).
 */
export class ReconnectingSocket extends Emitter {
  #socket = null;
  #timer = null;
  #stopped = true;
  #everOpened = false;
  #openedAt = 0;
  #onOnline = () => this.retryNow();

  /**
   * @param url WebSocket URL
   * @param options DEFAULTS plus `WebSocket` (constructor, for tests), `backoff` (a Backoff) and
   *   `handshake` (true: the owner calls `ready()` to report `connected` instead of `open` doing it)
   */
  constructor(url, options = {}) {
    super();
    this.url = url;
    this.options = { ...DEFAULTS, ...options };
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    this.backoff = options.backoff || new Backoff(this.options);
    this.status = STATUS.DISCONNECTED;
  }

  /** Starts connecting (again, after close(): as a fresh start, `connecting` with a new backoff). */
  open() {
    if (!this.#stopped) return this;
    this.#stopped = false;
    this.#everOpened = false;
    this.backoff.reset();
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#connect();
    return this;
  }

  /** Closes for good: no reconnect until open() is called again. */
  close(code = 1000, reason = '') {
    if (this.#stopped) return;
    this.#stopped = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    this.#clearTimer();
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.close(code, reason);
      this.emit('close', { code, reason, wasOpen: socket.readyState !== 0 });
    }
    this.#setStatus(STATUS.DISCONNECTED, { code, reason });
  }

  /** While waiting to reconnect, tries at once (the browser came back online, a user clicked…). */
  retryNow() {
    if (this.#stopped || this.#timer === null) return;
    this.#clearTimer();
    this.#connect();
  }

  /** Drops the current socket (a failed handshake) and reconnects with backoff. */
  reconnect() {
    const socket = this.#socket;
    if (socket && !this.#stopped) socket.close(4000, 'handshake failed');
  }

  /** Reports `connected`; with `handshake: true` the owner calls this once its handshake is done. */
  ready() {
    if (this.#socket && this.#socket.readyState === 1) this.#setStatus(STATUS.CONNECTED);
  }

  /** Writes to the socket if it is open; false otherwise (nothing is queued here). */
  send(data) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return false;
    socket.send(data);
    return true;
  }

  get isOpen() {
    return !!this.#socket && this.#socket.readyState === 1;
  }

  /** Bytes the browser has not yet written to the network (0 when not connected). */
  get bufferedAmount() {
    return this.#socket ? this.#socket.bufferedAmount : 0;
  }

  /** The subprotocol the server chose for the open socket (`''` for none or when not connected). */
  get protocol() {
    return (this.#socket && this.#socket.readyState === 1 && this.#socket.protocol) || '';
  }

  #connect() {
    this.#setStatus(this.#everOpened || this.backoff.attempt > 0 ? STATUS.RECONNECTING : STATUS.CONNECTING);
    let socket;
    try {
      const protocols = this.options.protocols;
      socket = protocols === undefined ? new this.WebSocket(this.url) : new this.WebSocket(this.url, protocols);
    } catch (e) {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    let opened = false;
    const connectTimer = setTimeout(() => {
      if (socket.readyState === 0) socket.close();
    }, this.options.connectTimeout);
    socket.onopen = () => {
      clearTimeout(connectTimer);
      if (this.#socket !== socket) return;
      opened = true;
      this.#everOpened = true;
      this.#openedAt = Date.now();
      this.emit('open');
      if (!this.options.handshake) this.ready();
    };
    socket.onmessage = (event) => {
      if (this.#socket === socket) this.emit('data', event.data);
    };
    // A close event always follows an error event; reconnecting happens there.
    socket.onerror = () => {};
    socket.onclose = (event) => {
      clearTimeout(connectTimer);
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.emit('close', { code: event.code, reason: event.reason, wasOpen: opened });
      if (this.#stopped) return;
      if (isTerminalClose(event.code)) {
        this.#stopped = true;
        this.#setStatus(STATUS.DISCONNECTED, { code: event.code, reason: event.reason });
        return;
      }
      if (opened && Date.now() - this.#openedAt >= this.options.stableAfter) this.backoff.reset();
      this.#scheduleReconnect();
    };
  }

  #scheduleReconnect() {
    const delay = this.backoff.next();
    const detail = { attempt: this.backoff.attempt, delay };
    this.#setStatus(STATUS.RECONNECTING, detail);
    this.emit('retry', detail);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) this.#connect();
    }, delay);
  }

  #clearTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setStatus(status, detail = {}) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status, detail);
  }
}

/**
 * One room as the app sees it. Created by `sb.room(name)`; joining is explicit.
 *
 * Events: `message` (payload, frame), `broadcast` (payload, frame), `feed` (payload, frame) for
 * server feeds such as `api:server-time`, `join` (clientId), `leave` (clientId), `presence`
 * (clientIds, sorted), `joined` (reply frame; after every re-join too), `recovered` (ok, reply
 * frame; after a join that asked to resume), `state` (changes, frame), `left`.
 */
export class Room extends Emitter {
  #client;
  /** Offsets of this epoch already passed to the app, oldest first (bounded by `dedupeWindow`). */
  #seen = new Set();

  constructor(client, name) {
    super();
    this.#client = client;
    this.name = name;
    /** Client ids currently in the room, as far as this connection has heard. */
    this.members = new Set();
    /** True between a `joined` reply and a leave or a lost connection. */
    this.joined = false;
    /** True while the app wants this room: it is re-joined after every reconnect. */
    this.wanted = false;
    /**
     * Resume position: the offset of the last message passed to the app, or the latest offset a
     * `joined` reply named (after a join that did not resume), whichever is higher; null for a room
     * that keeps no history.
     */
    this.offset = null;
    /** The history the offset belongs to (from `joined`); null for a room that keeps no history. */
    this.epoch = null;
    /** The room's shared state as of the last `joined` snapshot and the `state` changes since. */
    this.state = {};
    /** False when joined with `events: false` (no member notices, `members` stays empty). */
    this.events = true;
    /** `history` asked for on join: used again when the room is joined with no position to resume from. */
    this.history = undefined;
    /** Messages dropped because they had been passed to the app already. */
    this.duplicates = 0;
    /** The join request in flight, shared by concurrent join() calls. */
    this._joining = null;
  }

  /** Joins; `options` as for `sb.join(name, options)`. */
  join(options) {
    return this.#client.join(this.name, options);
  }

  leave() {
    return this.#client.leave(this.name);
  }

  publish(payload) {
    return this.#client.publish(this.name, payload);
  }

  publishVolatile(payload) {
    return this.#client.publishVolatile(this.name, payload);
  }

  broadcast(payload) {
    return this.#client.broadcast(payload, { room: this.name });
  }

  presence() {
    return this.#client.presence(this.name);
  }

  /** Sets a key of the room's shared state; resolves on the server's `ack`. */
  set(key, value) {
    return this.#client.set(this.name, key, value);
  }

  /** Removes a key from the room's shared state; resolves on the server's `ack`. */
  unset(key) {
    return this.#client.unset(this.name, key);
  }

  /** `{offset, epoch}`: the `since` a re-join sends (keep it to resume after a page reload); null without a position. */
  position() {
    return this.offset === null || this.epoch === null ? null : { offset: this.offset, epoch: this.epoch };
  }

  /** Replaces the member list (join reply, presence reply); emits `presence` if it changed. */
  _setMembers(clients) {
    const next = new Set(clients);
    const same = next.size === this.members.size && [...next].every((c) => this.members.has(c));
    this.members = next;
    if (!same) this.emit('presence', this._memberList());
  }

  _add(client) {
    if (this.members.has(client)) return;
    this.members.add(client);
    this.emit('join', client);
    this.emit('presence', this._memberList());
  }

  _remove(client) {
    if (!this.members.delete(client)) return;
    this.emit('leave', client);
    this.emit('presence', this._memberList());
  }

  _memberList() {
    return [...this.members].sort((a, b) => (a > b ? 1 : a < b ? -1 : 0));
  }

  /**
   * Takes the position from a `joined` reply. A new epoch starts a new history: nothing of the
   * old one counts as seen. After a recovered resume the replay continues from `resumedFrom`;
   * otherwise the position moves to the room's latest offset, and a `history` replay that follows
   * brings older messages, which pass as long as they were not passed before.
   */
  _joinedAt(payload, resumedFrom) {
    if (payload.epoch === undefined || typeof payload.offset !== 'number') {
      this._forget();
      return;
    }
    if (payload.epoch !== this.epoch) {
      this.#seen.clear();
      this.epoch = payload.epoch;
      this.offset = null;
    }
    if (resumedFrom === null) this.offset = Math.max(this.offset ?? 0, payload.offset);
    else if (this.offset === null) this.offset = resumedFrom;
  }

  /** Whether a message is new to the app; records its offset. Messages without an offset always pass. */
  _accept(frame, window) {
    const offset = frame.offset;
    if (typeof offset !== 'number' || this.epoch === null) return true;
    if (this.#seen.has(offset)) {
      this.duplicates++;
      return false;
    }
    this.#seen.add(offset);
    if (this.#seen.size > window) this.#seen.delete(this.#seen.values().next().value);
    if (this.offset === null || offset > this.offset) this.offset = offset;
    return true;
  }

  /** Forgets the position (after a leave, or for a room that keeps no history). */
  _forget() {
    this.#seen.clear();
    this.offset = null;
    this.epoch = null;
  }

  /** Takes a full snapshot; emits `state` with what changed, removed keys as null. */
  _replaceState(snapshot, frame) {
    const next = snapshot && typeof snapshot === 'object' && !Array.isArray(snapshot) ? snapshot : {};
    const changes = {};
    for (const key of Object.keys(this.state)) {
      if (!(key in next)) changes[key] = null;
    }
    for (const [key, value] of Object.entries(next)) {
      if (!(key in this.state) || JSON.stringify(this.state[key]) !== JSON.stringify(value)) changes[key] = value;
    }
    this.state = { ...next };
    if (Object.keys(changes).length > 0) this.emit('state', changes, frame);
  }

  /** Applies a `state` frame's changes (null removes a key) and emits `state`. */
  _applyState(changes, frame) {
    if (!changes || typeof changes !== 'object') return;
    const next = { ...this.state };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    this.state = next;
    this.emit('state', changes, frame);
  }
}

/**
 * A Switchboard connection.
 *
 * Events: `status` (status, detail), `welcome` (payload), `frame` (every frame received),
 * `message` (frame), `broadcast` (frame), `direct` (frame), `feed` (frame), `state` (frame),
 * `recovered` (roomName, ok, reply frame), `client:connected` (clientId, frame),
 * `client:disconnected` (clientId, frame), `room:joined` / `room:left` (frame), `error`
 * (SwitchboardError not tied to a request).
 */
export class Switchboard extends Emitter {
  #socket;
  #requests;
  #rooms = new Map();
  #outbox = [];
  #ready = false;
  /** Rooms whose join this connection still waits for before it reports `connected` (null: not waiting). */
  #awaitingJoins = null;

  /** Connects to `url` (default: this page's host, path `/`) and returns at once. */
  static connect(url, options = {}) {
    return new Switchboard(url, options).open();
  }

  /**
   * A raw text channel `/raw/{room}`: every socket of the room, the sender included, receives each
   * frame unchanged. Returns a ReconnectingSocket (already opening); listen to `data`, call `send`.
   */
  static raw(room, options = {}) {
    const url = options.url || defaultUrl(`/raw/${encodeURIComponent(checkRawRoom(room))}`);
    return new ReconnectingSocket(url, options).open();
  }

  constructor(url, options = {}) {
    super();
    this.url = url || defaultUrl('/');
    this.options = { ...DEFAULTS, ...options };
    /** This connection's client id, from the `welcome` reply (changes after a reconnect). */
    this.id = null;
    /** The last `welcome` payload: `{client, rooms, version}`. */
    this.server = null;
    this.status = STATUS.DISCONNECTED;
    this.#requests = new Requests({ timeout: this.options.requestTimeout });
    const protocols = this.options.protocols ?? (this.options.lobbyNotices ? undefined : [SUBPROTOCOL]);
    this.#socket = new ReconnectingSocket(this.url, { ...this.options, protocols, handshake: true });
    this.#socket.on('status', (status, detail) => {
      this.status = status;
      this.emit('status', status, detail);
    });
    this.#socket.on('retry', (detail) => this.emit('retry', detail));
    this.#socket.on('open', () => this.#onOpen());
    this.#socket.on('close', () => this.#onClose());
    this.#socket.on('data', (data) => this.#onData(data));
  }

  open() {
    this.#socket.open();
    return this;
  }

  /** Closes for good; pending requests reject with `closed`. */
  close() {
    this.#requests.failAll('closed', 'connection closed by the app');
    this.#outbox = [];
    this.#socket.close();
  }

  /** The backoff in use (its `attempt` counts failed attempts since the last healthy connection). */
  get backoff() {
    return this.#socket.backoff;
  }

  /** Bytes waiting in the socket buffer. */
  get bufferedAmount() {
    return this.#socket.bufferedAmount;
  }

  /** The subprotocol the server chose (`'switchboard.v1'` by default; `''` for none or while not connected). */
  get protocol() {
    return this.#socket.protocol;
  }

  /** Names of the rooms the app joined (and that are re-joined after a reconnect). */
  get rooms() {
    return [...this.#rooms.values()].filter((r) => r.wanted).map((r) => r.name);
  }

  /** The Room object for `name` (created on first use; does not join). */
  room(name) {
    let room = this.#rooms.get(name);
    if (!room) {
      room = new Room(this, name);
      this.#rooms.set(name, room);
    }
    return room;
  }

  /**
   * Resolves once the connection is (again) ready — `welcome` has arrived and every room the app
   * wants has answered its join — at once if it is.
   */
  connected() {
    if (this.status === STATUS.CONNECTED) return Promise.resolve(this);
    return new Promise((resolve) => {
      const off = this.on('status', (s) => {
        if (s === STATUS.CONNECTED) {
          off();
          resolve(this);
        }
      });
    });
  }

  /**
   * Sends a request frame (an id is added) and resolves with the reply frame. Made while not
   * connected, the request waits and goes out after the next handshake; its timeout runs anyway.
   */
  request(frame, { timeout } = {}) {
    const { id, promise } = this.#requests.open(frame.type, timeout);
    const message = { ...frame, id };
    if (this.#ready) this.#write(message);
    else this.#outbox.push(message);
    return promise;
  }

  /**
   * Joins a room and keeps it joined across reconnects. Resolves with the `joined` reply
   * (`payload.clients`, `offset`, `epoch`, `state`). Rejects with the server's code (`bad_room`,
   * `forbidden`…): the room is then forgotten; with `disconnected`/`timeout` it stays wanted and is
   * re-joined on reconnect.
   *
   * Options: `history` (replay the last N kept messages after `joined`; remembered for joins that
   * have no position to resume from), `events` (false: no member notices for this room, remembered),
   * `since` (`{offset, epoch}`: resume from a position the app kept itself). Joining a room it is
   * already in with `history` fetches those messages again; the ones already passed on are dropped.
   */
  join(name, { history, events, since } = {}) {
    const room = this.room(name);
    room.wanted = true;
    if (events !== undefined) room.events = events !== false;
    if (history !== undefined) room.history = history;
    if (history === undefined && since === undefined) return this.#join(room);
    return this.#join(room, { history, since });
  }

  /** Leaves a room; resolves with the `left` reply (or at once when not connected). */
  leave(name) {
    const room = this.room(name);
    room.wanted = false;
    room._joining = null;
    if (!this.#ready) {
      this.#dropFromOutbox(name);
      this.#markLeft(room);
      return Promise.resolve(null);
    }
    return this.request({ type: 'leave', room: name }).then((reply) => {
      if (!room.wanted) this.#markLeft(room);
      return reply;
    });
  }

  /** Publishes to every member of a joined room (the sender too); resolves on the server's `ack`. */
  publish(room, payload) {
    return this.request({ type: 'publish', room, payload });
  }

  /**
   * Publishes a volatile message (`"volatile":true`: no offset, never kept, dropped for a
   * recipient that is backed up) without an id (no ack), and only if the socket is ready and not
   * backed up itself; returns whether the frame was written. For high-rate, loss-tolerant data
   * such as cursor positions.
   */
  publishVolatile(room, payload) {
    if (!this.#ready || this.bufferedAmount > this.options.volatileBufferLimit) return false;
    return this.#socket.send(JSON.stringify({ type: 'publish', room, payload, volatile: true }));
  }

  /** Sets `key` of a joined room's shared state to `value` (any JSON); resolves on the `ack`. */
  set(room, key, value) {
    return this.request({ type: 'set', room, key, value });
  }

  /** Removes `key` from a joined room's shared state; resolves on the `ack`. */
  unset(room, key) {
    return this.request({ type: 'unset', room, key });
  }

  /**
   * A Conflator that publishes the latest value to `room` at most `rate` times per second, holding
   * back while the socket buffer is not empty. Call `.push(value)` as often as you like.
   */
  conflate(room, { rate = 30 } = {}) {
    return new Conflator({
      interval: Math.round(1000 / rate),
      busy: () => this.bufferedAmount > 0,
      send: (value) => this.publishVolatile(room, value),
    });
  }

  /** Sends to every other client in the lobby, or in `room`; resolves on `ack`. */
  broadcast(payload, { room } = {}) {
    const frame = { type: 'broadcast', payload };
    if (room !== undefined) frame.room = room;
    return this.request(frame);
  }

  /** Sends to one client by id; resolves on `ack` (rejects with `no_such_client`). */
  direct(to, payload) {
    return this.request({ type: 'direct', to, payload });
  }

  /** Resolves with the sorted client ids in `room`. */
  async presence(name) {
    const reply = await this.request({ type: 'presence', room: name });
    const clients = (reply.payload && reply.payload.clients) || [];
    const room = this.#rooms.get(name);
    if (room && room.joined) room._setMembers(clients);
    return [...clients].sort((a, b) => (a > b ? 1 : a < b ? -1 : 0));
  }

  /**
   * Sends a join. Without explicit options a room with a position resumes from it (`since`), and
   * one without asks for the `history` it was joined with; concurrent plain joins share a request.
   */
  #join(room, explicit) {
    if (room._joining && !explicit) return room._joining;
    const frame = { type: 'join', room: room.name };
    const since = explicit ? explicit.since : this.options.resume ? room.position() : null;
    if (since) frame.since = since;
    else if (explicit && explicit.history !== undefined) frame.history = explicit.history;
    else if (room.offset === null && room.history !== undefined) frame.history = room.history;
    if (!room.events) frame.events = false;
    const joining = this.request(frame).then(
      (reply) => {
        if (room._joining === joining) room._joining = null;
        const payload = reply.payload || {};
        const recovered = since ? payload.recovered === true : null;
        room._joinedAt(payload, recovered ? since.offset : null);
        room.joined = true;
        room._setMembers(Array.isArray(payload.clients) ? payload.clients : []);
        room._replaceState(payload.state, reply);
        room.emit('joined', reply);
        if (since) {
          room.emit('recovered', recovered, reply);
          this.emit('recovered', room.name, recovered, reply);
        }
        // Before the caller's own continuation: whoever awaits the join sees `connected` already.
        this.#joinAnswered(room);
        return reply;
      },
      (error) => {
        if (room._joining === joining) room._joining = null;
        if (error.code !== 'timeout' && error.code !== 'disconnected') room.wanted = false;
        this.#joinAnswered(room);
        throw error;
      },
    );
    room._joining = joining;
    return joining;
  }

  #markLeft(room) {
    const wasJoined = room.joined;
    room.joined = false;
    room._forget();
    room._setMembers([]);
    if (wasJoined) room.emit('left');
  }

  #dropFromOutbox(roomName) {
    for (const m of this.#outbox) {
      if (m.type === 'join' && m.room === roomName) this.#requests.cancel(m.id, 'left', `left ${roomName} before joining`);
    }
    this.#outbox = this.#outbox.filter((m) => this.#requests.has(m.id));
  }

  #write(message) {
    if (this.#socket.send(JSON.stringify(message))) this.#requests.markSent(message.id);
  }

  #onOpen() {
    this.#ready = false;
    if (this.options.getToken) {
      // Authenticate first: the server handles nothing else before (required mode).
      this.#authenticate().then(
        () => this.#hello(),
        (error) => {
          this.emit('error', error);
          if (error.code !== 'disconnected' && error.code !== 'closed') this.#socket.reconnect();
        },
      );
      return;
    }
    this.#hello();
  }

  /** Sends `auth` with a token from `options.getToken()`; resolves with the `authenticated` reply. */
  async #authenticate() {
    let token;
    try {
      token = await this.options.getToken();
    } catch (e) {
      throw new SwitchboardError('token_unavailable', `getToken() failed: ${e && e.message ? e.message : e}`);
    }
    const { id, promise } = this.#requests.open('auth');
    if (!this.#socket.send(JSON.stringify({ type: 'auth', token, id }))) {
      this.#requests.cancel(id, 'disconnected', 'connection lost before auth');
    } else {
      this.#requests.markSent(id);
    }
    const reply = await promise;
    this.emit('authenticated', reply.payload || {});
    return reply;
  }

  #hello() {
    const hello = { type: 'hello' };
    const { id, promise } = this.#requests.open('hello');
    this.#socket.send(JSON.stringify({ ...hello, id }));
    this.#requests.markSent(id);
    promise.then(
      (welcome) => {
        this.server = welcome.payload || null;
        this.id = this.server ? this.server.client : null;
        this.emit('welcome', this.server);
        this.#afterHandshake();
      },
      (error) => {
        // An old or odd server that has no hello: still usable, just without an id.
        if (error.code !== 'disconnected' && error.code !== 'closed') this.#afterHandshake();
      },
    );
  }

  #afterHandshake() {
    if (!this.#socket.isOpen) return;
    this.#ready = true;
    // Re-join first so queued publishes land in rooms this connection is a member of.
    const queuedJoins = new Set(this.#outbox.filter((m) => m.type === 'join').map((m) => m.room));
    for (const room of this.#rooms.values()) {
      if (room.wanted && !room._joining && !queuedJoins.has(room.name)) this.#join(room);
    }
    const outbox = this.#outbox;
    this.#outbox = [];
    for (const message of outbox) {
      if (this.#requests.has(message.id)) this.#write(message);
    }
    // `connected` once the rooms are back: each wanted room's join has been answered (or failed).
    this.#awaitingJoins = new Set([...this.#rooms.values()].filter((r) => r.wanted && r._joining));
    this.#joinAnswered(null);
  }

  /** Reports `connected` when the last join the handshake waits for has its answer. */
  #joinAnswered(room) {
    const awaiting = this.#awaitingJoins;
    if (awaiting === null) return;
    awaiting.delete(room);
    if (awaiting.size > 0) return;
    this.#awaitingJoins = null;
    this.#socket.ready();
  }

  #onClose() {
    this.#ready = false;
    this.#awaitingJoins = null;
    this.#requests.failSent('disconnected', 'connection lost before the reply');
    for (const room of this.#rooms.values()) room.joined = false;
  }

  #onData(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      this.emit('error', new SwitchboardError('bad_frame', `not JSON: ${String(data).slice(0, 80)}`));
      return;
    }
    if (frame === null || typeof frame !== 'object') return;
    this.emit('frame', frame);
    const settled = this.#requests.settle(frame);
    const room = typeof frame.room === 'string' ? this.#rooms.get(frame.room) : undefined;
    switch (frame.type) {
      case 'message':
        if (room) {
          if (!room._accept(frame, this.options.dedupeWindow)) break;
          room.emit('message', frame.payload, frame);
        }
        this.emit('message', frame);
        break;
      case 'state':
        if (room) room._applyState(frame.payload, frame);
        this.emit('state', frame);
        break;
      case 'broadcast':
        if (room) room.emit('broadcast', frame.payload, frame);
        this.emit('broadcast', frame);
        break;
      case 'direct':
        this.emit('direct', frame);
        break;
      case 'room:joined':
        if (room && room.joined) room._add(frame.client);
        this.emit('room:joined', frame);
        break;
      case 'room:left':
        if (room) room._remove(frame.client);
        this.emit('room:left', frame);
        break;
      case 'client:connected':
        this.emit('client:connected', frame.client, frame);
        break;
      case 'client:disconnected':
        // Rooms may not announce a closed connection separately: it left all of them.
        for (const r of this.#rooms.values()) r._remove(frame.client);
        this.emit('client:disconnected', frame.client, frame);
        break;
      case 'error':
        if (!settled) this.emit('error', SwitchboardError.fromFrame(frame));
        break;
      case 'token:expiring':
        // Refresh in place: a new auth frame on the same connection.
        if (this.options.getToken) this.#authenticate().catch((error) => this.emit('error', error));
        break;
      default:
        if (typeof frame.type === 'string' && frame.type.startsWith('api:')) {
          if (room) room.emit('feed', frame.payload, frame);
          this.emit('feed', frame);
        }
    }
  }
}

export default Switchboard;
