package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ihlbench.records.ChatMessage;
import org.junit.Test;

public class CallKeysTest {
  private static Endpoint endpoint(String provider, String baseUrl, String modelId, String keyEnv,
      String params) {
    return new Endpoint("model-a", provider, "openai", baseUrl, modelId, keyEnv, params, "bucket-a",
        600, 0, 0, 0, 30, 3, 4, null);
  }

  private static final Endpoint BASE =
      endpoint("openai", "http://127.0.0.1:1/v1", "gpt-test-1", "KEY_A", "{\"temperature\":0}");

  private static ChatMessage msg(String role, String content) {
    return ChatMessage.newBuilder().setRole(role).setContent(content).build();
  }

  private static final List<ChatMessage> MESSAGES = List.of(msg("user", "What is rule 1?"));

  private static String key(Endpoint e, String system, List<ChatMessage> messages, int seed) {
    return CallKeys.of(e, system, messages, seed);
  }

  private static final String REFERENCE = key(BASE, "sys", MESSAGES, 1);

  @Test
  public void sameInputsGiveTheSameKey() {
    assertEquals(REFERENCE, key(
        endpoint("openai", "http://127.0.0.1:1/v1", "gpt-test-1", "KEY_A", "{\"temperature\":0}"),
        "sys", List.of(msg("user", "What is rule 1?")), 1));
    assertTrue(REFERENCE, REFERENCE.matches("[0-9a-f]{64}"));
  }

  @Test
  public void everyPartOfTheCallChangesTheKey() {
    List<String> keys = List.of(
        REFERENCE,
        key(endpoint("together", "http://127.0.0.1:1/v1", "gpt-test-1", "KEY_A", "{\"temperature\":0}"),
            "sys", MESSAGES, 1),
        key(endpoint("openai", "http://127.0.0.1:1/v1", "gpt-test-2", "KEY_A", "{\"temperature\":0}"),
            "sys", MESSAGES, 1),
        key(endpoint("openai", "http://127.0.0.1:1/v1", "gpt-test-1", "KEY_A", "{\"temperature\":1}"),
            "sys", MESSAGES, 1),
        key(BASE, "sys2", MESSAGES, 1),
        key(BASE, null, MESSAGES, 1),
        key(BASE, "", MESSAGES, 1),
        key(BASE, "sys", List.of(msg("user", "What is rule 2?")), 1),
        key(BASE, "sys", List.of(msg("assistant", "What is rule 1?")), 1),
        key(BASE, "sys", List.of(msg("user", "What is rule 1?"), msg("user", "")), 1),
        key(BASE, "sys", MESSAGES, 2));
    Set<String> distinct = new HashSet<>(keys);
    assertEquals("every variation gives its own key: " + keys, keys.size(), distinct.size());
  }

  @Test
  public void partsDoNotRunTogether() {
    assertNotEquals(
        key(BASE, "ab", List.of(msg("user", "c")), 1),
        key(BASE, "a", List.of(msg("user", "bc")), 1));
  }

  @Test
  public void baseUrlKeyVariableAndEndpointNameDoNotChangeTheKey() {
    Endpoint moved = new Endpoint("renamed", "openai", "openai", "https://other-host.invalid/v1/",
        "gpt-test-1", "KEY_B", "{\"temperature\":0}", "bucket-b", 1, 2, 3, 4, 5, 6, 7, "2024-01-01");
    assertEquals(REFERENCE, key(moved, "sys", MESSAGES, 1));
  }
}
