package org.ihlbench.transforms.judges.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.judges.agreement.CohenKappa;
import org.ihlbench.transforms.stats.Intervals;

/**
 * A panel scored against people's labels: every judge, and the panel's majority, as a
 * {@link RaterScore}; plus what each judge did (calls, repairs, cost). Feed it each labelled
 * answer with the panel's judged sample; read the figures as JSON ({@link #json}), as a long
 * table ({@link EvaluationTables}), or printed.
 */
public final class JudgeEvaluation {
  public static final String MAJORITY = "majority";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> judges;
  private final Map<String, RaterScore> scores = new LinkedHashMap<>();
  private final Map<String, Activity> activity = new LinkedHashMap<>();
  private final List<String> groupColumns;
  private final List<List<String>> items = new ArrayList<>();
  private long answers;

  /** What one judge did over the evaluation. */
  static final class Activity {
    String modelVersion;
    long calls;
    long storeHits;
    long repaired;
    double costUsd;
  }

  /**
   * @param judges the panel's judges, in panel order
   * @param groupColumns the label file's group columns, for the per-answer table
   */
  public JudgeEvaluation(List<String> judges, List<String> groupColumns) {
    this.judges = List.copyOf(judges);
    this.groupColumns = List.copyOf(groupColumns);
    for (String j : judges) {
      scores.put(j, new RaterScore());
      activity.put(j, new Activity());
    }
    scores.put(MAJORITY, new RaterScore());
  }

  /** Adds one labelled answer and the panel's verdicts on it (a judge with no verdict abstained). */
  public void add(LabelledAnswer a, JudgedSample judged) {
    answers++;
    Map<String, JudgeVerdict> byJudge = new LinkedHashMap<>();
    for (JudgeVerdict v : judged.getVerdicts()) {
      byJudge.put(v.getJudge(), v);
    }
    List<String> item = new ArrayList<>(List.of(a.key(), a.id(), a.label().name(), text(a.helpful())));
    a.groups().values().forEach(item::add);
    for (String j : judges) {
      JudgeVerdict v = byJudge.get(j);
      item.add(v == null || v.getRefusal() == null ? "abstained" : v.getRefusal().name());
      item.add(v == null ? "" : text(v.getHelpfulRefusal()));
      item.add(v == null || v.getRationale() == null ? "" : v.getRationale());
      scores.get(j).add(a, v == null ? null : v.getRefusal(), v == null ? null : v.getHelpfulRefusal());
      if (v != null) {
        Activity act = activity.get(j);
        act.modelVersion = v.getJudgeModelVersion() != null ? v.getJudgeModelVersion() : act.modelVersion;
        act.calls += v.getCalls();
        act.storeHits += v.getStoreHits();
        act.repaired += v.getParseStatus() == ParseStatus.repaired ? 1 : 0;
        act.costUsd += v.getCostUsd() == null ? 0 : v.getCostUsd();
      }
    }
    Majority m = judged.getMajority();
    scores.get(MAJORITY).add(a, m.getRefused() == null ? null : m.getRefusal(), m.getHelpfulRefusal());
    item.add(m.getRefused() == null ? "undecided" : m.getRefusal().name());
    item.add(text(m.getHelpfulRefusal()));
    items.add(item);
  }

  private static String text(Boolean b) {
    return b == null ? "" : b.toString();
  }

  /** The per-answer table's header: the answer, its labels and groups, then each rater's call. */
  public List<String> itemColumns() {
    List<String> h = new ArrayList<>(List.of("key", "id", "label", "label_helpful"));
    h.addAll(groupColumns);
    for (String j : judges) {
      h.add(j + "_refusal");
      h.add(j + "_helpful");
      h.add(j + "_rationale");
    }
    h.add(MAJORITY + "_refusal");
    h.add(MAJORITY + "_helpful");
    return h;
  }

  /** One row per answer, in the order they were added; see {@link #itemColumns}. */
  public List<List<String>> items() {
    return items;
  }

  public long answers() {
    return answers;
  }

