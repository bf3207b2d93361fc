package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ihlbench.simulator.SimulatedBatches;

/**
 * Anthropic's Message Batches API: {@code POST /v1/messages/batches} ({@code requests:
 * [{custom_id, params}]}; custom ids of 1 to 64 letters, digits, {@code _} and {@code -}), {@code
 * GET /v1/messages/batches/{id}} ({@code processing_status} in_progress or ended, with
 * {@code request_counts} and, once ended, {@code results_url}), {@code GET
 * /v1/messages/batches} (newest first, {@code after_id}/{@code limit}) and the results as JSONL
 * ({@code succeeded}, {@code errored}, {@code expired}). A batch over the caps (100,000
 * requests, 256 MB unless the profile sets smaller ones), or one the profile draws as failing
 * validation, is refused with 400 (413 when too large), as the API refuses it.
 */
public final class AnthropicBatchApi implements BatchApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/messages/batches";
  private final SimulatedBatches batches;
  private final AnthropicMessagesProtocol chat = new AnthropicMessagesProtocol();

  public AnthropicBatchApi(SimulatedBatches batches) {
    this.batches = batches;
  }

  @Override
  public boolean serves(String method, String path) {
    return path.contains(PATH);
  }

  @Override
  public Reply handle(String method, String path, String query, Headers headers, byte[] body,
      Predicate<String> keyAccepted, String rootUrl) {
    if (headers.getFirst("anthropic-version") == null) {
      return error(400, "anthropic-version: header is required");
    }
    String key = headers.getFirst("x-api-key");
    if (key == null || key.isBlank() || !keyAccepted.test(key)) {
      return error(401, "invalid x-api-key");
    }
    String rest = path.substring(path.indexOf(PATH) + PATH.length());
    if (rest.isEmpty() && method.equals("POST")) {
      return create(key, headers, body, rootUrl);
    }
    if (rest.isEmpty() && method.equals("GET")) {
      return list(key, query, rootUrl);
    }
    String id = rest.replaceAll("^/([^/]+).*", "$1");
    SimulatedBatches.Batch b = batches.get(id);
    if (b == null || !b.apiKey.equals(key) || !b.api.equals("anthropic")) {
      return error(404, "message batch " + id + " not found");
    }
    if (rest.equals("/" + id) && method.equals("GET")) {
      return Reply.json(200, OpenAiChatProtocol.bytes(batch(b, rootUrl)));
    }
    if (rest.equals("/" + id + "/results") && method.equals("GET")) {
      return b.ended() ? new Reply(200, results(b), "application/x-jsonl")
          : error(400, "message batch " + id + " is still processing");
    }
    return error(405, "method not allowed: " + method + " " + path);
  }

  private Reply create(String key, Headers headers, byte[] body, String rootUrl) {
    if (body.length > batches.maxBytes(256L * 1024 * 1024)) {
      return Reply.json(413, chat.error(413, "request_too_large", "the batch is "
          + body.length + " bytes; the limit is " + batches.maxBytes(256L * 1024 * 1024)));
    }
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "request body is not JSON");
    }
    JsonNode list = req.path("requests");
    if (!list.isArray() || list.isEmpty()) {
      return error(400, "requests: at least one request is required");
    }
    if (list.size() > batches.maxRequests(100_000)) {
      return error(400, "requests: the batch has " + list.size() + " requests; the limit is "
          + batches.maxRequests(100_000));
    }
    List<SimulatedBatches.Request> requests = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String customId = list.get(i).path("custom_id").asText("");
      if (!customId.matches("[a-zA-Z0-9_-]{1,64}") || !ids.add(customId)) {
        return error(400, "requests." + i + ".custom_id: must be 1 to 64 letters, digits, _ or -,"
            + " unique within the batch");
      }
      try {
        requests.add(new SimulatedBatches.Request(customId, chat.parse("/v1/messages", headers,
            OpenAiChatProtocol.bytes(list.get(i).path("params"))), null));
      } catch (WireProtocol.BadRequest e) {
        requests.add(new SimulatedBatches.Request(customId, null, e.getMessage()));
      }
    }
    if (batches.drawsValidationFailure()) {
      return error(400, "the batch failed validation (simulated)");
    }
    SimulatedBatches.Batch b = batches.submit("anthropic", chat, key, requests, Map.of(), null,
        null);
    return Reply.json(200, OpenAiChatProtocol.bytes(batch(b, rootUrl)));
  }

  private Reply list(String key, String query, String rootUrl) {
    String limitParam = BatchApi.param(query, "limit");
    int limit = Math.max(1, Math.min(1000, limitParam == null ? 20 : Integer.parseInt(limitParam)));
    List<SimulatedBatches.Batch> all = batches.list("anthropic", key);
    List<SimulatedBatches.Batch> page = BatchApi.page(all, b -> b.id,
        BatchApi.param(query, "after_id"), limit);
    ObjectNode n = JSON.createObjectNode();
    ArrayNode data = n.putArray("data");
    page.forEach(b -> data.add(batch(b, rootUrl)));
    n.put("has_more", !page.isEmpty() && all.indexOf(page.get(page.size() - 1)) < all.size() - 1);
    n.put("first_id", page.isEmpty() ? null : page.get(0).id);
    n.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
    return Reply.json(200, OpenAiChatProtocol.bytes(n));
  }

  private ObjectNode batch(SimulatedBatches.Batch b, String rootUrl) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", b.id);
    n.put("type", "message_batch");
    boolean ended = b.ended();
    n.put("processing_status", ended ? "ended" : "in_progress");
    ObjectNode counts = n.putObject("request_counts");
    counts.put("processing", ended ? 0 : b.requests.size());
    counts.put("succeeded", b.count(SimulatedBatches.Fate.ANSWERED));
    counts.put("errored", b.count(SimulatedBatches.Fate.ERRORED));
    counts.put("canceled", 0);
    counts.put("expired", b.count(SimulatedBatches.Fate.EXPIRED));
    n.put("created_at", Instant.ofEpochMilli(b.createdAtMillis).toString());
    n.put("expires_at", Instant.ofEpochMilli(b.createdAtMillis).plusSeconds(86_400).toString());
    n.put("ended_at", ended ? Instant.ofEpochMilli(b.endedAtMillis()).toString() : null);
    n.putNull("cancel_initiated_at");
    n.putNull("archived_at");
    n.put("results_url", ended ? rootUrl + PATH + "/" + b.id + "/results" : null);
    return n;
  }

  private byte[] results(SimulatedBatches.Batch b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SimulatedBatches.Result r : b.results()) {
      ObjectNode line = JSON.createObjectNode();
      line.put("custom_id", r.customId());
      ObjectNode result = line.putObject("result");
      try {
        switch (r.fate()) {
          case ANSWERED -> {
            result.put("type", "succeeded");
            result.set("message", JSON.readTree(r.reply().body()));
          }
          case EXPIRED -> result.put("type", "expired");
          case ERRORED -> {
            result.put("type", "errored");
            result.set("error", r.reply() != null ? JSON.readTree(r.reply().body())
                : JSON.readTree(chat.error(500, "api_error", "Internal server error")));
          }
          default -> throw new IllegalStateException();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      out.writeBytes(OpenAiChatProtocol.bytes(line));
      out.write('\n');
    }
    return out.toByteArray();
  }

  private Reply error(int status, String message) {
    return Reply.json(status, chat.error(status, "invalid_request_error", message));
  }
}
