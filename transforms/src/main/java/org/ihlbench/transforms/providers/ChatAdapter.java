package org.ihlbench.transforms.providers;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import org.ihlbench.records.ModelCall;

/**
 * One provider wire protocol: maps a call to an HTTP request and an HTTP response to a reply or a
 * failure. Adapters hold no state and do no I/O; rate limits, retries, the response store and
 * metrics are written once, around this interface.
 */
public interface ChatAdapter {

  HttpRequest request(Endpoint endpoint, ModelCall call, String apiKey);

  /** Interprets a response of any status. Never throws: unreadable bodies are failures. */
  AdapterResult interpret(Endpoint endpoint, int status, HttpHeaders headers, byte[] body);

  /** The adapter of a protocol {@link Protocols} knows. */
  static ChatAdapter forProtocol(String protocol) {
    return Protocols.named(protocol).adapter().get();
  }
}
