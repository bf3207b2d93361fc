package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.transforms.expand.ExperimentDesign;

/**
 * The {@code conditions} section: each condition's system prompt (none for a baseline), read
 * from its file, with per-model overrides.
 */
final class ConditionsConfig {
  private ConditionsConfig() {}

  /**
   * The conditions, in order; the prompts' hashes go into {@code hashed} (the config tree the
   * config hash is computed over), so a changed prompt text changes the hash.
   */
  static List<ExperimentDesign.Condition> parse(ConfigNode list, Path dir, Set<String> modelNames,
      ObjectNode hashed) {
    List<ExperimentDesign.Condition> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<ConfigNode> items = list.list();
    if (items.isEmpty()) {
      throw list.error("give at least one condition (e.g. baseline with no system prompt)");
    }
    for (int i = 0; i < items.size(); i++) {
      ConfigNode c = items.get(i).allowOnly(Set.of("name", "system_prompt_file", "per_model"));
      String name = c.get("name").text();
      if (!names.add(name)) {
        throw c.get("name").error("condition '" + name + "' is listed twice");
      }
      String system = c.get("system_prompt_file").present()
          ? readPrompt(c.get("system_prompt_file"), dir) : null;
      Map<String, String> perModel = new LinkedHashMap<>();
      ConfigNode pm = c.get("per_model");
      if (pm.present()) {
        if (!pm.node().isObject()) {
          throw pm.error("must map model names to system prompt files");
        }
        for (var it = pm.node().fieldNames(); it.hasNext(); ) {
          String model = it.next();
          if (!modelNames.contains(model)) {
            throw pm.get(model).error("no model named '" + model + "'; models are " + modelNames);
          }
          perModel.put(model, readPrompt(pm.get(model), dir));
        }
      }
      // The hash covers the prompt texts, not just their file names.
      ObjectNode hc = (ObjectNode) hashed.get("conditions").get(i);
      hc.put("system_prompt_sha256", ExperimentDesign.systemPromptHash(system));
      if (!perModel.isEmpty()) {
        ObjectNode pmh = hc.putObject("per_model_sha256");
        perModel.forEach((k, v) -> pmh.put(k, ExperimentDesign.systemPromptHash(v)));
      }
      out.add(new ExperimentDesign.Condition(name, system, perModel));
    }
    return out;
  }

  private static String readPrompt(ConfigNode fileNode, Path dir) {
    Path p = dir.resolve(fileNode.text());
    try {
      String text = Files.readString(p, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw fileNode.error("system prompt file " + p + " is empty");
      }
      return text;
    } catch (IOException e) {
      throw fileNode.error("cannot read system prompt file " + p + ": " + e.getMessage());
    }
  }
}
