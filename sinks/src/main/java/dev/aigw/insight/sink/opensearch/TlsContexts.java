package dev.aigw.insight.sink.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context that trusts the configured CA file or trust store. */
final class TlsContexts {

  private TlsContexts() {}

  /** The context for the configured trust, or null to use the JVM's default trust. */
  static SSLContext create(OpenSearchSinkConfig config) {
    try {
      KeyStore trust;
      if (config.caFile() != null) {
        trust = fromPem(Path.of(config.caFile()));
      } else if (config.trustStorePath() != null) {
        trust = KeyStore.getInstance(config.trustStoreType());
        char[] password =
            config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(config.trustStorePath()))) {
          trust.load(in, password);
        }
      } else {
        return null;
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      String source =
          config.caFile() != null
              ? OpenSearchSinkOptions.TLS_CA_FILE.key() + " = " + config.caFile()
              : OpenSearchSinkOptions.TLS_TRUST_STORE_PATH.key() + " = " + config.trustStorePath();
      throw new OpenSearchSinkException("Cannot load the TLS trust from " + source + ": " + e, e);
    }
  }

  private static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate found in " + file);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }
}
