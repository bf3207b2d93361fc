package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request parameters as canonical JSON: sorted keys, so equal parameters hash equally. */
public final class Params {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Params() {}

  public static ObjectNode parse(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("parameters are not a JSON object: " + json, e);
    }
  }

  /** The canonical text of a parameter object. */
  public static String canonical(JsonNode params) {
    try {
      // Through plain maps, so that ORDER_MAP_ENTRIES_BY_KEYS sorts nested objects too.
      Object tree = JSON.treeToValue(params, Object.class);
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
