package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ihlbench.records.ModelCall;

/**
 * A provider's batch API: how calls are submitted as one batch, how the batch is polled, and how
 * its results are read back, each request's answer through the live adapter of the same
 * protocol, so that a batched answer is the same {@link AdapterResult} a live call would give
 * (same outcome, provider-refusal recognition and usage). Implementations hold no state; the
 * HTTP exchanges go through {@link BatchHttp}, which retries what can be retried.
 * {@link BatchCalls} drives them; {@link Protocols#batch} lists them.
 */
public interface BatchProtocol {

  /** The chat protocol whose calls it batches ({@link Protocol#name}). */
  String protocol();

  /** Known providers (as their config's {@code provider:} names them) that serve it. */
  Set<String> providers();

  /** The most requests one batch may hold (the provider's cap). */
  int maxRequests();

  /** The most bytes one batch may hold (the provider's cap). */
  long maxBytes();

  /** The batch price as a share of the live price, as the provider states it. */
  double priceShare();

  /**
   * One request as a line of the batch: its {@code customId} (which the provider echoes with
   * its result) and the live adapter's request body for {@code call}.
   */
  byte[] line(Endpoint endpoint, String customId, ModelCall call);

  /**
   * Submits {@code lines} as one batch labelled {@code tag}, and returns the provider's batch id.
   * A {@link BatchHttp.BatchException} that is {@link BatchHttp.BatchException#unknownOutcome}
   * means the batch may exist: {@link #find} tells.
   */
  String submit(BatchHttp http, Endpoint endpoint, String apiKey, String tag, List<byte[]> lines)
      throws BatchHttp.BatchException;

  /** The batch's state now. */
  Status status(BatchHttp http, Endpoint endpoint, String apiKey, String batchId)
      throws BatchHttp.BatchException;

  /**
   * The results of an ended batch, by custom id: a reply (read by the live adapter) or a
   * failure (errored, expired, canceled). A request with no result line has none here.
   */
  Map<String, AdapterResult> results(BatchHttp http, Endpoint endpoint, String apiKey,
      Status ended) throws BatchHttp.BatchException;

  /**
   * The id of the batch submitted as {@code tag} around {@code intentAt} with {@code requests}
   * requests, if the provider has one: for a run killed after submitting and before journaling
   * the id. {@code known} are ids already journaled (never another batch's).
   */
  Optional<String> find(BatchHttp http, Endpoint endpoint, String apiKey, String tag,
      Instant intentAt, int requests, Set<String> known) throws BatchHttp.BatchException;

  /**
   * A batch as a poll sees it.
   *
   * @param state the provider's own word (in_progress, completed, ended, ...)
   * @param ended no request of it will run any more: its results can be read
   * @param failedWhole when the whole batch failed (validation), why; else null
   * @param done requests finished so far (answered or errored)
   * @param failed of those, the errored (and expired, canceled) ones
   * @param raw the provider's batch object, for {@link #results}
   */
  record Status(String id, String state, boolean ended, String failedWhole, long total,
      long done, long failed, JsonNode raw) {}
}
