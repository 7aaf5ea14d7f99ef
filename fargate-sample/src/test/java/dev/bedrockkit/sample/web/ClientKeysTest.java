package dev.bedrockkit.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which address a request is counted against. */
class ClientKeysTest {

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(new ClientKeys(0).of("203.0.113.9", "10.0.1.5")).isEqualTo("10.0.1.5");
  }

  @Test
  void behindOneProxyTheClientIsTheLastEntry() {
    ClientKeys alb = new ClientKeys(1);

    assertThat(alb.of("203.0.113.9", "10.0.1.5")).isEqualTo("203.0.113.9");
    // The client wrote the first entry itself; the ALB appended the address it saw.
    assertThat(alb.of("1.2.3.4, 203.0.113.9", "10.0.1.5")).isEqualTo("203.0.113.9");
    assertThat(alb.of("2001:db8::1", "10.0.1.5")).isEqualTo("2001:db8::1");
  }

  @Test
  void behindTwoProxiesTheClientIsTheSecondEntryFromTheRight() {
    assertThat(new ClientKeys(2).of("1.2.3.4, 203.0.113.9, 10.0.0.7", "10.0.1.5"))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void fewerEntriesThanProxiesUseTheFirst() {
    assertThat(new ClientKeys(2).of("203.0.113.9", "10.0.1.5")).isEqualTo("203.0.113.9");
  }

  @Test
  void aMissingOrMalformedEntryFallsBackToTheConnection() {
    ClientKeys alb = new ClientKeys(1);

    assertThat(alb.of(null, "10.0.1.5")).isEqualTo("10.0.1.5");
    assertThat(alb.of(" ", "10.0.1.5")).isEqualTo("10.0.1.5");
    assertThat(alb.of("1.2.3.4, not-an-address", "10.0.1.5")).isEqualTo("10.0.1.5");
    assertThat(alb.of("x".repeat(10_000), "10.0.1.5")).isEqualTo("10.0.1.5");
  }
}
