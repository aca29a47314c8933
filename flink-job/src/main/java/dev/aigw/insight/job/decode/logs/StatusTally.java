package dev.aigw.insight.job.decode.logs;

import dev.aigw.insight.job.decode.logs.AccessLogDecoder.Route;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The status counts of one decode call: every decoded record (kept or not) is added to the group of
 * its (service, backend, minute), and {@link #emit} hands one {@link AccessLogStatusCount} per
 * group to the output. A request holds few groups (one resource, a few backends, one or two
 * minutes), so the lookup is a scan that first tries the previous record's group; a backend read
 * from the wire is compared as bytes, and decoded to a string only for a new group. Not
 * thread-safe; one instance per call.
 */
final class StatusTally {

  private final LogRecordBounds bounds;
  private final List<Group> groups = new ArrayList<>();
  private Group last;

  StatusTally(LogRecordBounds bounds) {
    this.bounds = bounds;
  }

  /** Adds a record whose backend is the UTF-8 {@code bytes[start, start + length)}. */
  void add(Route route, byte[] bytes, int start, int length, long timeMs, long status) {
    long minute = minuteOf(timeMs);
    Group g = last;
    if (g == null || !g.is(route, bytes, start, length, minute)) {
      g = null;
      for (Group candidate : groups) {
        if (candidate.is(route, bytes, start, length, minute)) {
          g = candidate;
          break;
        }
      }
      if (g == null) {
        String backend = new String(bytes, start, length, StandardCharsets.UTF_8);
        g = newGroup(route, backend, minute);
        g.raw = Arrays.copyOfRange(bytes, start, start + length);
      }
    }
    last = g;
    g.add(timeMs, status);
  }

  /**
   * Adds a record whose backend is {@code backend} (already the record's bounded provider, or null
   * when absent).
   */
  void add(Route route, String backend, long timeMs, long status) {
    long minute = minuteOf(timeMs);
    String value = backend == null ? "" : backend;
    Group g = last;
    if (g == null || !g.is(route, value, minute)) {
      g = null;
      for (Group candidate : groups) {
        if (candidate.is(route, value, minute)) {
          g = candidate;
          break;
        }
      }
      if (g == null) {
        g = new Group(route, value, minute);
        groups.add(g);
      }
    }
    last = g;
    g.add(timeMs, status);
  }

  private Group newGroup(Route route, String rawBackend, long minute) {
    // the same value the record's provider gets (AccessLogDecoder.decodeRecord)
    String backend =
        rawBackend.isEmpty() || rawBackend.equals("-")
            ? ""
            : bounds.dimension(rawBackend, new LogRecordBounds.Tally());
    Group g = new Group(route, backend, minute);
    groups.add(g);
    return g;
  }

  /** Emits one count per group. */
  void emit(DecodeOutput<AccessLogStatusCount> out) {
    for (Group g : groups) {
      out.emit(
          new AccessLogStatusCount(
              g.route.service,
              g.backend,
              g.minuteMs,
              g.lastTimeMs,
              g.requests,
              g.status429,
              g.status5xx));
    }
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  private static long minuteOf(long timeMs) {
    return Math.floorDiv(timeMs, 60_000L) * 60_000L;
  }

  /** The counts of one (service, backend, minute). */
  private static final class Group {
    final Route route;
    final String backend;
    final long minuteMs;

    /** The backend's bytes as read from the wire; null for a group added by string. */
    byte[] raw;

    long lastTimeMs = Long.MIN_VALUE;
    long requests;
    long status429;
    long status5xx;

    Group(Route route, String backend, long minuteMs) {
      this.route = route;
      this.backend = backend;
      this.minuteMs = minuteMs;
    }

    boolean is(Route r, byte[] bytes, int start, int length, long minute) {
      return minuteMs == minute
          && raw != null
          && sameService(r)
          && Arrays.equals(raw, 0, raw.length, bytes, start, start + length);
    }

    boolean is(Route r, String value, long minute) {
      return minuteMs == minute && raw == null && sameService(r) && backend.equals(value);
    }

    /** Two resources of one service share a group (their routes are distinct objects). */
    private boolean sameService(Route r) {
      return route == r || route.service.equals(r.service);
    }

    void add(long timeMs, long status) {
      lastTimeMs = Math.max(lastTimeMs, timeMs);
      requests++;
      if (status == 429) {
        status429++;
      } else if (status >= 500 && status <= 599) {
        status5xx++;
      }
    }
  }
}
