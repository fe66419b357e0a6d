package dev.simpleredis.storage.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The copy of lz4-java's native library that this process loaded, which MapDB's hashing brings in.
 *
 * <p>lz4-java 1.3.0 unpacks the library into {@code java.io.tmpdir} under a new name in every
 * process and deletes it only at a normal exit, so each server stopped by a crash or
 * {@code kill -9} left one behind for good. Once loaded, the file is not needed: a mapped library
 * may be unlinked. Where {@code /proc/self/maps} does not exist (not Linux), nothing is done.
 */
final class UnpackedLz4Library {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private UnpackedLz4Library() {
    }

    /** Deletes the unpacked files of the library that this process has mapped. */
    static void delete() {
        for (Path file : mapped()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left to lz4-java, which deletes it at a normal exit
            }
        }
    }

    /** The unpacked library files in the temporary directory that this process maps and that still exist. */
    static List<Path> mapped() {
        if (!Files.isReadable(MAPS)) {
            return List.of();
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        // A line: address, permissions, offset, device, inode, then the path from its first '/'.
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.filter(line -> line.indexOf('/') >= 0)
                    .map(line -> Path.of(line.substring(line.indexOf('/'))))
                    .filter(path -> tmp.equals(path.getParent()))
                    .filter(path -> path.getFileName().toString().startsWith("liblz4-java"))
                    .distinct()
                    .filter(Files::exists)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
