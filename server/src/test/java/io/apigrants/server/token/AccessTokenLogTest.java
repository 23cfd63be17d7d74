package io.apigrants.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A whole access-token story, logged at DEBUG, leaves no secret and no token in the logs. */
class AccessTokenLogTest {
  private static final String SECRET = "alice's secret";

  @Test
  void neitherSecretsNorTokensAreLogged() {
    Logger apigrants = (Logger) LoggerFactory.getLogger("io.apigrants");
    Level level = apigrants.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    apigrants.addAppender(captured);
    apigrants.setLevel(Level.DEBUG);
    String token;
    String secret;
    try (TokenFixture fixture =
        TokenFixture.start(TestServer.Store.H2, MutableClock.startingNow())) {
      StoredGrant grant = fixture.grantWithSecret("alice", SECRET);
      secret = fixture.secret(SECRET);
      token = fixture.issue(grant, SECRET).getAccessToken();
      fixture.verify(token, "spreadsheets.read");
      fixture.verify(token + "x");
      fixture.issue(grant, SECRET, "not.granted");
      fixture.grants().bumpGeneration(grant.id());
      fixture.verify(token);
      fixture.clock().advance(Duration.ofDays(2));
      fixture.server().server().lifecycle().signingKeys().refresh();
      fixture.verify(token);
    } finally {
      apigrants.detachAppender(captured);
      apigrants.setLevel(level);
    }

    String signature = token.substring(token.lastIndexOf('.') + 1);
    assertThat(captured.list).isNotEmpty();
    assertThat(captured.list).allSatisfy(event -> {
      String line = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertThat(line).doesNotContain(secret).doesNotContain(signature);
    });
  }
}
