// Raw node:http: the floor for a Node server. Run: node bench/peers/node-http.mjs <port>
import { createServer } from 'node:http';
import { Buffer } from 'node:buffer';

const port = Number(process.argv[2]);
const started = Math.floor(Date.now() / 1000);

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ping') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'Healthy', time_of_last_update: started }));
  } else if (req.method === 'POST' && req.url === '/invocations') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ output: { message: body.prompt ?? body.input?.prompt ?? '', model: 'echo' } }));
    });
  } else {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":{"code":"not_found"}}');
  }
}).listen(port, '127.0.0.1');
