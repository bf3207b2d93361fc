package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A node of a YAML config together with where it is, so every validation error can say
 * {@code configs/demo.yaml: models[1].rate_limit.requests_per_minute: must be a number >= 0}.
 */
record ConfigNode(String file, String path, JsonNode node) {

  ConfigException error(String message) {
    return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  ConfigNode get(String field) {
    JsonNode child = node == null ? null : node.get(field);
    return new ConfigNode(file, path.isEmpty() ? field : path + "." + field, child);
  }

  ConfigNode at(int index) {
    return new ConfigNode(file, path + "[" + index + "]", node.get(index));
  }

  boolean present() {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  /** Fails on any field not in {@code allowed}: a typo must not be silently ignored. */
  ConfigNode allowOnly(Set<String> allowed) {
    if (!present()) {
      return this;
    }
    if (!node.isObject()) {
      throw error("must be a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw get(f).error("unknown field; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
    return this;
  }

  String text() {
    if (!present()) {
      throw error("is required");
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      throw error("must be a non-empty string");
    }
    return node.asText();
  }

  String text(String dflt) {
    return present() ? text() : dflt;
  }

  double number(double dflt, double min) {
    if (!present()) {
      return dflt;
    }
    if (!node.isNumber() || node.asDouble() < min) {
      throw error("must be a number >= " + (min == Math.floor(min) ? String.valueOf((long) min) : min));
    }
    return node.asDouble();
  }

  int integer(int dflt, int min) {
    if (!present()) {
      return dflt;
    }
    if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > Integer.MAX_VALUE) {
      throw error("must be a whole number >= " + min);
    }
    return node.asInt();
  }

  boolean bool(boolean dflt) {
    if (!present()) {
      return dflt;
    }
    if (!node.isBoolean()) {
      throw error("must be true or false");
    }
    return node.asBoolean();
  }

  List<ConfigNode> list() {
    if (!present()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(at(i));
    }
    return out;
  }

  List<String> texts() {
    if (present() && node.isValueNode()) {
      return List.of(text());
    }
    return list().stream().map(ConfigNode::text).toList();
  }
}
