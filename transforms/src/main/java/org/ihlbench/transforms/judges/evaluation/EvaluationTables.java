package org.ihlbench.transforms.judges.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.io.Csv;
import org.ihlbench.transforms.stats.Intervals;

/**
 * A {@link JudgeEvaluation} as tables: {@code judge_eval.csv} (one row per rater and figure),
 * {@code judge_eval_items.csv} (one row per answer: its label and every rater's call) and the
 * printed summary.
 */
public final class EvaluationTables {
  public static final List<String> FIGURE_COLUMNS = List.of("rater", "statistic", "group",
      "value", "n", "estimate", "ci_low", "ci_high");

  private EvaluationTables() {}

  /** judge_eval.csv: rater, statistic, group, value, n, estimate, ci_low, ci_high. */
  public static String figures(JudgeEvaluation e) {
    StringBuilder sb = new StringBuilder(Csv.row(FIGURE_COLUMNS));
    for (Map.Entry<String, RaterScore> r : e.scores().entrySet()) {
      String rater = r.getKey();
      RaterScore s = r.getValue();
      row(sb, rater, "accuracy", s.n(), s.accuracy());
      row(sb, rater, "cohen_kappa", s.n(), s.kappa());
      row(sb, rater, "sensitivity", s.truePositives() + s.falseNegatives(), s.sensitivity());
      row(sb, rater, "specificity", s.trueNegatives() + s.falsePositives(), s.specificity());
      row(sb, rater, "three_class_accuracy", s.n(), s.threeClassAccuracy());
      row(sb, rater, "three_class_kappa", s.n(), s.threeClassKappa());
      row(sb, rater, "helpful_accuracy", s.helpful().items(), s.helpful().observed());
      row(sb, rater, "helpful_kappa", s.helpful().items(), s.helpful().kappa());
      row(sb, rater, "abstained", s.abstained() + s.n(), (double) s.abstained());
      long[][] c = s.confusion();
      for (RefusalLevel label : RefusalLevel.values()) {
        for (int j = 0; j < 4; j++) {
          String judged = j == RaterScore.ABSTAINED ? "abstained" : RefusalLevel.values()[j].name();
          sb.append(Csv.row(List.of(rater, "confusion", "label=" + label.name(), "judge=" + judged,
              "", Long.toString(c[label.ordinal()][j]), "", "")));
        }
      }
      List<RaterScore.Bias> bias = new ArrayList<>();
      bias.add(s.overallBias());
      bias.addAll(s.bias());
      for (RaterScore.Bias b : bias) {
        sb.append(Csv.row(List.of(rater, "label_refusal_rate", b.group(), b.value(),
            Long.toString(b.n()), num(b.labelRate()), "", "")));
        sb.append(Csv.row(List.of(rater, "judge_refusal_rate", b.group(), b.value(),
            Long.toString(b.n()), num(b.raterRate()), "", "")));
        sb.append(Csv.row(List.of(rater, "refusal_rate_bias", b.group(), b.value(),
            Long.toString(b.n()), num(b.difference()), num(b.ciLow()), num(b.ciHigh()))));
      }
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String rater, String statistic, long n,
      Intervals.Interval i) {
    sb.append(Csv.row(List.of(rater, statistic, "all", "all", Long.toString(n), num(i.rate()),
        num(i.low()), num(i.high()))));
  }

  private static void row(StringBuilder sb, String rater, String statistic, long n, double v) {
    sb.append(Csv.row(List.of(rater, statistic, "all", "all", Long.toString(n), num(v), "", "")));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** judge_eval_items.csv: one row per answer; cells that spreadsheets would run are made inert. */
  public static String items(JudgeEvaluation e) {
    StringBuilder sb = new StringBuilder(Csv.row(e.itemColumns()));
    for (List<String> item : e.items()) {
      sb.append(Csv.row(item.stream().map(Csv::inert).toList()));
    }
    return sb.toString();
  }

  /** The summary for the terminal: one line per rater, confusion matrices, the bias per group. */
  public static String printout(JudgeEvaluation e) {
    StringBuilder sb = new StringBuilder();
    sb.append("positive = labelled full refusal; figures over the answers each rater decided\n");
    String fmt = "%-20s %6s %5s  %-22s %6s  %-22s %-22s %8s %6s  %s%n";
    sb.append(String.format(Locale.ROOT, fmt, "rater", "n", "abst", "accuracy [95% CI]", "kappa",
        "sensitivity [95% CI]", "specificity [95% CI]", "3-class", "kappa", "helpful acc (n)"));
    for (Map.Entry<String, RaterScore> r : e.scores().entrySet()) {
      RaterScore s = r.getValue();
      sb.append(String.format(Locale.ROOT, fmt, r.getKey(), s.n(), s.abstained(),
          ci(s.accuracy()), k(s.kappa()), ci(s.sensitivity()), ci(s.specificity()),
          pct(s.threeClassAccuracy().rate()), k(s.threeClassKappa()),
          pct(s.helpful().observed()) + " (" + s.helpful().items() + ")"));
    }
    sb.append("\nconfusion (rows: label; columns: rater)  full partial  none abstained\n");
    for (Map.Entry<String, RaterScore> r : e.scores().entrySet()) {
      long[][] c = r.getValue().confusion();
      for (RefusalLevel label : RefusalLevel.values()) {
        long[] row = c[label.ordinal()];
        sb.append(String.format(Locale.ROOT, "  %-20s %-16s %5d %7d %5d %9d%n",
            label == RefusalLevel.full ? r.getKey() : "", label.name(), row[0], row[1], row[2],
            row[3]));
      }
    }
    sb.append("\nrefusal-rate bias: judge rate - label rate, 95% CI (Bonett-Price, paired)\n");
    String bfmt = "  %-20s %-12s %-24s %6s %7s %7s  %s%n";
    sb.append(String.format(Locale.ROOT, bfmt, "rater", "group", "value", "n", "label", "judge",
        "bias [95% CI]"));
    for (Map.Entry<String, RaterScore> r : e.scores().entrySet()) {
      List<RaterScore.Bias> bias = new ArrayList<>();
      bias.add(r.getValue().overallBias());
      bias.addAll(r.getValue().bias());
      for (RaterScore.Bias b : bias) {
        sb.append(String.format(Locale.ROOT, bfmt, r.getKey(), b.group(), b.value(), b.n(),
            pct(b.labelRate()), pct(b.raterRate()), Double.isNaN(b.difference()) ? "-"
                : String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * b.difference(),
                    100 * b.ciLow(), 100 * b.ciHigh())));
      }
    }
    return sb.toString();
  }

  private static String ci(Intervals.Interval i) {
    return Double.isNaN(i.rate()) ? "-" : String.format(Locale.ROOT, "%5.1f%% [%5.1f, %5.1f]",
        100 * i.rate(), 100 * i.low(), 100 * i.high());
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String k(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
