package cn.gongkai.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive OS lock on {@code <dataDir>/hub.lock}, held for the hub's whole life: one data dir, one hub. The
 * OS drops the lock when the process dies, even by SIGKILL, so a lock that cannot be taken means a live hub; only
 * the holder may adopt or stop the embedded redis-server of that dir. The file holds the holder's pid for the
 * message a second hub prints.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "hub.lock";
    /**
     * Dirs locked by this JVM. A second channel on a locked file must never be opened here: on Linux, closing any
     * descriptor of a file drops every POSIX lock the process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StartupException when another hub (process, or context in this JVM) holds the dir */
    public static DataDirLock acquire(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!HELD.add(dir)) {
            throw inUse(dir, ProcessHandle.current().pid());
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw inUse(dir, holder(file));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DataDirLock(dir, ch, l);
        } catch (IOException e) {
            HELD.remove(dir);
            throw new UncheckedIOException("cannot lock data dir " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(dir);
            throw e;
        }
    }

    private static long holder(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static StartupException inUse(Path dir, long pid) {
        return new StartupException("data dir " + dir + " is in use by another hub" + (pid > 0 ? " (pid " + pid + ")" : "")
                + "; stop it or set HUB_DATA_DIR to another folder");
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean held() {
        return lock.isValid();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        } finally {
            HELD.remove(dataDir);
        }
    }
}
