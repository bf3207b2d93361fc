package org.ihlbench.transforms.judges;

import java.util.List;
import java.util.Optional;
import org.ihlbench.transforms.judges.llm.LlmJudge;

/**
 * Every type of judge a panel may hold, one line per type. A new type is its panel member (a
 * {@link PanelJudge} with its {@link JudgeType}) plus a line here.
 */
public final class JudgeTypes {
  private static final List<JudgeType> ALL = List.of(
      RulesJudge.TYPE,
      LlmJudge.TYPE);

  private JudgeTypes() {}

  public static Optional<JudgeType> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The types' names, sorted. */
  public static List<String> names() {
    return ALL.stream().map(JudgeType::name).sorted().toList();
  }

  /** The panel of a config without a {@code judges} section: the rule-based judge alone. */
  public static PanelJudge defaultJudge() {
    return new RulesJudge("rules");
  }
}
