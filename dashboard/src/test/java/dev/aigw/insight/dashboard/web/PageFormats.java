package dev.aigw.insight.dashboard.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The page's number formats (format.js) in Java, for values a browser test computes itself. */
final class PageFormats {

  private PageFormats() {}

  /** A count: 1,234. */
  static String count(long v) {
    return String.format("%,d", v);
  }

  /** US dollars: 2 to 6 decimals by size, rounded half up, trailing zeros beyond 2 dropped. */
  static String money(double v) {
    double a = Math.abs(v);
    int digits = a == 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    BigDecimal d = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP);
    d = d.stripTrailingZeros();
    if (d.scale() < 2) {
      d = d.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + String.format("%,." + d.scale() + "f", d);
  }

  /** A ratio as a percentage: one decimal at most (two below 0.1 %), then " %". */
  static String percent(double ratio) {
    double p = ratio * 100;
    int digits = p != 0 && Math.abs(p) < 0.1 ? 2 : 1;
    BigDecimal d =
        BigDecimal.valueOf(p).setScale(digits, RoundingMode.HALF_UP).stripTrailingZeros();
    return (d.scale() < 0 ? d.setScale(0) : d).toPlainString() + " %";
  }

  /** Milliseconds: whole from 100 ms, else one decimal at most. */
  static String ms(double v) {
    int digits = Math.abs(v) >= 100 ? 0 : 1;
    BigDecimal d =
        BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).stripTrailingZeros();
    return String.format("%,." + Math.max(0, d.scale()) + "f", d) + " ms";
  }
}
