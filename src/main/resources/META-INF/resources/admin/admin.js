// The operator page: reads /api/stats and /api/rooms with the API key the operator enters.
const KEY = 'switchboard.admin.key';
const PERIOD_MS = 2000;
const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat('en');

let timer = null;

function key() {
  return sessionStorage.getItem(KEY) || '';
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${key()}`, Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    throw new Error(`${response.status}: ${detail || response.statusText}`);
  }
  return body;
}

function status(text, state) {
  const el = $('status');
  el.textContent = text;
  el.dataset.status = state;
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function rows(tbody, entries) {
  tbody.replaceChildren(...entries.map(([name, value]) => {
    const tr = document.createElement('tr');
    const label = document.createElement('td');
    label.textContent = name;
    const count = document.createElement('td');
    count.textContent = number.format(value);
    tr.append(label, count);
    return tr;
  }));
}

function showStats(s) {
  $('node').textContent = `node ${s.node.slice(0, 8)}`;
  $('in-rate').textContent = number.format(s.messagesInPerSecond);
  $('out-rate').textContent = number.format(s.messagesOutPerSecond);
  const open = Object.values(s.connections).reduce((a, b) => a + b, 0);
  $('connections').textContent = number.format(open);
  $('rooms-here').textContent = number.format(s.rooms);
  $('joins').textContent = number.format(s.joins);
  $('dropped').textContent = number.format(s.dropped);
  $('slow').textContent = number.format(s.slowConsumers);
  $('history').textContent = bytes(s.historyBytes);
  rows($('transports'), Object.entries(s.connections));
  status(s.ready ? 'ready' : 'not ready', s.ready ? 'connected' : 'disconnected');
}

function showRooms(page) {
  rows($('rooms'), page.rooms.map((r) => [r.room, r.members]));
  $('rooms-more').hidden = page.next === null;
}

async function refresh() {
  try {
    const [stats, rooms] = await Promise.all([api('/api/stats'), api('/api/rooms?limit=200')]);
    $('problem').hidden = true;
    showStats(stats);
    showRooms(rooms);
  } catch (e) {
    $('problem').textContent = e.message;
    $('problem').hidden = false;
    status('no data', 'disconnected');
  }
}

function start() {
  clearInterval(timer);
  refresh();
  timer = setInterval(refresh, PERIOD_MS);
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('key').value);
  start();
});

if (key()) {
  $('key').value = key();
}
// Dev mode without a key is open: try at once, and show what the server says otherwise.
start();
