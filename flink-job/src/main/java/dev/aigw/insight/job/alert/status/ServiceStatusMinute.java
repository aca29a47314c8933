package dev.aigw.insight.job.alert.status;

import dev.aigw.insight.job.model.AccessLogStatusCount;
import java.util.Arrays;

/**
 * One service's decoded access logs of one minute, per backend: requests, 429 and 5xx answers. The
 * accumulator and the result of the per-minute window ({@link StatusCountAggregator}); at most
 * {@link #MAX_BACKENDS} backends, the rest summed under {@link #OTHER}. A Flink POJO (public
 * arrays, the first {@link #size} entries used).
 */
public class ServiceStatusMinute {

  /** Backends per service and minute; more are summed as {@link #OTHER}. */
  public static final int MAX_BACKENDS = 64;

  /** The backend that sums the backends beyond {@link #MAX_BACKENDS}: it matches no provider. */
  public static final String OTHER = "other";

  public String service;

  /** Start of the minute, epoch ms. */
  public long minuteMs;

  public int size;

  public String[] backends = new String[4];
  public long[] requests = new long[4];
  public long[] status429 = new long[4];
  public long[] status5xx = new long[4];

  /** Flink POJO constructor. */
  public ServiceStatusMinute() {}

  /** Adds a decoder's count (of this service and minute). */
  public void add(AccessLogStatusCount count) {
    service = count.service;
    minuteMs = count.minuteMs;
    add(
        count.backend == null ? "" : count.backend,
        count.requests,
        count.status429,
        count.status5xx);
  }

  /** Adds the counts of another accumulator of the same service and minute. */
  public void addAll(ServiceStatusMinute other) {
    if (other.service != null) {
      service = other.service;
      minuteMs = other.minuteMs;
    }
    for (int i = 0; i < other.size; i++) {
      add(other.backends[i], other.requests[i], other.status429[i], other.status5xx[i]);
    }
  }

  private void add(String backend, long req, long s429, long s5xx) {
    int i = indexOf(backend);
    if (i < 0) {
      if (size == MAX_BACKENDS) {
        i = indexOf(OTHER);
        if (i < 0) {
          // the last slot becomes "other": its backend's counts join the rest
          i = size - 1;
          backends[i] = OTHER;
        }
      } else {
        if (size == backends.length) {
          int grown = Math.min(MAX_BACKENDS, size * 2);
          backends = Arrays.copyOf(backends, grown);
          requests = Arrays.copyOf(requests, grown);
          status429 = Arrays.copyOf(status429, grown);
          status5xx = Arrays.copyOf(status5xx, grown);
        }
        i = size++;
        backends[i] = backend;
      }
    }
    requests[i] += req;
    status429[i] += s429;
    status5xx[i] += s5xx;
  }

  private int indexOf(String backend) {
    for (int i = 0; i < size; i++) {
      if (backends[i].equals(backend)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(service + "@" + minuteMs);
    for (int i = 0; i < size; i++) {
      sb.append(' ')
          .append(backends[i])
          .append('=')
          .append(requests[i])
          .append('/')
          .append(status429[i])
          .append('/')
          .append(status5xx[i]);
    }
    return sb.toString();
  }
}
