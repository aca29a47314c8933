package dev.aigw.insight.source.otlp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Picks free local ports: the client must know the receiver's port before the job starts. */
public final class FreePort {

  private FreePort() {}

  /** A port such that {@code port .. port + count - 1} were all free a moment ago. */
  public static int range(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = single();
      if (base + count > 65535) {
        continue;
      }
      boolean free = true;
      for (int i = 1; i < count && free; i++) {
        free = isFree(base + i);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no range of " + count + " free ports found");
  }

  private static int single() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
