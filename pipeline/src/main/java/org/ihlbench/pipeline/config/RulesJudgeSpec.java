package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.judges.RuleBasedJudge;
import org.ihlbench.transforms.judges.RulesJudge;

/** {@code type: rules}: the rule-based judge, free and instant; it takes no fields but its name. */
public record RulesJudgeSpec(String name) implements JudgeSpec {
  public static final JudgeType TYPE = new JudgeType("rules", (entry, context) -> {
    entry.allowOnly(Set.of("name", "type"));
    return new RulesJudgeSpec(entry.get("name").text());
  });

  @Override
  public String type() {
    return TYPE.name();
  }

  @Override
  public PanelJudge judge() {
    return new RulesJudge(name);
  }

  @Override
  public void describe(ObjectNode entry) {
    entry.put("version", RuleBasedJudge.VERSION);
  }
}
