package dev.recon.testkit.clickhouse;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * ClickHouse's engine as an in-process library: chDB's {@code libchdb.so} (ClickHouse 26.x built as
 * a shared library) from the npm package {@code @chdb/lib-linux-x64-gnu}, driven through its C API.
 *
 * <p>Two jobs. {@link #ensureLibrary(Path)} fetches and caches the pinned library with
 * {@code npm pack} (npm is the only registry besides Maven Central that the build machines
 * reach). {@link #open(Path, Path)} loads it and opens one connection on a data folder; that
 * connection then runs statements one at a time.
 *
 * <p>Assumptions: x86-64 Linux with glibc; one engine per process, because chDB allows a single
 * storage path per process; callers serialise statements (the endpoint holds one lock per
 * request). This class is a test and demo stand-in for a ClickHouse server, not a server.
 */
public final class ChdbEngine implements AutoCloseable {

    /** npm package that carries libchdb.so for x86-64 Linux with glibc. */
    public static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
    /** System property naming the npm executable, for machines where it is not on the PATH as {@code npm}. */
    public static final String NPM_COMMAND_PROPERTY = "recon.testkit.npm";
    /** Key of the pinned version in the test kit's versions.properties. */
    public static final String VERSION_KEY = "chdb.npm.version";

    private static final String LIBRARY_FILE = "libchdb.so";
    private static final String TARBALL_ENTRY = "package/" + LIBRARY_FILE;
    private static final String VERIFIED_MARKER = LIBRARY_FILE + ".verified";
    private static final long NPM_TIMEOUT_MINUTES = 15;
    /** Longer than one whole fetch (npm timeout plus extraction), so a waiting JVM only gives up on a hung one. */
    private static final long LOCK_TIMEOUT_MINUTES = NPM_TIMEOUT_MINUTES + 5;
    private static final int INSERT_CHUNK_BYTES = 1 << 20;
    /** One download per JVM at a time: FileLock is per process and throws on re-entry from another thread. */
    private static final ReentrantLock IN_PROCESS_FETCH = new ReentrantLock();

    private final ChdbNative chdb;
    private Pointer connectionHandlePointer;
    private Pointer connection;

    private ChdbEngine(ChdbNative chdb, Pointer connectionHandlePointer) {
        this.chdb = chdb;
        this.connectionHandlePointer = connectionHandlePointer;
        this.connection = connectionHandlePointer.getPointer(0);
    }

    /** The default cache root, {@code ~/.cache/recon-testkit/chdb}; the library lands in {@code <root>/<version>/}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "recon-testkit", "chdb");
    }

    /**
     * The pinned chDB npm version: system property {@code chdb.npm.version}, else the test kit's
     * versions.properties (on the classpath, or in {@code target/servers/} next to the test kit's
     * classes, as the build writes it).
     */
    public static String pinnedVersion() throws IOException {
        String override = System.getProperty(VERSION_KEY);
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        List<String> looked = new ArrayList<>();
        for (String resource : List.of("versions.properties", "servers/versions.properties",
                "dev/recon/testkit/versions.properties")) {
            looked.add("classpath:" + resource);
            try (InputStream in = ChdbEngine.class.getClassLoader().getResourceAsStream(resource)) {
                String version = versionFrom(in);
                if (version != null) {
                    return version;
                }
            }
        }
        for (Path candidate : versionFileCandidates()) {
            looked.add(candidate.toString());
            if (Files.isRegularFile(candidate)) {
                try (InputStream in = Files.newInputStream(candidate)) {
                    String version = versionFrom(in);
                    if (version != null) {
                        return version;
                    }
                }
            }
        }
        throw new IOException("The pinned chDB version (" + VERSION_KEY + ") was not found in " + looked
                + ". Build the test kit first (./mvnw -pl recon-test-kit -am install -DskipTests) or pass -D"
                + VERSION_KEY + "=<version>.");
    }

    private static String versionFrom(InputStream in) throws IOException {
        if (in == null) {
            return null;
        }
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty(VERSION_KEY);
        // An unfiltered copy still says ${chdb.npm.version}: not a version.
        return version == null || version.isBlank() || version.contains("${") ? null : version.strip();
    }

    private static List<Path> versionFileCandidates() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path codeSource = Path.of(ChdbEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes or target/recon-test-kit.jar: both have target/servers beside them.
            candidates.add(codeSource.toAbsolutePath().getParent().resolve("servers/versions.properties"));
        } catch (URISyntaxException | RuntimeException notAFile) {
            // Code loaded from somewhere that is not a file: the other candidates still apply.
        }
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve("target/servers/versions.properties"));
        candidates.add(cwd.resolve("recon-test-kit/target/servers/versions.properties"));
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent().resolve("recon-test-kit/target/servers/versions.properties"));
        }
        return candidates;
    }

    /**
     * Returns libchdb.so of the pinned version, fetching it on first use with
     * {@code npm pack @chdb/lib-linux-x64-gnu@<version>}.
     *
     * @param cacheDir the chDB cache root (e.g. {@link #defaultCacheDir()}); the library is kept in
     *                 {@code cacheDir/<version>/}. A folder already named after the version is used as is.
     * @throws IOException when the version is unknown, npm is missing or cannot reach its registry,
     *                     or the tarball does not hold a usable library; the message says what to do
     */
    public static Path ensureLibrary(Path cacheDir) throws IOException {
        String version = pinnedVersion();
        Path versionDir = cacheDir.getFileName() != null && cacheDir.getFileName().toString().equals(version)
                ? cacheDir : cacheDir.resolve(version);
        Path library = versionDir.resolve(LIBRARY_FILE);
        if (isVerified(versionDir, library)) {
            return library;
        }
        Files.createDirectories(versionDir);
        Path lockFile = versionDir.resolve("fetch.lock");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LOCK_TIMEOUT_MINUTES);
        try {
            if (!IN_PROCESS_FETCH.tryLock(LOCK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw lockTimeout(lockFile);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the chDB cache lock " + lockFile, interrupted);
        }
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(lockChannel, lockFile, deadline)) {
            // Another JVM may have finished the download while we waited for the lock.
            if (!isVerified(versionDir, library)) {
                fetch(version, versionDir, library);
            }
            return library;
        } finally {
            IN_PROCESS_FETCH.unlock();
        }
    }

    /** Waits for the cache lock of another JVM, never longer than its npm timeout allows. */
    private static FileLock acquire(FileChannel channel, Path lockFile, long deadline) throws IOException {
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw lockTimeout(lockFile);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the chDB cache lock " + lockFile, interrupted);
            }
        }
    }

    private static IOException lockTimeout(Path lockFile) {
        return new IOException("Another process has held the chDB cache lock " + lockFile + " for over "
                + LOCK_TIMEOUT_MINUTES + " minutes (a hung download?). Stop it, or delete the folder "
                + lockFile.getParent() + " and run again.");
    }

    private static boolean isVerified(Path versionDir, Path library) throws IOException {
        Path marker = versionDir.resolve(VERIFIED_MARKER);
        if (!Files.isRegularFile(library) || !Files.isRegularFile(marker)) {
            return false;
        }
        String expectedSize = Files.readString(marker, StandardCharsets.UTF_8).strip();
        return expectedSize.equals(Long.toString(Files.size(library)));
    }

    private static void fetch(String version, Path versionDir, Path library) throws IOException {
        String spec = NPM_PACKAGE + "@" + version;
        Path work = Files.createTempDirectory(versionDir, "fetch-");
        try {
            long started = System.nanoTime();
            System.err.println("[recon-testkit] fetching ClickHouse engine " + spec + " (about 180 MB) with npm pack into "
                    + versionDir + " ...");
            Path tarball = npmPack(spec, work);
            Path extracted = work.resolve(LIBRARY_FILE);
            long size = extractLibrary(tarball, extracted, spec);
            verifyElf(extracted, spec);
            try {
                Files.move(extracted, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException impossibleInOneFolder) {
                Files.move(extracted, library, StandardCopyOption.REPLACE_EXISTING);
            }
            Path markerTemp = work.resolve(VERIFIED_MARKER);
            Files.writeString(markerTemp, Long.toString(size), StandardCharsets.UTF_8);
            Files.move(markerTemp, versionDir.resolve(VERIFIED_MARKER), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            System.err.printf("[recon-testkit] ClickHouse engine %s ready in %.1f s: %s%n", spec,
                    (System.nanoTime() - started) / 1e9, library);
        } finally {
            deleteRecursively(work);
        }
    }

    private static Path npmPack(String spec, Path work) throws IOException {
        Path log = work.resolve("npm-pack.log");
        Process npm;
        try {
            npm = new ProcessBuilder(System.getProperty(NPM_COMMAND_PROPERTY, "npm"), "pack", spec, "--pack-destination", work.toString())
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException notInstalled) {
            throw new IOException("npm is not installed or not on the PATH, so the ClickHouse engine (" + spec
                    + ") cannot be fetched. Install Node.js and npm (Debian: apt-get install -y npm) and run the build "
                    + "again, or set RECON_TEST_CLICKHOUSE_URL to a reachable ClickHouse server.", notInstalled);
        }
        try {
            if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm pack " + spec + " did not finish within " + NPM_TIMEOUT_MINUTES
                        + " minutes; the npm registry is unreachable or very slow. Check network access to "
                        + "registry.npmjs.org (or the registry in ~/.npmrc), or set RECON_TEST_CLICKHOUSE_URL to a "
                        + "reachable ClickHouse server.");
            }
        } catch (InterruptedException interrupted) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while fetching " + spec, interrupted);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm pack " + spec + " failed (exit " + npm.exitValue() + "): the npm registry is "
                    + "unreachable or does not have that version. Check network access to registry.npmjs.org (or the "
                    + "registry in ~/.npmrc), or set RECON_TEST_CLICKHOUSE_URL to a reachable ClickHouse server. "
                    + "npm said: " + tail(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " reported success but wrote no .tgz into "
                            + work + ". npm said: " + tail(log)));
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException unreadable) {
            return "(no output)";
        }
    }

    /** Copies package/libchdb.so out of the gzip'd tarball; a plain ustar reader, since the JDK has none. */
    static long extractLibrary(Path tarball, Path target, String spec) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            while (readFully(in, header)) {
                if (isZeroBlock(header)) {
                    break;
                }
                String name = cString(header, 0, 100);
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(cString(header, 124, 12).strip().isEmpty() ? "0" : cString(header, 124, 12).strip(), 8);
                long padded = (size + 511) / 512 * 512;
                if (name.equals(TARBALL_ENTRY)) {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copyExactly(in, out, size, spec);
                    }
                    skipExactly(in, padded - size);
                    return size;
                }
                skipExactly(in, padded);
            }
        }
        throw new IOException("The npm tarball of " + spec + " (" + tarball + ") has no " + TARBALL_ENTRY
                + "; the package layout changed. Pin a version that ships it (chdb.npm.version in the root pom).");
    }

    private static void verifyElf(Path library, String spec) throws IOException {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(library)) {
            if (!readFully(in, magic) || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
                throw new IOException("The " + LIBRARY_FILE + " in " + spec + " is not an ELF shared library.");
            }
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read == 0) {
            return false;
        }
        if (read < buffer.length) {
            throw new IOException("Truncated tarball");
        }
        return true;
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, String spec) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("The npm tarball of " + spec + " ends inside " + TARBALL_ENTRY + " (" + left
                        + " bytes missing); the download was truncated.");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void skipExactly(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("Truncated tarball");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException leftBehind) {
            // A stray temp folder inside the cache is harmless; the next fetch makes a new one.
        }
    }

    /**
     * Loads the library and opens the one connection of this process on {@code dataDir}
     * (created if missing). Tables persist there across restarts.
     */
    public static ChdbEngine open(Path library, Path dataDir) throws IOException {
        if (!Files.isRegularFile(library)) {
            throw new IOException("The ClickHouse engine library " + library + " does not exist. Fetch it with "
                    + "ChdbEngine.ensureLibrary(...) (the endpoint does so itself when started without --lib).");
        }
        Files.createDirectories(dataDir);
        ChdbNative chdb;
        try {
            chdb = Native.load(library.toAbsolutePath().toString(), ChdbNative.class);
        } catch (UnsatisfiedLinkError unloadable) {
            // JNA appends its whole search path; the first line is the loader's reason.
            String reason = String.valueOf(unloadable.getMessage()).lines().limit(2).reduce((a, b) -> a + " " + b).orElse("");
            throw new IOException("The ClickHouse engine library " + library + " cannot be loaded (x86-64 Linux with "
                    + "glibc is required): " + reason, unloadable);
        }
        chdb.chdb_set_signal_handlers_enabled(0);
        String[] argv = {"clickhouse", "--path=" + dataDir.toAbsolutePath()};
        Pointer handlePointer = chdb.chdb_connect(argv.length, argv);
        if (handlePointer == null || handlePointer.getPointer(0) == null) {
            throw new IOException("chDB could not open the data folder " + dataDir
                    + " (another process may be using it, or it was written by an incompatible engine version)");
        }
        return new ChdbEngine(chdb, handlePointer);
    }

    /** The engine's version string, as {@code chdb_version()} reports it. */
    public String libraryVersion() {
        return chdb.chdb_version();
    }

    /**
     * Runs one statement and returns its output in {@code format}. {@code parameters} bind
     * {@code {name:Type}} placeholders server-side (the HTTP interface's {@code param_*}).
     */
    public EngineResult query(String sql, String format, Map<String, String> parameters) throws EngineException {
        byte[] query = sql.getBytes(StandardCharsets.UTF_8);
        byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
        Pointer result;
        if (parameters.isEmpty()) {
            result = chdb.chdb_query_n(requireOpen(), query, query.length, fmt, fmt.length);
        } else {
            NativeParameters p = new NativeParameters(parameters);
            result = chdb.chdb_query_with_params_n(requireOpen(), query, query.length, fmt, fmt.length,
                    p.names, p.nameLengths, p.values, p.valueLengths, p.count);
        }
        return checked(result);
    }

    /**
     * Streams rows into the engine: {@code insertHeader} is an INSERT without FORMAT clause or data
     * ({@code INSERT INTO t (a, b)}), {@code data} the rows encoded in {@code format}. Returns the
     * engine's answer with rows/bytes written.
     */
    public EngineResult insert(String insertHeader, String format, Map<String, String> parameters, InputStream data)
            throws EngineException, IOException {
        return insert(insertHeader, format, parameters, null, data);
    }

    /**
     * As {@link #insert(String, String, Map, InputStream)}, for rows already received into native
     * memory ({@link InsertBody}): its blocks go to the engine as they are, then its unread rest.
     */
    EngineResult insert(String insertHeader, String format, Map<String, String> parameters, InsertBody body)
            throws EngineException, IOException {
        return insert(insertHeader, format, parameters, body, body.rest());
    }

    private EngineResult insert(String insertHeader, String format, Map<String, String> parameters, InsertBody received,
            InputStream data) throws EngineException, IOException {
        byte[] query = insertHeader.getBytes(StandardCharsets.UTF_8);
        byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
        Pointer stream;
        if (parameters.isEmpty()) {
            stream = chdb.chdb_stream_insert_n(requireOpen(), query, query.length, fmt, fmt.length);
        } else {
            NativeParameters p = new NativeParameters(parameters);
            stream = chdb.chdb_stream_insert_with_params_n(requireOpen(), query, query.length, fmt, fmt.length,
                    p.names, p.nameLengths, p.values, p.valueLengths, p.count);
        }
        if (stream == null) {
            throw EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION", "chDB returned no insert stream");
        }
        try {
            String startError = chdb.chdb_stream_insert_error(stream);
            if (startError != null) {
                throw EngineException.fromEngineText(startError);
            }
            if (received != null) {
                for (int i = 0; i < received.blockCount(); i++) {
                    if (received.blockLength(i) > 0
                            && chdb.chdb_stream_append(stream, received.block(i), received.blockLength(i)) != 0) {
                        throw rejectedChunk(stream);
                    }
                }
            }
            if (data != null) {
                byte[] chunk = new byte[INSERT_CHUNK_BYTES];
                int read;
                while ((read = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                    if (chdb.chdb_stream_append(stream, chunk, read) != 0) {
                        throw rejectedChunk(stream);
                    }
                }
            }
            return checked(chdb.chdb_stream_done(stream));
        } finally {
            // Destroying an unfinished stream cancels it, so a failed request commits nothing more.
            chdb.chdb_destroy_insert_stream(stream);
        }
    }

    private EngineException rejectedChunk(Pointer stream) {
        String error = chdb.chdb_stream_insert_error(stream);
        return EngineException.fromEngineText(error == null ? "insert stream rejected a chunk" : error);
    }

    private EngineResult checked(Pointer result) throws EngineException {
        if (result == null) {
            throw EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION", "chDB returned no result");
        }
        String error = chdb.chdb_result_error(result);
        if (error != null) {
            chdb.chdb_destroy_query_result(result);
            throw EngineException.fromEngineText(error);
        }
        return new EngineResult(chdb, result);
    }

    private Pointer requireOpen() throws EngineException {
        if (connection == null) {
            throw EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION", "the engine is closed");
        }
        return connection;
    }

    /** Closes the connection, which flushes the engine's state to the data folder. */
    @Override
    public void close() {
        if (connectionHandlePointer != null) {
            chdb.chdb_close_conn(connectionHandlePointer);
            connectionHandlePointer = null;
            connection = null;
            chdb.chdb_shutdown();
        }
    }

    /** Parameter names and values copied into native memory for one call. */
    private static final class NativeParameters {
        final Pointer[] names;
        final long[] nameLengths;
        final Pointer[] values;
        final long[] valueLengths;
        final long count;

        NativeParameters(Map<String, String> parameters) {
            int n = parameters.size();
            names = new Pointer[n];
            nameLengths = new long[n];
            values = new Pointer[n];
            valueLengths = new long[n];
            count = n;
            int i = 0;
            for (Map.Entry<String, String> entry : parameters.entrySet()) {
                byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
                names[i] = copy(name);
                nameLengths[i] = name.length;
                values[i] = copy(value);
                valueLengths[i] = value.length;
                i++;
            }
        }

        private static Pointer copy(byte[] bytes) {
            Memory memory = new Memory(Math.max(1, bytes.length + 1));
            memory.write(0, bytes, 0, bytes.length);
            memory.setByte(bytes.length, (byte) 0);
            return memory;
        }
    }
}
