package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of bearer tokens the receiver accepts, from up to three sources: the inline option, an
 * environment variable and a file (one token per line). Several tokens may be valid at once, so a
 * client can move to a new token before the old one is removed (rotation without dropped data).
 *
 * <p>Only SHA-256 digests of the tokens are kept. A presented token is digested and compared with
 * every accepted digest in constant time ({@link MessageDigest#isEqual} on 32-byte values, without
 * stopping at the first match): neither how much of a token matched, nor its length, nor which
 * token matched shows in the response time.
 *
 * <p>The file is re-read when it has changed, checked at most once per check interval on the
 * calling gRPC thread (a Kubernetes Secret volume replaces the file in place when the Secret
 * changes). A file that became unreadable or empty keeps the previous tokens: an empty set would
 * either lock every client out or, worse, read as "no authentication".
 *
 * <p>Token values are never logged; only counts and the file's path are.
 */
public final class BearerTokens {

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

  private final List<byte[]> fixedDigests;
  private final Path file;
  private final long checkIntervalNanos;
  private final LongSupplier nanoClock;
  private final ReentrantLock reloading = new ReentrantLock();

  private volatile byte[][] accepted;
  private volatile long nextCheckNanos;
  private byte[] fileContentDigest;

  private BearerTokens(
      List<byte[]> fixedDigests, Path file, long checkIntervalNanos, LongSupplier nanoClock)
      throws IOException {
    this.fixedDigests = fixedDigests;
    this.file = file;
    this.checkIntervalNanos = checkIntervalNanos;
    this.nanoClock = nanoClock;
    List<byte[]> fromFile = List.of();
    if (file != null) {
      byte[] content = readFile(file);
      fromFile = digestsOf(new String(content, StandardCharsets.UTF_8));
      if (fromFile.isEmpty()) {
        throw new IOException(
            "The bearer token file '"
                + file
                + "' ("
                + OtlpReceiverOptions.BEARER_TOKENS_FILE.key()
                + ") holds no token: write one token per line");
      }
      fileContentDigest = sha256(content);
    }
    this.accepted = combine(fixedDigests, fromFile);
    this.nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
  }

  /**
   * The tokens configured in {@code config}, or null when no token source is configured (the
   * receiver then accepts every call). Fails when a configured source yields no token.
   */
  public static BearerTokens fromConfig(OtlpReceiverConfig config) throws IOException {
    return fromConfig(config, System::getenv, System::nanoTime);
  }

  static BearerTokens fromConfig(
      OtlpReceiverConfig config, Function<String, String> environment, LongSupplier nanoClock)
      throws IOException {
    if (!config.authenticationEnabled()) {
      return null;
    }
    List<byte[]> fixed = new ArrayList<>();
    config.bearerToken().ifPresent(token -> fixed.addAll(digestsOf(token)));
    if (config.bearerTokensEnv().isPresent()) {
      String variable = config.bearerTokensEnv().get();
      List<byte[]> fromEnv = digestsOf(environment.apply(variable));
      if (fromEnv.isEmpty()) {
        throw new IOException(
            "The environment variable "
                + variable
                + " named by "
                + OtlpReceiverOptions.BEARER_TOKENS_ENV.key()
                + " is not set or holds no token");
      }
      fixed.addAll(fromEnv);
    }
    Path file = config.bearerTokensFile().map(Path::of).orElse(null);
    return new BearerTokens(
        List.copyOf(fixed), file, config.bearerTokensCheckInterval().toNanos(), nanoClock);
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
      byte[] content = readFile(file);
      byte[] contentDigest = sha256(content);
      if (Arrays.equals(contentDigest, fileContentDigest)) {
        return;
      }
      List<byte[]> fromFile = digestsOf(new String(content, StandardCharsets.UTF_8));
      if (fromFile.isEmpty()) {
        LOG.warn(
            "The bearer token file {} ({}) now holds no token; the previous {} token(s) stay"
                + " accepted until it holds at least one",
            file,
            OtlpReceiverOptions.BEARER_TOKENS_FILE.key(),
            accepted.length);
        return;
      }
      fileContentDigest = contentDigest;
      accepted = combine(fixedDigests, fromFile);
      LOG.info("Bearer tokens re-read from {}: {} token(s) accepted now", file, accepted.length);
    } catch (IOException e) {
      LOG.warn(
          "Could not re-read the bearer token file {} ({}); the previous {} token(s) stay"
              + " accepted: {}",
          file,
          OtlpReceiverOptions.BEARER_TOKENS_FILE.key(),
          accepted.length,
          e.toString());
    } finally {
      reloading.unlock();
    }
  }

  private static byte[] readFile(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException(
          "Could not read the bearer token file '"
              + file
              + "' ("
              + OtlpReceiverOptions.BEARER_TOKENS_FILE.key()
              + ")",
          e);
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

  private static byte[][] combine(List<byte[]> fixed, List<byte[]> fromFile) {
    List<byte[]> all = new ArrayList<>(fixed);
    for (byte[] digest : fromFile) {
      if (all.stream().noneMatch(known -> Arrays.equals(known, digest))) {
        all.add(digest);
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
