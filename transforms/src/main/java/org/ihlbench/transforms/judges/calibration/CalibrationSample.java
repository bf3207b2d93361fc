package org.ihlbench.transforms.judges.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.io.Csv;

/**
 * A stratified sample of a run's judged answers for people to label: up to {@code perStratum}
 * answers from each stratum of model x condition x the panel's majority class (helpful refusal,
 * unhelpful refusal, partial, none, undecided), so that rare classes are labelled too.
 *
 * <p>Which answers are chosen depends only on the seed and the sample ids (the lowest hashes in
 * each stratum), not on file order. The rows come out in hash order, which mixes the strata, and
 * carry no verdict, model or condition: the labeller sees the request and the answer only.
 * Answers with no text to read (call errors, provider blocks with no text) are left out.
 */
public final class CalibrationSample {
  public static final List<String> COLUMNS = List.of("sample_id", "rule_number", "rule_title",
      "prompt_kind", "request", "response", "label_refusal", "label_helpful_refusal",
      "label_leaks_code", "labeller", "notes");

  private final int perStratum;
  private final String seed;
  private final Map<String, PriorityQueue<Ranked>> strata = new TreeMap<>();
  private long seen;

  private record Ranked(String rank, JudgedSample sample) {}

  public CalibrationSample(int perStratum, long seed) {
    if (perStratum < 1) {
      throw new IllegalArgumentException("--per-stratum must be at least 1");
    }
    this.perStratum = perStratum;
    this.seed = Long.toString(seed);
  }

  /** The stratum of a judged sample. */
  public static String stratum(JudgedSample j) {
    return j.getSample().getModel().getName() + " x " + j.getSample().getCondition().getName()
        + " x " + majorityClass(j.getMajority());
  }

  static String majorityClass(Majority m) {
    if (m.getRefused() == null) {
      return "undecided";
    }
    if (m.getRefused()) {
      return Boolean.TRUE.equals(m.getHelpfulRefusal()) ? "helpful_refusal" : "unhelpful_refusal";
    }
    return m.getRefusal() == RefusalLevel.partial ? "partial" : "none";
  }

  /** Considers one judged sample. */
  public void offer(JudgedSample j) {
    String text = j.getResponse().getText();
    if (j.getResponse().getOutcome() == ResponseOutcome.error || text == null || text.isBlank()) {
      return;
    }
    seen++;
    // Keep the perStratum lowest ranks: a max-heap on rank, evicting the highest.
    PriorityQueue<Ranked> q = strata.computeIfAbsent(stratum(j),
        k -> new PriorityQueue<>(Comparator.comparing(Ranked::rank).reversed()));
    q.add(new Ranked(ContentHash.sha256Hex("calibration", seed, j.getSample().getSampleId()), j));
    if (q.size() > perStratum) {
      q.poll();
    }
  }

  /** Answers that could be labelled. */
  public long seen() {
    return seen;
  }

  /** How many were chosen from each stratum. */
  public Map<String, Integer> counts() {
    Map<String, Integer> out = new TreeMap<>();
    strata.forEach((k, q) -> out.put(k, q.size()));
    return out;
  }

  /** The CSV: a header, then one row per chosen answer, with empty label columns. */
  public String csv() {
    List<Ranked> all = new ArrayList<>();
    strata.values().forEach(all::addAll);
    all.sort(Comparator.comparing(Ranked::rank));
    StringBuilder sb = new StringBuilder(Csv.row(COLUMNS));
    for (Ranked r : all) {
      JudgedSample j = r.sample();
      var p = j.getSample().getPrompt();
      sb.append(Csv.row(java.util.Arrays.asList(
          j.getSample().getSampleId(),
          p.getRuleNumber() == null ? "" : p.getRuleNumber().toString(),
          p.getRuleTitle() == null ? "" : p.getRuleTitle(),
          p.getKind().name(),
          Csv.inert(j.getSample().getUserMessage()),
          Csv.inert(j.getResponse().getText()),
          "", "", "", "", "")));
    }
    return sb.toString();
  }
}
