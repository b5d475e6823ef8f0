// The demo page: one Switchboard connection for chat, presence, feeds, the shared lamp (room
// state) and the XY pad, plus a raw socket for the bang pad. Element ids are stable; the browser
// tests rely on them.
//
// The page needs no lobby notices, so the library's default (the switchboard.v1 subprotocol, no
// client:connected / client:disconnected) suits it: the chat room reports who is there.
import { Switchboard, Conflator, STATUS } from '/switchboard.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const numberParam = (name) => (params.has(name) ? Number(params.get(name)) : undefined);

// ?minDelay=…&maxDelay=… tune the reconnect backoff (handy when restarting a local server).
const options = {};
for (const key of ['minDelay', 'maxDelay']) {
  if (numberParam(key) > 0) options[key] = numberParam(key);
}

const sb = Switchboard.connect(undefined, options);
const bang = Switchboard.raw('bang', options);
window.switchboard = sb;

const STATUS_TEXT = {
  [STATUS.CONNECTING]: 'connecting…',
  [STATUS.CONNECTED]: 'connected',
  [STATUS.RECONNECTING]: 'reconnecting…',
  [STATUS.DISCONNECTED]: 'disconnected',
};

// This page's client id while its connection is up; null while it is down (the id dies with the
// connection, and the next one gets a new id).
let me = null;
const name = (client) => (client === me ? 'You' : `Client ${client}`);
const hue = (client) => (Number(client) * 137.508) % 360;

// ---------------------------------------------------------------- status

function showStatus(status) {
  const el = $('status');
  el.textContent = STATUS_TEXT[status] || status;
  el.dataset.status = status;
  document.body.dataset.status = status;
}
function showMe() {
  $('me').textContent = me === null ? '' : `you are Client ${me}`;
  $('me').dataset.client = me ?? '';
}

showStatus(sb.status);
sb.on('status', (status) => {
  showStatus(status);
  if (status !== STATUS.CONNECTED) me = null;
  showMe();
  renderPresence(chat._memberList());
});

sb.on('welcome', (server) => {
  me = sb.id;
  showMe();
  $('server-version').textContent = server && server.version ? `server ${server.version}` : '';
  renderPresence(chat._memberList());
});

// ---------------------------------------------------------------- chat and presence

// A tab that opens late shows the last CHAT_HISTORY lines. After a reconnect the library resumes
// the room where it left off (the server replays exactly the missed lines); when it cannot (the
// server restarted and lost its history), the page fetches the last lines again. Each line is keyed
// by its epoch and offset, so a line that comes twice is shown once.
const CHAT_HISTORY = 50;
const MAX_LINES = 200;
const chat = sb.room('chat');
const log = $('chat-log');
const shownLines = new Set();

/**
 * Appends a line; a message line (with a key) goes after the lines of its epoch with lower
 * offsets, so a fetched history that arrives after a live line still reads in order.
 */
function addLine(kind, who, text, client, position) {
  const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const li = document.createElement('li');
  li.className = `line ${kind}`;
  if (position) {
    li.dataset.epoch = position.epoch;
    li.dataset.offset = position.offset;
    shownLines.add(`${position.epoch}:${position.offset}`);
  }
  if (client !== undefined) {
    li.dataset.client = client;
    li.style.setProperty('--hue', hue(client));
  }
  if (who) {
    const whoEl = document.createElement('span');
    whoEl.className = 'who';
    whoEl.textContent = who;
    li.append(whoEl);
  }
  const textEl = document.createElement('span');
  textEl.className = 'text';
  textEl.textContent = text;
  li.append(textEl);
  log.insertBefore(li, position ? firstLaterLine(position) : null);
  while (log.children.length > MAX_LINES) {
    const old = log.firstElementChild;
    shownLines.delete(`${old.dataset.epoch}:${old.dataset.offset}`);
    old.remove();
  }
  if (stick) log.scrollTop = log.scrollHeight;
}

