package org.ihlbench.transforms.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.SummaryRow;

/**
 * A finished run's directory ({@code <output>/runs/<run_id>/}, on any Beam file system), read
 * back in the driver as the records it was written from: every after-run reader (the manifest,
 * the spend, the printed tables, the report, calibration, trend) goes through here rather than
 * opening files by name.
 *
 * <p>Tables are read by column name into the generated record classes, so a run written before
 * a column existed still reads: a column it lacks takes the schema's default, or zero (a
 * summary without {@code clusters} reads 0, "not counted"). A table the run did not write reads
 * as empty.
 */
public final class RunDirectory {
  /** The manifest, which the driver writes once the pipeline is done. */
  public static final String MANIFEST = "run.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String dir;

  private RunDirectory(String dir) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  public static RunDirectory at(String runDir) {
    return new RunDirectory(runDir);
  }

  /** The directory, without a trailing slash. */
  public String path() {
    return dir;
  }

  /** A file of the run. */
  public String file(String name) {
    return dir + "/" + name;
  }

  /** Whether the run has a file matching {@code pattern} (a name, or a glob such as *.avro). */
  public boolean has(String pattern) throws IOException {
    MatchResult m = FileSystems.match(file(pattern), EmptyMatchTreatment.ALLOW);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  /** run.json; empty when the run has none (it did not finish). */
  public Optional<JsonNode> manifest() throws IOException {
    MatchResult m = FileSystems.match(file(MANIFEST), EmptyMatchTreatment.ALLOW);
    if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
      return Optional.of(JSON.readTree(in));
    }
  }

  public List<SummaryRow> summary() throws IOException {
    return table(WriteRun.SUMMARY);
  }

  /** A table the run wrote under {@code tag}, as its records. */
  public <T extends SpecificRecord> List<T> table(TableTag<T> tag) throws IOException {
    List<T> out = new ArrayList<>();
    for (GenericRecord r : rows(tag.name())) {
      out.add(specific(r, tag.schema()));
    }
    return out;
  }

  /**
   * A table's rows as they are in the file, whatever their columns: for readers that show a
   * table as it is (the report's tables of another version).
   */
  public List<GenericRecord> rows(String table) throws IOException {
    return ParquetFiles.readAll(file(table + ".parquet"));
  }

  /** Spend per model (_spend.jsonl), sorted by model. */
  public List<ModelSpend> spend() throws IOException {
    List<ModelSpend> models = new ArrayList<>();
    for (JsonNode n : jsonLines(WriteRun.SPEND_FILE)) {
      models.add(ModelSpend.newBuilder()
          .setModel(n.path("model").asText())
          .setSamples(n.path("samples").asLong())
          .setCalls(n.path("calls").asLong())
          .setFromStore(n.path("from_store").asLong())
          .setErrors(n.path("errors").asLong())
          .setBudgetSkipped(n.path("budget_skipped").asLong())
          .setPromptTokens(n.path("prompt_tokens").asLong())
          .setCompletionTokens(n.path("completion_tokens").asLong())
          .setCostUsd(n.path("cost_usd").asDouble())
          .setBatchedCalls(n.path("batched_calls").asLong())
          .build());
    }
    models.sort(Comparator.comparing(ModelSpend::getModel));
    return models;
  }

  /** What the counts file (_counts.tsv) holds: counts by name, and samples by model and version. */
  public record Counts(Map<String, Long> counts, Map<String, Map<String, Long>> modelVersions) {}

  /** The counts in and out the Write stage left for the manifest. */
  public Counts counts() throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Map<String, Long>> versions = new TreeMap<>();
    for (String line : lines(FileSystems.matchSingleFileSpec(file(WriteRun.COUNTS_FILE))
        .resourceId())) {
      String[] kv = line.split("\t");
      if (kv.length == 2) {
        counts.merge(kv[0], Long.parseLong(kv[1].trim()), Long::sum);
      } else if (kv.length == 4 && kv[0].equals(WriteRun.MODEL_VERSION)) {
        versions.computeIfAbsent(kv[1], k -> new TreeMap<>())
            .merge(kv[2], Long.parseLong(kv[3].trim()), Long::sum);
      }
    }
    return new Counts(counts, versions);
  }

  /** Calls {@code each} for every judged sample of the run; returns how many there were. */
  public long judgedSamples(Consumer<JudgedSample> each) throws IOException {
    MatchResult match = FileSystems.match(file("judged_samples-*.avro"), EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      throw new IOException(dir + " holds no judged_samples-*.avro; give the directory of a"
          + " finished run (e.g. out/runs/RUN_ID)");
    }
    long n = 0;
    for (MatchResult.Metadata m : match.metadata()) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()));
          DataFileStream<JudgedSample> stream =
              new DataFileStream<>(in, new SpecificDatumReader<>(JudgedSample.class))) {
        for (JudgedSample j : stream) {
          each.accept(j);
          n++;
        }
      }
    }
    return n;
  }

  /** Every JSON line of the run's files matching {@code pattern} (none when nothing matches). */
  public List<JsonNode> jsonLines(String pattern) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    MatchResult match = FileSystems.match(file(pattern), EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      return out;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      for (String line : lines(m.resourceId())) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private static List<String> lines(ResourceId file) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Channels.newInputStream(FileSystems.open(file)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(line);
      }
    }
    return out;
  }

  /** A row read by column name into its record class (see the class comment for missing ones). */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> T specific(GenericRecord row, Schema schema) {
    SpecificData data = SpecificData.get();
    T out = (T) data.newRecord(null, schema);
    for (Schema.Field f : schema.getFields()) {
      Schema.Field had = row.getSchema().getField(f.name());
      Object value = had != null ? row.get(had.pos())
          : f.hasDefaultValue() ? data.getDefaultValue(f) : null;
      if (value != null) {
        out.put(f.pos(), data.deepCopy(f.schema(), value));
      }
    }
    return out;
  }
}
