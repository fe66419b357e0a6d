package dev.simpleredis.server.command;

import dev.simpleredis.api.Value;
import dev.simpleredis.server.Keyspace;
import dev.simpleredis.server.ServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...]: the server's state as Redis formats it, {@code # Section} headers and
 * {@code name:value} lines with CRLF endings. Sections come in Redis's order whatever order they
 * are asked in; unknown ones are left out.
 */
final class Info implements Command {

    static final String NOTE = "Sections: server, clients, memory, persistence, stats, replication, cpu, modules,"
            + " errorstats, cluster, keyspace (`all` and `everything` give the same). Memory figures are the JVM's"
            + " (used_memory is the heap in use); the server section adds simpleredis_version, simpleredis_storage,"
            + " simpleredis_fsync and java_version.";

    private static final List<String> SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    private static final String CRLF = "\r\n";

    private final ServerContext server;
    private final String runId;
    private long peakMemory;

    Info(ServerContext server) {
        this.server = server;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    @Override
    public Value execute(Keyspace keyspace, Session session, Request request) {
        Set<String> wanted = new LinkedHashSet<>();
        if (request.size() == 1) {
            wanted.addAll(SECTIONS);
        }
        for (int i = 1; i < request.size(); i++) {
            String name = request.text(i).toLowerCase(Locale.ROOT);
            if (name.equals("default") || name.equals("all") || name.equals("everything")) {
                wanted.addAll(SECTIONS);
            } else {
                wanted.add(name);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String section : SECTIONS) {
            if (!wanted.contains(section)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(CRLF);
            }
            sb.append("# ").append(section.equals("cpu") ? "CPU"
                    : Character.toUpperCase(section.charAt(0)) + section.substring(1)).append(CRLF);
            switch (section) {
                case "server" -> serverSection(sb);
                case "clients" -> clients(sb);
                case "memory" -> memory(sb);
                case "persistence" -> persistence(sb);
                case "stats" -> stats(sb, keyspace);
                case "replication" -> replication(sb);
                case "cpu" -> cpu(sb);
                case "errorstats" -> errorStats(sb);
                case "cluster" -> line(sb, "cluster_enabled", 0);
                case "keyspace" -> keyspaceSection(sb, keyspace);
                default -> {
                    // modules: none
                }
            }
        }
        return Value.Verbatim.txt(sb.toString());
    }

    private void serverSection(StringBuilder sb) {
        ServerConfig config = server.config();
        long now = System.currentTimeMillis();
        long uptime = Math.max(0, (now - server.startedMillis()) / 1000);
        line(sb, "redis_version", Hello.REDIS_VERSION);
        line(sb, "redis_git_sha1", "00000000");
        line(sb, "redis_git_dirty", 0);
        line(sb, "redis_build_id", "0");
        line(sb, "redis_mode", "standalone");
        line(sb, "os", os());
        line(sb, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        line(sb, "process_id", ProcessHandle.current().pid());
        line(sb, "process_supervised", "no");
        line(sb, "run_id", runId);
        line(sb, "tcp_port", server.port());
        java.time.Instant instant = java.time.Instant.now();
        line(sb, "server_time_usec", instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
        line(sb, "uptime_in_seconds", uptime);
        line(sb, "uptime_in_days", uptime / 86400);
        line(sb, "hz", 10);
        line(sb, "configured_hz", 10);
        line(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        line(sb, "config_file", "");
        line(sb, "simpleredis_version", server.version());
        line(sb, "simpleredis_storage", config.storage());
        line(sb, "simpleredis_fsync", config.fsync().configName());
        line(sb, "simpleredis_protocol", config.protocol().name().toLowerCase(Locale.ROOT));
        line(sb, "java_version", Runtime.version().toString());
    }

    private void clients(StringBuilder sb) {
        line(sb, "connected_clients", server.sessions().size());
        line(sb, "cluster_connections", 0);
        line(sb, "maxclients", server.maxClients());
        line(sb, "client_recent_max_input_buffer", 0);
        line(sb, "client_recent_max_output_buffer", 0);
        line(sb, "blocked_clients", server.sessions().stream().filter(Session::blocked).count());
        line(sb, "tracking_clients", 0);
        line(sb, "clients_in_timeout_table", 0);
    }

    private void memory(StringBuilder sb) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        peakMemory = Math.max(peakMemory, used);
        long rss = residentBytes(rt.totalMemory());
        long system = systemMemory();
        line(sb, "used_memory", used);
        line(sb, "used_memory_human", human(used));
        line(sb, "used_memory_rss", rss);
        line(sb, "used_memory_rss_human", human(rss));
        line(sb, "used_memory_peak", peakMemory);
        line(sb, "used_memory_peak_human", human(peakMemory));
        line(sb, "total_system_memory", system);
        line(sb, "total_system_memory_human", human(system));
        line(sb, "maxmemory", 0);
        line(sb, "maxmemory_human", "0B");
        line(sb, "maxmemory_policy", "noeviction");
        line(sb, "mem_allocator", "jvm");
        line(sb, "jvm_heap_committed", rt.totalMemory());
        line(sb, "jvm_heap_max", rt.maxMemory());
    }

    private void persistence(StringBuilder sb) {
        line(sb, "loading", 0);
        line(sb, "async_loading", 0);
        line(sb, "rdb_changes_since_last_save", 0);
        line(sb, "rdb_bgsave_in_progress", 0);
        line(sb, "rdb_last_save_time", server.startedMillis() / 1000);
        line(sb, "rdb_last_bgsave_status", "ok");
        line(sb, "rdb_last_bgsave_time_sec", -1);
        line(sb, "rdb_current_bgsave_time_sec", -1);
        line(sb, "rdb_saves", 0);
        line(sb, "aof_enabled", Config.appendOnly(server.config()) ? 1 : 0);
        line(sb, "aof_rewrite_in_progress", 0);
        line(sb, "aof_rewrite_scheduled", 0);
        line(sb, "aof_last_rewrite_time_sec", -1);
        line(sb, "aof_current_rewrite_time_sec", -1);
        line(sb, "aof_last_bgrewrite_status", "ok");
        line(sb, "aof_rewrites", 0);
        line(sb, "aof_last_write_status", "ok");
    }

    private void stats(StringBuilder sb, Keyspace keyspace) {
        ServerStats stats = server.stats();
        line(sb, "total_connections_received", stats.connectionsReceived());
        line(sb, "total_commands_processed", stats.commandsProcessed());
        line(sb, "instantaneous_ops_per_sec", stats.instantaneousOpsPerSecond());
        line(sb, "total_net_input_bytes", stats.netInputBytes());
        line(sb, "total_net_output_bytes", stats.netOutputBytes());
        line(sb, "rejected_connections", stats.rejectedConnections());
        line(sb, "expired_keys", keyspace.expiredKeys());
        line(sb, "evicted_keys", 0);
        line(sb, "evicted_clients", 0);
        line(sb, "keyspace_hits", keyspace.keyspaceHits());
        line(sb, "keyspace_misses", keyspace.keyspaceMisses());
        line(sb, "pubsub_channels", 0);
        line(sb, "pubsub_patterns", 0);
        line(sb, "total_error_replies", stats.errorReplies());
    }

    private void replication(StringBuilder sb) {
        line(sb, "role", "master");
        line(sb, "connected_slaves", 0);
        line(sb, "master_failover_state", "no-failover");
        line(sb, "master_replid", runId);
        line(sb, "master_replid2", "0".repeat(40));
        line(sb, "master_repl_offset", 0);
        line(sb, "second_repl_offset", -1);
        line(sb, "repl_backlog_active", 0);
        line(sb, "repl_backlog_size", 1048576);
        line(sb, "repl_backlog_first_byte_offset", 0);
        line(sb, "repl_backlog_histlen", 0);
    }

    /** CPU seconds: from /proc/self/stat where there is one, else the JVM's total as user time. */
    private static void cpu(StringBuilder sb) {
        double sys = 0;
        double user = 0;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            user = Long.parseLong(f[11]) / 100.0;
            sys = Long.parseLong(f[12]) / 100.0;
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                user = Math.max(0, os.getProcessCpuTime()) / 1e9;
            }
        }
        line(sb, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", sys));
        line(sb, "used_cpu_user", String.format(Locale.ROOT, "%.6f", user));
        line(sb, "used_cpu_sys_children", "0.000000");
        line(sb, "used_cpu_user_children", "0.000000");
    }

    private void errorStats(StringBuilder sb) {
        for (Map.Entry<String, Long> e : server.stats().errorsByCode().entrySet()) {
            line(sb, "errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    private static void keyspaceSection(StringBuilder sb, Keyspace keyspace) {
        for (int db = 0; db < keyspace.databases(); db++) {
            long keys = keyspace.size(db);
            if (keys > 0) {
                line(sb, "db" + db, "keys=" + keys + ",expires=" + keyspace.volatileKeys(db) + ",avg_ttl=0");
            }
        }
    }

    private static void line(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append(CRLF);
    }

    /** uname-style: {@code Linux 6.1.0 x86_64}. */
    private static String os() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    /** The process's resident set from /proc/self/statm where there is one, else {@code fallback}. */
    private static long residentBytes(long fallback) {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static long systemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Redis's bytesToHuman: {@code 0B}, {@code 919.43K}, {@code 6.73M}, ... */
    static String human(long bytes) {
        double n = bytes;
        String[] units = {"K", "M", "G", "T", "P"};
        if (bytes < 1024) {
            return bytes + "B";
        }
        int u = -1;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", n, units[u]);
    }
}
