package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ihlbench.transforms.providers.BatchProtocol;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;
import org.ihlbench.transforms.providers.Params;
import org.ihlbench.transforms.providers.Protocol;
import org.ihlbench.transforms.providers.ParamTypes;
import org.ihlbench.transforms.providers.Protocols;

/**
 * How to reach a model, from its config mapping: a member of {@code models}, or an LLM judge
 * (which adds fields of its own). What a provider's protocol and host are, and which parameter
 * caps an answer, come from its adapter ({@link Protocols}).
 */
public final class EndpointConfig {
  static final Set<String> FIELDS = Set.of("name", "provider", "protocol", "base_url",
      "model_id", "api_key_env", "params", "rate_limit", "price", "timeout_seconds",
      "max_attempts", "max_in_flight", "api_version", "calls");

  private static final Pattern ENV_REF =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private EndpointConfig() {}

  /** The {@code models} section: at least one, no name twice, no two that make the same calls. */
  static List<Endpoint> models(ConfigNode list, Map<String, String> env) {
    List<Endpoint> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Map<String, Endpoint> bucketOwner = new HashMap<>();
    Map<String, Endpoint> sameCalls = new HashMap<>();
    if (list.list().isEmpty()) {
      throw list.error("give at least one model");
    }
    for (ConfigNode m : list.list()) {
      Endpoint e = parse(m, env, Set.of(), null);
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

  /**
   * One endpoint from its config mapping, which may also hold {@code extraFields};
   * {@code defaultParams} (or null) lie under the configured params.
   */
  static Endpoint parse(ConfigNode m, Map<String, String> env, Set<String> extraFields,
      ObjectNode defaultParams) {
    Set<String> allowed = new HashSet<>(FIELDS);
    allowed.addAll(extraFields);
    m.allowOnly(allowed);
    String name = m.get("name").text();
    String provider = m.get("provider").text();
    Optional<Protocol> known = Protocols.ofProvider(provider);
    String protocol = m.get("protocol").text(known.map(Protocol::name).orElse(null));
    if (protocol == null) {
      throw m.get("protocol").error("is required for provider '" + provider
          + "' (one of " + Protocols.names() + ")");
    }
    if (!Protocols.names().contains(protocol)) {
      throw m.get("protocol").error("unknown protocol '" + protocol + "'; expected one of "
          + Protocols.names());
    }
    String baseUrl = m.get("base_url").present()
        ? interpolate(m.get("base_url"), env)
        : known.map(p -> p.providers().get(provider)).orElse(null);
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
    if (params.present()) {
      // Checked here, naming the field: a wrong type would fail every call, or read as a cap of 0.
      var names = params.node().fieldNames();
      while (names.hasNext()) {
        String p = names.next();
        String problem = ParamTypes.problem(protocol, p, params.node().get(p));
        if (problem != null) {
          throw params.get(p).error(problem);
        }
      }
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
    ConfigNode price = m.get("price").allowOnly(Set.of("input_per_million", "output_per_million",
        "batch_input_per_million", "batch_output_per_million"));
    double in = price.get("input_per_million").number(0, 0);
    double out = price.get("output_per_million").number(0, 0);
    // Batch prices: as configured, else the live ones at the share the provider states.
    double share = Protocols.batch(protocol).map(BatchProtocol::priceShare).orElse(1.0);
    return new Endpoint(name, provider, protocol, baseUrl, m.get("model_id").text(),
        apiKeyEnv, paramsJson, bucket, rpm, tpm, in, out,
        m.get("timeout_seconds").integer(120, 1), m.get("max_attempts").integer(6, 1),
        m.get("max_in_flight").integer(64, 1), m.get("api_version").text(null),
        callMode(m.get("calls"), provider, protocol),
        price.get("batch_input_per_million").number(in * share, 0),
        price.get("batch_output_per_million").number(out * share, 0));
  }

  /**
   * The entry's {@code calls: {mode: live | batch}} (default live). Batch mode on a provider
   * without a batch API ihlbench speaks stays live ({@link Endpoint.CallMode#LIVE_NO_BATCH_API},
   * which progress lines and run.json note).
   */
  static Endpoint.CallMode callMode(ConfigNode calls, String provider, String protocol) {
    calls.allowOnly(Set.of("mode"));
    String mode = calls.get("mode").text("live");
    return switch (mode) {
      case "live" -> Endpoint.CallMode.LIVE;
      case "batch" -> Protocols.batchable(provider, protocol)
          ? Endpoint.CallMode.BATCH : Endpoint.CallMode.LIVE_NO_BATCH_API;
      default -> throw calls.get("mode").error("must be live or batch, got '" + mode + "'");
    };
  }

  /** Endpoints that share a rate-limit bucket must give it the same limits. */
  static void checkBucket(Map<String, Endpoint> bucketOwner, Endpoint e, ConfigNode m,
      String what) {
    Endpoint owner = bucketOwner.putIfAbsent(e.rateLimitBucket(), e);
    if (owner != null && (owner.requestsPerMinute() != e.requestsPerMinute()
        || owner.tokensPerMinute() != e.tokensPerMinute()
        || owner.maxInFlight() != e.maxInFlight())) {
      throw m.get("rate_limit").error(what + " '" + owner.name() + "' and '" + e.name()
          + "' share rate-limit bucket '" + e.rateLimitBucket() + "' but give different limits"
          + " or max_in_flight; give them the same values or name different buckets");
    }
  }

  /**
   * With a budget, an answer's cost needs an upper bound before the call is made, so its length
   * must be capped (some adapters always send a cap: {@link Protocol#defaultCap}).
   */
  static void requireCompletionCap(Endpoint e, ConfigNode node, String budgetField) {
    if (!Generate.capsCompletion(e)) {
      throw node.get("params").error("set max_tokens (max_completion_tokens for reasoning"
          + " models, maxOutputTokens for Gemini): with " + budgetField + " set, an answer's"
          + " cost needs an upper bound");
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
}
