package org.ihlbench.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ihlbench.simulator.protocol.WireProtocol;

/**
 * The batches the simulated batch APIs hold: when each ends, and what each request of it comes
 * back as. A batch ends {@link SimulatorProfile.Batches#completionMs} after it was submitted;
 * then its requests are answered as live requests would be ({@link Reply}), except those drawn
 * errored or expired; a batch may instead fail validation (at once) or expire whole. Results are
 * computed once, when a client first sees the batch ended, and counted as answered then.
 */
public final class SimulatedBatches {
  /** Answers one request as the live API would, without rate limits and faults. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(WireProtocol protocol, SimRequest request);
  }

  /** A status and body, as a live request would get. */
  public record Reply(int status, byte[] body) {}

  /** One request of a batch: its custom id, and the request (null when it could not be read). */
  public record Request(String customId, SimRequest request, String invalid) {}

  /** What became of one request. */
  public enum Fate { ANSWERED, ERRORED, EXPIRED }

  /** One request's result. */
  public record Result(String customId, Fate fate, Reply reply, String message) {}

  /** One batch. */
  public final class Batch {
    public final String id;
    public final String api;
    public final String apiKey;
    public final long createdAtMillis;
    public final List<Request> requests;
    public final Map<String, String> metadata;
    public final String inputFileId;
    /** Why validation failed; null when it passed. */
    public final String failedValidation;
    public final boolean expiresWhole;
    private final WireProtocol chat;
    private final long number;
    private volatile List<Result> results;

    private Batch(String id, String api, WireProtocol chat, String apiKey, List<Request> requests,
        Map<String, String> metadata, String inputFileId, String failedValidation,
        boolean expiresWhole, long number) {
      this.id = id;
      this.api = api;
      this.chat = chat;
      this.apiKey = apiKey;
      this.createdAtMillis = System.currentTimeMillis();
      this.requests = List.copyOf(requests);
      this.metadata = Map.copyOf(metadata);
      this.inputFileId = inputFileId;
      this.failedValidation = failedValidation;
      this.expiresWhole = expiresWhole;
      this.number = number;
    }

    public boolean ended() {
      return failedValidation != null
          || System.currentTimeMillis() >= createdAtMillis + profile.completionMs();
    }

    public long endedAtMillis() {
      return failedValidation != null ? createdAtMillis : createdAtMillis + profile.completionMs();
    }

    /** The results of an ended batch (computed, and counted as answered, the first time). */
    public synchronized List<Result> results() {
      if (results == null) {
        results = compute();
      }
      return results;
    }

    public long count(Fate fate) {
      return ended() ? results().stream().filter(r -> r.fate() == fate).count() : 0;
    }

    private List<Result> compute() {
      List<Result> out = new ArrayList<>();
      if (failedValidation != null) {
        return out;
      }
      Random draw = new Random(profile.seed() * 1_000_003L + number);
      for (Request r : requests) {
        double u = draw.nextDouble();
        if (expiresWhole || (u -= profile.expired()) < 0) {
          out.add(new Result(r.customId(), Fate.EXPIRED, null, "batch_expired"));
        } else if ((u - profile.errored()) < 0) {
          out.add(new Result(r.customId(), Fate.ERRORED, null, "the server had an error"));
        } else if (r.request() == null) {
          out.add(new Result(r.customId(), Fate.ERRORED,
              new Reply(400, chat.error(400, "invalid_request_error", r.invalid())), r.invalid()));
        } else {
          Reply reply = responder.reply(chat, r.request());
          out.add(new Result(r.customId(), reply.status() / 100 == 2 ? Fate.ANSWERED
              : Fate.ERRORED, reply, null));
        }
      }
      return out;
    }
  }

  private final SimulatorProfile.Batches profile;
  private final Responder responder;
  private final SimulatorStats stats;
  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();
  private final Random fates;

  SimulatedBatches(SimulatorProfile.Batches profile, Responder responder, SimulatorStats stats) {
    this.profile = profile;
    this.responder = responder;
    this.stats = stats;
    this.fates = new Random(profile.seed());
  }

  public SimulatorProfile.Batches profile() {
    return profile;
  }

  /** The cap on requests per batch: the profile's, else the provider's {@code own}. */
  public int maxRequests(int own) {
    return profile.maxRequests() > 0 ? profile.maxRequests() : own;
  }

  public long maxBytes(long own) {
    return profile.maxBytes() > 0 ? profile.maxBytes() : own;
  }

  /** Whether the next batch fails validation, as the profile draws it. */
  public boolean drawsValidationFailure() {
    synchronized (fates) {
      return fates.nextDouble() < profile.failValidation();
    }
  }

  /**
   * Accepts a batch of {@code api} ("openai" or "anthropic"); it has failed validation when
   * {@code invalid} says why.
   */
  public Batch submit(String api, WireProtocol chat, String apiKey, List<Request> requests,
      Map<String, String> metadata, String inputFileId, String invalid) {
    long n = counter.incrementAndGet();
    double v;
    synchronized (fates) {
      v = fates.nextDouble();
    }
    String failed = invalid;
    String prefix = api.equals("anthropic") ? "msgbatch_sim" : "batch_sim";
    Batch b = new Batch(prefix + String.format("%06d", n) + Long.toHexString(System.nanoTime() & 0xfff),
        api, chat, apiKey, requests, metadata, inputFileId, failed, v < profile.expireWhole(), n);
    batches.put(b.id, b);
    stats.batchSubmitted(api, requests.size());
    return b;
  }

  public Batch get(String id) {
    return batches.get(id);
  }

  /** The batches of {@code api} that {@code apiKey} submitted, newest first. */
  public List<Batch> list(String api, String apiKey) {
    List<Batch> out = new ArrayList<>();
    for (Batch b : batches.values()) {
      if (b.api.equals(api) && b.apiKey.equals(apiKey)) {
        out.add(b);
      }
    }
    out.sort((a, b) -> Long.compare(b.number, a.number));
    return out;
  }

  public String putFile(byte[] content) {
    String id = "file-sim" + String.format("%06d", counter.incrementAndGet());
    files.put(id, content);
    return id;
  }

  public byte[] file(String id) {
    return files.get(id);
  }

  /**
   * The ids of an ended OpenAI batch's output and error files (absent when empty), rendered
   * once by {@code render} as {output, errors}.
   */
  public synchronized Map<String, String> outputFiles(Batch b,
      java.util.function.Function<Batch, byte[][]> render) {
    String out = "file-out-" + b.id;
    String err = "file-err-" + b.id;
    if (!files.containsKey(out)) {
      byte[][] rendered = render.apply(b);
      files.put(out, rendered[0]);
      files.put(err, rendered[1]);
    }
    Map<String, String> ids = new LinkedHashMap<>();
    if (files.get(out).length > 0) {
      ids.put("output_file_id", out);
    }
    if (files.get(err).length > 0) {
      ids.put("error_file_id", err);
    }
    return ids;
  }
}
