import net from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A WebSocket-to-TCP proxy, as Neon runs in front of its Postgres: lets the Neon serverless
 * driver talk to a local PostgreSQL in tests. Every connection goes to `target`.
 */
export async function startNeonWsProxy(target = { host: '127.0.0.1', port: 5432 }) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => {
    const tcp = net.connect(target.port, target.host);
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    socket.on('message', (data: Buffer) => {
      if (tcp.connecting) pending.push(data);
      else tcp.write(data);
    });
    tcp.on('data', (data) => socket.send(data));
    const closeBoth = () => {
      socket.close();
      tcp.destroy();
    };
    socket.on('close', closeBoth);
    socket.on('error', closeBoth);
    tcp.on('close', closeBoth);
    tcp.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    /** The value for the driver's `wsProxy` / NEON_WS_PROXY. */
    wsProxy: `127.0.0.1:${port}/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
