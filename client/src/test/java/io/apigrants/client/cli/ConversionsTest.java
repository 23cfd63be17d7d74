package io.apigrants.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.v1.Grant;
import io.apigrants.v1.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConversionsTest {

  @Test
  void allowlistIsSplitOnCommasAndTrimmed() {
    assertThat(Conversions.commaSeparated("10.0.0.0/8, 192.168.1.7"))
        .containsExactly("10.0.0.0/8", "192.168.1.7");
    assertThat(Conversions.commaSeparated(" 2001:db8::/32 ,, 10.1.2.3 ,"))
        .containsExactly("2001:db8::/32", "10.1.2.3");
    assertThat(Conversions.commaSeparated("")).isEmpty();
    assertThat(Conversions.commaSeparated(List.of("a,b", " c "))).containsExactly("a", "b", "c");
  }

  @Test
  void durationsReadTheShortAndTheIsoForms() {
    assertThat(Conversions.duration("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(Conversions.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Conversions.duration("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Conversions.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Conversions.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Conversions.duration("0")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ten", "5x", "1m1h", "-5m", "P", "99999999999999999999d"})
  void malformedDurationsAreConversionErrors(String text) {
    assertThatThrownBy(() -> Conversions.duration(text))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void instantsReadTimesAndDates() {
    assertThat(Conversions.instant("2027-01-31T17:00:00Z"))
        .isEqualTo(Instant.parse("2027-01-31T17:00:00Z"));
    assertThat(Conversions.instant("2027-01-31")).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
    assertThatThrownBy(() -> Conversions.instant("31/01/2027"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void statesAreReadByNameInAnyCase() {
    assertThat(new GrantsCommand.GrantStateConverter().convert(" enabled "))
        .isEqualTo(Grant.State.ENABLED);
    assertThat(new UsersCommand.UserStateConverter().convert("Disabled"))
        .isEqualTo(User.State.DISABLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "STATE_UNSPECIFIED", "UNRECOGNIZED", "active"})
  void placeholderAndOtherStatesAreConversionErrors(String text) {
    assertThatThrownBy(() -> new GrantsCommand.GrantStateConverter().convert(text))
        .isInstanceOf(TypeConversionException.class);
  }
}
