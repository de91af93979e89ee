package io.pushgrpc.examples;

import io.pushgrpc.client.PushGrpcClient;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The examples' command line: "--name value" flags and "--name" switches, plus the ones every example takes to
 * reach the gateway (--address, --tls, --ca, --app).
 */
final class Flags {
  private static final Set<String> GATEWAY_FLAGS = Set.of("--address", "--ca", "--app");
  private static final String TLS = "--tls";

  private final Map<String, String> values = new HashMap<>();
  private final Set<String> switches = new HashSet<>();

  private Flags() {}

  /**
   * Parses args, which may hold the gateway flags, the given flags (with a value) and switches (without).
   *
   * @throws IllegalArgumentException for an unknown flag or a missing value
   */
  static Flags parse(String[] args, Set<String> flagNames, Set<String> switchNames) {
    Flags flags = new Flags();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals(TLS) || switchNames.contains(name)) {
        flags.switches.add(name);
      } else if (GATEWAY_FLAGS.contains(name) || flagNames.contains(name)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + name);
        }
        flags.values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown flag " + name);
      }
    }
    return flags;
  }

  /** The value of a flag, or fallback when it was not given. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean has(String switchName) {
    return switches.contains(switchName);
  }

  /** --app, default "demo". */
  String app() {
    return get("--app", "demo");
  }

  /** Connects as the flags say: h2c, or TLS with --tls or --ca (the JDK's trust store without --ca). */
  PushGrpcClient connect() throws IOException {
    String address = get("--address", "localhost:50051");
    String ca = get("--ca", null);
    if (has(TLS) || ca != null) {
      return PushGrpcClient.connectTls(address, ca == null ? null : new File(ca));
    }
    return PushGrpcClient.connect(address);
  }
}
