// A small chat gateway of "a user's own", speaking the protocols of the README's example configs:
// on `/`, rooms (`join`), `chat:send` acked with {ok: true} and relayed to the rest of the room as
// `chat:message`; on `/chat`, `broadcast` relayed to everyone, the sender included. With REDIS_URL
// it fans out across nodes through the Redis adapter. Plain JavaScript, as a user's repository
// might hold it; the tests copy it next to their drill.config.ts.
import { createServer } from 'node:http';
import process from 'node:process';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

const http = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else res.writeHead(404).end();
});
const io = new Server(http, { cors: { origin: true } });
if (process.env.REDIS_URL) {
  const pub = new Redis(process.env.REDIS_URL);
  io.adapter(createAdapter(pub, pub.duplicate()));
}
io.on('connection', (socket) => {
  socket.on('join', (data) => socket.join(String(data?.room)));
  socket.on('chat:send', (message, ack) => {
    socket.to(String(message?.room)).emit('chat:message', message);
    if (typeof ack === 'function') ack({ ok: true });
  });
});
io.of('/chat').on('connection', (socket) => {
  socket.on('broadcast', (message) => io.of('/chat').emit('broadcast', message));
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));
http.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '0.0.0.0', () =>
  process.stdout.write(`listening on ${process.env.PORT}\n`),
);
