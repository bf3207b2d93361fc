package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.transforms.providers.BatchProtocol;
import org.ihlbench.transforms.providers.BatchSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Protocols;
import org.ihlbench.transforms.store.BatchJournal;

/**
 * What the driver says about batch mode: how each endpoint makes its calls (run.json's
 * {@code call_modes}), the batches a dry run plans and what they cost against live calls, and
 * the batches a submit-only run left waiting.
 */
public final class BatchPlan {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchPlan() {}

  /** Each endpoint's mode: {@code batch}, {@code live}, or live because batch is not offered. */
  static ObjectNode callModes(List<Endpoint> endpoints) {
    ObjectNode modes = JSON.createObjectNode();
    for (Endpoint e : endpoints) {
      modes.put(e.name(), describe(e));
    }
    return modes;
  }

  static String describe(Endpoint e) {
    return switch (e.callMode()) {
      case BATCH -> "batch";
      case LIVE -> "live";
      case LIVE_NO_BATCH_API -> "live (batch asked for; provider '" + e.provider()
          + "' has no batch API ihlbench speaks)";
    };
  }

  /**
   * The dry run's batch plan: for each endpoint in batch mode, its calls, the batches they need
   * at least (the request cap; the byte cap can ask for more), and their cost at the batch price
   * against the same calls live. Null when no endpoint is batched.
   */
  static ObjectNode plan(List<Endpoint> endpoints, List<CallEstimate> estimates,
      BatchSettings settings) {
    Map<String, Endpoint> byName = new LinkedHashMap<>();
    endpoints.forEach(e -> byName.put(e.name(), e));
    ObjectNode plan = JSON.createObjectNode();
    ArrayNode rows = plan.putArray("by_endpoint");
    double batchCost = 0;
    double liveCost = 0;
    for (CallEstimate c : estimates) {
      Endpoint e = byName.get(c.getEndpoint());
      if (e == null || e.callMode() == Endpoint.CallMode.LIVE) {
        continue;
      }
      ObjectNode row = rows.addObject().put("endpoint", c.getEndpoint()).put("mode", describe(e))
          .put("calls", c.getCalls());
      if (e.batched()) {
        BatchProtocol api = Protocols.batch(e.protocol()).orElseThrow();
        int cap = settings.maxRequests() > 0
            ? Math.min(settings.maxRequests(), api.maxRequests()) : api.maxRequests();
        double live = e.liveCost(c.getPromptTokens(), c.getCompletionTokens());
        row.put("batches_at_least", (c.getCalls() + cap - 1) / cap)
            .put("requests_per_batch_at_most", cap)
            .put("cost_usd_at_most", c.getCostUsd())
            .put("live_cost_usd_at_most", live);
        batchCost += c.getCostUsd();
        liveCost += live;
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    plan.put("cost_usd_at_most", batchCost);
    plan.put("live_cost_usd_at_most", liveCost);
    plan.put("note", "batched calls are answered within 24 hours at the batch price (by default"
        + " half the live price, as OpenAI and Anthropic state it)");
    return plan;
  }

  static void print(JsonNode plan, PrintStream out) {
    if (plan == null || plan.isMissingNode() || plan.isNull()) {
      return;
    }
    for (JsonNode row : plan.path("by_endpoint")) {
      if (row.has("batches_at_least")) {
        out.printf(Locale.ROOT, "  batch %s: %d calls in at least %d batch(es) of up to %d,"
                + " at most $%.4f at the batch price ($%.4f live)%n",
            row.path("endpoint").asText(), row.path("calls").asLong(),
            row.path("batches_at_least").asLong(), row.path("requests_per_batch_at_most").asLong(),
            row.path("cost_usd_at_most").asDouble(), row.path("live_cost_usd_at_most").asDouble());
      } else {
        out.printf(Locale.ROOT, "  %s: %s%n", row.path("endpoint").asText(),
            row.path("mode").asText());
      }
    }
  }

  /** The batches a submit-only run leaves open, for the endpoints of its config. */
  public record Pending(List<BatchJournal.Entry> open) {
    public void print(PrintStream out) {
      if (open.isEmpty()) {
        out.println("submit-only run: no batch is waiting; run the same command without"
            + " --submitOnly to write the results (answers come from the response store)");
        return;
      }
      long now = System.currentTimeMillis();
      long calls = open.stream().mapToLong(e -> e.requests().size()).sum();
      out.printf(Locale.ROOT, "submit-only run: %d batch(es) with %d calls are waiting:%n",
          open.size(), calls);
      for (BatchJournal.Entry e : open) {
        long age = Math.max(0, (now - e.createdAtMillis()) / 1000);
        out.printf(Locale.ROOT, "  %s (%s, %d calls, submitted %dm%02ds ago)%n",
            e.batchId() == null ? e.tag() + " (id not journaled)" : e.batchId(), e.endpoint(),
            e.requests().size(), age / 60, age % 60);
      }
      out.println("run the same command again to collect what has ended (with --submitOnly it"
          + " waits for nothing; without it, it waits for the rest and writes the results)");
    }
  }

  static Pending pending(String store, List<Endpoint> endpoints) throws IOException {
    Set<String> names = endpoints.stream().map(Endpoint::name).collect(Collectors.toSet());
    List<BatchJournal.Entry> open = new BatchJournal(store).read().stream()
        .filter(e -> !e.ended() && names.contains(e.endpoint())).toList();
    return new Pending(open);
  }
}
