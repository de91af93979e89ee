package io.pushgrpc.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the tests against the live gateway named by PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE
 * (embedded APNs simulator, app "demo"): one h2c client per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayTest {
  protected final String address = env("PUSHGRPC_ADDRESS");
  protected PushGrpcClient client;

  @BeforeAll
  void connect() {
    client = PushGrpcClient.connect(address);
  }

  @AfterAll
  void close() throws InterruptedException {
    client.close();
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set: run clients/java/test.sh against a live gateway");
    }
    return value;
  }

  /** A distinct well-formed 64-hex-character token. */
  static String token(int i) {
    return String.format("%064x", i + 1);
  }
}
