package dev.recon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from Debian's package: {@code initdb} into the service folder,
 * {@code pg_ctl} on a free loopback port, socket in the service folder, trust authentication for
 * the user {@code recon} (any password is accepted). Runs as the {@code postgres} user when the
 * JVM is root; installs the package with apt-get when it is missing and the JVM is root.
 */
final class PostgresClusterRecipe implements LocalProcessRecipe {
    static final String USER = "recon";
    static final String DATABASE = "recon";
    private static final String PORT = "port";
    private static final String BIN_DIR = "bin.dir";
    private static final String SERVER_USER = "postgres";

    @Override
    public String service() {
        return "postgres";
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public void prepare(ServiceRecord record, Path dir) throws IOException {
        Path log = dir.resolve("setup.log");
        Path bin = findBinDir();
        if (bin == null && ServerAccount.jvmIsRoot()) {
            String failure = DetachedProcess.run(List.of("apt-get", "install", "-y", "-q", "postgresql"), dir, log,
                    Map.of("DEBIAN_FRONTEND", "noninteractive"), Duration.ofMinutes(10));
            if (failure != null) {
                throw new ServiceStartException(displayName(), "installing Debian's postgresql package failed: " + failure, List.of(log));
            }
            bin = findBinDir();
        }
        if (bin == null) {
            throw new ServiceStartException(displayName(), "no /usr/lib/postgresql/<version>/bin/initdb and not root to"
                    + " install it: run 'apt-get install -y postgresql' or set RECON_TEST_POSTGRES_URL", List.of());
        }
        int port = LoopbackPorts.free(java.util.Set.of());
        record.set(PORT, Integer.toString(port)).set(BIN_DIR, bin.toString())
                .set(ServiceRecord.URL, "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE)
                // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM would wait for every client to disconnect.
                .set(ServiceRecord.STOP_SIGNAL, "INT");
        String user = serverUser();
        if (user != null) {
            String failure = ServerAccount.chown(user, log, dir);
            if (failure != null) {
                throw new ServiceStartException(displayName(), failure, List.of(log));
            }
        }
        String failure = DetachedProcess.run(ServerAccount.runAs(user, List.of(bin.resolve("initdb").toString(),
                        "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale")),
                dir, log, Map.of(), Duration.ofMinutes(2));
        if (failure != null) {
            throw new ServiceStartException(displayName(), "initdb failed: " + failure, List.of(log));
        }
    }

    @Override
    public long launch(ServiceRecord record, Path dir) throws IOException {
        Path bin = record.path(BIN_DIR);
        int port = record.intValue(PORT);
        if (!LoopbackPorts.bindable(port)) {
            throw new ServiceStartException(displayName(), "port " + port + " is taken by another process", List.of());
        }
        Path setupLog = dir.resolve("setup.log");
        String user = serverUser();
        String failure = DetachedProcess.run(ServerAccount.runAs(user, List.of(bin.resolve("pg_ctl").toString(),
                        "-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start")),
                dir, setupLog, Map.of(), Duration.ofSeconds(90));
        if (failure != null) {
            throw new ServiceStartException(displayName(), "pg_ctl start failed: " + failure, logs(record, dir));
        }
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
        SpawnLog.note(dir, pid);
        if (!Files.exists(dir.resolve("database.created"))) {
            failure = DetachedProcess.run(ServerAccount.runAs(user, List.of(bin.resolve("createdb").toString(),
                    "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, DATABASE)), dir, setupLog, Map.of(), Duration.ofSeconds(60));
            if (failure != null) {
                throw new ServiceStartException(displayName(), "createdb failed: " + failure, logs(record, dir));
            }
            Files.writeString(dir.resolve("database.created"), DATABASE);
        }
        return pid;
    }

    @Override
    public boolean healthy(ServiceRecord record) {
        return LoopbackPorts.accepting(record.intValue(PORT), 2_000);
    }

    @Override
    public List<Path> logs(ServiceRecord record, Path dir) {
        return List.of(dir.resolve("setup.log"), dir.resolve("postgres.log"));
    }

    private static String serverUser() {
        return ServerAccount.jvmIsRoot() ? SERVER_USER : null;
    }

    private static Path findBinDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> parseVersion(b.getParent().getFileName().toString())))
                    .orElse(null);
        }
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
