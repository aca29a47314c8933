package dev.aigw.insight.job.alert.attribution;

import java.util.Arrays;

/**
 * The latest per-minute numbers of each service for one (rule, entity) and minute, kept by {@link
 * AcrossServicesSum}: a rewritten cell replaces its service's numbers, never adds to them. A Flink
 * POJO of parallel arrays (one slot per service seen in the minute), so that its state needs no
 * generic serializer.
 */
public class ServiceNumbers {

  public String[] services;

  public double[] numerators;

  public double[] denominators;

  public long[] requests;

  /** Flink POJO constructor. */
  public ServiceNumbers() {}

  /** No service yet. */
  public static ServiceNumbers empty() {
    ServiceNumbers n = new ServiceNumbers();
    n.services = new String[0];
    n.numerators = new double[0];
    n.denominators = new double[0];
    n.requests = new long[0];
    return n;
  }

  /** Sets (replaces) a service's numbers of the minute. */
  public void put(String service, double numerator, double denominator, long requestCount) {
    int i = Arrays.asList(services).indexOf(service);
    if (i < 0) {
      i = services.length;
      services = Arrays.copyOf(services, i + 1);
      numerators = Arrays.copyOf(numerators, i + 1);
      denominators = Arrays.copyOf(denominators, i + 1);
      requests = Arrays.copyOf(requests, i + 1);
      services[i] = service;
    }
    numerators[i] = numerator;
    denominators[i] = denominator;
    requests[i] = requestCount;
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
}
