// Raw uWebSockets.js (the same native build the runtime uses): the ceiling for /ping.
// Run: node bench/peers/uws.mjs <port>
import uWS from 'uWebSockets.js';
import { Buffer } from 'node:buffer';

const port = Number(process.argv[2]);
const started = Math.floor(Date.now() / 1000);
if (typeof uWS.getParts !== 'function') throw new Error('uWebSockets.js loaded its JS fallback, not the native binary');

uWS
  .App()
  .get('/ping', (res) => {
    const body = JSON.stringify({ status: 'Healthy', time_of_last_update: started });
    res.cork(() => res.writeStatus('200 OK').writeHeader('Content-Type', 'application/json').end(body));
  })
  .post('/invocations', (res) => {
    let aborted = false;
    const chunks = [];
    res.onAborted(() => { aborted = true; });
    res.onData((chunk, isLast) => {
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!isLast || aborted) return;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const out = JSON.stringify({ output: { message: body.prompt ?? body.input?.prompt ?? '', model: 'echo' } });
      res.cork(() => res.writeStatus('200 OK').writeHeader('Content-Type', 'application/json').end(out));
    });
  })
  .any('/*', (res) => { res.cork(() => res.writeStatus('404 Not Found').end('{"error":{"code":"not_found"}}')); })
  .listen('127.0.0.1', port, (socket) => { if (!socket) { console.error(`cannot listen on ${port}`); process.exit(1); } });
