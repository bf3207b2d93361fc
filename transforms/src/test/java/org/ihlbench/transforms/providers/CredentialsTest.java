package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;

public class CredentialsTest {
  /** A made-up key, 48 characters. */
  private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD";

  private static Endpoint endpointWithKeyEnv(String env) {
    return new Endpoint("model-a", "openai", "openai", "http://127.0.0.1:1/v1", "gpt-test-1", env,
        "{}", "bucket-a", 0, 0, 0, 0, 30, 3, 4, null);
  }

  private static void assertNoRunOfTheKey(String text) {
    for (int i = 0; i + 8 <= KEY.length(); i++) {
      String run = KEY.substring(i, i + 8);
      assertFalse("'" + run + "' (offset " + i + ") left in: " + text, text.contains(run));
    }
  }

  @Test
  public void aKeyIsTrimmedAndOneWithALineBreakInsideStopsTheRunNamingTheVariable() {
    Endpoint e = endpointWithKeyEnv("OPENAI_API_KEY");
    assertEquals(KEY, Credentials.checked(e, KEY + "\n"));
    assertEquals(KEY, Credentials.checked(e, "  " + KEY));
    ProviderAuthException x = assertThrows(ProviderAuthException.class,
        () -> Credentials.checked(e, KEY.substring(0, 20) + "\r\n" + KEY.substring(20)));
    assertTrue(x.getMessage(), x.getMessage().contains("OPENAI_API_KEY"));
    assertNoRunOfTheKey(x.getMessage());
    x = assertThrows(ProviderAuthException.class, () -> Credentials.checked(e, " "));
    assertTrue(x.getMessage(), x.getMessage().contains("OPENAI_API_KEY is not set"));
  }

  @Test
  public void doctorAndRunShareOneRuleForWhatAKeyIs() {
    // DoctorCommand prints "set" exactly when this is null; checked() (the run) throws otherwise.
    assertNull(Credentials.problem(KEY + "\n"));
    assertEquals("is not set", Credentials.problem(null));
    assertEquals("is not set", Credentials.problem(" \n"));
    String broken = KEY.substring(0, 20) + "\n" + KEY.substring(20);
    assertEquals("holds a line break or other control character inside the key",
        Credentials.problem(broken));
    assertThrows(ProviderAuthException.class,
        () -> Credentials.checked(endpointWithKeyEnv("K"), broken));
  }

  @Test
  public void wholeKeyIsRemoved() {
    String out = Credentials.redact("Incorrect API key provided: " + KEY + ". Check it.", KEY);
    assertEquals("Incorrect API key provided: [REDACTED]. Check it.", out);
  }

  @Test
  public void quotedPrefixIsRemoved() {
    String out = Credentials.redact("Incorrect API key provided: " + KEY.substring(0, 12) + "****ABCD.", KEY);
    assertNoRunOfTheKey(out);
    assertTrue(out, out.startsWith("Incorrect API key provided: [REDACTED]"));
    assertTrue("a 4-character tail is not a run worth hiding: " + out, out.endsWith("****ABCD."));
  }

  @Test
  public void runsAtAnyOffsetAreRemoved() {
    for (int start = 0; start + 8 <= KEY.length(); start++) {
      for (int len : new int[] {8, 9, 13, 25, 30}) {
        if (start + len > KEY.length()) {
          continue;
        }
        String run = KEY.substring(start, start + len);
        String out = Credentials.redact("key ..." + run + "... rejected", KEY);
        assertEquals("run " + run, "key ...[REDACTED]... rejected", out);
      }
    }
  }

  @Test
  public void suffixRunIsRemoved() {
    String tail = KEY.substring(KEY.length() - 10);
    String out = Credentials.redact("the key ending in " + tail + " was revoked", KEY);
    assertEquals("the key ending in [REDACTED] was revoked", out);
  }

  @Test
  public void shortFragmentsAndUnrelatedTextStay() {
    assertEquals("a proj-ab b", Credentials.redact("a proj-ab b", KEY));
    assertEquals("nothing secret here", Credentials.redact("nothing secret here", KEY));
  }

  @Test
  public void degenerateInputsAreReturnedAsGiven() {
    assertNull(Credentials.redact(null, KEY));
    assertEquals("text", Credentials.redact("text", null));
    assertEquals("abc text", Credentials.redact("abc text", "abc"));
  }

  @Test
  public void unsetVariableNamesTheVariableAndNoKey() {
    String env = "IHLBENCH_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_').toUpperCase();
    assertNull(System.getenv(env));
    ProviderAuthException e = assertThrows(ProviderAuthException.class,
        () -> Credentials.apiKey(endpointWithKeyEnv(env)));
    assertEquals("environment variable " + env + " is not set; model 'model-a' needs it for its API key",
        e.getMessage());
  }

  @Test
  public void missingVariableNameIsAnAuthError() {
    ProviderAuthException e = assertThrows(ProviderAuthException.class,
        () -> Credentials.apiKey(endpointWithKeyEnv(" ")));
    assertEquals("model 'model-a' names no api_key_env", e.getMessage());
    assertThrows(ProviderAuthException.class, () -> Credentials.apiKey(endpointWithKeyEnv(null)));
  }

  @Test
  public void keyIsReadFromTheNamedVariable() {
    // PATH is set in every test environment and is no secret.
    String path = System.getenv("PATH");
    org.junit.Assume.assumeTrue(path != null && !path.isBlank());
    assertEquals(path, Credentials.apiKey(endpointWithKeyEnv("PATH")));
  }
}
