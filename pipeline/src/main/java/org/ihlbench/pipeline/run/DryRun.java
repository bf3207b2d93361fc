package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.Sample;
import org.ihlbench.transforms.expand.Expand;
import org.ihlbench.transforms.io.DatasetIdentity;
import org.ihlbench.transforms.io.ReadPrompts;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.io.WriteRun;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;

/**
 * {@code ihlbench run --dryRun}: reads the prompts, expands the samples and joins them with the
 * response store exactly as a run would, then counts the calls left to make per model and
 * estimates their tokens, their cost (completions at their token budget: an upper bound) and
 * how long the rate limits make them take, without calling anyone and without API keys. The LLM
 * judges' calls are estimated too, as an upper bound: one per judge and sample, each answer at
 * its model's full budget (answers are unknown before the run, so the judges' store cannot be
 * consulted).
 */
public final class DryRun {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String FILE = "dry_run.json";

  /** What a dry run found. */
  public record Plan(String runId, String runDir, List<CallEstimate> estimates,
      List<CallEstimate> judgeEstimates, long rejectedRows, ObjectNode json) {
    long calls() {
      return estimates.stream().mapToLong(CallEstimate::getCalls).sum();
    }

    double costUsd() {
      return estimates.stream().mapToDouble(CallEstimate::getCostUsd).sum();
    }

    long judgeCalls() {
      return judgeEstimates.stream().mapToLong(CallEstimate::getCalls).sum();
    }

    double judgeCostUsd() {
      return judgeEstimates.stream().mapToDouble(CallEstimate::getCostUsd).sum();
    }
  }

  private DryRun() {}

  public static Plan run(IhlBenchOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    ExperimentConfig config = ExperimentConfig.load(java.nio.file.Path.of(options.getConfig()));
    DatasetIdentity dataset = DatasetIdentity.of(config.datasetPaths());
    RunContext run = RunContext.of(options, config::output, config.store());
    String runId = run.runId();
    String runDir = run.runDir();
    String store = run.store();
    // The plan files go through the run folder's staging area like a run's outputs, so a dry
    // run never mixes its files with another attempt's.
    try (RunFolder folder = run.claim("dry run", false)) {
      String staging = folder.staging();
      CallSettings calls = run.calls(folder, dataset.lines() * config.design().samplesPerPrompt(),
          config.shardsPerBucket(), config.budgetUsd(), config.rateLimitPatienceSeconds());
      // Nothing is called, so no shard needs a thread of its own.
      Pipeline p = run.pipeline(config.shardsPerBucket(), List.of(), List.of());
      PCollectionTuple read = p.apply("ReadPrompts",
          ReadPrompts.from(config.datasetPaths(), config.format(), dataset.hash(), runId)
              .withExpectedRows(dataset.lines()).withMaxPromptChars(config.maxPromptChars()));
      PCollection<Sample> samples = read.get(ReadPrompts.PROMPTS)
          .apply("Expand", Expand.by(config.design(), runId));
      samples
          .apply("Plan", Generate.plan(config.endpointsByModel(),
              config.design().systemPromptsByHash(), calls))
          .apply("PlanJson", MapElements.into(TypeDescriptors.strings()).via(DryRun::line))
          .apply("PlanFile", TextIO.write().to(RunPaths.file(staging, "_plan.jsonl"))
              .withNumShards(1).withShardNameTemplate(""));
      Map<String, Integer> answerTokens = new LinkedHashMap<>();
      config.endpointsByModel().forEach((model, e) ->
          answerTokens.put(model, Generate.completionBudget(e)));
      List<PTransform<PCollection<Sample>, PCollection<CallEstimate>>> judgePlans =
          config.panel().plans(answerTokens);
      if (!judgePlans.isEmpty()) {
        PCollectionList<CallEstimate> planned = PCollectionList.empty(p);
        for (int i = 0; i < judgePlans.size(); i++) {
          planned = planned.and(samples.apply("PlanJudges" + (i == 0 ? "" : "_" + i),
              judgePlans.get(i)));
        }
        planned
            .apply("AllJudgePlans", Flatten.pCollections())
            .apply("JudgePlanJson", MapElements.into(TypeDescriptors.strings()).via(DryRun::line))
            .apply("JudgePlanFile", TextIO.write().to(RunPaths.file(staging, JUDGE_PLAN))
                .withNumShards(1).withShardNameTemplate(""));
      }
      read.get(ReadPrompts.REJECTED)
          .apply("DeadLetterJson", MapElements.into(TypeDescriptors.strings()).via(WriteRun::json))
          .apply("DeadLetters", TextIO.write().to(RunPaths.file(staging, "errors/dead_letters"))
              .withSuffix(".jsonl").withNumShards(1).withShardNameTemplate(""));
      RunContext.runToDone(p, "the dry run");
      folder.commit();

      RunDirectory written = RunDirectory.at(runDir);
      List<CallEstimate> estimates = readEstimates(written, "_plan.jsonl");
      List<CallEstimate> judgeEstimates = judgePlans.isEmpty() ? List.of()
          : readEstimates(written, JUDGE_PLAN);
      long rejected = written.jsonLines(RunDirectory.DEAD_LETTERS).size();
      ObjectNode json = json(runId, config, dataset, store, estimates, judgeEstimates, rejected);
      ResourceId file = FileSystems.matchNewResource(RunPaths.file(runDir, FILE), false);
      try (OutputStream os = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
        JSON.writeValue(os, json);
      }
      return new Plan(runId, runDir, estimates, judgeEstimates, rejected, json);
    }
  }

