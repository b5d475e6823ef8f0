'use strict';
// Plain stateful chat on the `ws` library, written the way most Node chat servers are:
// one JSON.stringify per broadcast, then ws.send() to every recipient.
// `/` is the chat, `/echo` sends every text frame back. Usage: node ws-server.js PORT [HOST]
//
// The chat: ids 1, 2, 3…; client:connected / client:disconnected to every other client;
// {"type":"broadcast","payload":X} to every other client with "from"; hello → welcome.
// Rooms, as the hub protocol has them (docs/protocol.md), for the room scenarios of the benchmark:
// join / leave / publish with joined, left, message, room:joined and room:left. A client that negotiated
// the `switchboard.v1` subprotocol gets no lobby notices; a join with "events":false gets no
// room:joined / room:left for that room (and no member list in its `joined`). There is no history:
// `since` is ignored and a reconnecting client simply joins again.
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8081);
const host = process.argv[3] || '127.0.0.1';
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const chat = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const rooms = new Map(); // name -> { members: Set(ws), listeners: Set(ws) joined with events }
const lobby = new Set(); // clients that hear lobby notices: every one but switchboard.v1 clients
let nextId = 1;

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const target = path === '/' ? chat : path === '/echo' ? echo : null;
  if (!target) { socket.destroy(); return; }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

function lobbyNotice(sender, text) {
  for (const client of lobby) {
    if (client !== sender && client.readyState === WebSocket.OPEN) client.send(text);
  }
}

function toOthers(sender, text) {
  for (const client of chat.clients) {
    if (client !== sender && client.readyState === WebSocket.OPEN) client.send(text);
  }
}

function roomNotice(room, sender, type) {
  const r = rooms.get(room);
  if (!r) return;
  const text = JSON.stringify({ type, room, client: sender.id });
  for (const member of r.listeners) {
    if (member !== sender && member.readyState === WebSocket.OPEN) member.send(text);
  }
}

function reply(ws, msg, frame) {
  if (msg.id !== undefined) frame.id = msg.id;
  ws.send(JSON.stringify(frame));
}

const handlers = {
  broadcast(ws, msg) {
    toOthers(ws, JSON.stringify({ type: 'broadcast', payload: msg.payload, from: ws.id }));
  },
  hello(ws, msg) {
    reply(ws, msg, { type: 'welcome', payload: { client: ws.id, rooms: ['lobby', ...ws.rooms].sort() } });
  },
  join(ws, msg) {
    const room = String(msg.room);
    const events = msg.events !== false;
    let r = rooms.get(room);
    if (!r) rooms.set(room, r = { members: new Set(), listeners: new Set() });
    const fresh = !r.members.has(ws);
    r.members.add(ws);
    if (events) r.listeners.add(ws); else r.listeners.delete(ws);
    ws.rooms.add(room);
    const payload = events ? { clients: [...r.members].map((m) => m.id).sort((a, b) => a - b) } : {};
    reply(ws, msg, { type: 'joined', room, payload });
    if (fresh) roomNotice(room, ws, 'room:joined');
  },
  leave(ws, msg) {
    const room = String(msg.room);
    if (!ws.rooms.has(room)) return reply(ws, msg, { type: 'error', payload: { code: 'not_member', message: `not a member of "${room}"` } });
    leaveRoom(ws, room);
    reply(ws, msg, { type: 'left', room });
  },
  publish(ws, msg) {
    const room = String(msg.room);
    const r = rooms.get(room);
    if (!r || !r.members.has(ws)) return reply(ws, msg, { type: 'error', payload: { code: 'not_member', message: `not a member of "${room}"` } });
    const text = JSON.stringify({ type: 'message', room, from: ws.id, payload: msg.payload });
    for (const member of r.members) {
      if (member.readyState === WebSocket.OPEN) member.send(text);
    }
    if (msg.id !== undefined) reply(ws, msg, { type: 'ack' });
  },
};

function leaveRoom(ws, room) {
  const r = rooms.get(room);
  ws.rooms.delete(room);
  if (!r) return;
  r.members.delete(ws);
  r.listeners.delete(ws);
  roomNotice(room, ws, 'room:left');
  if (r.members.size === 0) rooms.delete(room);
}

chat.on('connection', (ws) => {
  ws.id = nextId++;
  ws.rooms = new Set();
  if (ws.protocol !== 'switchboard.v1') lobby.add(ws);
  lobbyNotice(ws, JSON.stringify({ type: 'client:connected', payload: `Client ${ws.id} connected`, client: ws.id }));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg;
    try { msg = JSON.parse(data); } catch (e) { return; }
    const handler = msg && Object.hasOwn(handlers, msg.type) && handlers[msg.type];
    if (handler) handler(ws, msg);
  });
  ws.on('close', () => {
    for (const room of [...ws.rooms]) leaveRoom(ws, room);
    lobby.delete(ws);
    lobbyNotice(ws, JSON.stringify({ type: 'client:disconnected', payload: `Client ${ws.id} disconnected`, client: ws.id }));
  });
  ws.on('error', () => {});
});

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

server.listen(port, host, () => console.log(`ws peer listening on ${host}:${port}`));
process.on('SIGTERM', () => process.exit(0));
