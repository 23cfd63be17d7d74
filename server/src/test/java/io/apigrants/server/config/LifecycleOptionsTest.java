package io.apigrants.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access-token and event settings: defaults, flags, and refusals naming the setting. */
class LifecycleOptionsTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    ServerConfig config = parse();

    assertThat(config.accessTokens()).isEqualTo(AccessTokenSettings.defaults());
    assertThat(config.accessTokens().lifetime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.events()).isEqualTo(EventSettings.defaults());
    assertThat(config.events().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.events().expiringLead()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void flagsOverrideTheDefaults() {
    ServerConfig config = parse("--token-issuer", "https://grants.example", "--token-audience",
        "gateway", "--access-token-ttl", "PT5M", "--signing-key-rotation", "PT12H",
        "--event-retention", "P30D", "--expiring-notice-lead", "P1D",
        "--event-stall-timeout", "PT30S");

    assertThat(config.accessTokens()).isEqualTo(new AccessTokenSettings(
        "https://grants.example", "gateway", Duration.ofMinutes(5), Duration.ofHours(12)));
    assertThat(config.events()).isEqualTo(new EventSettings(
        Duration.ofDays(30), Duration.ofDays(1), Duration.ofSeconds(30)));
  }

  @Test
  void accessTokenLifetimeBeyondADayIsRefused() {
    assertThatThrownBy(() -> parse("--access-token-ttl", "PT25H"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_ACCESS_TOKEN_TTL");
  }

  @Test
  void retentionShorterThanAnHourIsRefused() {
    assertThatThrownBy(() -> parse("--event-retention", "PT10M"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_EVENT_RETENTION");
  }

  @Test
  void blankTokenIssuerIsRefused() {
    assertThatThrownBy(() -> parse("--token-issuer", " "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("APIGRANTS_TOKEN_ISSUER");
  }

  private static ServerConfig parse(String... args) {
    return ServerOptions.parse(Map.of(), args).toConfig();
  }
}
