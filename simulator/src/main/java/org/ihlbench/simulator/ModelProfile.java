package org.ihlbench.simulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one simulated model behaves: as a model under test (its behaviour rules), as a judge (see
 * {@link SimulatedJudge}), or both; a judge-only model has no behaviour rules.
 *
 * @param rejectParams request parameters this model answers with 400, as its real counterpart
 *     does (o3-mini: temperature; Mistral: seed)
 * @param promptEffect how much this model's prompts differ in how often they are refused; null:
 *     every prompt is refused at its rule's rate, seeds independent
 */
public record ModelProfile(
    String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour,
    SimulatedJudge.Behaviour judge, Set<String> rejectParams, PromptEffect promptEffect) {

  public ModelProfile(
      String name, String modelVersion, Integer latencyMs, List<BehaviourRule> behaviour) {
    this(name, modelVersion, latencyMs, behaviour, null, Set.of(), null);
  }

  public ModelProfile(String name, String modelVersion, Integer latencyMs,
      List<BehaviourRule> behaviour, SimulatedJudge.Behaviour judge, Set<String> rejectParams) {
    this(name, modelVersion, latencyMs, behaviour, judge, rejectParams, null);
  }

  /** The first rule that matches; profiles end with a catch-all rule, checked at load time. */
  public BehaviourRule ruleFor(SimRequest request, Map<String, String> kindByPromptText) {
    if (behaviour.isEmpty()) {
      throw new IllegalStateException("simulated model '" + name + "' only judges");
    }
    for (BehaviourRule rule : behaviour) {
      if (rule.matches(request, kindByPromptText)) {
        return rule;
      }
    }
    return behaviour.get(behaviour.size() - 1);
  }
}
