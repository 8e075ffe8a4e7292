package cn.gongkai.hub.vendor;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed RSA certificate for {@code 127.0.0.1} and {@code localhost} (both in the subjectAltName, so a client
 * that checks the server's identity, as Angus Mail does by default, accepts it), made once per JVM with the JDK's
 * {@code keytool}. Generated rather than checked in so it never expires under a test; GreenMail's bundled
 * {@code greenmail.p12} has no subjectAltName at all. Clients trust exactly this certificate through
 * {@link #clientSocketFactory()}, never "trust all".
 */
public final class LoopbackTls {
    public static final String PASSWORD = "changeit";
    private static LoopbackTls instance;

    private final Path keyStoreFile;
    private final KeyStore keyStore;
    private final KeyStore trustStore;

    private LoopbackTls(Path keyStoreFile) throws IOException, GeneralSecurityException {
        this.keyStoreFile = keyStoreFile;
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("loopback", certificate());
    }

    public static synchronized LoopbackTls get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static LoopbackTls generate() {
        try {
            Path dir = Files.createTempDirectory("loopback-tls");
            Path file = dir.resolve("loopback.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "loopback", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost, O=Gongkai Hub tests",
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new LoopbackTls(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a loopback certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS12 file holding key and certificate, password {@link #PASSWORD}. */
    public Path keyStoreFile() {
        return keyStoreFile;
    }

    public Certificate certificate() throws GeneralSecurityException {
        return keyStore.getCertificate("loopback");
    }

    /** A trust store holding only the loopback certificate, for clients configured with a store. */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** Server side: presents the loopback certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client side: trusts the loopback certificate and nothing else. */
    public SSLSocketFactory clientSocketFactory() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
