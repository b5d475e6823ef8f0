'use strict';
// Plain stateful chat on the `ws` library, written the way most Node chat servers are:
// one JSON.stringify per broadcast, then ws.send() to every other open client.
// `/` is the chat, `/echo` sends every text frame back. Usage: node ws-server.js PORT [HOST]
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8081);
const host = process.argv[3] || '127.0.0.1';
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const chat = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false });
let nextId = 1;

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const target = path === '/' ? chat : path === '/echo' ? echo : null;
  if (!target) { socket.destroy(); return; }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

function toOthers(sender, text) {
  for (const client of chat.clients) {
    if (client !== sender && client.readyState === WebSocket.OPEN) client.send(text);
  }
}

chat.on('connection', (ws) => {
  const id = nextId++;
  toOthers(ws, JSON.stringify({ type: 'client:connected', payload: `Client ${id} connected` }));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg;
    try { msg = JSON.parse(data); } catch (e) { return; }
    if (msg && msg.type === 'broadcast') {
      toOthers(ws, JSON.stringify({ type: 'broadcast', payload: msg.payload, from: id }));
    }
  });
  ws.on('close', () => {
    toOthers(ws, JSON.stringify({ type: 'client:disconnected', payload: `Client ${id} disconnected` }));
  });
  ws.on('error', () => {});
});

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

server.listen(port, host, () => console.log(`ws peer listening on ${host}:${port}`));
process.on('SIGTERM', () => process.exit(0));
