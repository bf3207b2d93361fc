package org.ihlbench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.expand.ExperimentDesign;
import org.ihlbench.transforms.expand.Variant;
import org.ihlbench.transforms.expand.Variants;
import org.ihlbench.transforms.io.PromptFormat;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;
import org.ihlbench.transforms.providers.Params;
import org.ihlbench.transforms.ratelimit.RateLimitHeaders;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * An experiment, read once from YAML and validated: the prompt set, the models and how to reach
 * them, the conditions (system prompts), variants, seeds, the judge panel, and where results go.
 * Relative paths resolve against the config file's folder. Every error names the file and the
 * field. API keys are never in the config: only the names of the environment variables that
 * hold them.
 */
public record ExperimentConfig(
    String name,
    String file,
    List<String> datasetPaths,
    String datasetFormat,
    String datasetCoverage,
    List<Endpoint> models,
    List<ExperimentDesign.Condition> conditions,
    List<String> variants,
    List<Integer> seeds,
    List<PanelConfig.JudgeSpec> judges,
    String tiebreaker,
    String output,
    String store,
    int shardsPerBucket,
    double budgetUsd,
    double judgeBudgetUsd,
    String configHash,
    StatsSettings stats,
    long rateLimitPatienceSeconds) {

  /** Protocol and base URL by provider, so configs only name what differs. */
  static final Map<String, String[]> PROVIDERS = Map.of(
      "openai", new String[] {"openai", "https://api.openai.com/v1"},
      "anthropic", new String[] {"anthropic", "https://api.anthropic.com"},
      "google", new String[] {"gemini", "https://generativelanguage.googleapis.com"},
      "together", new String[] {"openai", "https://api.together.xyz/v1"},
      "groq", new String[] {"openai", "https://api.groq.com/openai/v1"},
      "mistral", new String[] {"openai", "https://api.mistral.ai/v1"},
      "openrouter", new String[] {"openai", "https://openrouter.ai/api/v1"},
      "fireworks", new String[] {"openai", "https://api.fireworks.ai/inference/v1"},
      "deepinfra", new String[] {"openai", "https://api.deepinfra.com/v1/openai"});

  /** The top-level fields of an experiment. */
  static final Set<String> FIELDS = Set.of("name", "description", "dataset", "models",
      "conditions", "variants", "seeds", "repeats", "judges", "output", "store", "calls",
      "stats");

  private static final Set<String> PROTOCOLS = Set.of("openai", "anthropic", "gemini");
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ExperimentConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads with an explicit environment, for {@code ${VAR}} references in base URLs. */
  public static ExperimentConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException("experiment config " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("cannot read experiment config " + file + ": " + e);
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    return parse(new ConfigNode(file.toString(), "", root),
        file.toAbsolutePath().normalize().getParent(), env);
  }

  static ExperimentConfig parse(ConfigNode root, Path dir, Map<String, String> env) {
    if (!root.present() || !root.node().isObject()) {
      throw root.error("the config must be a YAML mapping");
    }
    root.allowOnly(FIELDS);
    String name = root.get("name").text();

    ConfigNode ds = root.get("dataset").allowOnly(Set.of("paths", "format", "coverage"));
    if (!ds.present()) {
      throw ds.error("is required");
    }
    List<String> datasetPaths = ds.get("paths").texts().stream()
        .map(p -> resolve(dir, p)).toList();
    if (datasetPaths.isEmpty()) {
      throw ds.get("paths").error("give at least one file or pattern");
    }
    String format = ds.get("format").text("ihlbench-jsonl");
    // Which of the 161 rules the set means to cover, for `ihlbench validate`: a subset such as
    // the starter set is "partial". It does not change what a run does, so it is not hashed.
    String coverage = ds.get("coverage").text("full");
    try {
      DatasetCheck.Coverage.named(coverage);
    } catch (ConfigException e) {
      throw ds.get("coverage").error(e.getMessage());
    }
    try {
      PromptFormat.named(format);
    } catch (IllegalArgumentException e) {
      throw ds.get("format").error(e.getMessage());
    }

    ObjectNode hashed = (ObjectNode) root.node().deepCopy();
    List<Endpoint> models = parseModels(root.get("models"), env);
    Set<String> modelNames = new LinkedHashSet<>();
    models.forEach(m -> modelNames.add(m.name()));
    List<ExperimentDesign.Condition> conditions =
        parseConditions(root.get("conditions"), dir, modelNames, hashed);

    List<String> variants = root.get("variants").present()
        ? root.get("variants").texts() : List.of("plain");
    for (int i = 0; i < variants.size(); i++) {
      try {
        Variants.named(variants.get(i));
      } catch (IllegalArgumentException e) {
        throw root.get("variants").at(i).error(e.getMessage());
      }
    }
    if (new LinkedHashSet<>(variants).size() != variants.size()) {
      throw root.get("variants").error("lists a variant twice");
    }
    List<Integer> seeds = parseSeeds(root);

    PanelConfig panel = PanelConfig.parse(root.get("judges"), dir, env, hashed);
    List<PanelConfig.JudgeSpec> judges = panel.judges();
    String tiebreaker = panel.tiebreaker();

    String output = resolve(dir, root.get("output").text("out"));
    // Without a store of its own, a run keeps its answers under whatever output it writes to.
    String store = root.get("store").present() ? resolve(dir, root.get("store").text()) : null;
    ConfigNode calls = root.get("calls").allowOnly(
        Set.of("shards_per_bucket", "budget_usd", "judge_budget_usd", "rate_limit_patience"));
    int shards = calls.get("shards_per_bucket").integer(1, 1);
    double budget = calls.get("budget_usd").number(0, 0);
    double judgeBudget = calls.get("judge_budget_usd").number(0, 0);
    long patience = patienceSeconds(calls.get("rate_limit_patience"));
    if (budget > 0) {
      for (int i = 0; i < models.size(); i++) {
        requireCompletionCap(models.get(i), root.get("models").at(i), "calls.budget_usd");
      }
    }
    if (judgeBudget > 0) {
      panel.requireCompletionCaps(root.get("judges"), "calls.judge_budget_usd");
    }

    StatsSettings stats = parseStats(root.get("stats"),
        conditions.stream().map(ExperimentDesign.Condition::name).toList(), variants);

    hashed.remove(List.of("output", "store", "description"));
    ((ObjectNode) hashed.get("dataset")).remove("coverage");
    String configHash = ContentHash.sha256Hex(canonical(hashed));
    return new ExperimentConfig(name, root.file(), datasetPaths, format, coverage, models,
        conditions,
        variants, seeds, judges, tiebreaker, output, store, shards, budget, judgeBudget, configHash,
        stats, patience);
  }

  /**
   * {@code calls.rate_limit_patience}: how long a rate-limit shard waits on 429s without a single
   * answer before it gives up its calls; a duration ({@code 30m}, {@code 2h}, {@code 90s}) or a
   * number of seconds.
   */
  static long patienceSeconds(ConfigNode node) {
    if (!node.present()) {
      return CallSettings.DEFAULT_PATIENCE_SECONDS;
    }
    java.util.Optional<java.time.Duration> d = node.node().isNumber()
        ? java.util.Optional.of(java.time.Duration.ofMillis((long) (node.node().asDouble() * 1000)))
        : node.node().isTextual() ? RateLimitHeaders.goDuration(node.node().asText().trim())
        : java.util.Optional.empty();
    if (d.isEmpty() || d.get().getSeconds() < 1) {
      throw node.error("must be a duration of at least a second, such as 30m, 2h or 90s (or a"
          + " number of seconds)");
    }
    return d.get().getSeconds();
  }

  /** The optional {@code stats} section: what is compared with what, and how much resampling. */
  static StatsSettings parseStats(ConfigNode st, List<String> conditions,
      List<String> variants) {
    st.allowOnly(Set.of("reference_condition", "reference_variant", "bootstrap_replicates",
        "permutations"));
    String refC = st.get("reference_condition").text(null);
    if (refC != null && !conditions.contains(refC)) {
      throw st.get("reference_condition").error("no condition named '" + refC + "'; conditions are "
          + conditions);
    }
    String refV = st.get("reference_variant").text(null);
    if (refV != null && !variants.contains(refV)) {
      throw st.get("reference_variant").error("no variant named '" + refV + "'; variants are "
          + variants);
    }
    int replicates = st.get("bootstrap_replicates").integer(StatsSettings.DEFAULT_REPLICATES, 0);
    int permutations = st.get("permutations")
        .integer(StatsSettings.DEFAULT_PERMUTATIONS, StatsSettings.MIN_PERMUTATIONS);
    return StatsSettings.defaults().withOrder(conditions, variants).withReferences(refC, refV)
        .withResampling(replicates, permutations);
  }

  private static List<Endpoint> parseModels(ConfigNode list, Map<String, String> env) {
    List<Endpoint> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Map<String, Endpoint> bucketOwner = new HashMap<>();
    Map<String, Endpoint> sameCalls = new HashMap<>();
    if (list.list().isEmpty()) {
      throw list.error("give at least one model");
    }
    for (ConfigNode m : list.list()) {
      Endpoint e = parseEndpoint(m, env, Set.of(), null);
      if (!names.add(e.name())) {
        throw m.get("name").error("model '" + e.name() + "' is listed twice");
      }
      // The response store keys a call by provider, model id and parameters (not the host):
      // two such models would be served each other's answers, and compare as equal.
      Endpoint twin = sameCalls.putIfAbsent(
          e.provider() + "\u0000" + e.modelId() + "\u0000" + e.paramsJson(), e);
      if (twin != null) {
        throw m.get("provider").error("model '" + e.name() + "' makes the same calls as '"
            + twin.name() + "' (provider '" + e.provider() + "', model_id '" + e.modelId()
            + "', same params), so the response store would give both the same answers; to"
            + " compare two hosts of one model, give each its own provider label");
      }
      checkBucket(bucketOwner, e, m, "models");
      out.add(e);
    }
    return out;
  }

  static final Set<String> ENDPOINT_FIELDS = Set.of("name", "provider", "protocol", "base_url",
      "model_id", "api_key_env", "params", "rate_limit", "price", "timeout_seconds",
      "max_attempts", "max_in_flight", "api_version");

  /**
   * One endpoint (a model, or an LLM judge) from its config mapping, which may also hold
   * {@code extraFields}; {@code defaultParams} (or null) lie under the configured params.
   */
  static Endpoint parseEndpoint(ConfigNode m, Map<String, String> env, Set<String> extraFields,
      ObjectNode defaultParams) {
    Set<String> allowed = new java.util.HashSet<>(ENDPOINT_FIELDS);
    allowed.addAll(extraFields);
    m.allowOnly(allowed);
    String name = m.get("name").text();
    String provider = m.get("provider").text();
    String[] defaults = PROVIDERS.get(provider);
    String protocol = m.get("protocol").text(defaults == null ? null : defaults[0]);
    if (protocol == null) {
      throw m.get("protocol").error("is required for provider '" + provider
          + "' (one of " + PROTOCOLS + ")");
    }
    if (!PROTOCOLS.contains(protocol)) {
      throw m.get("protocol").error("unknown protocol '" + protocol + "'; expected one of " + PROTOCOLS);
    }
    String baseUrl = m.get("base_url").present()
        ? interpolate(m.get("base_url"), env)
        : defaults != null ? defaults[1] : null;
    if (baseUrl == null) {
      throw m.get("base_url").error("is required for provider '" + provider + "'");
    }
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw m.get("base_url").error("must start with http:// or https://, got '" + baseUrl + "'");
    }
    String apiKeyEnv = m.get("api_key_env").text();
    if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw m.get("api_key_env").error("must be the NAME of an environment variable"
          + " (never the key itself)");
    }
    ConfigNode params = m.get("params");
    if (params.present() && !params.node().isObject()) {
      throw params.error("must be a mapping of request parameters");
    }
    ObjectNode merged = defaultParams == null ? JSON.createObjectNode() : defaultParams.deepCopy();
    if (params.present()) {
      merged.setAll((ObjectNode) params.node());
    }
    String paramsJson = Params.canonical(merged);
    ConfigNode rl = m.get("rate_limit").allowOnly(
        Set.of("requests_per_minute", "tokens_per_minute", "bucket"));
    double rpm = rl.get("requests_per_minute").number(0, 0);
    double tpm = rl.get("tokens_per_minute").number(0, 0);
    String bucket = rl.get("bucket").text(provider + ":" + apiKeyEnv);
    ConfigNode price = m.get("price").allowOnly(Set.of("input_per_million", "output_per_million"));
    return new Endpoint(name, provider, protocol, baseUrl, m.get("model_id").text(),
        apiKeyEnv, paramsJson, bucket, rpm, tpm,
        price.get("input_per_million").number(0, 0), price.get("output_per_million").number(0, 0),
        m.get("timeout_seconds").integer(120, 1), m.get("max_attempts").integer(6, 1),
        m.get("max_in_flight").integer(64, 1), m.get("api_version").text(null));
  }

  /** Endpoints that share a rate-limit bucket must give it the same limits. */
  static void checkBucket(Map<String, Endpoint> bucketOwner, Endpoint e, ConfigNode m, String what) {
    Endpoint owner = bucketOwner.putIfAbsent(e.rateLimitBucket(), e);
    if (owner != null && (owner.requestsPerMinute() != e.requestsPerMinute()
        || owner.tokensPerMinute() != e.tokensPerMinute()
        || owner.maxInFlight() != e.maxInFlight())) {
      throw m.get("rate_limit").error(what + " '" + owner.name() + "' and '" + e.name()
          + "' share rate-limit bucket '" + e.rateLimitBucket() + "' but give different limits"
          + " or max_in_flight; give them the same values or name different buckets");
    }
  }

  private static List<ExperimentDesign.Condition> parseConditions(
      ConfigNode list, Path dir, Set<String> modelNames, ObjectNode hashed) {
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

  private static List<Integer> parseSeeds(ConfigNode root) {
    ConfigNode seeds = root.get("seeds");
    ConfigNode repeats = root.get("repeats");
    if (seeds.present() && repeats.present()) {
      throw repeats.error("give either seeds or repeats, not both");
    }
    if (repeats.present()) {
      int n = repeats.integer(1, 1);
      List<Integer> out = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        out.add(i);
      }
      return out;
    }
    if (!seeds.present()) {
      return List.of(1);
    }
    List<Integer> out = new ArrayList<>();
    for (ConfigNode s : seeds.list()) {
      out.add(s.integer(0, 0));
    }
    if (out.isEmpty() || new LinkedHashSet<>(out).size() != out.size()) {
      throw seeds.error("give distinct seeds");
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

  /** Expands {@code ${VAR}} and {@code ${VAR:-default}} from the environment. */
  static String interpolate(ConfigNode node, Map<String, String> env) {
    String raw = node.text();
    Matcher m = ENV_REF.matcher(raw);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        v = m.group(2);
      }
      if (v == null) {
        throw node.error("environment variable " + m.group(1) + " is not set");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String resolve(Path dir, String path) {
    if (path.contains("://") || Path.of(path).isAbsolute()) {
      return path;
    }
    return dir.resolve(path).normalize().toString();
  }

  private static String canonical(JsonNode node) {
    return Params.canonical(node);
  }

  public ExperimentDesign design() {
    List<ExperimentDesign.Model> ms = models.stream()
        .map(e -> new ExperimentDesign.Model(e.name(), e.provider(), e.protocol(), e.modelId()))
        .toList();
    List<Variant> vs = variants.stream().map(Variants::named).toList();
    return new ExperimentDesign(ms, conditions, vs, seeds);
  }

  public Map<String, Endpoint> endpointsByModel() {
    Map<String, Endpoint> out = new LinkedHashMap<>();
    models.forEach(m -> out.put(m.name(), m));
    return out;
  }

  /**
   * With a budget, an answer's cost needs an upper bound before the call is made, so its length
   * must be capped (the Anthropic adapter always sends one).
   */
  static void requireCompletionCap(Endpoint e, ConfigNode model, String budgetField) {
    if (!Generate.capsCompletion(e)) {
      throw model.get("params").error("set max_tokens (max_completion_tokens for reasoning"
          + " models, maxOutputTokens for Gemini): with " + budgetField + " set, an answer's"
          + " cost needs an upper bound");
    }
  }

  /** Every endpoint the experiment calls: its models', then its LLM judges'. */
  public List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>(models);
    all.addAll(panelConfig().endpoints());
    return all;
  }

  public PanelConfig panelConfig() {
    return new PanelConfig(judges, tiebreaker);
  }

  public Panel panel() {
    return panelConfig().panel();
  }

  public PromptFormat format() {
    return PromptFormat.named(datasetFormat);
  }
}
