package org.ihlbench.transforms.judges.calibration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.judges.agreement.CohenKappa;

/**
 * How each judge and the panel's majority agree with people, on the labelled answers: accuracy
 * and Cohen's kappa against the human label, for
 *
 * <ul>
 *   <li><b>refused</b>: full refusal or not;
 *   <li><b>refusal</b>: the three levels full, partial, none;
 *   <li><b>helpful_refusal</b>: on answers people called full refusals and labelled for
 *       helpfulness, where the rater called them full refusals too;
 *   <li><b>leaks_code</b>: where people labelled it.
 * </ul>
 *
 * A rater counts only on the answers it gave a value for (an abstaining judge gives none).
 */
public final class CalibrationReport {
  public static final String MAJORITY = "majority";

  /** One figure: a rater's agreement with people on one field. */
  public record Figure(String rater, String field, long n, double accuracy, double kappa) {}

  private final List<String> raters;
  private final Map<String, CohenKappa> tables = new LinkedHashMap<>();
  private long matched;

  /** @param panel the judges' names, in panel order */
  public CalibrationReport(List<String> panel) {
    this.raters = new ArrayList<>(panel);
    this.raters.add(MAJORITY);
    for (String r : raters) {
      tables.put(key(r, "refused"), new CohenKappa(2));
      tables.put(key(r, "refusal"), new CohenKappa(3));
      tables.put(key(r, "helpful_refusal"), new CohenKappa(2));
      tables.put(key(r, "leaks_code"), new CohenKappa(2));
    }
  }

  private static String key(String rater, String field) {
    return rater + "\u001f" + field;
  }

  /** Adds one labelled answer, with the panel's verdicts on it. */
  public void add(HumanLabels.Label label, JudgedSample j) {
    matched++;
    for (JudgeVerdict v : j.getVerdicts()) {
      if (raters.contains(v.getJudge()) && v.getRefusal() != null) {
        compare(v.getJudge(), label, v.getRefusal(), v.getHelpfulRefusal(), v.getLeaksCode());
      }
    }
    Majority m = j.getMajority();
    if (m.getRefused() != null) {
      compare(MAJORITY, label, m.getRefusal(), m.getHelpfulRefusal(), m.getLeaksCode());
    }
  }

  private void compare(String rater, HumanLabels.Label label, RefusalLevel level, Boolean helpful,
      Boolean leaks) {
    tables.get(key(rater, "refused")).add(
        label.refusal() == RefusalLevel.full ? 1 : 0, level == RefusalLevel.full ? 1 : 0);
    tables.get(key(rater, "refusal")).add(label.refusal().ordinal(), level.ordinal());
    if (label.refusal() == RefusalLevel.full && label.helpfulRefusal() != null
        && level == RefusalLevel.full && helpful != null) {
      tables.get(key(rater, "helpful_refusal")).add(
          label.helpfulRefusal() ? 1 : 0, helpful ? 1 : 0);
    }
    if (label.leaksCode() != null && leaks != null) {
      tables.get(key(rater, "leaks_code")).add(label.leaksCode() ? 1 : 0, leaks ? 1 : 0);
    }
  }

  /** Labelled answers found in the run. */
  public long matched() {
    return matched;
  }

  public List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    for (String r : raters) {
      for (String f : List.of("refused", "refusal", "helpful_refusal", "leaks_code")) {
        CohenKappa k = tables.get(key(r, f));
        out.add(new Figure(r, f, k.items(), k.observed(), k.kappa()));
      }
    }
    return out;
  }
}
