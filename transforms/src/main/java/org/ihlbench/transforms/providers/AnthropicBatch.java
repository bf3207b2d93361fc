package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ihlbench.records.ModelCall;

/**
 * Anthropic's Message Batches API: {@code POST {base_url}/v1/messages/batches} with
 * {@code requests: [{custom_id, params}]} (params: the live request's body), polled with
 * {@code GET {base_url}/v1/messages/batches/{id}} ({@code processing_status} in_progress,
 * canceling, ended), results as JSONL from its {@code results_url}, one line per request:
 * {@code succeeded} with the message (read by the live adapter), {@code errored},
 * {@code canceled} or {@code expired}. Up to 100,000 requests and 256 MB a batch, at half the
 * live price.
 *
 * <p>A custom id is 1 to 64 characters; ihlbench's are the batch's tag and the request's index,
 * mapped to call keys in the batch journal. Batches carry no metadata, so one submitted by a run
 * killed before it journaled the id is found again by its time and size, and its results are
 * checked by their custom ids, which start with the tag.
 */
public final class AnthropicBatch implements BatchProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);
  /** A batch found again was created within this much of the intent (clock skew, slow answer). */
  private static final Duration WINDOW = Duration.ofMinutes(10);

  @Override
  public String protocol() {
    return AnthropicMessagesAdapter.PROTOCOL.name();
  }

  @Override
  public Set<String> providers() {
    return Set.of("anthropic");
  }

  @Override
  public int maxRequests() {
    return 100_000;
  }

  @Override
  public long maxBytes() {
    return 256L * 1024 * 1024;
  }

  @Override
  public double priceShare() {
    return 0.5;
  }

  @Override
  public byte[] line(Endpoint endpoint, String customId, ModelCall call) {
    var request = JSON.createObjectNode();
    request.put("custom_id", customId);
    request.set("params", AnthropicMessagesAdapter.body(endpoint, call));
    return Params.bytes(request);
  }

  @Override
  public String submit(BatchHttp http, Endpoint endpoint, String apiKey, String tag,
      List<byte[]> lines) throws BatchHttp.BatchException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"requests\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      body.writeBytes(lines.get(i));
    }
    body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    BatchHttp.Response r = http.send(request(endpoint, apiKey, "/v1/messages/batches")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        "submitting a batch of model '" + endpoint.name() + "'");
    String id = OpenAiBatch.read(r.body(), "batch").path("id").asText(null);
    if (id == null) {
      throw new BatchHttp.BatchException("the batch was answered without an id", r.status(), true);
    }
    return id;
  }

  @Override
  public Status status(BatchHttp http, Endpoint endpoint, String apiKey, String batchId)
      throws BatchHttp.BatchException {
    JsonNode b = OpenAiBatch.read(http.send(request(endpoint, apiKey,
        "/v1/messages/batches/" + batchId).GET().build(), "polling batch " + batchId).body(),
        "batch");
    return status(b);
  }

  private static Status status(JsonNode b) {
    String state = b.path("processing_status").asText("");
    JsonNode c = b.path("request_counts");
    long failed = c.path("errored").asLong() + c.path("canceled").asLong()
        + c.path("expired").asLong();
    long done = c.path("succeeded").asLong() + failed;
    return new Status(b.path("id").asText(), state, state.equals("ended"), null,
        done + c.path("processing").asLong(), done, failed, b);
  }

  @Override
  public Map<String, AdapterResult> results(BatchHttp http, Endpoint endpoint, String apiKey,
      Status ended) throws BatchHttp.BatchException {
    String url = ended.raw().path("results_url").asText(null);
    if (url == null || url.isBlank()) {
      return Map.of();
    }
    byte[] content = http.send(authorized(HttpRequest.newBuilder(URI.create(url)), endpoint,
        apiKey).GET().build(), "downloading the results of batch " + ended.id()).body();
    Map<String, AdapterResult> out = new HashMap<>();
    ChatAdapter live = new AnthropicMessagesAdapter();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = OpenAiBatch.read(line.getBytes(StandardCharsets.UTF_8), "result line");
      String customId = n.path("custom_id").asText(null);
      if (customId != null) {
        out.put(customId, result(live, endpoint, n.path("result")));
      }
    }
    return out;
  }

  /** One request's result: its message read as a live answer, or why it has none. */
  static AdapterResult result(ChatAdapter live, Endpoint endpoint, JsonNode result) {
    String type = result.path("type").asText("");
    switch (type) {
      case "succeeded":
        return live.interpret(endpoint, 200, NO_HEADERS, Params.bytes(result.path("message")));
      case "expired":
      case "canceled":
        return new AdapterResult.Failure(FailureKind.EXPIRED, null,
            "the request " + type + " before it ran", null);
      default:
        // errored: {"type":"error","error":{"type":"invalid_request_error","message":...}},
        // or the inner error alone.
        JsonNode error = result.path("error");
        JsonNode inner = error.path("error").isObject() ? error.path("error") : error;
        String errorType = inner.path("type").asText("error");
        FailureKind kind = errorType.equals("invalid_request_error")
            ? FailureKind.BAD_REQUEST : FailureKind.SERVER;
        return new AdapterResult.Failure(kind, null,
            errorType + ": " + inner.path("message").asText("no message"), null);
    }
  }

  @Override
  public Optional<String> find(BatchHttp http, Endpoint endpoint, String apiKey, String tag,
      Instant intentAt, int requests, Set<String> known) throws BatchHttp.BatchException {
    String after = null;
    String best = null;
    long bestDistance = Long.MAX_VALUE;
    for (int page = 0; page < 50; page++) {
      String query = "/v1/messages/batches?limit=100" + (after == null ? ""
          : "&after_id=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonNode list = OpenAiBatch.read(http.send(request(endpoint, apiKey, query).GET().build(),
          "listing batches").body(), "batch list");
      boolean older = false;
      for (JsonNode b : list.path("data")) {
        Instant created = instant(b.path("created_at").asText(""));
        if (created == null) {
          continue;
        }
        long distance = Math.abs(Duration.between(intentAt, created).toMillis());
        older |= created.isBefore(intentAt.minus(WINDOW));
        Status s = status(b);
        if (known.contains(s.id()) || distance > WINDOW.toMillis() || s.total() != requests) {
          continue;
        }
        if (s.ended() && !startsWithTag(http, endpoint, apiKey, s, tag)) {
          continue;
        }
        if (distance < bestDistance) {
          best = s.id();
          bestDistance = distance;
        }
      }
      if (older || !list.path("has_more").asBoolean(false)) {
        break;
      }
      after = list.path("last_id").asText(null);
    }
    return Optional.ofNullable(best);
  }

  /** An ended candidate is ours when its results carry our tag. */
  private boolean startsWithTag(BatchHttp http, Endpoint endpoint, String apiKey, Status s,
      String tag) throws BatchHttp.BatchException {
    return results(http, endpoint, apiKey, s).keySet().stream()
        .anyMatch(id -> id.startsWith(tag + "-"));
  }

  private static Instant instant(String rfc3339) {
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static HttpRequest.Builder request(Endpoint endpoint, String apiKey, String path) {
    return authorized(HttpRequest.newBuilder(URI.create(
        OpenAiChatAdapter.trimSlash(endpoint.baseUrl()) + path)), endpoint, apiKey);
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder b, Endpoint endpoint,
      String apiKey) {
    return b.timeout(endpoint.timeout())
        .header("x-api-key", apiKey)
        .header("anthropic-version", AnthropicMessagesAdapter.version(endpoint));
  }
}
