package org.ihlbench.transforms.report;

import java.util.Locale;

/** Escaping and number formats for the report: everything from a run is data, never markup. */
public final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          // Control characters other than tab and newlines have no business in a page.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** A rate as a percentage with one decimal, or an en dash when undefined. */
  static String pct(double rate) {
    return Double.isNaN(rate) ? "\u2013" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  /** A rate with its interval: {@code 76.4% [65.4, 84.7]}. */
  static String pctCi(double rate, double low, double high) {
    if (Double.isNaN(rate)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * rate, 100 * low, 100 * high);
  }

  /** A change in percentage points with its interval: {@code +12.5 pts [4.1, 20.9]}. */
  static String ptsCi(double delta, double low, double high) {
    if (Double.isNaN(delta)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%+.1f pts [%+.1f, %+.1f]", 100 * delta, 100 * low,
        100 * high);
  }

  /** A p-value: three significant digits, or a bound below 0.001. */
  static String p(double p) {
    if (Double.isNaN(p)) {
      return "\u2013";
    }
    if (p < 0.001) {
      return "&lt;0.001";
    }
    return String.format(Locale.ROOT, "%.3f", p);
  }

  /** A p-value as plain (unescaped) text after its name: "p=0.064", "p<0.001", "p=–". */
  static String pText(String name, double p) {
    return !Double.isNaN(p) && p < 0.001 ? name + "<0.001" : name + "=" + p(p);
  }

  static String num(double x, int decimals) {
    return Double.isNaN(x) ? "\u2013" : String.format(Locale.ROOT, "%." + decimals + "f", x);
  }
}
