package dev.aigw.insight.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM listens on, as the Linux kernel reports them: {@code /proc/net/tcp} and
 * {@code tcp6} list every socket of the network namespace with its inode; {@code /proc/self/fd}
 * tells which inodes belong to this process. Read from the OS, not from any configuration.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  /** One listening socket: its local address and port. */
  record Socket(InetAddress address, int port) {
    boolean loopback() {
      return address.isLoopbackAddress();
    }

    boolean wildcard() {
      return address.isAnyLocalAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private ListeningSockets() {}

  static List<Socket> ofThisProcess() throws IOException {
    Set<String> inodes = socketInodesOfThisProcess();
    List<Socket> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          sockets.add(new Socket(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return sockets;
  }

  private static Set<String> socketInodesOfThisProcess() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // a descriptor closed between listing and reading: not a listener of interest
        }
      }
    }
    return inodes;
  }

  /** The kernel prints addresses as hex 32-bit words in host (little-endian) byte order. */
  private static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