  private static final String JUDGE_PLAN = "_judge_plan.jsonl";

  private static List<CallEstimate> readEstimates(RunDirectory run, String file)
      throws IOException {
    List<CallEstimate> estimates = new ArrayList<>();
    for (JsonNode n : run.jsonLines(file)) {
      estimates.add(CallEstimate.newBuilder()
          .setEndpoint(n.path("model").asText())
          .setRequests(n.path("samples").asLong())
          .setFromStore(n.path("from_store").asLong())
          .setCalls(n.path("calls").asLong())
          .setPromptTokens(n.path("prompt_tokens").asLong())
          .setCompletionTokens(n.path("completion_tokens_at_most").asLong())
          .setCostUsd(n.path("cost_usd_at_most").asDouble())
          .build());
    }
    estimates.sort(Comparator.comparing(CallEstimate::getEndpoint));
    return List.copyOf(estimates);
  }

  static String line(CallEstimate e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", e.getEndpoint());
    n.put("samples", e.getRequests());
    n.put("from_store", e.getFromStore());
    n.put("calls", e.getCalls());
    n.put("prompt_tokens", e.getPromptTokens());
    n.put("completion_tokens_at_most", e.getCompletionTokens());
    n.put("cost_usd_at_most", e.getCostUsd());
    return n.toString().replace('\n', ' ');
  }

  /**
   * The least time the rate limits allow for the calls of each rate-limit bucket: requests / rpm,
   * or tokens (prompt + completion budget) / tpm, whichever is longer.
   */
  static Map<String, Double> minutesByBucket(List<Endpoint> endpoints,
      List<CallEstimate> estimates) {
    Map<String, Endpoint> byName = new LinkedHashMap<>();
    endpoints.forEach(e -> byName.put(e.name(), e));
    Map<String, double[]> load = new LinkedHashMap<>();
    Map<String, Endpoint> limits = new LinkedHashMap<>();
    for (CallEstimate e : estimates) {
      Endpoint ep = byName.get(e.getEndpoint());
      // Batched calls are not paced by the live limits: the provider answers them within 24 h.
      if (ep == null || ep.batched()) {
        continue;
      }
      double[] l = load.computeIfAbsent(ep.rateLimitBucket(), k -> new double[2]);
      l[0] += e.getCalls();
      l[1] += e.getPromptTokens() + e.getCompletionTokens();
      limits.putIfAbsent(ep.rateLimitBucket(), ep);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    load.forEach((bucket, l) -> {
      Endpoint ep = limits.get(bucket);
      double byRequests = ep.requestsPerMinute() > 0 ? l[0] / ep.requestsPerMinute() : 0;
      double byTokens = ep.tokensPerMinute() > 0 ? l[1] / ep.tokensPerMinute() : 0;
      if (ep.requestsPerMinute() > 0 || ep.tokensPerMinute() > 0) {
        out.put(bucket, Math.max(byRequests, byTokens));
      }
    });
    return out;
  }

  private static ObjectNode json(String runId, ExperimentConfig config, DatasetIdentity dataset,
      String store, List<CallEstimate> estimates, List<CallEstimate> judgeEstimates,
      long rejected) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("experiment", config.name());
    root.put("config_hash", config.configHash());
    root.put("dataset_hash", dataset.hash());
    root.put("response_store", store);
    root.put("prompt_rows_rejected", rejected);
    root.put("note", "no calls were made; prompt tokens are estimated at four characters a token"
        + " and completions at their max_tokens budget, so tokens out and cost are upper bounds");
    ArrayNode models = root.putArray("by_model");
    long samples = 0;
    long fromStore = 0;
    long calls = 0;
    double cost = 0;
    for (CallEstimate e : estimates) {
      models.add(readTree(line(e)));
      samples += e.getRequests();
      fromStore += e.getFromStore();
      calls += e.getCalls();
      cost += e.getCostUsd();
    }
    ObjectNode total = root.putObject("total");
    total.put("samples", samples);
    total.put("from_store", fromStore);
    total.put("calls", calls);
    total.put("cost_usd_at_most", cost);
    putBudget(root, "budget", config.budgetUsd(), cost);
    if (!judgeEstimates.isEmpty()) {
      ObjectNode judges = root.putObject("judges");
      judges.put("note", "an upper bound: one call per judge and sample, each answer at its"
          + " model's full max_tokens budget and each verdict at the judge's; provider refusals,"
          + " call errors, shared questions, the response store and repairs are not counted");
      ArrayNode byJudge = judges.putArray("by_judge");
      long judgeCalls = 0;
      double judgeCost = 0;
      for (CallEstimate e : judgeEstimates) {
        ObjectNode n = (ObjectNode) readTree(line(e));
        n.set("judge", n.remove("model"));
        byJudge.add(n);
        judgeCalls += e.getCalls();
        judgeCost += e.getCostUsd();
      }
      ObjectNode jt = judges.putObject("total");
      jt.put("calls_at_most", judgeCalls);
      jt.put("cost_usd_at_most", judgeCost);
      putBudget(root, "judge_budget", config.judgeBudgetUsd(), judgeCost);
    }
    // Judges may share a rate-limit bucket with the models: the buckets carry both.
    List<Endpoint> endpoints = config.endpoints();
    List<CallEstimate> all = new ArrayList<>(estimates);
    all.addAll(judgeEstimates);
    ObjectNode minutes = root.putObject("minutes_at_rate_limits");
    minutesByBucket(endpoints, all).forEach(minutes::put);
    ObjectNode batches = BatchPlan.plan(endpoints, all, config.batch());
    if (batches != null) {
      root.set("batch_plan", batches);
    }
    return root;
  }

