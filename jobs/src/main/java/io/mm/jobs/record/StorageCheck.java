package io.mm.jobs.record;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The directories a recorder writes, checked before the job starts: there or creatable, a directory, writable.
 * A recorder that cannot write would otherwise start, fail and restart until its budget is spent.
 */
final class StorageCheck {
    /** Below this much free space the start is reported with a warning. */
    static final long LOW_FREE_BYTES = 1L << 30;

    private StorageCheck() {}

    /**
     * Creates {@code dir} if needed and proves it writable; returns the free space in bytes, or throws an
     * {@link IllegalArgumentException} of one line naming {@code setting}, the path and the cause.
     */
    static long writableDirectory(String setting, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(setting + " " + abs + " is a file, not a directory");
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException(setting + " " + abs + " cannot be created: " + p + " is a file");
            }
        }
        try {
            Files.createDirectories(abs);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(setting + " " + abs + " cannot be created: " + e.getFile() + " is in the way");
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + abs + " cannot be created: " + reason(e));
        }
        Path probe = abs.resolve(".mm-write-check-" + ProcessHandle.current().pid());
        try {
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + abs + " is not writable: " + reason(e));
        }
        try {
            return Files.getFileStore(abs).getUsableSpace();
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + abs + ": cannot read its free space: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** Bytes for people: {@code 812 KiB}, {@code 3.4 GiB}. */
    static String size(long bytes) {
        if (bytes < 1L << 20) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes < 1L << 30) {
            return (bytes >> 20) + " MiB";
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
