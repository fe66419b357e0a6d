package dev.simpleredis.server.command;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters INFO reports and CONFIG RESETSTAT clears; updated from every connection's thread. */
public final class ServerStats {

    /** Samples of the command counter kept for {@code instantaneous_ops_per_sec}, as Redis keeps. */
    private static final int SAMPLES = 16;

    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final long[] opsPerSecond = new long[SAMPLES];
    private int sampleIndex;
    private long lastSampleMillis;
    private long lastSampleCommands;

    public void connectionReceived() {
        connectionsReceived.increment();
    }

    public void connectionRejected() {
        rejectedConnections.increment();
    }

    public void commandProcessed() {
        commandsProcessed.increment();
    }

    public void bytesRead(long n) {
        netInputBytes.add(n);
    }

    public void bytesWritten(long n) {
        netOutputBytes.add(n);
    }

    /** Counts an error reply under its code, the first word of its text ({@code ERR}, {@code WRONGTYPE}, ...). */
    public void errorReplied(String text) {
        errorReplies.increment();
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        if (code.length() > 32) {
            code = code.substring(0, 32);
        }
        errorsByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** Takes one throughput sample; the server calls it about ten times a second. */
    public synchronized void sample(long nowMillis) {
        long commands = commandsProcessed.sum();
        if (lastSampleMillis != 0 && nowMillis > lastSampleMillis) {
            long delta = Math.max(0, commands - lastSampleCommands);
            opsPerSecond[sampleIndex] = delta * 1000 / (nowMillis - lastSampleMillis);
            sampleIndex = (sampleIndex + 1) % SAMPLES;
        }
        lastSampleMillis = nowMillis;
        lastSampleCommands = commands;
    }

    public synchronized long instantaneousOpsPerSecond() {
        long sum = 0;
        for (long v : opsPerSecond) {
            sum += v;
        }
        return sum / SAMPLES;
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    public long errorReplies() {
        return errorReplies.sum();
    }

    /** Error replies by code, in code order. */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> out = new TreeMap<>();
        errorsByCode.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** CONFIG RESETSTAT. */
    public synchronized void reset() {
        connectionsReceived.reset();
        rejectedConnections.reset();
        commandsProcessed.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        errorReplies.reset();
        errorsByCode.clear();
        java.util.Arrays.fill(opsPerSecond, 0);
        lastSampleMillis = 0;
    }
}