  /** Whether a budget (0 = none, then nothing is written) covers an estimate. */
  private static void putBudget(ObjectNode root, String field, double budgetUsd, double costUsd) {
    if (budgetUsd > 0) {
      ObjectNode b = root.putObject(field);
      b.put("budget_usd", budgetUsd);
      b.put("covers_the_estimate", budgetUsd >= costUsd);
    }
  }

  private static JsonNode readTree(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String duration(double minutes) {
    if (minutes < 1) {
      return String.format(Locale.ROOT, "%.0f s", Math.ceil(minutes * 60));
    }
    if (minutes < 120) {
      return String.format(Locale.ROOT, "%.1f min", minutes);
    }
    return String.format(Locale.ROOT, "%.1f h", minutes / 60);
  }

  private static void printBudget(JsonNode budget, String name, String what, PrintStream out) {
    if (!budget.isMissingNode()) {
      out.printf(Locale.ROOT, "  %s $%.2f %s %s%n", name, budget.path("budget_usd").asDouble(),
          budget.path("covers_the_estimate").asBoolean() ? "covers" : "does NOT cover", what);
    }
  }

  public static void print(Plan plan, PrintStream out) {
    String fmt = "%-22s %8s %10s %8s %14s %16s %14s%n";
    out.printf(fmt, "model", "samples", "from store", "calls", "prompt tokens",
        "completion (max)", "cost (max)");
    for (CallEstimate e : plan.estimates()) {
      out.printf(Locale.ROOT, fmt, e.getEndpoint(), e.getRequests(), e.getFromStore(),
          e.getCalls(), e.getPromptTokens(), e.getCompletionTokens(),
          String.format(Locale.ROOT, "$%.4f", e.getCostUsd()));
    }
    for (CallEstimate e : plan.judgeEstimates()) {
      out.printf(Locale.ROOT, fmt, "judge " + e.getEndpoint(), e.getRequests(), "-",
          e.getCalls(), e.getPromptTokens(), e.getCompletionTokens(),
          String.format(Locale.ROOT, "$%.4f", e.getCostUsd()));
    }
    out.printf(Locale.ROOT, "dry run %s: %d calls to make, estimated at most $%.4f; nothing was"
        + " called%n", plan.runId(), plan.calls(), plan.costUsd());
    if (!plan.judgeEstimates().isEmpty()) {
      out.printf(Locale.ROOT, "  judges: at most %d calls, at most $%.4f (every sample answered"
          + " at its full token budget; the judges' store is not consulted)%n",
          plan.judgeCalls(), plan.judgeCostUsd());
    }
    BatchPlan.print(plan.json().path("batch_plan"), out);
    JsonNode minutes = plan.json().path("minutes_at_rate_limits");
    minutes.fields().forEachRemaining(m -> out.printf(Locale.ROOT,
        "  rate-limit bucket %s: at least %s at its configured limits%n", m.getKey(),
        duration(m.getValue().asDouble())));
    printBudget(plan.json().path("budget"), "budget", "the estimate", out);
    printBudget(plan.json().path("judge_budget"), "judge budget", "the judges' upper bound", out);
    if (plan.rejectedRows() > 0) {
      out.println("  " + plan.rejectedRows() + " prompt rows were rejected; see " + plan.runDir()
          + "/errors/dead_letters.jsonl");
    }
    out.println("plan: " + plan.runDir() + "/" + FILE);
  }
}