/** The earliest line of the trailing run of lines that come after `position` in its epoch (system lines skipped). */
function firstLaterLine({ epoch, offset }) {
  let later = null;
  for (let el = log.lastElementChild; el; el = el.previousElementSibling) {
    if (el.dataset.offset === undefined) continue;
    if (el.dataset.epoch !== epoch || Number(el.dataset.offset) < offset) break;
    later = el;
  }
  return later;
}

function chatText(payload) {
  if (typeof payload === 'string') return payload;
  if (payload && typeof payload.text === 'string') return payload.text;
  return JSON.stringify(payload);
}

chat.on('message', (payload, frame) => {
  const position = typeof frame.offset === 'number' && chat.epoch !== null ? { epoch: chat.epoch, offset: frame.offset } : null;
  if (position && shownLines.has(`${position.epoch}:${position.offset}`)) return;
  addLine(frame.from === sb.id ? 'mine' : 'theirs', name(frame.from), chatText(payload), frame.from, position);
});
chat.on('recovered', (ok) => {
  if (ok) return;
  addLine('system', '', 'Reconnected; lines sent while you were away may be missing. Fetching the latest…');
  chat.join({ history: CHAT_HISTORY }).catch(() => {
    // A lost connection: the next one resumes from the new position.
  });
});
chat.on('join', (client) => addLine('system', '', `Client ${client} joined`));
chat.on('leave', (client) => addLine('system', '', `Client ${client} left`));
chat.on('presence', renderPresence);

// While the connection is down the list shows the others as last seen (greyed out), without this
// page: its old id has left the room with the old connection.
function renderPresence(clients) {
  const list = $('presence');
  const stale = sb.status !== STATUS.CONNECTED;
  const shown = stale ? clients.filter((client) => client !== sb.id) : clients;
  list.dataset.stale = stale;
  list.replaceChildren(
    ...shown.map((client) => {
      const li = document.createElement('li');
      li.dataset.client = client;
      li.style.setProperty('--hue', hue(client));
      li.textContent = client === me ? `Client ${client} (you)` : `Client ${client}`;
      if (client === me) li.classList.add('self');
      return li;
    }),
  );
  $('presence-count').textContent = shown.length;
}

$('chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('chat-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  try {
    await sb.publish('chat', { text });
  } catch (e) {
    addLine('system error', '', `not sent (${e.code}): ${text}`);
  }
});

// ---------------------------------------------------------------- feeds

// The feed tells the server's time every few seconds ("16:45:03 GMT+0000 (…)"). Between two
// ticks the clock counts on by itself from the last one, by the page's monotonic clock, so it
// moves every second and still shows the server's time, not the browser's.
const clock = { seconds: null, at: 0, timer: null };
const two = (n) => String(n).padStart(2, '0');

