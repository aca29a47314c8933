package dev.aigw.insight.dashboard.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The bearer tokens the dashboard's API accepts, in the receiver's style: several tokens at once
 * (so clients can rotate), from an inline value, an environment variable and a file (one token per
 * line; commas also separate; blank lines and {@code #} comments skipped).
 *
 * <p>Only SHA-256 digests are kept, and a presented token is compared with every digest in constant
 * time without stopping at the first match, so neither the length nor the matching prefix nor which
 * token matched shows in the response time. Token values are never logged.
 */
public final class BearerTokens {

  private final byte[][] accepted;

  private BearerTokens(List<byte[]> digests) {
    this.accepted = digests.toArray(new byte[0][]);
  }

  /** Tokens given as text (one per line or comma-separated); fails when it holds none. */
  public static BearerTokens of(String text) {
    List<byte[]> digests = digestsOf(text);
    if (digests.isEmpty()) {
      throw new IllegalArgumentException("no bearer token given");
    }
    return new BearerTokens(digests);
  }

  /**
   * The tokens of the configured sources (inline text, the variable named by {@code envVariable},
   * the file), or null when none is configured (the API then accepts every call). A configured
   * source that holds no token is an error: silently running without authentication would be worse.
   */
  public static BearerTokens fromSources(
      String inline, String envVariable, Path file, Function<String, String> environment)
      throws IOException {
    if (inline == null && envVariable == null && file == null) {
      return null;
    }
    List<byte[]> digests = new ArrayList<>();
    if (inline != null) {
      digests.addAll(requireSome(digestsOf(inline), "the inline bearer token is empty"));
    }
    if (envVariable != null) {
      digests.addAll(
          requireSome(
              digestsOf(environment.apply(envVariable)),
              "the environment variable " + envVariable + " is not set or holds no token"));
    }
    if (file != null) {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      digests.addAll(
          requireSome(
              digestsOf(content),
              "the bearer token file '" + file + "' holds no token: write one token per line"));
    }
    List<byte[]> distinct = new ArrayList<>();
    for (byte[] digest : digests) {
      if (distinct.stream().noneMatch(known -> Arrays.equals(known, digest))) {
        distinct.add(digest);
      }
    }
    return new BearerTokens(distinct);
  }

  /** Whether the value of an {@code Authorization} header carries an accepted bearer token. */
  public boolean acceptsHeader(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return accepts(authorization.substring(7).trim());
  }

  /** Whether {@code token} is one of the accepted tokens (constant time over all of them). */
  public boolean accepts(String token) {
    byte[] presented = sha256(token.getBytes(StandardCharsets.UTF_8));
    boolean match = false;
    for (byte[] digest : accepted) {
      // no short-circuit: every digest is compared, whichever matches
      match |= MessageDigest.isEqual(presented, digest);
    }
    return match;
  }

  /** How many distinct tokens are accepted. */
  public int size() {
    return accepted.length;
  }

  private static List<byte[]> requireSome(List<byte[]> digests, String message) throws IOException {
    if (digests.isEmpty()) {
      throw new IOException(message);
    }
    return digests;
  }

  private static List<byte[]> digestsOf(String text) {
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

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
