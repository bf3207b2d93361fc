package org.ihlbench.transforms.judges;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.Sample;

/**
 * The judges that decide each sample, and which of them breaks ties (null for none).
 */
public record Panel(List<PanelJudge> judges, String tiebreaker) implements Serializable {
  public Panel {
    judges = List.copyOf(judges);
    if (judges.isEmpty()) {
      throw new IllegalArgumentException("a panel needs at least one judge");
    }
    if (tiebreaker != null && judges.stream().noneMatch(j -> j.name().equals(tiebreaker))) {
      throw new IllegalArgumentException("tiebreaker '" + tiebreaker + "' is not on the panel");
    }
  }

  /** The judges by the kind that asks them together, kinds and judges in panel order. */
  public Map<JudgeKind, List<PanelJudge>> byKind() {
    Map<JudgeKind, List<PanelJudge>> out = new LinkedHashMap<>();
    judges.forEach(j -> out.computeIfAbsent(j.kind(), k -> new ArrayList<>()).add(j));
    return out;
  }

  /**
   * The dry-run plans of the judges that call models, one per kind ({@link JudgeKind#plan});
   * empty when none do.
   */
  public List<PTransform<PCollection<Sample>, PCollection<CallEstimate>>> plans(
      Map<String, Integer> answerTokensByModel) {
    return byKind().entrySet().stream()
        .map(e -> e.getKey().plan(e.getValue(), answerTokensByModel))
        .filter(Objects::nonNull)
        .toList();
  }

  public List<String> names() {
    return judges.stream().map(PanelJudge::name).toList();
  }
}
