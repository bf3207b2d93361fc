package org.ihlbench.transforms.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The batches a store's runs have submitted, kept beside the answers under
 * {@code <store>/batches/}, so that a run killed while it waits re-attaches to its batches
 * instead of paying for the same requests again. Each batch has up to three small JSON files,
 * each written once, whole (a local file is renamed into place; an object-store upload is
 * visible only once closed):
 *
 * <ol>
 *   <li>{@code <tag>.intent.json}, written BEFORE the batch is submitted: the client's tag, the
 *       endpoint, and every request's custom id, call key and attempt number;
 *   <li>{@code <tag>.submitted.json}: the provider's batch id, once the provider gave it;
 *   <li>{@code <tag>.ended.json}: the batch ended and everything it answered is in the store.
 * </ol>
 *
 * A tag with an intent and no id is a batch that may or may not have been submitted (a kill
 * between the two writes): the provider is asked for it by its tag before anything is
 * submitted again.
 */
public final class BatchJournal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INTENT = ".intent.json";
  private static final String SUBMITTED = ".submitted.json";
  private static final String ENDED = ".ended.json";

  private final String dir;

  public BatchJournal(String storeRoot) {
    this.dir = (storeRoot.endsWith("/") ? storeRoot : storeRoot + "/") + "batches/";
  }

  /** One request of a batch: what the provider calls it, which call it is, its attempt. */
  public record Request(String customId, String callKey, int attempt) {}

  /**
   * A batch as journaled.
   *
   * @param batchId the provider's id; null while only the intent is journaled
   * @param endState how it ended (the provider's state, or why it was given up); null while open
   */
  public record Entry(String tag, String endpoint, String protocol, long createdAtMillis,
      List<Request> requests, String batchId, String endState) {
    public boolean ended() {
      return endState != null;
    }
  }

  /** Every batch journaled in the store, oldest first. */
  public List<Entry> read() throws IOException {
    Map<String, JsonNode> intents = new TreeMap<>();
    Map<String, String> ids = new TreeMap<>();
    Map<String, String> ends = new TreeMap<>();
    MatchResult match = FileSystems.match(dir + "*.json", EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      return List.of();
    }
    for (MatchResult.Metadata m : match.metadata()) {
      String name = m.resourceId().getFilename();
      JsonNode n = readJson(m.resourceId());
      if (n == null) {
        continue;
      }
      if (name.endsWith(INTENT)) {
        intents.put(n.path("tag").asText(), n);
      } else if (name.endsWith(SUBMITTED)) {
        ids.put(n.path("tag").asText(), n.path("batch_id").asText());
      } else if (name.endsWith(ENDED)) {
        ends.put(n.path("tag").asText(), n.path("state").asText("ended"));
      }
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode n : intents.values()) {
      String tag = n.path("tag").asText();
      List<Request> requests = new ArrayList<>();
      for (JsonNode r : n.path("requests")) {
        requests.add(new Request(r.path(0).asText(), r.path(1).asText(), r.path(2).asInt(1)));
      }
      out.add(new Entry(tag, n.path("endpoint").asText(), n.path("protocol").asText(),
          n.path("created_at").asLong(), List.copyOf(requests), ids.get(tag), ends.get(tag)));
    }
    out.sort((a, b) -> Long.compare(a.createdAtMillis(), b.createdAtMillis()));
    return out;
  }

  /** Journals a batch about to be submitted: from now on, a rerun asks before submitting. */
  public void intent(String tag, String endpoint, String protocol, long createdAtMillis,
      List<Request> requests) throws IOException {
    ObjectNode n = JSON.createObjectNode().put("tag", tag).put("endpoint", endpoint)
        .put("protocol", protocol).put("created_at", createdAtMillis);
    ArrayNode rs = n.putArray("requests");
    for (Request r : requests) {
      rs.addArray().add(r.customId()).add(r.callKey()).add(r.attempt());
    }
    write(tag + INTENT, n);
  }

  public void submitted(String tag, String batchId) throws IOException {
    write(tag + SUBMITTED, JSON.createObjectNode().put("tag", tag).put("batch_id", batchId)
        .put("at", System.currentTimeMillis()));
  }

  /** The batch is over: every answer it gave is in the store, its failures were dealt with. */
  public void ended(String tag, String state) throws IOException {
    write(tag + ENDED, JSON.createObjectNode().put("tag", tag).put("state", state)
        .put("at", System.currentTimeMillis()));
  }

  private void write(String name, JsonNode content) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(content);
    if (ResponseStore.isLocal(dir)) {
      Path d = Path.of(dir.replaceFirst("^file://", ""));
      Files.createDirectories(d);
      Path tmp = d.resolve("." + name + ".tmp");
      try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
        out.write(bytes);
        out.getFD().sync();
      }
      Files.move(tmp, d.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    ResourceId file = FileSystems.matchNewResource(dir + name, false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(bytes);
    }
  }

  /** A journal file's JSON; null for one that cannot be read (it is written again later). */
  private static JsonNode readJson(ResourceId file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      JsonNode n = JSON.readTree(in);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }
}
