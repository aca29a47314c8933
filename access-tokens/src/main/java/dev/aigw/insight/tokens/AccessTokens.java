package dev.aigw.insight.tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The bearer tokens a server accepts (the OTLP receiver's, the dashboard's API), from up to three
 * sources: inline text, an environment variable and a file (one token per line; commas also
 * separate; blank lines and {@code #} comments skipped). Several tokens may be valid at once, so a
 * client can move to a new token before the old one is removed (rotation without dropped calls).
 *
 * <p>Only SHA-256 digests of the tokens are kept. A presented token is digested and compared with
 * every accepted digest in constant time ({@link MessageDigest#isEqual} on 32-byte values, without
 * stopping at the first match): neither how much of a token matched, nor its length, nor which
 * token matched shows in the response time.
 *
 * <p>The file is re-read when it has changed, checked at most once per check interval on the
 * calling thread (a Kubernetes Secret volume replaces the file in place when the Secret changes). A
 * file that became unreadable or empty keeps the previous tokens: an empty set would either lock
 * every client out or, worse, read as "no authentication". What happened is told to {@link Events},
 * for the server's own log; token values never leave this class.
 */
public final class AccessTokens {

  /**
   * Where the tokens come from (null = that source is not used), and the names of the options that
   * set them, so that an error names what to fix.
   */
  public record Sources(
      String inline,
      String inlineOption,
      String envVariable,
      String envOption,
      Path file,
      String fileOption,
      Duration checkInterval) {

    /** Whether any source is configured. */
    public boolean any() {
      return inline != null || envVariable != null || file != null;
    }
  }

  /** What the file's re-reading did, for the server's log (counts and the path, never tokens). */
  public interface Events {
    /** The file changed and was read: {@code accepted} tokens now. */
    void reloaded(Path file, int accepted);

    /** The file could not be used ({@code why}); the previous {@code accepted} tokens stay. */
    void keptPrevious(Path file, String why, int accepted);

    /** Events nobody listens to. */
    Events NONE =
        new Events() {
          @Override
          public void reloaded(Path file, int accepted) {}

          @Override
          public void keptPrevious(Path file, String why, int accepted) {}
        };
  }

  private final List<byte[]> fixedDigests;
  private final Path file;
  private final String fileOption;
  private final long checkIntervalNanos;
  private final LongSupplier nanoClock;
  private final Events events;
  private final ReentrantLock reloading = new ReentrantLock();

  private volatile byte[][] accepted;
  private volatile long nextCheckNanos;
  private byte[] fileContentDigest;

  private AccessTokens(
      List<byte[]> fixedDigests,
      Path file,
      String fileOption,
      long checkIntervalNanos,
      LongSupplier nanoClock,
      Events events)
      throws IOException {
    this.fixedDigests = fixedDigests;
    this.file = file;
    this.fileOption = fileOption;
    this.checkIntervalNanos = checkIntervalNanos;
    this.nanoClock = nanoClock;
    this.events = events;
    List<byte[]> fromFile = List.of();
    if (file != null) {
      byte[] content = readFile();
      fromFile = digestsOf(new String(content, StandardCharsets.UTF_8));
      if (fromFile.isEmpty()) {
        throw new IOException(
            "The bearer token file '"
                + file
                + "' ("
                + fileOption
                + ") holds no token: write one token per line");
      }
      fileContentDigest = sha256(content);
    }
    this.accepted = combine(fixedDigests, fromFile);
    this.nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
  }

  /** Fixed tokens given as text (one per line or comma-separated); fails when it holds none. */
  public static AccessTokens of(String text) {
    List<byte[]> digests = digestsOf(text);
    if (digests.isEmpty()) {
      throw new IllegalArgumentException("no bearer token given");
    }
    try {
      return new AccessTokens(distinct(digests), null, null, 0, System::nanoTime, Events.NONE);
    } catch (IOException e) {
      throw new IllegalStateException("no file is read", e);
    }
  }

  /**
   * The tokens of the configured sources, or null when none is configured (the server then accepts
   * every call). A configured source that yields no token fails the start, naming its option:
   * silently running without authentication would be worse.
   */
  public static AccessTokens fromSources(
      Sources sources, Function<String, String> environment, LongSupplier nanoClock, Events events)
      throws IOException {
    if (!sources.any()) {
      return null;
    }
    List<byte[]> fixed = new ArrayList<>();
    if (sources.inline() != null) {
      List<byte[]> inline = digestsOf(sources.inline());
      if (inline.isEmpty()) {
        throw new IOException("The inline bearer token (" + sources.inlineOption() + ") is empty");
      }
      fixed.addAll(inline);
    }
    if (sources.envVariable() != null) {
      List<byte[]> fromEnv = digestsOf(environment.apply(sources.envVariable()));
      if (fromEnv.isEmpty()) {
        throw new IOException(
            "The environment variable "
                + sources.envVariable()
                + " named by "
                + sources.envOption()
                + " is not set or holds no token");
      }
      fixed.addAll(fromEnv);
    }
    return new AccessTokens(
        distinct(fixed),
        sources.file(),
        sources.fileOption(),
        sources.checkInterval().toNanos(),
        nanoClock,
        events);
  }

  /** Whether the value of an {@code Authorization} header carries an accepted bearer token. */
  public boolean acceptsHeader(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return accepts(authorization.substring(7).trim());
  }

  /** Whether {@code token} is one of the accepted tokens; re-reads the file when due. */
  public boolean accepts(String token) {
    refreshIfDue();
    byte[] presented = sha256(token.getBytes(StandardCharsets.UTF_8));
    boolean match = false;
    for (byte[] digest : accepted) {
      // no short-circuit: every digest is compared, whichever matches
      match |= MessageDigest.isEqual(presented, digest);
    }
    return match;
  }

  /** How many distinct tokens are accepted now. */
  public int size() {
    return accepted.length;
  }

  private void refreshIfDue() {
    if (file == null || nanoClock.getAsLong() - nextCheckNanos < 0 || !reloading.tryLock()) {
      return;
    }
    try {
      nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
      byte[] content = readFile();
      byte[] contentDigest = sha256(content);
      if (Arrays.equals(contentDigest, fileContentDigest)) {
        return;
      }
      List<byte[]> fromFile = digestsOf(new String(content, StandardCharsets.UTF_8));
      if (fromFile.isEmpty()) {
        events.keptPrevious(file, "it now holds no token (" + fileOption + ")", accepted.length);
        return;
      }
      fileContentDigest = contentDigest;
      accepted = combine(fixedDigests, fromFile);
      events.reloaded(file, accepted.length);
    } catch (IOException e) {
      events.keptPrevious(file, e.toString(), accepted.length);
    } finally {
      reloading.unlock();
    }
  }

  private byte[] readFile() throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException(
          "Could not read the bearer token file '" + file + "' (" + fileOption + ")", e);
    }
  }

  /**
   * Digests of the tokens in {@code text}: one per line (commas also separate, for environment
   * variables); blank lines and lines starting with {@code #} are skipped.
   */
  static List<byte[]> digestsOf(String text) {
    List<byte[]> digests = new ArrayList<>();
    if (text == null) {
      return digests;
    }
    for (String line : text.split("[\\r\\n,]+")) {
      String token = line.trim();
      if (!token.isEmpty() && !token.startsWith("#")) {
        digests.add(sha256(token.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return digests;
  }

  private static List<byte[]> distinct(List<byte[]> digests) {
    return Arrays.asList(combine(List.of(), digests));
  }

  private static byte[][] combine(List<byte[]> fixed, List<byte[]> fromFile) {
    List<byte[]> all = new ArrayList<>();
    for (List<byte[]> part : List.of(fixed, fromFile)) {
      for (byte[] digest : part) {
        if (all.stream().noneMatch(known -> Arrays.equals(known, digest))) {
          all.add(digest);
        }
      }
    }
    return all.toArray(new byte[0][]);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
