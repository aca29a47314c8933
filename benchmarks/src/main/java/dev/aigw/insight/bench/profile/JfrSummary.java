package dev.aigw.insight.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording's execution samples into where the CPU goes: the top methods by self
 * samples, and the share of samples per component (by the first non-JDK frame, "self", and by any
 * frame on the stack, "inclusive").
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.profile.JfrSummary run.jfr 25
 * </pre>
 */
public final class JfrSummary {

  /** Components by class-name prefix; the first match wins, so narrower prefixes come first. */
  private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

  static {
    COMPONENTS.put("com.google.protobuf", "protobuf parse");
    COMPONENTS.put("io.opentelemetry.proto", "protobuf parse");
    COMPONENTS.put("dev.aigw.insight.job.decode", "GenAI decoder");
    COMPONENTS.put("dev.aigw.insight.job.temporality", "temporality (dedup, cumulative)");
    COMPONENTS.put("dev.aigw.insight.job.aggregate", "aggregation (windows, guard, price)");
    COMPONENTS.put("dev.aigw.insight.job", "job (other)");
    COMPONENTS.put("dev.aigw.insight.source", "OTLP receiver source");
    COMPONENTS.put("dev.aigw.insight.bench", "harness");
    COMPONENTS.put("org.rocksdb", "RocksDB (JNI)");
    COMPONENTS.put("org.apache.flink.state.rocksdb", "RocksDB state backend");
    COMPONENTS.put("org.apache.flink.contrib.streaming.state", "RocksDB state backend");
    COMPONENTS.put("com.esotericsoftware.kryo", "Kryo");
    COMPONENTS.put("org.apache.flink.api.common.typeutils", "Flink serializers");
    COMPONENTS.put("org.apache.flink.api.java.typeutils", "Flink serializers");
    COMPONENTS.put("org.apache.flink.core.memory", "Flink serializers");
    COMPONENTS.put("org.apache.flink.streaming.api.operators", "Flink operators");
    COMPONENTS.put(
        "org.apache.flink.streaming.runtime.operators.windowing", "Flink window operator");
    COMPONENTS.put("org.apache.flink.runtime.state", "Flink state (heap/keyed)");
    COMPONENTS.put("org.apache.flink.runtime.io.network", "Flink network stack");
    COMPONENTS.put("org.apache.flink.streaming.runtime", "Flink task runtime");
    COMPONENTS.put("org.apache.flink", "Flink (other)");
    COMPONENTS.put("io.grpc.netty.shaded.io.netty", "Netty");
    COMPONENTS.put("io.grpc", "gRPC");
    COMPONENTS.put("org.apache.logging", "logging");
  }

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    summarize(Path.of(args[0]), top, System.out);
  }

  /** Prints the summary of {@code recording} to {@code out}. */
  public static void summarize(Path recording, int top, PrintStream out) throws IOException {
    Map<String, Integer> selfMethods = new HashMap<>();
    Map<String, Integer> selfComponents = new HashMap<>();
    Map<String, Integer> inclusiveComponents = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      selfMethods.merge(name(frames.get(0)), 1, Integer::sum);
      selfComponents.merge(selfComponent(frames), 1, Integer::sum);
      Set<String> seen = new LinkedHashSet<>();
      for (RecordedFrame frame : frames) {
        String component = component(className(frame));
        if (component != null) {
          seen.add(component);
        }
      }
      for (String component : seen) {
        inclusiveComponents.merge(component, 1, Integer::sum);
      }
      String thread =
          event.getThread("sampledThread") == null
              ? "?"
              : event.getThread("sampledThread").getJavaName();
      threads.merge(threadGroup(thread), 1, Integer::sum);
    }
    out.printf("%d execution samples in %s%n", samples, recording);
    print(out, "Top methods (self)", selfMethods, samples, top);
    print(out, "Components (self: first non-JDK frame)", selfComponents, samples, top);
    print(out, "Components (inclusive: anywhere on the stack)", inclusiveComponents, samples, top);
    print(out, "Threads", threads, samples, top);
  }

  private static void print(
      PrintStream out, String title, Map<String, Integer> counts, int total, int top) {
    out.println();
    out.println(title);
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
    for (int i = 0; i < Math.min(top, entries.size()); i++) {
      Map.Entry<String, Integer> e = entries.get(i);
      out.printf("  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey());
    }
  }

  private static String selfComponent(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String component = component(className(frame));
      if (component != null) {
        return component;
      }
    }
    return "JDK only: " + name(frames.get(0));
  }

  private static String component(String className) {
    for (Map.Entry<String, String> e : COMPONENTS.entrySet()) {
      if (className.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Threads named like "Window(...) (1/2)#0" are grouped by their name before the subtask. */
  private static String threadGroup(String thread) {
    int paren = thread.lastIndexOf(" (");
    String name = paren > 0 ? thread.substring(0, paren) : thread;
    return name.replaceAll("-\\d+$", "-N").replaceAll("#\\d+$", "");
  }

  private static String className(RecordedFrame frame) {
    return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod() == null ? "?" : className(frame) + "." + frame.getMethod().getName();
  }
}
