package dev.aigw.insight.bench.harness;

/**
 * Runs the whole job under load and prints the figures (see docs/benchmarks.md).
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.harness.HarnessMain \
 *     --parallelism 1 --duration-s 150
 * </pre>
 *
 * <p>{@code --signal spans} runs the LLM-span path instead ({@link SpanHarness}); {@code --sink
 * opensearch|banyandb} the job's own sinks against a real store ({@link StoreHarness}).
 */
public final class HarnessMain {

  private HarnessMain() {}

  public static void main(String[] args) throws Exception {
    if (StoreHarnessOptions.requested(args)) {
      // --sink opensearch|banyandb: the job's own sinks against a real store (StoreHarness)
      System.exit(StoreHarness.main(args));
    }
    HarnessOptions options = HarnessOptions.parse(args);
    System.err.println("Harness: " + options);
    if (options.spans() != null) {
      SpanHarnessResult spans = SpanHarness.run(options);
      System.out.println();
      System.out.println(
          "== spans, parallelism "
              + options.parallelism()
              + ", "
              + options.spans()
              + ", rate "
              + (options.rate() == 0
                  ? "flat out"
                  : String.format("%,.0f spans/s", options.rate())));
      System.out.print(spans.report());
      System.exit(spans.totalsMatch() ? 0 : 1);
    }
    HarnessResult result = Harness.run(options);
    System.out.println();
    System.out.println(
        "== parallelism "
            + options.parallelism()
            + ", "
            + options.shape()
            + ", rate "
            + (options.rate() == 0 ? "flat out" : String.format("%,.0f points/s", options.rate())));
    System.out.print(result.report());
    if (options.alertBench().any()) {
      System.out.print(AlertStats.current().report());
    }
    System.exit(result.totalsMatch() ? 0 : 1);
  }
}
