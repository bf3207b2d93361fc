package org.ihlbench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Everything the simulator is told: the simulated models and their behaviour, latency, the rate
 * limit (and how it shows itself: {@link RateLimitStyle}), injected faults, and the prompt sets it
 * may consult to tell violation prompts from benign ones. Loaded from YAML; every error names the
 * file and the field.
 */
public record SimulatorProfile(
    Map<String, ModelProfile> models,
    int latencyMs,
    int requestsPerMinute,
    int burst,
    Faults faults,
    Map<String, String> kindByPromptText,
    RateLimitStyle rateLimitStyle,
    Batches batches) {

  /**
   * How the simulated batch APIs behave: when a batch ends, which of its requests come back
   * errored or expired (drawn per request and batch, so that a resubmission can succeed), which
   * batches fail validation or expire whole (drawn per batch), and the caps (small ones test
   * splitting). Answers are the live answers to the same requests.
   */
  public record Batches(int completionMs, double errored, double expired, double failValidation,
      double expireWhole, int maxRequests, long maxBytes, long seed) {
    /** The providers' own caps are applied per protocol when these are 0. */
    public static final Batches DEFAULT = new Batches(1000, 0, 0, 0, 0, 0, 0, 1);

    public Batches withCompletion(int ms) {
      return new Batches(ms, errored, expired, failValidation, expireWhole, maxRequests, maxBytes,
          seed);
    }
  }

  public SimulatorProfile withBatches(Batches newBatches) {
    return new SimulatorProfile(models, latencyMs, requestsPerMinute, burst, faults,
        kindByPromptText, rateLimitStyle, newBatches);
  }

  /** Rates (0..1) of injected faults, drawn independently per request attempt. */
  public record Faults(
      double rateLimited, double serverError, double timeout, double malformed, double dropped,
      int timeoutMs, long seed) {
    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 30_000, 1);

    public double total() {
      return rateLimited + serverError + timeout + malformed + dropped;
    }

    public Faults withRates(
        double rateLimited, double serverError, double timeout, double malformed, double dropped) {
      return new Faults(rateLimited, serverError, timeout, malformed, dropped, timeoutMs, seed);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  public SimulatorProfile withFaults(Faults newFaults) {
    return new SimulatorProfile(models, latencyMs, requestsPerMinute, burst, newFaults,
        kindByPromptText, rateLimitStyle, batches);
  }

  public SimulatorProfile withRateLimit(int newRequestsPerMinute, int newBurst) {
    return new SimulatorProfile(models, latencyMs, newRequestsPerMinute, newBurst, faults,
        kindByPromptText, rateLimitStyle, batches);
  }

  public SimulatorProfile withRateLimitStyle(RateLimitStyle style) {
    return new SimulatorProfile(models, latencyMs, requestsPerMinute, burst, faults,
        kindByPromptText, style, batches);
  }

  public SimulatorProfile withLatency(int newLatencyMs) {
    Map<String, ModelProfile> relatent = new LinkedHashMap<>();
    models.forEach((k, m) -> relatent.put(k,
        new ModelProfile(m.name(), m.modelVersion(), null, m.behaviour(), m.judge(),
            m.rejectParams())));
    return new SimulatorProfile(relatent, newLatencyMs, requestsPerMinute, burst, faults,
        kindByPromptText, rateLimitStyle, batches);
  }

  public static SimulatorProfile load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProfileException("cannot read simulator profile " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), file.toAbsolutePath().getParent());
  }

  /** Parses a profile; relative prompt-set paths resolve against {@code baseDir}. */
  public static SimulatorProfile parse(String yaml, String fileName, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ProfileException(fileName + ": not valid YAML: " + e.getMessage(), e);
    }
    Fields f = new Fields(fileName);
    if (root == null || !root.isObject()) {
      throw f.error("", "the profile must be a YAML mapping");
    }
    f.allow(root, "", Set.of("latency_ms", "rate_limit", "faults", "prompt_sets", "models",
        "batch"));
    int latency = f.intAt(root, "latency_ms", 0, 0, 600_000);
    JsonNode rl = root.path("rate_limit");
    int rpm = 0;
    int burst = 0;
    RateLimitStyle style = RateLimitStyle.DEFAULT;
    if (!rl.isMissingNode()) {
      f.allow(rl, "rate_limit", Set.of("requests_per_minute", "burst", "headers", "retry_after",
          "other_client_per_minute"));
      rpm = f.intAt(rl, "rate_limit.requests_per_minute", 0, 0, 100_000_000);
      burst = f.intAt(rl, "rate_limit.burst", Math.max(1, rpm / 60), 1, 100_000_000);
      String headers = rl.path("headers").asText("native");
      if (!RateLimitStyle.HEADERS.contains(headers)) {
        throw f.error("rate_limit.headers", "must be one of " + new java.util.TreeSet<>(
            RateLimitStyle.HEADERS));
      }
      JsonNode ra = rl.path("retry_after");
      if (!ra.isMissingNode() && !ra.isBoolean()) {
        throw f.error("rate_limit.retry_after", "must be true or false");
      }
      int other = f.intAt(rl, "rate_limit.other_client_per_minute", 0, 0, 100_000_000);
      if (other >= rpm && other > 0) {
        throw f.error("rate_limit.other_client_per_minute",
            "must be less than requests_per_minute (" + rpm + ")");
      }
      style = new RateLimitStyle(headers, ra.asBoolean(true), other);
    }
    Faults faults = parseFaults(root.path("faults"), f);
    Map<String, String> kinds = loadPromptSets(root.path("prompt_sets"), f, baseDir);

    JsonNode modelsNode = root.path("models");
    if (!modelsNode.isObject() || modelsNode.isEmpty()) {
      throw f.error("models", "give at least one simulated model");
    }
    Map<String, ModelProfile> models = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = modelsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      models.put(e.getKey(), parseModel(e.getKey(), e.getValue(), f, !kinds.isEmpty()));
    }
    return new SimulatorProfile(Map.copyOf(models), latency, rpm, burst, faults, Map.copyOf(kinds),
        style, parseBatches(root.path("batch"), f));
  }

  private static Batches parseBatches(JsonNode node, Fields f) {
    if (node.isMissingNode()) {
      return Batches.DEFAULT;
    }
    f.allow(node, "batch", Set.of("completion_ms", "errored", "expired", "fail_validation",
        "expire_whole", "max_requests", "max_bytes", "seed"));
    Batches b = new Batches(f.intAt(node, "batch.completion_ms", 1000, 0, 86_400_000),
        f.rateAt(node, "batch.errored"), f.rateAt(node, "batch.expired"),
        f.rateAt(node, "batch.fail_validation"), f.rateAt(node, "batch.expire_whole"),
        f.intAt(node, "batch.max_requests", 0, 0, 1_000_000),
        f.intAt(node, "batch.max_bytes", 0, 0, Integer.MAX_VALUE), node.path("seed").asLong(1));
    if (b.errored() + b.expired() > 1.0) {
      throw f.error("batch", "errored and expired add up to more than 1");
    }
    return b;
  }

  private static Faults parseFaults(JsonNode node, Fields f) {
    if (node.isMissingNode()) {
      return Faults.NONE;
    }
    f.allow(node, "faults", Set.of("rate_limited", "server_error", "timeout", "malformed",
        "dropped", "timeout_ms", "seed"));
    Faults faults = new Faults(
        f.rateAt(node, "faults.rate_limited"),
        f.rateAt(node, "faults.server_error"),
        f.rateAt(node, "faults.timeout"),
        f.rateAt(node, "faults.malformed"),
        f.rateAt(node, "faults.dropped"),
        f.intAt(node, "faults.timeout_ms", 30_000, 1, 3_600_000),
        node.path("seed").asLong(1));
    if (faults.total() > 1.0) {
      throw f.error("faults", "fault rates add up to more than 1");
    }
    return faults;
  }

  private static Map<String, String> loadPromptSets(JsonNode node, Fields f, Path baseDir) {
    Map<String, String> kinds = new HashMap<>();
    if (node.isMissingNode()) {
      return kinds;
    }
    if (!node.isArray()) {
      throw f.error("prompt_sets", "must be a list of JSONL files");
    }
    for (int i = 0; i < node.size(); i++) {
      Path p = baseDir == null ? Path.of(node.get(i).asText()) : baseDir.resolve(node.get(i).asText());
      List<String> lines;
      try {
        lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw f.error("prompt_sets[" + i + "]", "cannot read " + p + ": " + e.getMessage());
      }
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n);
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode row = JSON.readTree(line);
          if (row.hasNonNull("text")) {
            kinds.put(row.get("text").asText(), row.path("kind").asText("violation"));
          }
        } catch (IOException e) {
          throw f.error("prompt_sets[" + i + "]", p + " line " + (n + 1) + " is not JSON");
        }
      }
    }
    return kinds;
  }

  private static ModelProfile parseModel(String name, JsonNode node, Fields f, boolean hasKinds) {
    String at = "models." + name;
    if (!node.isObject()) {
      throw f.error(at, "must be a mapping");
    }
    f.allow(node, at, Set.of("model_version", "latency_ms", "behaviour", "judge", "reject_params",
        "prompt_effect"));
    String version = node.path("model_version").asText(name);
    Integer latency = node.has("latency_ms") ? f.intAt(node, at + ".latency_ms", 0, 0, 600_000) : null;
    SimulatedJudge.Behaviour judge = null;
    JsonNode j = node.path("judge");
    if (!j.isMissingNode()) {
      if (!j.isObject()) {
        throw f.error(at + ".judge", "must be a mapping with error_rate and invalid_json_rate");
      }
      f.allow(j, at + ".judge", Set.of("error_rate", "invalid_json_rate"));
      judge = new SimulatedJudge.Behaviour(f.rateAt(j, at + ".judge.error_rate"),
          f.rateAt(j, at + ".judge.invalid_json_rate"));
    }
    Set<String> reject = new java.util.LinkedHashSet<>();
    JsonNode rp = node.path("reject_params");
    if (!rp.isMissingNode()) {
      if (!rp.isArray()) {
        throw f.error(at + ".reject_params", "must be a list of parameter names");
      }
      rp.forEach(n -> reject.add(n.asText()));
    }
    PromptEffect effect = null;
    JsonNode pe = node.path("prompt_effect");
    if (!pe.isMissingNode()) {
      if (!pe.isObject()) {
        throw f.error(at + ".prompt_effect", "must be a mapping with icc (and optionally seed)");
      }
      f.allow(pe, at + ".prompt_effect", Set.of("icc", "seed"));
      JsonNode icc = pe.path("icc");
      if (!icc.isNumber() || icc.asDouble() < 0 || icc.asDouble() >= 1) {
        throw f.error(at + ".prompt_effect.icc", "must be a number in [0, 1): the intra-prompt"
            + " correlation of refusals");
      }
      JsonNode seed = pe.path("seed");
      if (!seed.isMissingNode() && !seed.isIntegralNumber()) {
        throw f.error(at + ".prompt_effect.seed", "must be a whole number");
      }
      effect = new PromptEffect(icc.asDouble(), seed.asLong(1));
    }
    JsonNode rules = node.path("behaviour");
    if (judge != null && rules.isMissingNode()) {
      return new ModelProfile(name, version, latency, List.of(), judge, Set.copyOf(reject),
          effect);
    }
    if (!rules.isArray() || rules.isEmpty()) {
      throw f.error(at + ".behaviour", "give at least one rule (or a 'judge' section, for a"
          + " model that only judges)");
    }
    List<BehaviourRule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      parsed.add(parseRule(rules.get(i), at + ".behaviour[" + i + "]", f, hasKinds));
    }
    BehaviourRule last = parsed.get(parsed.size() - 1);
    if (last.systemPresence() != null || last.systemContains() != null
        || last.userContainsAny() != null || last.userRegex() != null
        || last.promptKind() != null) {
      throw f.error(at + ".behaviour", "the last rule must have no 'if', so every request matches one");
    }
    return new ModelProfile(name, version, latency, List.copyOf(parsed), judge,
        Set.copyOf(reject), effect);
  }

  private static BehaviourRule parseRule(JsonNode node, String at, Fields f, boolean hasKinds) {
    f.allow(node, at, Set.of("if", "p"));
    JsonNode cond = node.path("if");
    String presence = null;
    String systemContains = null;
    List<String> userContains = null;
    Pattern userRegex = null;
    String kind = null;
    if (!cond.isMissingNode()) {
      f.allow(cond, at + ".if",
          Set.of("system", "system_contains", "user_contains", "user_regex", "prompt_kind"));
      if (cond.has("system")) {
        presence = cond.get("system").asText();
        if (!BehaviourRule.PRESENCE.contains(presence)) {
          throw f.error(at + ".if.system", "must be 'none' or 'any'");
        }
      }
      systemContains = cond.has("system_contains") ? cond.get("system_contains").asText() : null;
      if (cond.has("user_contains")) {
        userContains = new ArrayList<>();
        JsonNode uc = cond.get("user_contains");
        if (uc.isArray()) {
          for (JsonNode n : uc) {
            userContains.add(n.asText());
          }
        } else {
          userContains.add(uc.asText());
        }
      }
      if (cond.has("user_regex")) {
        try {
          userRegex = Pattern.compile(cond.get("user_regex").asText());
        } catch (PatternSyntaxException e) {
          throw f.error(at + ".if.user_regex", "not a valid regular expression: " + e.getDescription());
        }
      }
      if (cond.has("prompt_kind")) {
        kind = cond.get("prompt_kind").asText();
        if (!Set.of("violation", "benign").contains(kind)) {
          throw f.error(at + ".if.prompt_kind", "must be 'violation' or 'benign'");
        }
        if (!hasKinds) {
          throw f.error(at + ".if.prompt_kind", "needs 'prompt_sets' so the simulator knows the prompts");
        }
      }
    }
    JsonNode p = node.path("p");
    if (!p.isObject() || p.isEmpty()) {
      throw f.error(at + ".p", "give the probability of each answer class");
    }
    EnumMap<AnswerClass, Double> probs = new EnumMap<>(AnswerClass.class);
    double sum = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      AnswerClass c;
      try {
        c = AnswerClass.fromKey(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw f.error(at + ".p." + e.getKey(), ex.getMessage());
      }
      double v = e.getValue().asDouble(-1);
      if (!e.getValue().isNumber() || v < 0 || v > 1) {
        throw f.error(at + ".p." + e.getKey(), "must be a number between 0 and 1");
      }
      probs.put(c, v);
      sum += v;
    }
    if (Math.abs(sum - 1.0) > 1e-6) {
      throw f.error(at + ".p", "probabilities add up to " + sum + ", not 1");
    }
    return new BehaviourRule(presence, systemContains, userContains == null ? null : List.copyOf(userContains),
        userRegex, kind, probs);
  }

  /** Field access with errors that say where. */
  private record Fields(String file) {
    ProfileException error(String field, String message) {
      return new ProfileException(file + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    }

    void allow(JsonNode node, String at, Set<String> names) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String n = it.next();
        if (!names.contains(n)) {
          throw error(at.isEmpty() ? n : at + "." + n, "unknown field; expected one of " + names);
        }
      }
    }

    int intAt(JsonNode parent, String path, int dflt, int min, int max) {
      String leaf = path.substring(path.lastIndexOf('.') + 1);
      JsonNode v = parent.path(leaf);
      if (v.isMissingNode() || v.isNull()) {
        return dflt;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
        throw error(path, "must be a whole number between " + min + " and " + max);
      }
      return v.asInt();
    }

    double rateAt(JsonNode parent, String path) {
      String leaf = path.substring(path.lastIndexOf('.') + 1);
      JsonNode v = parent.path(leaf);
      if (v.isMissingNode()) {
        return 0;
      }
      if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
        throw error(path, "must be a rate between 0 and 1");
      }
      return v.asDouble();
    }
  }
}
