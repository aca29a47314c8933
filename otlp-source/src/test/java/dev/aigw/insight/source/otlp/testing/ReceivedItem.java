package dev.aigw.insight.source.otlp.testing;

/**
 * What the test decoder makes of one histogram data point, log record or span: a Flink POJO whose
 * {@link #toString()} holds every compared field, so that lists of them compare exactly.
 */
public class ReceivedItem {

  public String signal;
  public String resource;
  public String scope;
  public String name;
  public String unit;
  public String temporality;
  public String attributes;
  public long startTimeUnixNano;
  public long timeUnixNano;
  public long count;
  public double sum;
  public double min;
  public double max;
  public String bounds;
  public String bucketCounts;
  public String body;

  public ReceivedItem() {}

  @Override
  public String toString() {
    return signal
        + "|"
        + resource
        + "|"
        + scope
        + "|"
        + name
        + "|"
        + unit
        + "|"
        + temporality
        + "|"
        + attributes
        + "|start="
        + startTimeUnixNano
        + "|time="
        + timeUnixNano
        + "|count="
        + count
        + "|sum="
        + sum
        + "|min="
        + min
        + "|max="
        + max
        + "|bounds="
        + bounds
        + "|buckets="
        + bucketCounts
        + "|body="
        + body;
  }
}
