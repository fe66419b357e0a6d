package dev.simpleredis.distribution;

import static dev.simpleredis.distribution.LifecycleIT.assertFailsWithOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simpleredis.api.client.Client;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/simpleredis-server itself: finding a JDK, links and working directory, settings and their order. */
class StartScriptIT {

    private static final Duration SCRIPT_ONLY = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    Distribution dist;

    @BeforeEach
    void unpack() {
        // a fresh copy per test: tests here edit conf/
        dist = Distribution.unpack(tmp);
    }

    @Test
    void noJava21AnywhereIsOneClearError() throws IOException {
        // Stand-ins print what real JDKs print, so the test does not depend on which JDKs this machine has.
        Path jdk17 = fakeJdk("jdk-17", "openjdk version \"17.0.15\" 2025-04-15");
        Path jvmDir = dist.scratch("jvm");
        Files.createSymbolicLink(jvmDir.resolve("jdk-17"), jdk17);
        Files.createSymbolicLink(jvmDir.resolve("jdk-8"), fakeJdk("jdk-8", "java version \"1.8.0_392\""));
        Files.createDirectories(jvmDir.resolve("not-a-jdk"));
        Launch.Exited exited = dist.launch().name("no-jdk21")
                .env("JAVA_HOME", jdk17.toString())
                .env("PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"))
                .env("SIMPLEREDIS_JVM_DIR", jvmDir.toString())
                .run(SCRIPT_ONLY);
        assertFailsWithOneLine(exited, "Java 21 or newer is required", "JAVA_HOME=" + jdk17 + " (Java 17)",
                "java on PATH (Java 17)", "none 21+ under " + jvmDir);
    }

    @Test
    void newestJdkUnderTheJvmDirectoryIsUsedWhenJavaHomeAndPathAreTooOld() throws IOException {
        Path jdk17 = fakeJdk("jdk-17", "openjdk version \"17.0.15\" 2025-04-15");
        Path jvmDir = dist.scratch("jvm");
        Files.createSymbolicLink(jvmDir.resolve("jdk-17"), jdk17);
        Path testJdk = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(jvmDir.resolve("jdk-current"), testJdk);
        try (ServerProcess server = dist.launch().name("jvm-dir")
                .env("JAVA_HOME", jdk17.toString())
                .env("PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"))
                .env("SIMPLEREDIS_JVM_DIR", jvmDir.toString())
                .start()) {
            String command = server.process().info().command().orElse("");
            assertEquals(testJdk.toRealPath().resolve("bin/java").toString(), command);
        }
    }

    @Test
    void runsThroughASymlinkFromAnyDirectoryWithDataUnderTheWorkingDirectory() throws IOException {
        Path link = dist.scratch("links").resolve("simpleredis-server");
        Files.createSymbolicLink(link, dist.script());
        Path work = dist.scratch("work");
        try (ServerProcess server = dist.launch().name("symlink").script(link).workingDir(work).defaultDir().start();
             Client client = server.client()) {
            assertEquals(1L, client.set("k", "v"));
            assertTrue(Files.isDirectory(work.resolve("data")), server::describe);
            assertTrue(server.output().contains("dir=" + work.toRealPath().resolve("data")), server::describe);
        }
    }

    @Test
    void confFileThenJavaOptsThenArguments() throws IOException {
        Files.writeString(dist.conf(), """
                # a comment, then settings with blanks around them
                  simpleredis.protocol = resp2 \t
                simpleredis.fsync=always
                """);
        try (ServerProcess server = dist.launch().name("conf").start()) {
            assertTrue(server.output().contains("protocol=resp2, fsync=always"), server::describe);
            try (Client client = server.client()) {
                assertEquals("OK", client.set("k", "v"));
            }
        }
        try (ServerProcess server = dist.launch().name("java-opts")
                .env("JAVA_OPTS", "-Xmx256m -Dsimpleredis.protocol=resp3").start()) {
            assertTrue(server.output().contains("protocol=resp3, fsync=always"), server::describe);
        }
        try (ServerProcess server = dist.launch().name("args-win")
                .env("JAVA_OPTS", "-Dsimpleredis.protocol=resp3").protocol("seed").start()) {
            assertTrue(server.output().contains("protocol=seed, fsync=always"), server::describe);
        }
    }

    @Test
    void heapIsHalfTheMemoryUnlessJavaOptsOrArgumentsSetIt() {
        long totalMib = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        try (ServerProcess server = dist.launch().name("default-heap").start()) {
            // the JVM rounds the heap to its alignment; its own default would be a quarter
            assertShareOfMemory(0.50, maxHeapMib(server), totalMib);
        }
        try (ServerProcess server = dist.launch().name("xmx").env("JAVA_OPTS", "-Xmx256m").start()) {
            assertEquals(256, maxHeapMib(server), server::describe);
        }
        try (ServerProcess server = dist.launch().name("percentage").arg("-XX:MaxRAMPercentage=10").start()) {
            assertShareOfMemory(0.10, maxHeapMib(server), totalMib);
        }
    }

    private static void assertShareOfMemory(double share, long heapMib, long totalMib) {
        assertEquals(share, (double) heapMib / totalMib, 0.02, heapMib + " MiB of " + totalMib + " MiB");
    }

    private static long maxHeapMib(ServerProcess server) {
        Matcher m = Pattern.compile("max-heap=(\\d+) MiB").matcher(server.output());
        assertTrue(m.find(), server::describe);
        return Long.parseLong(m.group(1));
    }

    @Test
    void confFileDefaultsAreTheServersDefaults() throws IOException {
        // Uncommented, every documented default must be a setting the server knows, with its
        // own default value; the H2 server URL is an example, not a default, and stays commented.
        String conf = Files.readString(dist.conf()).lines()
                .map(line -> line.startsWith("#simpleredis.") && !line.startsWith("#simpleredis.h2.url=") ? line.substring(1) : line)
                .collect(Collectors.joining("\n"));
        assertTrue(conf.contains("\nsimpleredis.storage=memory\n"), conf);
        Files.writeString(dist.conf(), conf);
        try (ServerProcess server = dist.launch().name("conf-defaults").start()) {
            assertTrue(server.output().contains("started: engine=memory, address=127.0.0.1:" + server.port() + ", dir="
                    + dist.dataDir() + ", protocol=seed, fsync=everysec"), server::describe);
        }
    }

    @Test
    void settingsFileNamedBySimpleredisConf() throws IOException {
        Path conf = Files.writeString(dist.scratch("etc").resolve("other.conf"), "simpleredis.fsync=no\n");
        try (ServerProcess server = dist.launch().name("simpleredis-conf").env("SIMPLEREDIS_CONF", conf.toString()).start()) {
            assertTrue(server.output().contains("fsync=no"), server::describe);
        }
    }

    @Test
    void confLineThatIsNotASetting() throws IOException {
        Files.writeString(dist.conf(), "# fine\nport=7000\n");
        Launch.Exited exited = dist.launch().name("bad-conf").run(SCRIPT_ONLY);
        assertFailsWithOneLine(exited, dist.conf() + ":2:", "expected simpleredis.<name>=<value>", "port=7000");
    }

    @Test
    void argumentThatIsNotAnOption() {
        Launch.Exited exited = dist.launch().name("bad-arg").arg("7000").run(SCRIPT_ONLY);
        assertEquals(2, exited.exitCode(), exited::output);
        assertFailsWithOneLine(exited, "unexpected argument '7000'", "-Dsimpleredis.<name>=<value>");
    }

    /** A directory with bin/java that only answers -version, as a JDK of that version would. */
    private Path fakeJdk(String name, String versionLine) throws IOException {
        Path java = dist.scratch("fake-jdks/" + name + "/bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }
}
