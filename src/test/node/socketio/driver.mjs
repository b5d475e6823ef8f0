// A real socket.io-client, remote-controlled by a Java test over stdin/stdout, one JSON object a line.
//
// Commands (stdin):
//   {"cmd":"connect","url":"http://127.0.0.1:8080","options":{"transports":["websocket"]}}
//   {"cmd":"emit","event":"join","args":["chat"],"ack":7}   (ack: a number to answer with, or absent)
//   {"cmd":"flood","event":"hello","count":60}   emits count times at once, each with an ack numbered 1..count
//   {"cmd":"freeze"}       stop answering the server's pings (the connection stays open)
//   {"cmd":"disconnect"}   socket.disconnect()
//   {"cmd":"drop","reconnect":false}   socket.io.engine.close(): the connection drops as if the network failed;
//                          the manager reconnects by itself only with reconnect true (and reconnection in the options)
//   {"cmd":"pid","pid":"…"}  replace the private session id the client will present (a session it never had)
//   {"cmd":"connect-to","url":"…","options":{…}}  a new manager for another server, carrying the socket's session
//                          (_pid, _lastOffset) as a load balancer sending the reconnection elsewhere would
//   {"cmd":"reconnect","auth":{"token":"..."}}   socket.auth = auth (when given); socket.connect() (after a
//                          connect_error, a disconnect or a drop)
//   {"cmd":"exit"}
// Reports (stdout):
//   {"ev":"open","transport":"polling"}   (the Engine.IO session opened)
//   {"ev":"connect","id":"7","transport":"polling","recovered":false,"pid":"…","offset":"…"}
//   {"ev":"upgrade","transport":"websocket"}
//   {"ev":"event","name":"message","args":[...]}
//   {"ev":"ack","ack":7,"args":[...]}
//   {"ev":"connect_error","message":"...","data":{...}}, {"ev":"disconnect","reason":"..."}, {"ev":"error","message":"..."}
// Binary values travel as {"$buffer":[1,2,3]} in both directions.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

let socket;

const report = (message) => process.stdout.write(JSON.stringify(message) + '\n');

const toWire = (value) => {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $buffer: [...new Uint8Array(value instanceof ArrayBuffer ? value : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength))] };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
};

const fromWire = (value) => {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    if (Array.isArray(value.$buffer)) return Buffer.from(value.$buffer);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
};

const commands = {
  connect({ url, options }) {
    socket = io(url, { forceNew: true, reconnection: false, ...options });
    socket.on('connect', () => report({
      ev: 'connect', id: socket.id, transport: socket.io.engine.transport.name, recovered: socket.recovered === true,
      pid: socket._pid, offset: socket._lastOffset,
    }));
    socket.on('connect_error', (err) => report({ ev: 'connect_error', message: err.message, data: err.data }));
    socket.on('disconnect', (reason) => report({ ev: 'disconnect', reason }));
    socket.onAny((name, ...args) => report({ ev: 'event', name, args: toWire(args) }));
    socket.io.on('open', () => {
      report({ ev: 'open', transport: socket.io.engine.transport.name });
      socket.io.engine.on('upgrade', (transport) => report({ ev: 'upgrade', transport: transport.name }));
    });
  },
  emit({ event, args = [], ack }) {
    const values = fromWire(args);
    if (ack === undefined) {
      socket.emit(event, ...values);
    } else {
      socket.emit(event, ...values, (...reply) => report({ ev: 'ack', ack, args: toWire(reply) }));
    }
  },
  flood({ event, count }) {
    for (let ack = 1; ack <= count; ack++) {
      socket.emit(event, (...reply) => report({ ev: 'ack', ack, args: toWire(reply) }));
    }
  },
  freeze() {
    // engine.io-client answers a ping with a pong at once; drop the pongs, keep everything else.
    const engine = socket.io.engine;
    const send = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => (type === 'pong' ? undefined : send(type, ...rest));
    report({ ev: 'frozen' });
  },
  disconnect() {
    socket.disconnect();
  },
  drop({ reconnect = false }) {
    if (!reconnect) socket.io.reconnection(false);
    socket.io.engine.close();
  },
  pid({ pid }) {
    socket._pid = pid;
  },
  'connect-to'({ url, options = {} }) {
    const { _pid: pid, _lastOffset: offset } = socket;
    socket.close();
    commands.connect({ url, options: { ...options, autoConnect: false } });
    socket._pid = pid;
    socket._lastOffset = offset;
    socket.connect();
  },
  reconnect({ auth }) {
    if (auth !== undefined) socket.auth = auth;
    socket.connect();
  },
  exit() {
    if (socket) socket.close();
    process.exit(0);
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  try {
    const command = JSON.parse(line);
    commands[command.cmd](command);
  } catch (err) {
    report({ ev: 'error', message: String(err && err.stack || err) });
  }
});
process.stdin.on('end', () => process.exit(0));
