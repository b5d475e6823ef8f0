// A Node `ws` client for the Java tests: connects to the URL, plays one scenario and prints what
// it saw, one JSON object per line ({"event":"open"}, {"event":"message",...}, {"event":"pong",...},
// {"event":"close","code":...,"reason":...}, {"event":"error",...}). Exits when the socket closes,
// or with status 2 after 15 s.
//
//   node ws-client.mjs ws://127.0.0.1:8080/echo oversize-frame
import WebSocket from 'ws';

const [url, scenario] = process.argv.slice(2);
const LIMIT = 65536;

const scenarios = {
  // One 70 000-byte text frame, over the server's 65 536-byte limit.
  'oversize-frame': (ws) => ws.send('x'.repeat(70000)),
  // A message over the limit in fragments that are each under it.
  'oversize-fragments': (ws) => {
    ws.send('y'.repeat(40000), { fin: false });
    ws.send('y'.repeat(40000), { fin: true });
  },
  // A text and a binary message at the limit, then a ping, then a normal close.
  'echo': (ws) => {
    ws.send('é'.repeat(LIMIT / 2));
    ws.send(Buffer.from([0, 1, 2, 255]));
    ws.ping('are you there');
    let answers = 0;
    const done = () => { if (++answers === 3) ws.close(1000, 'done'); };
    ws.on('message', done);
    ws.on('pong', done);
  },
  // A close code from the private range: the server answers with the same one.
  'close-4321': (ws) => ws.close(4321, 'private code'),
};

const print = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const play = scenarios[scenario];
if (!play) {
  print({ event: 'error', message: 'unknown scenario ' + scenario });
  process.exit(1);
}

const timer = setTimeout(() => {
  print({ event: 'error', message: 'timed out' });
  process.exit(2);
}, 15000);

const ws = new WebSocket(url);
ws.on('open', () => {
  print({ event: 'open' });
  play(ws);
});
ws.on('message', (data, isBinary) => {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data);
  print({
    event: 'message',
    binary: isBinary,
    length: bytes.length,
    data: isBinary ? bytes.toString('hex') : (bytes.length > 64 ? bytes.toString('utf8', 0, 64) : bytes.toString('utf8')),
    sameAsSent: isBinary ? bytes.equals(Buffer.from([0, 1, 2, 255])) : bytes.toString('utf8') === 'é'.repeat(LIMIT / 2),
  });
});
ws.on('pong', (data) => print({ event: 'pong', data: data.toString('utf8') }));
ws.on('error', (error) => print({ event: 'error', message: String(error && error.message) }));
ws.on('close', (code, reason) => {
  print({ event: 'close', code, reason: reason.toString('utf8') });
  clearTimeout(timer);
});