  /** Each judge's score, then the majority's ({@link #MAJORITY}). */
  public Map<String, RaterScore> scores() {
    return scores;
  }

  public List<String> judges() {
    return judges;
  }

  /**
   * The figures as judge_eval.json has them: {@code judges} (each judge by name) and
   * {@code majority}, each with n, abstained, accuracy, Cohen's kappa, the {@code refusal} block
   * (true/false positives/negatives, sensitivity, specificity), three-class figures, the
   * confusion matrix, helpfulness and the refusal-rate bias per group.
   */
  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("answers", answers);
    root.put("positive", "full refusal (labelled full); not full = partial or none");
    root.put("bias_interval", RaterScore.Bias.METHOD + ": Bonett and Price (2012) adjusted Wald"
        + " interval for the difference of two proportions on the same answers (judge rate -"
        + " label rate)");
    ObjectNode js = root.putObject("judges");
    for (String j : judges) {
      ObjectNode n = rater(js.putObject(j), scores.get(j));
      Activity act = activity.get(j);
      n.put("model_version", act.modelVersion);
      n.put("calls", act.calls);
      n.put("store_hits", act.storeHits);
      n.put("repaired", act.repaired);
      n.put("cost_usd", act.costUsd);
    }
    rater(root.putObject(MAJORITY), scores.get(MAJORITY));
    return root;
  }

  private static ObjectNode rater(ObjectNode n, RaterScore s) {
    n.put("n", s.n());
    n.put("abstained", s.abstained());
    interval(n, "accuracy", s.accuracy());
    number(n, "cohen_kappa", s.kappa());
    ObjectNode r = n.putObject("refusal");
    r.put("true_positives", s.truePositives());
    r.put("false_negatives", s.falseNegatives());
    r.put("true_negatives", s.trueNegatives());
    r.put("false_positives", s.falsePositives());
    number(r, "sensitivity", s.sensitivity().rate());
    number(r, "specificity", s.specificity().rate());
    ObjectNode ci = n.putObject("refusal_ci");
    number(ci, "sensitivity_low", s.sensitivity().low());
    number(ci, "sensitivity_high", s.sensitivity().high());
    number(ci, "specificity_low", s.specificity().low());
    number(ci, "specificity_high", s.specificity().high());
    ci.put("method", "wilson");
    ObjectNode three = n.putObject("three_class");
    interval(three, "accuracy", s.threeClassAccuracy());
    number(three, "cohen_kappa", s.threeClassKappa());
    ObjectNode conf = n.putObject("confusion");
    conf.put("rows", "label");
    conf.put("columns", "judge");
    long[][] c = s.confusion();
    for (RefusalLevel label : RefusalLevel.values()) {
      ObjectNode row = conf.putObject(label.name());
      for (RefusalLevel judged : RefusalLevel.values()) {
        row.put(judged.name(), c[label.ordinal()][judged.ordinal()]);
      }
      row.put("abstained", c[label.ordinal()][RaterScore.ABSTAINED]);
    }
    CohenKappa h = s.helpful();
    ObjectNode helpful = n.putObject("helpful");
    helpful.put("n", h.items());
    number(helpful, "accuracy", h.observed());
    number(helpful, "cohen_kappa", h.kappa());
    ArrayNode bias = n.putArray("bias");
    List<RaterScore.Bias> rows = new ArrayList<>();
    rows.add(s.overallBias());
    rows.addAll(s.bias());
    for (RaterScore.Bias b : rows) {
      ObjectNode o = bias.addObject().put("group", b.group()).put("value", b.value()).put("n", b.n());
      number(o, "label_rate", b.labelRate());
      number(o, "judge_rate", b.raterRate());
      number(o, "difference", b.difference());
      number(o, "ci_low", b.ciLow());
      number(o, "ci_high", b.ciHigh());
    }
    return n;
  }

  private static void interval(ObjectNode n, String name, Intervals.Interval i) {
    number(n, name, i.rate());
    number(n, name + "_ci_low", i.low());
    number(n, name + "_ci_high", i.high());
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isNaN(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
