package dev.simpleredis.server.command;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NameIndexTest {

    private final CommandTable table = CommandTable.standard();
    private final NameIndex index = new NameIndex(table.all());

    @Test
    void findsEveryCommandInAnyCase() {
        for (CommandSpec spec : table.all()) {
            String name = spec.name();
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                mixed.append(i % 2 == 0 ? Character.toUpperCase(name.charAt(i)) : name.charAt(i));
            }
            for (String form : new String[] {name, name.toUpperCase(Locale.ROOT), mixed.toString()}) {
                assertSame(spec, index.find(form.getBytes(StandardCharsets.US_ASCII)), form);
            }
        }
    }

    @Test
    void findsNothingForOtherNames() {
        for (String name : new String[] {"", "g", "ge", "gett", "get ", "xget", "GE\u00d4", "set\0", "client|list"}) {
            assertNull(index.find(name.getBytes(StandardCharsets.UTF_8)), name);
        }
        // bytes that lower-case onto a name's letters only through Latin-1 or signed arithmetic
        assertNull(index.find(new byte[] {(byte) ('G' + 128), 'E', 'T'}));
        assertNull(index.find(new byte[] {'g', 'e', (byte) 0xD4}));
    }
}
