package io.mm.core.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A directory a command writes, checked before the command starts its work: there or creatable, a directory,
 * writable. A recorder that cannot write would otherwise start, fail and restart until its budget is spent; a
 * history fetch would spend its REST budget on rows it cannot keep.
 */
public final class StorageCheck {
    /** Below this much free space the start is reported with a warning. */
    public static final long LOW_FREE_BYTES = 1L << 30;

    private StorageCheck() {}

    /**
     * Creates {@code dir} if needed and proves it writable; returns the free space in bytes, or throws an
     * {@link IllegalArgumentException} of one line naming {@code setting}, the path and the cause.
     */
    public static long writableDirectory(String setting, Path dir) {
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

    /**
     * Like {@link #writableDirectory} without creating anything: {@code dir} is a writable directory, or the nearest
     * existing directory above it is one, so that it can be created when there is something to write.
     */
    public static void creatableDirectory(String setting, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(setting + " " + abs + " is a file, not a directory");
        }
        Path p = abs;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException(setting + " " + abs + " cannot be created: no part of it exists");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(setting + " " + abs + " cannot be created: " + p + " is a file");
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException(setting + " " + abs + (p.equals(abs) ? " is not writable" : " cannot be created: " + p
                    + " is not writable"));
        }
    }

    /** What went wrong, in words: for a file-system error, the file it was about and why. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + why(f);
        }
        return e.getMessage();
    }

    /** Why a file-system operation failed, without the path: the system's reason, else the kind of failure. */
    public static String why(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e.getReason() != null) {
            return e.getReason();
        }
        return e.getClass().getSimpleName();
    }

    /** Bytes for people: {@code 812 KiB}, {@code 3.4 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1L << 20) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes < 1L << 30) {
            return (bytes >> 20) + " MiB";
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
