package org.ihlbench.transforms.judges;

import java.io.Serializable;
import java.util.List;
import org.ihlbench.transforms.judges.llm.LlmJudge;

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

  /** The language models on the panel, in panel order. */
  public List<LlmJudge> llmJudges() {
    return judges.stream().filter(LlmJudge.class::isInstance).map(LlmJudge.class::cast).toList();
  }

  public List<String> names() {
    return judges.stream().map(PanelJudge::name).toList();
  }
}
