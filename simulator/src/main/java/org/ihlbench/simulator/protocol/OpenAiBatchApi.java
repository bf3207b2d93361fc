package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ihlbench.simulator.SimRequest;
import org.ihlbench.simulator.SimulatedBatches;

/**
 * OpenAI's Batch API: {@code POST /v1/files} (multipart, {@code purpose=batch}), {@code POST
 * /v1/batches} ({@code input_file_id}, {@code endpoint: /v1/chat/completions},
 * {@code completion_window: 24h}, {@code metadata}), {@code GET /v1/batches/{id}} (status
 * {@code failed}, {@code in_progress}, {@code completed} or {@code expired}, with
 * {@code request_counts}), {@code GET /v1/batches} (newest first, {@code after}/{@code limit})
 * and {@code GET /v1/files/{id}/content}. An input file that breaks the format or the caps
 * (50,000 requests, 200 MB unless the profile sets smaller ones) fails validation; a line whose
 * body the chat API would refuse comes back with that error in the error file; expired requests
 * come back with {@code batch_expired}.
 */
public final class OpenAiBatchApi implements BatchApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "/v1/chat/completions";
  private final SimulatedBatches batches;
  private final OpenAiChatProtocol chat = new OpenAiChatProtocol();

  public OpenAiBatchApi(SimulatedBatches batches) {
    this.batches = batches;
  }

  @Override
  public boolean serves(String method, String path) {
    if (path.contains("/messages/batches")) {
      return false;
    }
    return path.endsWith("/files") || path.matches(".*/files/[^/]+/content")
        || path.endsWith("/batches") || path.matches(".*/batches/[^/]+");
  }

  @Override
  public Reply handle(String method, String path, String query, Headers headers, byte[] body,
      Predicate<String> keyAccepted, String rootUrl) {
    String auth = headers.getFirst("Authorization");
    String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    if (key == null || key.isBlank() || !keyAccepted.test(key)) {
      return error(401, "invalid_api_key", "Incorrect API key provided");
    }
    if (path.endsWith("/files") && method.equals("POST")) {
      return upload(headers, body);
    }
    if (path.matches(".*/files/[^/]+/content") && method.equals("GET")) {
      String id = path.replaceAll(".*/files/([^/]+)/content", "$1");
      byte[] content = batches.file(id);
      return content == null ? error(404, "not_found", "No such File object: " + id)
          : new Reply(200, content, "application/jsonl");
    }
    if (path.endsWith("/batches") && method.equals("POST")) {
      return create(key, body);
    }
    if (path.endsWith("/batches") && method.equals("GET")) {
      return list(key, query);
    }
    if (path.matches(".*/batches/[^/]+") && method.equals("GET")) {
      SimulatedBatches.Batch b = batches.get(path.substring(path.lastIndexOf('/') + 1));
      return b == null || !b.apiKey.equals(key) || !b.api.equals("openai")
          ? error(404, "not_found", "No batch found") : Reply.json(200, bytes(batch(b)));
    }
    return error(405, "invalid_request_error", "method not allowed: " + method + " " + path);
  }

  private Reply upload(Headers headers, byte[] body) {
    String type = headers.getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data") || !type.contains("boundary=")) {
      return error(400, "invalid_request_error", "the upload must be multipart/form-data");
    }
    String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
    String purpose = null;
    byte[] file = null;
    String filename = null;
    for (byte[] part : parts(body, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1))) {
      int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      if (split < 0) {
        continue;
      }
      String head = new String(part, 0, split, StandardCharsets.ISO_8859_1);
      byte[] content = java.util.Arrays.copyOfRange(part, split + 4,
          Math.max(split + 4, part.length - 2)); // less the CRLF before the next boundary
      if (head.contains("name=\"purpose\"")) {
        purpose = new String(content, StandardCharsets.UTF_8).trim();
      } else if (head.contains("name=\"file\"")) {
        file = content;
        int f = head.indexOf("filename=\"");
        filename = f < 0 ? "upload.jsonl" : head.substring(f + 10, head.indexOf('"', f + 10));
      }
    }
    if (!"batch".equals(purpose) || file == null) {
      return error(400, "invalid_request_error", "give purpose=batch and a file");
    }
    String id = batches.putFile(file);
    ObjectNode n = JSON.createObjectNode().put("id", id).put("object", "file")
        .put("bytes", file.length).put("created_at", System.currentTimeMillis() / 1000)
        .put("filename", filename).put("purpose", "batch");
    return Reply.json(200, bytes(n));
  }

  private Reply create(String key, byte[] body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "invalid_request_error", "request body is not JSON");
    }
    String fileId = req.path("input_file_id").asText(null);
    byte[] file = fileId == null ? null : batches.file(fileId);
    if (file == null) {
      return error(404, "not_found", "No such File object: " + fileId);
    }
    if (!CHAT.equals(req.path("endpoint").asText()) || !"24h".equals(
        req.path("completion_window").asText())) {
      return error(400, "invalid_request_error",
          "endpoint must be /v1/chat/completions and completion_window 24h");
    }
    Map<String, String> metadata = new java.util.LinkedHashMap<>();
    req.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(),
        e.getValue().asText()));
    List<SimulatedBatches.Request> requests = new ArrayList<>();
    String invalid = null;
    Set<String> ids = new HashSet<>();
    String[] lines = new String(file, StandardCharsets.UTF_8).split("\n");
    Headers auth = new Headers();
    auth.add("Authorization", "Bearer " + key);
    for (int i = 0; i < lines.length && invalid == null; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        JsonNode line = JSON.readTree(lines[i]);
        String customId = line.path("custom_id").asText(null);
        if (customId == null || !ids.add(customId) || !"POST".equals(line.path("method").asText())
            || !CHAT.equals(line.path("url").asText()) || !line.path("body").isObject()) {
          invalid = "line " + (i + 1) + ": needs a unique custom_id, method POST, url " + CHAT
              + " and a body";
          continue;
        }
        try {
          SimRequest r = chat.parse(CHAT, auth, bytes(line.get("body")));
          requests.add(new SimulatedBatches.Request(customId, r, null));
        } catch (WireProtocol.BadRequest e) {
          requests.add(new SimulatedBatches.Request(customId, null, e.getMessage()));
        }
      } catch (IOException e) {
        invalid = "line " + (i + 1) + " is not JSON";
      }
    }
    if (invalid == null && requests.size() > batches.maxRequests(50_000)) {
      invalid = "the batch has " + requests.size() + " requests; the limit is "
          + batches.maxRequests(50_000);
    } else if (invalid == null && file.length > batches.maxBytes(200L * 1024 * 1024)) {
      invalid = "the input file is " + file.length + " bytes; the limit is "
          + batches.maxBytes(200L * 1024 * 1024);
    } else if (invalid == null && batches.drawsValidationFailure()) {
      invalid = "the batch failed validation (simulated)";
    }
    SimulatedBatches.Batch b = batches.submit("openai", chat, key, requests, metadata, fileId,
        invalid);
    return Reply.json(200, bytes(batch(b)));
  }

  private Reply list(String key, String query) {
    int limit = Math.max(1, Math.min(100, Integer.parseInt(
        java.util.Objects.requireNonNullElse(BatchApi.param(query, "limit"), "20"))));
    List<SimulatedBatches.Batch> all = batches.list("openai", key);
    List<SimulatedBatches.Batch> page = BatchApi.page(all, b -> b.id,
        BatchApi.param(query, "after"), limit);
    ObjectNode n = JSON.createObjectNode().put("object", "list");
    ArrayNode data = n.putArray("data");
    page.forEach(b -> data.add(batch(b)));
    n.put("first_id", page.isEmpty() ? null : page.get(0).id);
    n.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
    n.put("has_more", !page.isEmpty() && all.indexOf(page.get(page.size() - 1)) < all.size() - 1);
    return Reply.json(200, bytes(n));
  }

  private ObjectNode batch(SimulatedBatches.Batch b) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", b.id);
    n.put("object", "batch");
    n.put("endpoint", CHAT);
    n.put("input_file_id", b.inputFileId);
    n.put("completion_window", "24h");
    n.put("created_at", b.createdAtMillis / 1000);
    n.put("expires_at", b.createdAtMillis / 1000 + 86_400);
    ObjectNode meta = n.putObject("metadata");
    b.metadata.forEach(meta::put);
    ObjectNode counts = n.putObject("request_counts");
    counts.put("total", b.requests.size());
    if (b.failedValidation != null) {
      n.put("status", "failed");
      ObjectNode errors = n.putObject("errors");
      errors.put("object", "list");
      errors.putArray("data").addObject().put("code", "invalid_request")
          .put("message", b.failedValidation).putNull("line");
      counts.put("completed", 0).put("failed", 0);
      n.put("failed_at", b.createdAtMillis / 1000);
      return n;
    }
    if (!b.ended()) {
      n.put("status", "in_progress");
      counts.put("completed", 0).put("failed", 0);
      return n;
    }
    long answered = b.count(SimulatedBatches.Fate.ANSWERED);
    n.put("status", b.expiresWhole ? "expired" : "completed");
    counts.put("completed", answered).put("failed", b.requests.size() - answered);
    n.put(b.expiresWhole ? "expired_at" : "completed_at", b.endedAtMillis() / 1000);
    batches.outputFiles(b, this::render).forEach(n::put);
    return n;
  }

  /** The output file (answers) and error file (everything else) of an ended batch. */
  private byte[][] render(SimulatedBatches.Batch b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int n = 0;
    for (SimulatedBatches.Result r : b.results()) {
      ObjectNode line = JSON.createObjectNode();
      line.put("id", "batch_req_sim" + b.id.hashCode() + "_" + n++);
      line.put("custom_id", r.customId());
      if (r.fate() == SimulatedBatches.Fate.EXPIRED) {
        line.putNull("response");
        line.putObject("error").put("code", "batch_expired").put("message",
            "This request could not be executed before the completion window expired.");
      } else {
        int status = r.reply() == null ? 500 : r.reply().status();
        byte[] body = r.reply() == null
            ? chat.error(500, "server_error", "The server had an error.") : r.reply().body();
        ObjectNode response = line.putObject("response");
        response.put("status_code", status);
        response.put("request_id", "req_sim" + Integer.toHexString(r.customId().hashCode()));
        try {
          response.set("body", JSON.readTree(body));
        } catch (IOException e) {
          response.put("body", new String(body, StandardCharsets.UTF_8));
        }
        line.putNull("error");
      }
      ByteArrayOutputStream to = r.fate() == SimulatedBatches.Fate.ANSWERED ? out : err;
      to.writeBytes(bytes(line));
      to.write('\n');
    }
    return new byte[][] {out.toByteArray(), err.toByteArray()};
  }

  private Reply error(int status, String type, String message) {
    return Reply.json(status, chat.error(status, type, message));
  }

  private static byte[] bytes(JsonNode n) {
    return OpenAiChatProtocol.bytes(n);
  }

  private static List<byte[]> parts(byte[] body, byte[] boundary) {
    List<byte[]> out = new ArrayList<>();
    int at = indexOf(body, boundary, 0);
    while (at >= 0) {
      int start = at + boundary.length + 2; // past the boundary and its CRLF
      int next = indexOf(body, boundary, start);
      if (next < 0 || start > body.length) {
        break;
      }
      out.add(java.util.Arrays.copyOfRange(body, start, next));
      at = next;
    }
    return out;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
