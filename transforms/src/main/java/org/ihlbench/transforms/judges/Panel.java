package org.ihlbench.transforms.judges;

import java.io.Serializable;
import java.util.List;

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

  public List<String> names() {
    return judges.stream().map(PanelJudge::name).toList();
  }
}