function showClock() {
  clearTimeout(clock.timer);
  const elapsed = performance.now() - clock.at;
  const t = (clock.seconds + Math.floor(elapsed / 1000)) % 86400;
  $('clock').textContent = `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
  clock.timer = setTimeout(showClock, 1000 - (elapsed % 1000));
}

sb.room('server-time').on('feed', (payload) => {
  const text = String(payload);
  const time = /^(\d{2}):(\d{2}):(\d{2})(?:\s+(.*))?$/.exec(text);
  $('clock-zone').textContent = time ? time[4] || '' : '';
  if (!time) {
    clearTimeout(clock.timer);
    $('clock').textContent = text;
    return;
  }
  clock.seconds = Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]);
  clock.at = performance.now();
  showClock();
});

const tickerRows = new Map();
sb.room('ticker').on('feed', (quotes) => {
  if (!Array.isArray(quotes)) return;
  const body = $('ticker');
  for (const quote of quotes) {
    let row = tickerRows.get(quote.symbol);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.symbol = quote.symbol;
      row.innerHTML = '<th scope="row" class="symbol"></th><td class="price"></td><td class="change"></td>';
      row.querySelector('.symbol').textContent = quote.symbol;
      tickerRows.set(quote.symbol, row);
      body.append(row);
    }
    const change = Number(quote.change) || 0;
    row.querySelector('.price').textContent = Number(quote.price).toFixed(2);
    const changeEl = row.querySelector('.change');
    changeEl.textContent = `${change >= 0 ? '▲' : '▼'} ${Math.abs(change).toFixed(2)}`;
    row.classList.toggle('up', change >= 0);
    row.classList.toggle('down', change < 0);
    restartAnimation(row, 'tick');
  }
});

// ---------------------------------------------------------------- bang pad (raw socket)

let audio = null;
let bangs = 0;

function tone() {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
    const now = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'triangle';
    osc.frequency.setValueAtTime(660, now);
    osc.frequency.exponentialRampToValueAtTime(220, now + 0.18);
    gain.gain.setValueAtTime(0.25, now);
    gain.gain.exponentialRampToValueAtTime(0.001, now + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.21);
  } catch (e) {
    // No audio (autoplay policy, headless): the flash still shows the bang.
  }
}

function restartAnimation(el, className) {
  el.classList.remove(className);
  void el.offsetWidth; // reflow, so re-adding the class restarts the animation
  el.classList.add(className);
}

bang.on('data', (text) => {
  bangs++;
  $('bang-count').textContent = bangs;
  $('bang-pad').dataset.bangs = bangs;
  const from = /^bang (\d+)$/.exec(String(text));
  $('bang-last').textContent = from ? `last from ${name(Number(from[1]))}` : 'last from someone';
  restartAnimation($('bang-pad'), 'flash');
  tone();
});
$('bang-pad').addEventListener('animationend', () => $('bang-pad').classList.remove('flash'));
bang.on('status', (status) => ($('bang-button').disabled = status !== STATUS.CONNECTED));
$('bang-button').disabled = bang.status !== STATUS.CONNECTED;
$('bang-button').addEventListener('click', () => {
  if (audio === null) tone(); // create the AudioContext inside the click so later bangs can play
  bang.send(me === null ? 'bang' : `bang ${me}`);
});

// ---------------------------------------------------------------- shared lamp (room state)

// The lamp lives in the state of room `lamp`: a tab that opens late gets the whole state in its
// join reply and shows it at once; every change reaches every tab as a `state` event. While a
// control is being moved here, values from the server (echoes of this page's own changes, a
// fraction of a second old) do not move it back; the control catches up once it is left alone.
const lamp = sb.room('lamp');
const LAMP = {
  color: { input: $('lamp-color'), initial: '#5b5bd6', parse: (v) => (/^#[0-9a-f]{6}$/i.test(v) ? v.toLowerCase() : null) },
  brightness: { input: $('lamp-brightness'), initial: 70, parse: (v) => percent(v) },
  size: { input: $('lamp-size'), initial: 50, parse: (v) => percent(v) },
};
const LOCAL_GRACE_MS = 400;

function percent(value) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.round(Math.min(100, Math.max(0, n))) : null;
}

function showLamp() {
  const color = LAMP.color.input.value;
  const brightness = Number(LAMP.brightness.input.value);
  const size = Number(LAMP.size.input.value);
  const bulb = $('lamp');
  bulb.style.setProperty('--lamp-color', color);
  bulb.style.setProperty('--lamp-brightness', brightness / 100);
  bulb.style.setProperty('--lamp-size', 0.4 + (size / 100) * 0.6);
  bulb.dataset.color = color;
  bulb.dataset.brightness = brightness;
  bulb.dataset.size = size;
  $('lamp-brightness-value').textContent = `${brightness}%`;
  $('lamp-size-value').textContent = `${size}%`;
}

let lampTimer = null;
/** Shows the room's state in every control not moved here within LOCAL_GRACE_MS. */
function renderLamp() {
  clearTimeout(lampTimer);
  let wait = 0;
  for (const [key, control] of Object.entries(LAMP)) {
    const since = performance.now() - (control.touched || -Infinity);
    if (since < LOCAL_GRACE_MS) {
      wait = Math.max(wait, LOCAL_GRACE_MS - since);
      continue;
    }
    const value = key in lamp.state ? control.parse(lamp.state[key]) : null;
    control.input.value = String(value ?? control.initial);
  }
  if (wait > 0) lampTimer = setTimeout(renderLamp, wait);
  showLamp();
}

for (const [key, control] of Object.entries(LAMP)) {
  const changes = new Conflator({
    interval: 50,
    busy: () => sb.bufferedAmount > 0,
    send: (value) => lamp.set(key, value).catch((e) => addLine('system error', '', `lamp not changed (${e.code})`)),
  });
  const onInput = () => {
    control.touched = performance.now();
    showLamp();
    const value = control.parse(control.input.value);
    if (value !== null && lamp.joined) changes.push(value);
  };
  control.input.addEventListener('input', onInput);
  control.input.addEventListener('change', onInput);
}
lamp.on('state', renderLamp);
lamp.on('joined', () => Object.values(LAMP).forEach((c) => (c.input.disabled = false)));
lamp.on('left', () => Object.values(LAMP).forEach((c) => (c.input.disabled = true)));
sb.on('status', (status) => {
  if (status !== STATUS.CONNECTED) Object.values(LAMP).forEach((c) => (c.input.disabled = true));
});
renderLamp();

// ---------------------------------------------------------------- XY pad

// Cursor positions are volatile messages: not kept, no offsets, and dropped for a reader that is
// backed up. The room is joined with events:false (no member notices); a cursor goes away when its
// client leaves the chat, which every page joins too.
const pad = $('xy-pad');
const xy = sb.room('xy');
const moves = sb.conflate('xy', { rate: 30 });
const cursors = new Map();
let sentThisSecond = 0;

function cursor(client) {
  let el = cursors.get(client);
  if (!el) {
    el = document.createElement('span');
    el.className = 'cursor';
    el.dataset.client = client;
    el.style.setProperty('--hue', hue(client));
    el.innerHTML = '<span class="dot"></span><span class="label"></span>';
    pad.append(el);
    cursors.set(client, el);
  }
  el.querySelector('.label').textContent = client === me ? 'you' : `${client}`;
  el.classList.toggle('self', client === me);
  return el;
}

function place(client, x, y) {
  const el = cursor(client);
  el.style.left = `${x * 100}%`;
  el.style.top = `${y * 100}%`;
  el.dataset.x = x.toFixed(3);
  el.dataset.y = y.toFixed(3);
  el.classList.remove('idle');
  clearTimeout(el._idle);
  el._idle = setTimeout(() => el.classList.add('idle'), 4000);
}

function removeCursor(client) {
  cursors.get(client)?.remove();
  cursors.delete(client);
}

const clamp01 = (v) => Math.min(1, Math.max(0, v));
pad.addEventListener('pointermove', (event) => {
  const rect = pad.getBoundingClientRect();
  const x = clamp01((event.clientX - rect.left) / rect.width);
  const y = clamp01((event.clientY - rect.top) / rect.height);
  if (me !== null) place(me, x, y);
  moves.push({ x: Number(x.toFixed(4)), y: Number(y.toFixed(4)) });
});
pad.addEventListener('pointerdown', (event) => pad.setPointerCapture?.(event.pointerId));

xy.on('message', (payload, frame) => {
  if (frame.from === sb.id) {
    sentThisSecond++;
    return; // drawn locally already
  }
  if (!payload || typeof payload.x !== 'number' || typeof payload.y !== 'number') return;
  place(frame.from, clamp01(payload.x), clamp01(payload.y));
});
chat.on('presence', (clients) => {
  // Ids change with every reconnect: keep only cursors of clients still here.
  const here = new Set(clients);
  for (const client of [...cursors.keys()]) {
    if (!here.has(client)) removeCursor(client);
  }
});
setInterval(() => {
  $('xy-rate').textContent = sentThisSecond;
  sentThisSecond = 0;
}, 1000);

// ---------------------------------------------------------------- rooms

const ROOMS = {
  chat: { history: CHAT_HISTORY },
  lamp: {},
  xy: { events: false },
  'server-time': {},
  ticker: {},
};
for (const [room, joinOptions] of Object.entries(ROOMS)) {
  sb.join(room, joinOptions).catch((e) => {
    // A lost connection is not worth a line: the room is re-joined when it comes back.
    if (e.code !== 'disconnected' && e.code !== 'timeout') addLine('system error', '', `could not join ${room} (${e.code})`);
  });
}
