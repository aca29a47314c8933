package dev.aigw.insight.source.otlp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the JDK's keytool, written as the PEM
 * certificate and unencrypted PKCS#8 PEM key the receiver reads.
 */
public final class SelfSignedCertificate {

  private static final String PASSWORD = "changeit";

  public final Path certificatePem;
  public final Path privateKeyPem;

  private SelfSignedCertificate(Path certificatePem, Path privateKeyPem) {
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  /** Generates a fresh key pair and certificate in {@code dir}. */
  public static SelfSignedCertificate generate(Path dir) throws Exception {
    Path keystore = dir.resolve("receiver.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "receiver",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Key key = store.getKey("receiver", PASSWORD.toCharArray());
    Path cert = dir.resolve("receiver-cert.pem");
    Path keyFile = dir.resolve("receiver-key.pem");
    Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("receiver").getEncoded()));
    // PKCS#12 keys come out PKCS#8-encoded: exactly what "BEGIN PRIVATE KEY" holds.
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedCertificate(cert, keyFile);
  }

  /** The certificate as PEM bytes, for a client's trust store. */
  public byte[] certificateBytes() throws IOException {
    return Files.readAllBytes(certificatePem);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
