package io.apigrants.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for TLS tests: it issues a server certificate for
 * 127.0.0.1 and client certificates, written as PEM files (keys as unencrypted PKCS#8).
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair caKeys = newKeyPair();
  private final X509Certificate caCertificate;

  public TestCertificates(String caName) {
    caCertificate = issue("CN=" + caName, caKeys, caKeys.getPrivate(), "CN=" + caName, true);
  }

  /** Writes the CA certificate as PEM. */
  public Path writeCa(Path file) {
    writePem(file, caCertificate);
    return file;
  }

  /** Issues a certificate for {@code commonName} (valid for 127.0.0.1 and localhost). */
  public Issued issue(String commonName, Path dir) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate =
        issue("CN=" + commonName, keys, caKeys.getPrivate(), caCertificate.getSubjectX500Principal()
            .getName(), false);
    Path cert = dir.resolve(commonName + ".crt");
    Path key = dir.resolve(commonName + ".key");
    writePem(cert, certificate);
    try {
      writePem(key, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Issued(cert, key);
  }

  /** PEM files of one issued certificate and its private key. */
  public record Issued(Path certificate, Path privateKey) {}

  private static X509Certificate issue(String subject, KeyPair subjectKeys, PrivateKey signer,
      String issuer, boolean isCa) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          new X500Name(issuer),
          BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(1))),
          new X500Name(subject),
          subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!isCa) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writePem(Path file, Object object) {
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
