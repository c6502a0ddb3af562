// A tiny HTTP server for answers the real Worker cannot be made to give on demand.
//   node canned-server.mjs '{"/path": {"status": 409, "type": "application/json", "body": "…"}}'
// Answers each listed path as given and never answers any other (a Worker that hangs).
// Prints its origin on standard output once listening on a free port of 127.0.0.1.
import { createServer } from 'node:http';

const answers = JSON.parse(process.argv[2] ?? '{}');
const server = createServer((request, response) => {
  const answer = answers[new URL(request.url ?? '/', 'http://x').pathname];
  if (!answer) return;
  response.writeHead(answer.status, { 'content-type': answer.type });
  response.end(answer.body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
