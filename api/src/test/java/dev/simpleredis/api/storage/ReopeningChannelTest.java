package dev.simpleredis.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReopeningChannelTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedThreadsIoIsDoneAgainOnAReopenedChannel() throws IOException {
        try (ReopeningChannel channel = new ReopeningChannel(dir.resolve("f"), true)) {
            channel.run(c -> c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0));
            Thread.currentThread().interrupt();
            ByteBuffer read = ByteBuffer.allocate(3);
            assertEquals(3, (int) channel.run(c -> c.read(read, 0)));
            assertFalse(Thread.interrupted(), "the interrupt is consumed");
            assertEquals(3L, (long) channel.run(FileChannel::size), "and the channel works for everyone");
        }
    }

    @Test
    void theLockIsTakenAgainAndStillExcludesOthers() throws IOException {
        try (ReopeningChannel channel = new ReopeningChannel(dir.resolve("f"), true)) {
            Thread.currentThread().interrupt();
            channel.run(FileChannel::size);
            assertThrows(Exception.class, () -> new ReopeningChannel(dir.resolve("f"), true).close());
        }
    }

    @Test
    void afterCloseNothingReopens() throws IOException {
        ReopeningChannel channel = new ReopeningChannel(dir.resolve("f"), false);
        channel.close();
        assertThrows(ClosedChannelException.class, () -> channel.run(FileChannel::size));
        assertThrows(ClosedChannelException.class, channel::force);
    }

    @Test
    void anInterruptedThreadCanForceTheFile() throws IOException {
        try (ReopeningChannel channel = new ReopeningChannel(dir.resolve("f"), false)) {
            channel.run(c -> c.write(ByteBuffer.wrap(new byte[] {1}), 0));
            Thread.currentThread().interrupt();
            channel.force();
            assertFalse(Thread.interrupted(), "the interrupt is consumed");
            assertEquals(1L, (long) channel.run(FileChannel::size));
        }
    }
}
