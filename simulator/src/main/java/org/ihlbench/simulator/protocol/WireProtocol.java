package org.ihlbench.simulator.protocol;

import com.sun.net.httpserver.Headers;
import org.ihlbench.simulator.SimAnswer;
import org.ihlbench.simulator.SimRequest;

/** One provider API as the simulator speaks it: which requests it serves and how it answers. */
public interface WireProtocol {

  /** A short label for logs and stats. */
  String name();

  /** True when this protocol serves {@code path} (POST). */
  boolean serves(String path);

  /** Reads a request; throws {@link BadRequest} with a message the client will see. */
  SimRequest parse(String path, Headers headers, byte[] body) throws BadRequest;

  /** The JSON body of a successful answer. */
  byte[] answer(SimRequest request, SimAnswer answer);

  /** The JSON body of an error in this protocol's error shape. */
  byte[] error(int status, String type, String message);

  /** A request the simulator refuses with 400 (or {@code status}). */
  final class BadRequest extends Exception {
    private final int status;

    public BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }

    public BadRequest(String message) {
      this(400, message);
    }

    public int status() {
      return status;
    }
  }
}
