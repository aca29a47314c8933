package dev.aigw.insight.job.testing.counterjob;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A tiny stateful job for testing cluster operations: numbers 0, 1, 2, … at a fixed rate are
 * counted per key ({@code n % 3}) in keyed state, and every record is appended to a file as {@code
 * value,key,count}. After a restore from a savepoint both the source position and the counts must
 * continue where they stopped.
 *
 * <p>Arguments: {@code <output file> <records per second> [<uid of the counter>]}; the third
 * argument exists to show what a changed uid does to a restore.
 */
public final class CounterTestJob {

  /** Number of keys the values are spread over. */
  public static final int KEYS = 3;

  private CounterTestJob() {}

  /** Builds and submits the job. */
  public static void main(String[] args) throws Exception {
    String output = args[0];
    double rate = Double.parseDouble(args[1]);
    String counterUid = args.length > 2 ? args[2] : "count-per-key";
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataGeneratorSource<Long> numbers =
        new DataGeneratorSource<>(
            index -> index, Long.MAX_VALUE, RateLimiterStrategy.perSecond(rate), Types.LONG);
    env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
        .uid("numbers")
        .keyBy(value -> value % KEYS, Types.LONG)
        .process(new CountPerKey())
        .uid(counterUid)
        .name("count per key")
        .sinkTo(new AppendToFileSink(output))
        .uid("append-to-file")
        .name("append to file");
    env.execute("counter-test-job");
  }

  /** Counts the values of each key in keyed state and emits {@code value,key,count}. */
  static final class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
    private transient ValueState<Long> count;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
      long next = (count.value() == null ? 0L : count.value()) + 1;
      count.update(next);
      out.collect(value + "," + ctx.getCurrentKey() + "," + next);
    }
  }

  /** Appends each record as a line to a local file and flushes it at once. */
  static final class AppendToFileSink implements Sink<String> {
    private final String path;

    AppendToFileSink(String path) {
      this.path = path;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
      BufferedWriter writer =
          Files.newBufferedWriter(
              Path.of(path),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
      return new SinkWriter<>() {
        @Override
        public void write(String element, Context context) throws IOException {
          writer.write(element);
          writer.newLine();
          writer.flush();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
          writer.flush();
        }

        @Override
        public void close() throws IOException {
          writer.close();
        }
      };
    }
  }
}
