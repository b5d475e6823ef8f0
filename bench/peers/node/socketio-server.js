'use strict';
// The same chat on Socket.IO 4 (websocket transport only, no per-message deflate).
// Default namespace: chat with client:connected / broadcast / client:disconnected events to the others.
// Namespace `/echo`: every `echo` event is emitted back. Usage: node socketio-server.js PORT [HOST]
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8082);
const host = process.argv[3] || '127.0.0.1';
const server = http.createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
let nextId = 1;

io.on('connection', (socket) => {
  const id = nextId++;
  socket.broadcast.emit('client:connected', `Client ${id} connected`);
  socket.on('broadcast', (payload) => socket.broadcast.emit('broadcast', { payload, from: id }));
  socket.on('disconnect', () => socket.broadcast.emit('client:disconnected', `Client ${id} disconnected`));
});

io.of('/echo').on('connection', (socket) => {
  socket.on('echo', (payload) => socket.emit('echo', payload));
});

server.listen(port, host, () => console.log(`socket.io peer listening on ${host}:${port}`));
process.on('SIGTERM', () => process.exit(0));
