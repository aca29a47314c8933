package dev.aigw.insight.job.testing;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A keyed operator test harness whose operator metrics can be read back and whose execution config
 * forbids generic (Kryo) types, so state types that are not POJOs fail the test.
 */
public final class OperatorHarness<K, IN, OUT> implements AutoCloseable {

  private final KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness;
  private final InterceptingOperatorMetricGroup metrics;
  private ManualClock clock;

  private OperatorHarness(
      KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness,
      InterceptingOperatorMetricGroup metrics) {
    this.harness = harness;
    this.metrics = metrics;
  }

  /** Opens a harness around a keyed process function. */
  public static <K, IN, OUT> OperatorHarness<K, IN, OUT> of(
      KeyedProcessFunction<K, IN, OUT> function,
      KeySelector<IN, K> keySelector,
      TypeInformation<K> keyType)
      throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    MockEnvironment env = environment(metrics);
    KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), keySelector, keyType, env);
    h.open();
    return new OperatorHarness<>(h, metrics);
  }

  /** Opens a harness around a keyed one-input operator. */
  public static <K, IN, OUT> OperatorHarness<K, IN, OUT> of(
      OneInputStreamOperator<IN, OUT> operator,
      KeySelector<IN, K> keySelector,
      TypeInformation<K> keyType)
      throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, keySelector, keyType, environment(metrics));
    h.open();
    return new OperatorHarness<>(h, metrics);
  }

  /**
   * A task environment whose operator metric group is {@code metrics} and whose execution config
   * forbids generic types.
   */
  public static MockEnvironment environment(InterceptingOperatorMetricGroup metrics) {
    return environment(metrics, 1, 1, 0);
  }

  /**
   * The same for subtask {@code subtask} of {@code parallelism} (key groups: {@code
   * maxParallelism}), for rescaling tests.
   */
  public static MockEnvironment environment(
      InterceptingOperatorMetricGroup metrics, int maxParallelism, int parallelism, int subtask) {
    ExecutionConfig config = new ExecutionConfig();
    ((SerializerConfigImpl) config.getSerializerConfig()).setGenericTypes(false);
    return new MockEnvironmentBuilder()
        .setMaxParallelism(maxParallelism)
        .setParallelism(parallelism)
        .setSubtaskIndex(subtask)
        .setExecutionConfig(config)
        .setMetricGroup(
            new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
              @Override
              public InternalOperatorMetricGroup getOrAddOperator(
                  OperatorID operatorID, String name, Map<String, String> additionalVariables) {
                return metrics;
              }
            })
        .build();
  }

  /** Processes one element with the given event timestamp. */
  public void process(IN element, long timestamp) throws Exception {
    harness.processElement(element, timestamp);
  }

  /**
   * Makes {@link #setProcessingTime} move {@code clock} (the operator's job clock) too, as the
   * system clock and processing time move together in production.
   */
  public OperatorHarness<K, IN, OUT> withClock(ManualClock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Advances processing time for timers and state TTL (fires due timers), and the job clock given
   * to {@link #withClock} to the same time first, so that the timers see it.
   */
  public void setProcessingTime(long ms) throws Exception {
    if (clock != null) {
      clock.set(ms);
    }
    harness.setStateTtlProcessingTime(ms);
    harness.setProcessingTime(ms);
  }

  /** The elements emitted since the last call, and forgets them. */
  public List<OUT> drain() {
    List<OUT> out = harness.extractOutputValues();
    harness.getOutput().clear();
    return out;
  }

  /** The value of a counter the operator registered (0 if never registered). */
  public long counter(String name) {
    Object m = metrics.get(name);
    return m == null ? 0 : ((Counter) m).getCount();
  }

  /** The wrapped Flink harness. */
  public KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> raw() {
    return harness;
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
