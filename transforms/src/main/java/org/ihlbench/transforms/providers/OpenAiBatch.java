package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ihlbench.records.ModelCall;

/**
 * OpenAI's Batch API: the calls as a JSONL file (one line per call: {@code custom_id},
 * {@code method: POST}, {@code url: /v1/chat/completions} and the live request's {@code body}),
 * uploaded with {@code POST {base_url}/files} ({@code purpose=batch}), submitted with
 * {@code POST {base_url}/batches} ({@code completion_window: 24h}, the client's tag in
 * {@code metadata}), polled with {@code GET {base_url}/batches/{id}} and read from its output and
 * error files ({@code GET {base_url}/files/{id}/content}). Up to 50,000 requests and 200 MB a
 * batch, at half the live price.
 */
public final class OpenAiBatch implements BatchProtocol {
  /** The metadata key that carries the client's tag, so that a batch can be found again. */
  static final String TAG_KEY = "ihlbench_tag";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);
  /** How far before the intent a batch found again may have been created (clock skew). */
  private static final long SKEW_SECONDS = 600;

  @Override
  public String protocol() {
    return OpenAiChatAdapter.PROTOCOL.name();
  }

  @Override
  public Set<String> providers() {
    return Set.of("openai");
  }

  @Override
  public int maxRequests() {
    return 50_000;
  }

  @Override
  public long maxBytes() {
    return 200L * 1024 * 1024;
  }

  @Override
  public double priceShare() {
    return 0.5;
  }

  @Override
  public byte[] line(Endpoint endpoint, String customId, ModelCall call) {
    ObjectNode line = JSON.createObjectNode();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", "/v1/chat/completions");
    line.set("body", OpenAiChatAdapter.body(endpoint, call));
    return Params.bytes(line);
  }

  @Override
  public String submit(BatchHttp http, Endpoint endpoint, String apiKey, String tag,
      List<byte[]> lines) throws BatchHttp.BatchException {
    String boundary = "ihlbench-" + UUID.randomUUID();
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    write(form, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
        + "batch\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"" + tag + ".jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n");
    for (byte[] line : lines) {
      form.writeBytes(line);
      form.write('\n');
    }
    write(form, "\r\n--" + boundary + "--\r\n");
    BatchHttp.Response file = http.send(request(endpoint, apiKey, "/files")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(),
        "uploading the batch file of model '" + endpoint.name() + "'");
    String fileId = read(file.body(), "file upload").path("id").asText(null);
    if (fileId == null) {
      throw new BatchHttp.BatchException("the file upload answered no file id", file.status(),
          false);
    }
    ObjectNode create = JSON.createObjectNode();
    create.put("input_file_id", fileId);
    create.put("endpoint", "/v1/chat/completions");
    create.put("completion_window", "24h");
    create.putObject("metadata").put(TAG_KEY, tag);
    BatchHttp.Response batch = http.send(request(endpoint, apiKey, "/batches")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Params.bytes(create))).build(),
        "submitting a batch of model '" + endpoint.name() + "'");
    String id = read(batch.body(), "batch").path("id").asText(null);
    if (id == null) {
      throw new BatchHttp.BatchException("the batch was answered without an id", batch.status(),
          true);
    }
    return id;
  }

  @Override
  public Status status(BatchHttp http, Endpoint endpoint, String apiKey, String batchId)
      throws BatchHttp.BatchException {
    JsonNode b = read(http.send(request(endpoint, apiKey, "/batches/" + batchId).GET().build(),
        "polling batch " + batchId).body(), "batch");
    String state = b.path("status").asText("");
    boolean ended = Set.of("completed", "failed", "expired", "cancelled").contains(state);
    String failedWhole = null;
    if (state.equals("failed")) {
      JsonNode first = b.path("errors").path("data").path(0);
      failedWhole = "batch " + batchId + " failed validation: "
          + first.path("message").asText(first.path("code").asText("no reason given"));
    }
    JsonNode counts = b.path("request_counts");
    long completed = counts.path("completed").asLong();
    long failed = counts.path("failed").asLong();
    return new Status(batchId, state, ended, failedWhole, counts.path("total").asLong(),
        completed + failed, failed, b);
  }

  @Override
  public Map<String, AdapterResult> results(BatchHttp http, Endpoint endpoint, String apiKey,
      Status ended) throws BatchHttp.BatchException {
    Map<String, AdapterResult> out = new HashMap<>();
    ChatAdapter live = new OpenAiChatAdapter();
    for (String file : List.of("output_file_id", "error_file_id")) {
      String fileId = ended.raw().path(file).asText(null);
      if (fileId == null || fileId.isBlank()) {
        continue;
      }
      byte[] content = http.send(request(endpoint, apiKey, "/files/" + fileId + "/content")
          .GET().build(), "downloading the results of batch " + ended.id()).body();
      for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = read(line.getBytes(StandardCharsets.UTF_8), "result line");
        String customId = n.path("custom_id").asText(null);
        if (customId != null) {
          out.put(customId, result(live, endpoint, n));
        }
      }
    }
    return out;
  }

  /** One result line: a response (of any status, read by the live adapter) or an error. */
  static AdapterResult result(ChatAdapter live, Endpoint endpoint, JsonNode line) {
    JsonNode response = line.path("response");
    if (response.isObject()) {
      byte[] body = Params.bytes(response.path("body"));
      return live.interpret(endpoint, response.path("status_code").asInt(200), NO_HEADERS, body);
    }
    JsonNode error = line.path("error");
    String code = error.path("code").asText("");
    String message = code + ": " + error.path("message").asText("no message");
    FailureKind kind = switch (code) {
      case "batch_expired", "batch_cancelled" -> FailureKind.EXPIRED;
      case "request_timeout" -> FailureKind.TIMEOUT;
      default -> FailureKind.SERVER;
    };
    return new AdapterResult.Failure(kind, null, message, null);
  }

  @Override
  public Optional<String> find(BatchHttp http, Endpoint endpoint, String apiKey, String tag,
      Instant intentAt, int requests, Set<String> known) throws BatchHttp.BatchException {
    String after = null;
    for (int page = 0; page < 50; page++) {
      String query = "/batches?limit=100" + (after == null ? ""
          : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonNode list = read(http.send(request(endpoint, apiKey, query).GET().build(),
          "listing batches").body(), "batch list");
      for (JsonNode b : list.path("data")) {
        if (tag.equals(b.path("metadata").path(TAG_KEY).asText(null))) {
          return Optional.of(b.path("id").asText());
        }
        if (b.path("created_at").asLong(Long.MAX_VALUE) < intentAt.getEpochSecond() - SKEW_SECONDS) {
          return Optional.empty(); // newest first: the rest are older than the intent
        }
      }
      if (!list.path("has_more").asBoolean(false)) {
        return Optional.empty();
      }
      after = list.path("last_id").asText(null);
    }
    return Optional.empty();
  }

  private static HttpRequest.Builder request(Endpoint endpoint, String apiKey, String path) {
    return HttpRequest.newBuilder(URI.create(OpenAiChatAdapter.trimSlash(endpoint.baseUrl()) + path))
        .timeout(endpoint.timeout())
        .header("Authorization", "Bearer " + apiKey);
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode read(byte[] body, String what) throws BatchHttp.BatchException {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new BatchHttp.BatchException("the provider's " + what + " is not JSON: "
          + e.getMessage(), null, false);
    }
  }
}
