package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.transforms.stats.Power;

/**
 * Power analysis from a pilot run: for each model, the reference condition against each other
 * condition on violation prompts (reference variant), taking the pilot's refusal rate under the
 * reference condition and its intra-prompt correlation, and asking how many prompts x seeds would
 * detect a chosen change with the chosen power, and how much power the pilot's own design had.
 *
 * <p>The correlation planned with is the pilot's 80% upper bound ({@code refusal_icc_upper}), not
 * its estimate: a pilot of 24 prompts x 3 seeds leaves the estimate uncertain by about 0.12, and
 * planning with a low estimate makes extra seeds look nearly as good as extra prompts. Runs
 * written before the bound was stored fall back on the estimate, a negative one taken as 0.
 */
public final class PilotPower {
  /** One comparison at one target difference. */
  /**
   * One comparison at one target difference. {@code icc} is the correlation planned with (see
   * {@code iccSource}); {@code iccEstimate} the pilot's estimate, for comparison.
   */
  public record Row(String model, String variant, String conditionFrom, String conditionTo,
      double rateFrom, double rateTo, double icc, String iccSource, long prompts, int seeds,
      double difference, double targetRate, double powerNow, Map<Integer, Long> promptsNeeded,
      double iccEstimate) {}

  /** How {@link Row#iccSource} names the pilot's 80% upper bound. */
  public static final String UPPER = "upper 80%";

  /** What to plan for; {@code icc} NaN means "use the pilot's estimate". */
  public record Plan(List<Double> differences, List<Integer> seeds, double alpha, double power,
      double icc) {
    public static Plan standard() {
      return new Plan(List.of(0.05, 0.10), List.of(1, 3, 5, 10), 0.05, 0.80, Double.NaN);
    }
  }

  private PilotPower() {}

  public static List<Row> of(RunTables run, RunOrder order, Plan plan) {
    Map<String, TableRow> cells = new LinkedHashMap<>();
    double[] estimates = {0, 0};
    double[] uppers = {0, 0};
    for (TableRow r : run.summary()) {
      if (!"violation".equals(r.str("kind"))) {
        continue;
      }
      cells.put(r.str("model") + "\u001f" + r.str("condition") + "\u001f" + r.str("variant"), r);
      add(estimates, r.num("refusal_icc"));
      add(uppers, r.num("refusal_icc_upper"));
    }
    double runWide = estimates[1] == 0 ? Double.NaN : estimates[0] / estimates[1];
    double runWideUpper = uppers[1] == 0 ? Double.NaN : uppers[0] / uppers[1];
    String variant = order.referenceVariant();
    String from = order.referenceCondition();
    List<Row> out = new ArrayList<>();
    for (String model : order.models()) {
      TableRow a = cells.get(model + "\u001f" + from + "\u001f" + variant);
      if (a == null) {
        continue;
      }
      for (String to : order.conditions()) {
        TableRow b = cells.get(model + "\u001f" + to + "\u001f" + variant);
        if (to.equals(from) || b == null) {
          continue;
        }
        double estimate = meanOf(a.num("refusal_icc"), b.num("refusal_icc"));
        double upper = meanOf(a.num("refusal_icc_upper"), b.num("refusal_icc_upper"));
        double icc;
        String source;
        if (!Double.isNaN(plan.icc())) {
          icc = plan.icc();
          source = "assumed";
        } else if (!Double.isNaN(upper)) {
          icc = upper;
          source = "pilot, " + UPPER;
        } else if (!Double.isNaN(runWideUpper)) {
          icc = runWideUpper;
          source = "run-wide, " + UPPER;
        } else if (!Double.isNaN(estimate)) {
          icc = estimate;
          source = "pilot estimate";
        } else if (!Double.isNaN(runWide)) {
          icc = runWide;
          source = "run-wide estimate";
        } else {
          icc = Double.NaN;
          source = "unknown";
        }
        long prompts = a.lng("clusters");
        int seeds = prompts == 0 ? 1 : (int) Math.max(1, Math.round(a.num("n") / prompts));
        double p1 = a.num("refusal_rate");
        for (double d : plan.differences()) {
          double p2 = Power.target(p1, d);
          Map<Integer, Long> needed = new LinkedHashMap<>();
          double now = Double.NaN;
          if (!Double.isNaN(p1) && p2 >= 0 && p2 <= 1) {
            for (int m : plan.seeds()) {
              needed.put(m, m > 1 && Double.isNaN(icc) ? -1L
                  : Power.promptsNeeded(p1, p2, icc, m, plan.alpha(), plan.power()));
            }
            if (seeds == 1 || !Double.isNaN(icc)) {
              now = Power.powerOf(p1, p2, icc, prompts, seeds, plan.alpha());
            }
          }
          out.add(new Row(model, variant, from, to, p1, b.num("refusal_rate"), icc, source,
              prompts, seeds, d, p2, now, needed, Double.isNaN(estimate) ? runWide : estimate));
        }
      }
    }
    return out;
  }

  private static void add(double[] sumAndCount, double v) {
    if (!Double.isNaN(v)) {
      sumAndCount[0] += v;
      sumAndCount[1]++;
    }
  }

  private static double meanOf(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    return Double.isNaN(b) ? a : (a + b) / 2;
  }
}
