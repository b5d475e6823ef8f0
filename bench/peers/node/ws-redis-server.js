'use strict';
// The plain stateful chat of ws-server.js scaled out the way its readers would: every instance runs
// the same ws server, client ids come from Redis INCR, and every broadcast and notice goes through
// one Redis pub/sub channel that every instance subscribes to; each instance then JSON.stringify()s
// the frame and ws.send()s it to each of its own clients but the sender. hello → welcome, as in ws-server.js.
// Usage: node ws-redis-server.js PORT REDIS_PORT [HOST]
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');
const Redis = require('ioredis');

const port = Number(process.argv[2] || 8081);
const redisPort = Number(process.argv[3] || 6379);
const host = process.argv[4] || '127.0.0.1';
const CHANNEL = 'chat';
const pub = new Redis({ port: redisPort, host: '127.0.0.1' });
const sub = new Redis({ port: redisPort, host: '127.0.0.1' });

const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const chat = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const local = new Map(); // id -> ws

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const target = path === '/' ? chat : path === '/echo' ? echo : null;
  if (!target) { socket.destroy(); return; }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

sub.subscribe(CHANNEL);
sub.on('message', (channel, text) => {
  const msg = JSON.parse(text);
  const frame = JSON.stringify(msg.frame);
  for (const [id, client] of local) {
    if (id !== msg.sender && client.readyState === WebSocket.OPEN) client.send(frame);
  }
});

function publish(sender, frame) {
  pub.publish(CHANNEL, JSON.stringify({ sender, frame }));
}

chat.on('connection', (ws) => {
  const idReady = pub.incr('chat:ids').then((id) => {
    local.set(id, ws);
    publish(id, { type: 'client:connected', payload: `Client ${id} connected` });
    return id;
  });
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return;
    let msg;
    try { msg = JSON.parse(data); } catch (e) { return; }
    const id = await idReady;
    if (msg && msg.type === 'broadcast') {
      publish(id, { type: 'broadcast', payload: msg.payload, from: id });
    } else if (msg && msg.type === 'hello') {
      const welcome = { type: 'welcome', payload: { client: id, rooms: ['lobby'] } };
      if (msg.id !== undefined) welcome.id = msg.id;
      ws.send(JSON.stringify(welcome));
    }
  });
  ws.on('close', async () => {
    const id = await idReady;
    local.delete(id);
    publish(id, { type: 'client:disconnected', payload: `Client ${id} disconnected` });
  });
  ws.on('error', () => {});
});

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

server.listen(port, host, () => console.log(`ws+redis peer listening on ${host}:${port}`));
process.on('SIGTERM', () => process.exit(0));
