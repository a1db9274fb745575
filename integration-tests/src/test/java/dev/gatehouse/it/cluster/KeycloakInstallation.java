package dev.gatehouse.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jboss.logging.Logger;

/**
 * One Keycloak distribution unpacked under target/cluster, the Gatehouse jar in its providers/ and built for
 * production ({@code kc.sh build}) with PostgreSQL and the clustered cache: what every node of the cluster runs.
 */
public final class KeycloakInstallation {

    private static final Logger LOG = Logger.getLogger(KeycloakInstallation.class);

    /** The build-time options; the nodes start with {@code --optimized} and only runtime options. */
    static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--cache=ispn", "--health-enabled=true",
            // Build-time too: provisioning targets read their secrets from a file vault, and the worker's meters.
            "--vault=file", "--metrics-enabled=true");

    private final Path home;

    private KeycloakInstallation(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    /** Unpacks the distribution (once per target/), copies the current Gatehouse jar into providers/ and builds. */
    public static KeycloakInstallation prepare(Path workDir) throws IOException, InterruptedException {
        return prepare(workDir, Artifacts.gatehouseJar());
    }

    /** The same with another Gatehouse jar, e.g. one built from an earlier commit for an upgrade fixture. */
    public static KeycloakInstallation prepare(Path workDir, Path jar) throws IOException, InterruptedException {
        Path zip = Artifacts.keycloakDistribution();
        Path unpacked = workDir.resolve("keycloak");
        Path home;
        try (Stream<Path> found = Files.exists(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            home = found.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst().orElse(null);
        }
        if (home == null) {
            LOG.infof("Unpacking %s into %s", zip, unpacked);
            unzip(zip, unpacked);
            try (Stream<Path> found = Files.list(unpacked)) {
                home = found.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst().orElseThrow();
            }
            try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        Path providers = home.resolve("providers");
        try (Stream<Path> old = Files.list(providers)) {
            for (Path stale : old.filter(p -> p.getFileName().toString().startsWith("gatehouse")).toList()) {
                Files.delete(stale);
            }
        }
        Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        KeycloakInstallation installation = new KeycloakInstallation(home);
        installation.build(workDir.resolve("build.log"));
        return installation;
    }

    private void build(Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(BUILD_OPTIONS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("kc.sh build failed, see " + log + ":\n" + Files.readString(log));
        }
        LOG.infof("kc.sh build took %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
