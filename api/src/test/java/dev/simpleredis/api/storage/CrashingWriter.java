package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link StorageEngineContract}'s crash test, and the parent's side of it. The
 * child opens the engine through the test class's own {@code open}, then writes until it is
 * killed: per step {@code i}, one batch (two keys, and a small collection replaced: a stale
 * element, a range delete of the collection, its new elements) and one compute, then
 * {@link StorageEngine#awaitDurable()}, then prints {@code i}.
 */
final class CrashingWriter {

    private static final long CHILD_DEADLINE_SECONDS = 60;
    /** A step leaves 1 to this many elements in the collection; element {@code MAX_ELEMENTS} is the stale one. */
    private static final int MAX_ELEMENTS = 3;

    private CrashingWriter() {
    }

    /** Arguments: the contract subclass, the directory, the fsync setting, the round. */
    public static void main(String[] args) throws Exception {
        Constructor<?> constructor = Class.forName(args[0]).getDeclaredConstructor();
        constructor.setAccessible(true);
        StorageEngineContract contract = (StorageEngineContract) constructor.newInstance();
        StorageEngine engine = contract.open(Path.of(args[1]), Fsync.valueOf(args[2]));
        int round = Integer.parseInt(args[3]);
        for (int i = 0; ; i++) {
            WriteBatch batch = new WriteBatch()
                    .put(key(round, "a", i), value(round, i))
                    .put(element(round, MAX_ELEMENTS), StoredValue.of(step(i)))
                    .deleteRange(collectionFrom(round), collectionTo(round))
                    .put(key(round, "b", i), value(round, i));
            for (int e = 0; e < elements(i); e++) {
                batch.put(element(round, e), StoredValue.of(step(i)));
            }
            engine.write(batch);
            engine.compute(counter(round), current -> StoredValue.of(
                    Long.toString(current == null ? 1 : Long.parseLong(text(current)) + 1).getBytes(StandardCharsets.US_ASCII)));
            engine.awaitDurable();
            System.out.println(i);
            System.out.flush();
        }
    }

    /**
     * Starts the child, lets it acknowledge at least {@code steps} steps, kills it with SIGKILL at
     * a random moment soon after, and returns the last step it acknowledged.
     */
    static int runAndKill(Class<?> contract, Path dir, Fsync fsync, int round, int steps, Random random) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // a short-lived writer: the quick compiler and the simplest collector start fastest
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), contract.getName(), dir.toString(), fsync.name(), Integer.toString(round))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread.ofVirtual().start(() -> {
            try {
                if (!child.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        });
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acked < steps && (line = out.readLine()) != null) {
                acked = Integer.parseInt(line.trim());
            }
            Thread.sleep(random.nextInt(30));
            child.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hooks, no flushing
            child.waitFor();
        }
        if (acked < steps) {
            fail("the writing child stopped after " + acked + " steps (exit " + child.exitValue() + "); see its stderr");
        }
        return acked;
    }

    /**
     * Checks a reopened store after the child of {@code round} was killed: every batch is whole,
     * the counter counts the steps that made it, and, if {@code acked >= 0}, every step up to it is there.
     */
    static void verify(StorageEngine engine, int round, int acked) {
        List<Integer> aSteps = steps(engine, round, "a");
        List<Integer> bSteps = steps(engine, round, "b");
        assertEquals(aSteps, bSteps, "round " + round + ": a batch was split by the crash");
        for (int i = 0; i < aSteps.size(); i++) {
            assertEquals(i, aSteps.get(i), "round " + round + ": steps must survive in order, without gaps");
        }
        assertTrue(aSteps.size() > acked, "round " + round + ": acknowledged step " + acked + " was lost; "
                + aSteps.size() + " steps survived");
        for (int i : aSteps) {
            assertArrayEquals(value(round, i).value(), engine.get(key(round, "a", i)).value(), "round " + round + " step " + i);
        }
        List<String> collection = new ArrayList<>();
        engine.scan(collectionFrom(round), collectionTo(round), (k, v) -> collection.add(
                new String(k, StandardCharsets.US_ASCII) + "=" + new String(v.value(), StandardCharsets.US_ASCII)));
        List<String> expected = new ArrayList<>();
        int last = aSteps.size() - 1;
        for (int e = 0; last >= 0 && e < elements(last); e++) {
            expected.add(new String(element(round, e), StandardCharsets.US_ASCII) + "=" + new String(step(last), StandardCharsets.US_ASCII));
        }
        assertEquals(expected, collection, "round " + round + ": the collection of the last surviving step, whole");
        StoredValue count = engine.get(counter(round));
        long counted = count == null ? 0 : Long.parseLong(text(count));
        // a step's batch and its compute are separate writes: the crash may fall between them
        assertTrue(counted == aSteps.size() || counted == aSteps.size() - 1,
                "round " + round + ": counter " + counted + " for " + aSteps.size() + " surviving steps");
        assertTrue(counted > acked, "round " + round + ": counter " + counted + " lost acknowledged step " + acked);
    }

    private static List<Integer> steps(StorageEngine engine, int round, String which) {
        byte[] prefix = ("r" + round + which).getBytes(StandardCharsets.US_ASCII);
        byte[] end = prefix.clone();
        end[end.length - 1]++;
        List<Integer> steps = new ArrayList<>();
        engine.scan(prefix, end, (k, v) -> steps.add(Integer.parseInt(
                new String(k, prefix.length, k.length - prefix.length, StandardCharsets.US_ASCII))));
        return steps;
    }

    private static byte[] key(int round, String which, int step) {
        return String.format("r%d%s%08d", round, which, step).getBytes(StandardCharsets.US_ASCII);
    }

    /** Element {@code index} of the round's collection: {@code r<round>c<index>}. */
    private static byte[] element(int round, int index) {
        return String.format("r%dc%d", round, index).getBytes(StandardCharsets.US_ASCII);
    }

    /** The start of the range that holds the round's collection. */
    private static byte[] collectionFrom(int round) {
        return String.format("r%dc", round).getBytes(StandardCharsets.US_ASCII);
    }

    /** The end (exclusive) of the range that holds the round's collection. */
    private static byte[] collectionTo(int round) {
        return String.format("r%dd", round).getBytes(StandardCharsets.US_ASCII);
    }

    /** How many elements step {@code i} leaves: 1 to {@link #MAX_ELEMENTS}. */
    private static int elements(int step) {
        return 1 + step % MAX_ELEMENTS;
    }

    private static byte[] step(int step) {
        return Integer.toString(step).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] counter(int round) {
        return ("counter-" + round).getBytes(StandardCharsets.US_ASCII);
    }

    /** A few hundred bytes to a few KiB, so that a step spans more than one small record. */
    private static StoredValue value(int round, int step) {
        byte[] bytes = new byte[100 + new Random(round * 1_000_003L + step).nextInt(4000)];
        new Random(step).nextBytes(bytes);
        return StoredValue.of(bytes);
    }

    private static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.US_ASCII);
    }
}
