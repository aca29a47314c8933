package dev.aigw.insight.bench.load;

/**
 * The LLM-span load: every application's requests (see {@link SpanRequestFactory}), handed out
 * round robin over applications, each send with a new sequence number in its trace ids and current
 * span times. Not thread-safe: one sender thread uses it.
 */
public final class SpanFleet implements RequestSource {

  private final SpanRequest[] requests;
  private long sequence;

  public SpanFleet(SpanShape shape) {
    SpanRequestFactory factory = new SpanRequestFactory(shape);
    int perApp = shape.requestsPerApplication();
    requests = new SpanRequest[shape.applications() * perApp];
    // application-major within each round: consecutive sends come from different applications
    for (int r = 0; r < perApp; r++) {
      for (int a = 0; a < shape.applications(); a++) {
        requests[r * shape.applications() + a] = factory.request(a, r);
      }
    }
  }

  @Override
  public Fleet.Stamped next(long nowNanos) {
    SpanRequest request = requests[(int) (sequence % requests.length)];
    sequence++;
    return new Fleet.Stamped(request.stamp(sequence, nowNanos), request.totals());
  }

  /**
   * Every request stamped with times ending at {@code nowNanos} and sequence numbers from {@code
   * firstSequence}, for the parse probe.
   */
  public byte[][] stamped(long firstSequence, long nowNanos) {
    byte[][] all = new byte[requests.length][];
    for (int i = 0; i < requests.length; i++) {
      all[i] = requests[i].stamp(firstSequence + i, nowNanos);
    }
    return all;
  }

  /** Mean encoded size of a request in bytes. */
  public double meanRequestBytes() {
    long bytes = 0;
    for (SpanRequest request : requests) {
      bytes += request.size();
    }
    return (double) bytes / requests.length;
  }
}
