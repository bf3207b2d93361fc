package org.ihlbench.simulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator until killed: {@code --profile FILE [--port N] [--port-file FILE]}. With
 * port 0 it picks a free port and writes it to the port file once it is listening.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    Path profile = null;
    int port = 0;
    Path portFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--profile" -> profile = Path.of(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--port-file" -> portFile = Path.of(args[++i]);
        default -> {
          System.err.println("usage: SimulatorMain --profile FILE [--port N] [--port-file FILE]");
          System.exit(2);
        }
      }
    }
    if (profile == null) {
      System.err.println("usage: SimulatorMain --profile FILE [--port N] [--port-file FILE]");
      System.exit(2);
    }
    SimulatorProfile loaded;
    try {
      loaded = SimulatorProfile.load(profile);
    } catch (ProfileException e) {
      System.err.println("simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Simulator sim = Simulator.start(loaded, port);
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    if (portFile != null) {
      Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
      Files.writeString(tmp, String.valueOf(sim.port()), StandardCharsets.UTF_8);
      Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.println("simulator listening on " + sim.rootUrl() + " with models "
        + loaded.models().keySet());
    new CountDownLatch(1).await();
  }
}
