package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppAttributionCell;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each call once per configured attribution attribute, under its value ({@value
 * AppAttributionCell#NONE} when the call has none): so every attribute's values partition the
 * calls, and their cells add up to the application cells.
 */
public class AppAttributionFanOut implements FlatMapFunction<LlmCall, AppAttributionTarget> {

  private static final long serialVersionUID = 1L;

  private final String[] names;

  /** For the attributes {@code names}, in the order of {@link LlmCall#attribution}. */
  public AppAttributionFanOut(List<String> names) {
    this.names = names.toArray(new String[0]);
  }

  @Override
  public void flatMap(LlmCall call, Collector<AppAttributionTarget> out) {
    String[] values = call.attribution;
    for (int i = 0; i < names.length; i++) {
      String value =
          values == null || i >= values.length || values[i] == null
              ? AppAttributionCell.NONE
              : values[i];
      out.collect(AppAttributionTarget.of(call, names[i], value));
    }
  }
}
