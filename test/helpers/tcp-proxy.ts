import net from 'node:net';

/**
 * A TCP proxy in front of a real service (PostgreSQL in the tests), on a port of its own, that a test can make fail
 * the ways a network does:
 * - {@link TcpProxy.cut}: every connection through it is reset, and new ones are refused at once (the service was
 *   stopped, or restarted);
 * - {@link TcpProxy.blackHole}: connections stay open, but nothing gets through in either direction, and new ones are
 *   accepted and never answered (a firewall dropping packets, a cable pulled: nothing says it is gone);
 * - {@link TcpProxy.dropAnswers}: what clients send still reaches the service, but its answers are dropped (a write
 *   lands, and the client never hears so: a connection lost between a commit and its answer);
 * - {@link TcpProxy.restore}: connections go through again (the ones left from a black hole or dropped answers are
 *   reset first: bytes were lost on them).
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  blackHole(): void;
  dropAnswers(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'cut' | 'black-hole' | 'drop-answers' = 'open';
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a reset is what the test asked for
  };
  const resetAll = (): void => {
    for (const socket of sockets) socket.resetAndDestroy();
  };

  const server = net.createServer((client) => {
    track(client);
    if (mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    // Written by hand rather than piped, so that a black hole can drop bytes without closing anything.
    const forward = (from: net.Socket, to: net.Socket, answers: boolean): void => {
      from.on('data', (chunk) => {
        if (mode === 'open' || (mode === 'drop-answers' && !answers)) to.write(chunk);
      });
      from.on('close', () => to.destroy());
    };
    forward(client, upstream, false);
    forward(upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    cut() {
      mode = 'cut';
      resetAll();
    },
    blackHole() {
      mode = 'black-hole';
    },
    dropAnswers() {
      mode = 'drop-answers';
    },
    restore() {
      if (mode === 'black-hole' || mode === 'drop-answers') resetAll();
      mode = 'open';
    },
    async close() {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
