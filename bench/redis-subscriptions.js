'use strict';
// Measures the two ways a cluster can route room traffic through Redis pub/sub, on a real
// redis-server: one channel per room that a node subscribes to while it has members there, or one
// channel per shard that every node reads and filters. NODES subscriber connections stand for the
// instances; each has members in ROOMS / NODES of the rooms. One publisher sends MESSAGES 64-byte
// messages round-robin over the rooms. Reported per variant: messages each node received (and
// had to decode), messages it needed, Redis CPU seconds (INFO cpu) and this process's CPU seconds.
// Usage: node redis-subscriptions.js REDIS_PORT [NODES] [ROOMS] [MESSAGES]
const Redis = require('ioredis');

const port = Number(process.argv[2] || 6379);
const NODES = Number(process.argv[3] || 4);
const ROOMS = Number(process.argv[4] || 100);
const MESSAGES = Number(process.argv[5] || 200000);
const payload = 'x'.repeat(64);

async function redisCpu(r) {
  const info = await r.info('cpu');
  const get = (k) => Number(new RegExp(k + ':([0-9.]+)').exec(info)[1]);
  return get('used_cpu_user') + get('used_cpu_sys');
}

async function variant(name, channelOf) {
  const pub = new Redis({ port });
  const subs = [];
  const received = new Array(NODES).fill(0);
  const needed = new Array(NODES).fill(0);
  for (let n = 0; n < NODES; n++) {
    const sub = new Redis({ port });
    const mine = new Set();
    for (let r = n; r < ROOMS; r += NODES) mine.add('room' + r);
    const channels = [...new Set([...mine].map(channelOf))];
    await sub.subscribe(...channels);
    sub.on('message', (channel, text) => {
      received[n]++;
      const room = text.substring(0, text.indexOf('|'));
      if (mine.has(room)) needed[n]++;
    });
    subs.push(sub);
  }
  const cpu0 = await redisCpu(pub);
  const self0 = process.cpuUsage();
  const t0 = Date.now();
  for (let i = 0; i < MESSAGES; i++) {
    const room = 'room' + (i % ROOMS);
    pub.publish(channelOf(room), room + '|' + payload);
    if (i % 1000 === 999) await pub.ping();
  }
  await pub.ping();
  while (needed.reduce((a, b) => a + b, 0) < MESSAGES && Date.now() - t0 < 60000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (Date.now() - t0) / 1000;
  const redisSeconds = (await redisCpu(pub)) - cpu0;
  const self = process.cpuUsage(self0);
  console.log(JSON.stringify({ variant: name, nodes: NODES, rooms: ROOMS, messages: MESSAGES,
    receivedPerNode: Math.round(received.reduce((a, b) => a + b, 0) / NODES),
    neededPerNode: Math.round(needed.reduce((a, b) => a + b, 0) / NODES),
    seconds: +seconds.toFixed(2), redisCpuSeconds: +redisSeconds.toFixed(2),
    subscribersAndPublisherCpuSeconds: +((self.user + self.system) / 1e6).toFixed(2) }));
  for (const s of subs) s.disconnect();
  pub.disconnect();
}

(async () => {
  await variant('per-room channels', (room) => 'sb:room:' + room);
  await variant('one channel per shard', () => 'sb:shard');
})();
