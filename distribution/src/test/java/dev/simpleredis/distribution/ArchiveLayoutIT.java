package dev.simpleredis.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What the zip, the tar.gz and the unpacked directory hold: the same files, with the right modes. */
class ArchiveLayoutIT {

    private static final String SCRIPT = "bin/simpleredis-server";

    @Test
    void zipHasTheLayout() throws IOException {
        Set<String> files = zipFiles();
        for (String expected : List.of(SCRIPT, "bin/simpleredis-server.bat", "conf/simpleredis.conf",
                "conf/simplelogger.properties", "plugins/README.txt", "README")) {
            assertTrue(files.contains(expected), () -> expected + " missing from " + files);
        }
        Set<String> jars = files.stream().filter(f -> f.startsWith("lib/"))
                .map(f -> f.substring(4).replaceFirst("-[0-9][^-]*(\\.RELEASE)?\\.jar$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        for (String expected : List.of("simpleredis-server", "simpleredis-api", "simpleredis-storage-memory",
                "simpleredis-storage-mapdb", "simpleredis-storage-h2", "slf4j-api", "slf4j-simple")) {
            assertTrue(jars.contains(expected), () -> expected + " missing from lib/: " + jars);
        }
        // The example engine is installed by hand into plugins/, and tests stay out of the distribution.
        assertFalse(jars.stream().anyMatch(j -> j.contains("example") || j.contains("junit") || j.contains("tests")), jars::toString);
    }

    @Test
    void tarGzHoldsWhatTheZipHoldsAndKeepsTheScriptExecutable() throws Exception {
        List<String> listing = run("tar", "-tvzf", Distribution.tarGz().toString());
        String prefix = Distribution.name() + "/";
        Set<String> tarFiles = new TreeSet<>();
        String scriptMode = null;
        for (String line : listing) {
            // -rwxr-xr-x 0/0  1234 2025-01-01 00:00 simpleredis-0.1.0/bin/simpleredis-server
            String[] fields = line.split("\\s+", 6);
            String name = fields[5];
            assertTrue(name.startsWith(prefix), () -> "entry outside " + prefix + ": " + line);
            if (fields[0].startsWith("-")) {
                tarFiles.add(name.substring(prefix.length()));
            }
            if (name.equals(prefix + SCRIPT)) {
                scriptMode = fields[0];
            }
        }
        assertEquals(zipFiles(), tarFiles);
        assertEquals("-rwxr-xr-x", scriptMode);
    }

    @Test
    void zipKeepsTheScriptExecutable() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + Distribution.zip().toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            Path script = zip.getPath(Distribution.name(), SCRIPT);
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
        }
    }

    @Test
    void unpackedDirectoryIsTheSameTree() throws IOException {
        Path home = Distribution.unpackedByBuild();
        Set<String> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).map(p -> home.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(zipFiles(), files);
        assertTrue(Files.isExecutable(home.resolve(SCRIPT)));
    }

    @Test
    void scriptHasUnixLineEndingsAndTheBatchFileWindowsOnes() throws IOException {
        Path home = Distribution.unpackedByBuild();
        String sh = Files.readString(home.resolve(SCRIPT), StandardCharsets.UTF_8);
        assertTrue(sh.startsWith("#!/bin/sh\n") && !sh.contains("\r"), "bin/simpleredis-server line endings");
        String bat = Files.readString(home.resolve("bin/simpleredis-server.bat"), StandardCharsets.UTF_8);
        assertFalse(bat.replace("\r\n", "").contains("\n"), "bin/simpleredis-server.bat line endings");
    }

    @Test
    void readmeNamesTheVersion() throws IOException {
        String readme = Files.readString(Distribution.unpackedByBuild().resolve("README"), StandardCharsets.UTF_8);
        assertEquals(Distribution.name().replace('-', ' '), readme.lines().findFirst().orElse(""));
    }

    /** The zip's regular files, relative to its top directory. */
    private static Set<String> zipFiles() throws IOException {
        Set<String> files = new TreeSet<>();
        String prefix = Distribution.name() + "/";
        try (ZipFile zip = new ZipFile(Distribution.zip().toFile())) {
            zip.stream().forEach(entry -> {
                assertTrue(entry.getName().startsWith(prefix), () -> "entry outside " + prefix + ": " + entry.getName());
                if (!entry.isDirectory()) {
                    files.add(entry.getName().substring(prefix.length()));
                }
            });
        }
        return files;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("archive-listing", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> String.join(" ", command) + " did not finish");
            List<String> lines = Files.readAllLines(out);
            assertEquals(0, process.exitValue(), () -> String.join(" ", command) + ": " + lines);
            return lines;
        } finally {
            Files.delete(out);
        }
    }
}
