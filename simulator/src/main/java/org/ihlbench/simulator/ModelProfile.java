package org.ihlbench.simulator;

import java.util.List;
import java.util.Map;

/** How one simulated model behaves. */
public record ModelProfile(
    String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour) {

  /** The first rule that matches; profiles end with a catch-all rule, checked at load time. */
  public BehaviourRule ruleFor(SimRequest request, Map<String, String> kindByPromptText) {
    for (BehaviourRule rule : behaviour) {
      if (rule.matches(request, kindByPromptText)) {
        return rule;
      }
    }
    return behaviour.get(behaviour.size() - 1);
  }
}
