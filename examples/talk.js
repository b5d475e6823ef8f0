// Says hello to a Switchboard hub, joins "chat", publishes one message, joins the "server-time"
// feed and prints every frame the server sends back, until the first clock tick arrives.
//
//   npm --prefix examples --silent start                  # ws://localhost:8080/
//   SWITCHBOARD_URL=ws://host:port/ npm --prefix examples --silent start
import WebSocket from 'ws';

const url = process.env.SWITCHBOARD_URL || 'ws://localhost:8080/';
const ws = new WebSocket(url);

const giveUp = setTimeout(() => {
  console.error(`no api:server-time frame from ${url} within 15 s`);
  process.exit(1);
}, 15_000);

ws.on('open', () => {
  ws.send(JSON.stringify({ type: 'hello', id: 1 }));
  ws.send(JSON.stringify({ type: 'join', room: 'chat', id: 2 }));
  ws.send(JSON.stringify({ type: 'publish', room: 'chat', payload: { text: 'hi' }, id: 3 }));
  ws.send(JSON.stringify({ type: 'join', room: 'server-time' }));
});

ws.on('message', (data) => {
  const text = data.toString();
  console.log(text);
  if (JSON.parse(text).type === 'api:server-time') {
    clearTimeout(giveUp);
    ws.close(1000);
  }
});

ws.on('error', (e) => {
  console.error(`could not talk to ${url}: ${e.message}`);
  process.exit(1);
});
