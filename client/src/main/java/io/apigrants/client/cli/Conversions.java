package io.apigrants.client.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How grantctl reads durations, instants, states and the comma-separated lists admins type.
 */
final class Conversions {
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private Conversions() {}

  /**
   * Reads {@code 90d}, {@code 12h}, {@code 1h30m}, {@code 45s}, {@code 500ms} or ISO-8601
   * ({@code PT1H}); {@code 0} is zero.
   */
  static Duration duration(String text) {
    String value = text.strip();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + text + "' is not an ISO-8601 duration");
      }
    }
    Matcher match = SHORT_DURATION.matcher(value);
    if (value.isEmpty() || !match.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration such as 90d, 12h, 1h30m or 45s");
    }
    try {
      return Duration.ofDays(number(match.group(1)))
          .plusHours(number(match.group(2)))
          .plusMinutes(number(match.group(3)))
          .plusSeconds(number(match.group(4)))
          .plusMillis(number(match.group(5)));
    } catch (ArithmeticException e) {
      throw new TypeConversionException("'" + text + "' is too long a duration");
    }
  }

  private static long number(String digits) {
    if (digits == null) {
      return 0;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + digits + "' is too large");
    }
  }

  /** Reads an ISO-8601 instant ({@code 2027-01-31T17:00:00Z}) or a date, taken as UTC midnight. */
  static Instant instant(String text) {
    String value = text.strip();
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a time such as 2027-01-31T17:00:00Z or 2027-01-31");
    }
  }

  /**
   * Splits the comma-separated form the admin console uses ({@code "10.0.0.0/8, 192.168.1.7"}),
   * trimming each entry and dropping empty ones; an empty text is an empty list.
   */
  static List<String> commaSeparated(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(entry -> !entry.isEmpty())
        .toList();
  }

  /** Flattens repeated options that may each hold a comma-separated list. */
  static List<String> commaSeparated(List<String> values) {
    return values.stream()
        .flatMap(value -> commaSeparated(value).stream())
        .toList();
  }

  /** Picocli converter for {@link #duration}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  /** Picocli converter for {@link #instant}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return instant(value);
    }
  }

  /**
   * Picocli converter for a resource's state: one of the states a command accepts, by name in
   * any case. The proto's placeholder values are never among them.
   */
  abstract static class StateConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final String what;
    private final List<E> accepted;

    StateConverter(String what, List<E> accepted) {
      this.what = what;
      this.accepted = accepted;
    }

    @Override
    public E convert(String value) {
      String name = value.strip().toUpperCase(Locale.ROOT);
      return accepted.stream()
          .filter(state -> state.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a " + what + ": "
              + accepted.stream().map(Enum::name).collect(Collectors.joining(" or "))));
    }
  }
}
