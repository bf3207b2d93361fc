package org.ihlbench.transforms.expand;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.transforms.ContentHash;

/**
 * The axes an experiment crosses: models x conditions x variants x seeds. Built once from the
 * experiment config, immutable, and shipped to workers with the transforms that use it.
 */
public record ExperimentDesign(
    List<Model> models, List<Condition> conditions, List<Variant> variants, List<Integer> seeds)
    implements Serializable {

  /** A model under test as samples name it. */
  public record Model(String name, String provider, String protocol, String modelId)
      implements Serializable {}

  /**
   * A condition: a system prompt (or none) with optional per-model overrides, so that a tailored
   * prompt can be compared with the standard one.
   */
  public record Condition(String name, String systemPrompt, Map<String, String> perModel)
      implements Serializable {
    public Condition {
      perModel = perModel == null ? Map.of() : Map.copyOf(perModel);
    }

    /** The system prompt text sent to {@code model}, or null for none. */
    public String systemPromptFor(String model) {
      return perModel.getOrDefault(model, systemPrompt);
    }
  }

  public ExperimentDesign {
    models = List.copyOf(models);
    conditions = List.copyOf(conditions);
    variants = List.copyOf(variants);
    seeds = List.copyOf(seeds);
  }

  public static String systemPromptHash(String text) {
    return text == null ? null : ContentHash.sha256Hex(text);
  }

  /** Every system prompt text any sample may carry, by hash, for the stage that sends them. */
  public Map<String, String> systemPromptsByHash() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Condition c : conditions) {
      for (Model m : models) {
        String text = c.systemPromptFor(m.name());
        if (text != null) {
          out.put(systemPromptHash(text), text);
        }
      }
    }
    return Map.copyOf(out);
  }

  /** Samples per prompt. */
  public long samplesPerPrompt() {
    return (long) models.size() * conditions.size() * variants.size() * seeds.size();
  }
}
