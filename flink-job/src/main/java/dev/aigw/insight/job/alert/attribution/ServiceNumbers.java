package dev.aigw.insight.job.alert.attribution;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import java.util.Arrays;

/**
 * The latest per-minute numbers of each service for one (rule, entity) and minute, kept by {@link
 * AcrossServicesSum}: a rewritten cell replaces its service's numbers, never adds to them. A Flink
 * POJO of parallel arrays (one slot per service seen in the minute), so that its state needs no
 * generic serializer. A percentile metric's bucket counts are kept per service too and merged into
 * the sum, so that the window's percentile stays exact across services.
 */
public class ServiceNumbers {

  public String[] services;

  public double[] numerators;

  public double[] denominators;

  public long[] requests;

  /** Each service's bucket counts of a percentile metric (null entries for other metrics). */
  public HistogramAccumulator[] histograms;

  /** Flink POJO constructor. */
  public ServiceNumbers() {}

  /** No service yet. */
  public static ServiceNumbers empty() {
    ServiceNumbers n = new ServiceNumbers();
    n.services = new String[0];
    n.numerators = new double[0];
    n.denominators = new double[0];
    n.requests = new long[0];
    n.histograms = new HistogramAccumulator[0];
    return n;
  }

  /** Sets (replaces) a service's numbers of the minute. */
  public void put(
      String service,
      double numerator,
      double denominator,
      long requestCount,
      HistogramAccumulator histogram) {
    int i = Arrays.asList(services).indexOf(service);
    if (i < 0) {
      i = services.length;
      services = Arrays.copyOf(services, i + 1);
      numerators = Arrays.copyOf(numerators, i + 1);
      denominators = Arrays.copyOf(denominators, i + 1);
      requests = Arrays.copyOf(requests, i + 1);
      histograms = Arrays.copyOf(histograms, i + 1);
      services[i] = service;
    }
    numerators[i] = numerator;
    denominators[i] = denominator;
    requests[i] = requestCount;
    histograms[i] = histogram;
  }

  public double numerator() {
    return Arrays.stream(numerators).sum();
  }

  public double denominator() {
    return Arrays.stream(denominators).sum();
  }

  public long requestCount() {
    return Arrays.stream(requests).sum();
  }

  /** The services' bucket counts merged, or null when none has any. */
  public HistogramAccumulator histogram() {
    HistogramAccumulator merged = null;
    for (HistogramAccumulator h : histograms) {
      if (h != null) {
        if (merged == null) {
          merged = new HistogramAccumulator();
        }
        merged.merge(h);
      }
    }
    return merged;
  }
}
