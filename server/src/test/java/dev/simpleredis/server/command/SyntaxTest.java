package dev.simpleredis.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument notation behind COMMAND DOCS and docs/commands.md. */
class SyntaxTest {

    static String tree(List<Syntax.Arg> args) {
        StringBuilder sb = new StringBuilder();
        for (Syntax.Arg a : args) {
            sb.append(a.name()).append(':').append(a.type());
            if (a.token() != null) {
                sb.append('@').append(a.token());
            }
            if (a.optional()) {
                sb.append('?');
            }
            if (a.multiple()) {
                sb.append('+');
            }
            if (!a.children().isEmpty()) {
                sb.append('(').append(tree(a.children())).append(')');
            }
            sb.append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void parsesRedisNotation() {
        assertEquals("key:key value:string condition:oneof?(nx:pure-token@NX xx:pure-token@XX) get:pure-token@GET?"
                        + " expiration:oneof?(seconds:integer@EX unix-time-seconds:unix-time@EXAT keepttl:pure-token@KEEPTTL)",
                tree(Syntax.parse("key value [condition: NX | XX] [GET] [expiration: EX seconds | EXAT unix-time-seconds | KEEPTTL]")));
        assertEquals("key:key+", tree(Syntax.parse("key [key ...]")));
        assertEquals("key:key?+", tree(Syntax.parse("[key [key ...]]")));
        assertEquals("key-value:block+(key:key value:string)", tree(Syntax.parse("key value [key value ...]")));
        assertEquals("client-id:integer@ID?+", tree(Syntax.parse("[ID client-id [client-id ...]]")));
        assertEquals("arguments:block?(protover:integer username-password:block@AUTH?(username:string password:string)"
                + " clientname:string@SETNAME?)", tree(Syntax.parse("[arguments: protover [AUTH username password] [SETNAME clientname]]")));
        assertEquals("on-off:oneof(on:pure-token@ON off:pure-token@OFF)", tree(Syntax.parse("<ON | OFF>")));
        assertEquals("increment:double source:key", tree(Syntax.parse("increment:double source:key")));
        assertEquals("", tree(Syntax.parse("")));
        assertThrows(IllegalArgumentException.class, () -> Syntax.parse("[key"));
        assertThrows(IllegalArgumentException.class, () -> Syntax.parse("key ]"));
    }

    @Test
    void rendersWithoutAnnotations() {
        assertEquals("key value [NX | XX] [GET]", Syntax.render("key value [condition: NX | XX] [GET]"));
        assertEquals("[ID client-id [client-id ...]]", Syntax.render("[ID client-id [client-id ...]]"));
        assertEquals("[protover [AUTH username password] [SETNAME clientname]]",
                Syntax.render("[arguments: protover [AUTH username password] [SETNAME clientname]]"));
        assertEquals("<ON | OFF>", Syntax.render("<ON | OFF>"));
        assertEquals("[TYPE NORMAL | MASTER]", Syntax.render("[TYPE <NORMAL | MASTER>]"));
        assertEquals("key increment", Syntax.render("key increment:double"));
        assertEquals("key value [key value ...]", Syntax.render("key value [key value ...]"));
    }

    @Test
    void everyCommandsSyntaxParses() {
        for (CommandSpec spec : CommandTable.standard().all()) {
            Syntax.parse(spec.syntax());
            for (CommandSpec sub : spec.subcommands().values()) {
                Syntax.parse(sub.syntax());
            }
        }
    }
}
