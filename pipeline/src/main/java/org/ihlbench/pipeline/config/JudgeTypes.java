package org.ihlbench.pipeline.config;

import java.util.List;
import java.util.Optional;

/**
 * Every type of judge a panel may hold, one line per type. A new type is its {@link JudgeSpec}
 * class (with its {@link JudgeType}) and its panel member in transforms' judges, plus a line here.
 */
public final class JudgeTypes {
  private static final List<JudgeType> ALL = List.of(
      RulesJudgeSpec.TYPE,
      LlmJudgeSpec.TYPE);

  private JudgeTypes() {}

  static Optional<JudgeType> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The types' names, sorted. */
  public static List<String> names() {
    return ALL.stream().map(JudgeType::name).sorted().toList();
  }

  /** The panel of a config without a {@code judges} section: the rule-based judge alone. */
  static JudgeSpec defaultJudge() {
    return new RulesJudgeSpec("rules");
  }
}
