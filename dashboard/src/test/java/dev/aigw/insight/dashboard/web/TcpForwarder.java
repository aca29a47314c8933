package dev.aigw.insight.dashboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP port that forwards to another one, and can be taken down and brought back on the
 * same port: a store that goes away and returns, as the dashboard sees it over the network (refused
 * connections, then answers again), without stopping the real store behind it.
 */
final class TcpForwarder implements AutoCloseable {

  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  private TcpForwarder(int targetPort, int port) {
    this.targetPort = targetPort;
    this.port = port;
  }

  /** Listens on a free loopback port and forwards each connection to {@code targetPort}. */
  static TcpForwarder to(int targetPort) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    TcpForwarder forwarder = new TcpForwarder(targetPort, port);
    forwarder.up();
    return forwarder;
  }

  int port() {
    return port;
  }

  /** Starts listening again (after {@link #down()}). */
  synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = socket;
    Thread accept = new Thread(() -> acceptAll(socket), "forwarder-accept-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  /** Stops listening and cuts every open connection: the store is "down". */
  synchronized void down() throws IOException {
    if (server == null) {
      return;
    }
    server.close();
    server = null;
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  private void acceptAll(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(target);
        pipe(client, target);
        pipe(target, client);
      } catch (IOException e) {
        // closed by down(), or the target refused: the client sees a closed connection
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException e) {
                  // already closed
                }
              }
            },
            "forwarder-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
