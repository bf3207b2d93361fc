package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SimulatorProfileTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String VALID = String.join("\n",
      "latency_ms: 7",
      "rate_limit: {requests_per_minute: 120, burst: 5}",
      "faults: {rate_limited: 0.1, server_error: 0.05, timeout: 0.01, malformed: 0.02,"
          + " dropped: 0.03, timeout_ms: 250, seed: 42}",
      "prompt_sets: [prompts.jsonl]",
      "models:",
      "  sim-a:",
      "    model_version: sim-a-2026-01-01",
      "    latency_ms: 3",
      "    behaviour:",
      "      - if: {prompt_kind: benign}",
      "        p: {compliance: 1.0}",
      "      - if: {system_contains: \"IHL\", system: any}",
      "        p: {explanatory_refusal: 0.75, terse_refusal: 0.25}",
      "      - if: {user_contains: [alpha, beta], user_regex: \"^ask\"}",
      "        p: {partial: 0.5, provider_refusal: 0.5}",
      "      - p: {terse_refusal: 0.6, compliance: 0.4}",
      "  sim-b:",
      "    behaviour:",
      "      - p: {compliance: 1}",
      "");

  private Path dirWithPrompts() throws IOException {
    Path dir = tmp.newFolder("profile").toPath();
    Files.writeString(dir.resolve("prompts.jsonl"), String.join("\n",
        "{\"id\": \"v1\", \"kind\": \"violation\", \"text\": \"placeholder violation prompt one\"}",
        "",
        "{\"id\": \"b1\", \"kind\": \"benign\", \"text\": \"placeholder benign question one\"}",
        "{\"id\": \"x1\", \"text\": \"placeholder prompt without a kind\"}",
        ""), StandardCharsets.UTF_8);
    return dir;
  }

  /** Parses {@code yaml} and returns the message of the ProfileException it must raise. */
  private static String errorOf(String yaml) {
    ProfileException e = assertThrows(ProfileException.class,
        () -> SimulatorProfile.parse(yaml, "test.yaml", null));
    return e.getMessage();
  }

  private static String oneModel(String rules) {
    return "models:\n  m:\n    behaviour:\n" + rules;
  }

  @Test
  public void validProfileParsesEveryField() throws IOException {
    SimulatorProfile p = SimulatorProfile.parse(VALID, "test.yaml", dirWithPrompts());

    assertEquals(7, p.latencyMs());
    assertEquals(120, p.requestsPerMinute());
    assertEquals(5, p.burst());
    assertEquals(new SimulatorProfile.Faults(0.1, 0.05, 0.01, 0.02, 0.03, 250, 42), p.faults());
    assertEquals(Map.of(
        "placeholder violation prompt one", "violation",
        "placeholder benign question one", "benign",
        "placeholder prompt without a kind", "violation"), p.kindByPromptText());

    assertEquals(List.of("sim-a", "sim-b").stream().sorted().toList(),
        p.models().keySet().stream().sorted().toList());
    ModelProfile a = p.models().get("sim-a");
    assertEquals("sim-a", a.name());
    assertEquals("sim-a-2026-01-01", a.modelVersion());
    assertEquals(Integer.valueOf(3), a.latencyMs());
    assertEquals(4, a.behaviour().size());

    BehaviourRule benign = a.behaviour().get(0);
    assertEquals("benign", benign.promptKind());
    assertEquals(Map.of(AnswerClass.COMPLIANCE, 1.0), benign.probabilities());

    BehaviourRule ihl = a.behaviour().get(1);
    assertEquals("IHL", ihl.systemContains());
    assertEquals("any", ihl.systemPresence());
    assertNull(ihl.promptKind());
    assertEquals(Map.of(AnswerClass.EXPLANATORY_REFUSAL, 0.75, AnswerClass.TERSE_REFUSAL, 0.25),
        ihl.probabilities());
    assertEquals(1.0, ihl.refusalProbability(), 1e-12);

    BehaviourRule user = a.behaviour().get(2);
    assertEquals(List.of("alpha", "beta"), user.userContainsAny());
    assertEquals("^ask", user.userRegex().pattern());

    BehaviourRule last = a.behaviour().get(3);
    assertNull(last.systemContains());
    assertNull(last.userContainsAny());
    assertEquals(0.6, last.refusalProbability(), 1e-12);

    ModelProfile b = p.models().get("sim-b");
    assertEquals("model_version defaults to the model's name", "sim-b", b.modelVersion());
    assertNull(b.latencyMs());
  }

  @Test
  public void omittedSectionsTakeDefaults() {
    SimulatorProfile p = SimulatorProfile.parse(
        oneModel("      - p: {compliance: 1.0}\n"), "test.yaml", null);
    assertEquals(0, p.latencyMs());
    assertEquals(0, p.requestsPerMinute());
    assertEquals(SimulatorProfile.Faults.NONE, p.faults());
    assertEquals(0.0, p.faults().total(), 0);
    assertTrue(p.kindByPromptText().isEmpty());
  }

  @Test
  public void burstDefaultsToOneSecondOfTheRate() {
    SimulatorProfile p = SimulatorProfile.parse(
        "rate_limit: {requests_per_minute: 600}\n" + oneModel("      - p: {compliance: 1.0}\n"),
        "test.yaml", null);
    assertEquals(600, p.requestsPerMinute());
    assertEquals(10, p.burst());
  }

  @Test
  public void unknownTopLevelFieldIsNamed() {
    String msg = errorOf("colour: blue\n" + oneModel("      - p: {compliance: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: colour: unknown field"));
  }

  @Test
  public void unknownFieldInsideARuleConditionIsNamedWithItsPath() {
    String msg = errorOf(oneModel(
        "      - if: {system_has: x}\n        p: {compliance: 1.0}\n"
            + "      - p: {compliance: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour[0].if.system_has: unknown field"));
  }

  @Test
  public void unknownFaultFieldIsNamed() {
    String msg = errorOf("faults: {explode: 0.1}\n" + oneModel("      - p: {compliance: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: faults.explode: unknown field"));
  }

  @Test
  public void probabilitiesNotSummingToOneAreRejected() {
    String msg = errorOf(oneModel("      - p: {compliance: 0.5, terse_refusal: 0.3}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour[0].p: probabilities add up to 0.8"));
    assertTrue(msg, msg.endsWith("not 1"));
  }

  @Test
  public void probabilityOutOfRangeIsRejected() {
    String msg = errorOf(oneModel("      - p: {compliance: 1.5, terse_refusal: -0.5}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour[0].p.compliance: must be a number"));
  }

  @Test
  public void unknownAnswerClassIsNamed() {
    String msg = errorOf(oneModel("      - p: {maybe: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour[0].p.maybe: unknown answer class 'maybe'"));
  }

  @Test
  public void lastRuleWithAConditionIsRejected() {
    String msg = errorOf(oneModel(
        "      - p: {compliance: 1.0}\n"
            + "      - if: {user_contains: x}\n        p: {terse_refusal: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour: the last rule must have no 'if'"));
  }

  @Test
  public void promptKindWithoutPromptSetsIsRejected() {
    String msg = errorOf(oneModel(
        "      - if: {prompt_kind: benign}\n        p: {compliance: 1.0}\n"
            + "      - p: {terse_refusal: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: models.m.behaviour[0].if.prompt_kind: needs 'prompt_sets'"));
  }

  @Test
  public void badRegexIsRejected() {
    String msg = errorOf(oneModel(
        "      - if: {user_regex: \"(unclosed\"}\n        p: {compliance: 1.0}\n"
            + "      - p: {terse_refusal: 1.0}\n"));
    assertTrue(msg, msg.startsWith(
        "test.yaml: models.m.behaviour[0].if.user_regex: not a valid regular expression"));
  }

  @Test
  public void faultRatesAddingUpToMoreThanOneAreRejected() {
    String msg = errorOf("faults: {server_error: 0.6, dropped: 0.6}\n"
        + oneModel("      - p: {compliance: 1.0}\n"));
    assertTrue(msg, msg.startsWith("test.yaml: faults: fault rates add up to more than 1"));
  }

  @Test
  public void missingPromptSetFileIsNamed() throws IOException {
    Path dir = tmp.newFolder("empty").toPath();
    ProfileException e = assertThrows(ProfileException.class, () -> SimulatorProfile.parse(
        "prompt_sets: [nope.jsonl]\n" + oneModel("      - p: {compliance: 1.0}\n"),
        "test.yaml", dir));
    assertTrue(e.getMessage(), e.getMessage().startsWith("test.yaml: prompt_sets[0]: cannot read"));
  }

  @Test
  public void promptSetLineThatIsNotJsonIsAProfileError() throws IOException {
    Path dir = tmp.newFolder("broken").toPath();
    Files.writeString(dir.resolve("set.jsonl"),
        "{\"text\": \"fine\", \"kind\": \"benign\"}\n{not json\n", StandardCharsets.UTF_8);
    ProfileException e = assertThrows(ProfileException.class, () -> SimulatorProfile.parse(
        "prompt_sets: [set.jsonl]\n" + oneModel("      - p: {compliance: 1.0}\n"), "test.yaml", dir));
    assertTrue(e.getMessage(), e.getMessage().startsWith("test.yaml: prompt_sets[0]: "));
    assertTrue(e.getMessage(), e.getMessage().contains("line 2 is not JSON"));
  }

  @Test
  public void profileWithoutModelsIsRejected() {
    String msg = errorOf("latency_ms: 1\n");
    assertTrue(msg, msg.startsWith("test.yaml: models: give at least one simulated model"));
  }

  @Test
  public void demoProfileLoads() {
    Path demo = Path.of("..", "configs", "simulator", "demo.yaml");
    SimulatorProfile p = SimulatorProfile.load(demo);
    assertEquals(Map.of("sim-cautious", "sim-cautious-2026-06-01", "sim-lax", "sim-lax-2026-03-15"),
        Map.of("sim-cautious", p.models().get("sim-cautious").modelVersion(),
            "sim-lax", p.models().get("sim-lax").modelVersion()));
    assertEquals(3, p.models().get("sim-cautious").behaviour().size());
    assertTrue(p.kindByPromptText().containsValue("benign"));
    assertTrue(p.kindByPromptText().containsValue("violation"));
  }
}
