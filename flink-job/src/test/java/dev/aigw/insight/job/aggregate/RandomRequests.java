package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.testing.SimulatedRequest;
import java.util.Random;

/**
 * The mixed requests the hour and day cell tests send: priced, cached, streaming, unpriced and
 * failed, with durations exact in binary so that sums compare bit for bit.
 */
final class RandomRequests {

  private RandomRequests() {}

  /** One request starting at {@code start} (epoch ms), one of four kinds at random. */
  static SimulatedRequest mixed(Random random, long start) {
    SimulatedRequest r = SimulatedRequest.at(start).latency(binary(random, 20, 20 * 1024));
    switch (random.nextInt(4)) {
      case 0:
        r.provider("openai").model("gpt-4o-mini").responseModel("gpt-4o-mini-2024-07-18");
        r.tokens(100 + random.nextInt(900), 10 + random.nextInt(300));
        r.cache(random.nextInt(2) * 64L, 0);
        break;
      case 1:
        r.provider("anthropic")
            .model("claude-sonnet-4-5")
            .responseModel("claude-sonnet-4-5-20250929");
        long cached = random.nextInt(500);
        long written = random.nextInt(300);
        r.tokens(cached + written + 1 + random.nextInt(200), 50 + random.nextInt(500));
        r.cache(cached, written).reasoning(random.nextInt(40));
        r.streaming(binary(random, 10, 2048), binary(random, 8, 512));
        break;
      case 2:
        r.provider("openai").model("llama-3.3-70b"); // unpriced
        r.tokens(1 + random.nextInt(400), 1 + random.nextInt(100));
        break;
      default:
        r.provider("openai").model("gpt-5-turbo-nonexistent").failed();
        break;
    }
    return r;
  }

  /** A duration of k/1024 s, k in [lo, hi): exact in binary, so sums compare bit for bit. */
  static double binary(Random random, int lo, int hi) {
    return (lo + random.nextInt(hi - lo)) / 1024.0;
  }
}
