// A /ping prober in its own process (so the load it measures against does not share its event
// loop): one GET /ping every `intervalMs` over a small keep-alive pool, on schedule even when
// earlier pings are slow (no coordinated omission). `stop` over IPC returns every sample.
// Usage (forked): node bench/lib/prober.mjs <port> <intervalMs>
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';

const port = Number(process.argv[2]);
const intervalMs = Number(process.argv[3] ?? 10);
// Enough sockets that a slow answer never queues the next ping in this process.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const samples = []; // [epochMsAtSend, latencyMs, status]
let failures = 0;
let inFlight = 0;

function ping() {
  const t0 = performance.now();
  const at = performance.timeOrigin + t0;
  inFlight += 1;
  const req = http.get({ host: '127.0.0.1', port, path: '/ping', agent }, (res) => {
    res.resume();
    res.on('end', () => { inFlight -= 1; samples.push([at, performance.now() - t0, res.statusCode]); });
  });
  req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  req.on('error', () => { inFlight -= 1; failures += 1; samples.push([at, performance.now() - t0, 0]); });
}

const timer = setInterval(ping, intervalMs);
process.on('message', (msg) => {
  if (msg !== 'stop') return;
  clearInterval(timer);
  // Let the pings in flight land (the slow ones are the ones that matter), for at most 10 s.
  const until = Date.now() + 10_000;
  const report = () => {
    if (inFlight > 0 && Date.now() < until) return void setTimeout(report, 5);
    process.send({ samples, failures, unanswered: inFlight }, () => process.exit(0));
  };
  report();
});
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
