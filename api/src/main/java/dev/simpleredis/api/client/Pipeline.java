package dev.simpleredis.api.client;

import dev.simpleredis.api.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands queued on a {@link Client} and sent in one write; {@link #sync()} returns their
 * replies in order. Error replies are returned in place as {@link ServerException}s.
 */
public final class Pipeline {

    private final Client client;
    private final List<Value> requests = new ArrayList<>();

    Pipeline(Client client) {
        this.client = client;
    }

    public Pipeline call(Object... command) {
        requests.add(Client.request(command));
        return this;
    }

    public Pipeline set(String key, Object value) {
        return call("SET", key, value);
    }

    public Pipeline get(String key) {
        return call("GET", key);
    }

    public int size() {
        return requests.size();
    }

    /** Sends the queued commands and returns their replies; the pipeline is empty afterwards. */
    public List<Object> sync() {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Value> replies = client.exchange(List.copyOf(requests));
        requests.clear();
        List<Object> results = new ArrayList<>(replies.size());
        for (Value reply : replies) {
            results.add(Values.toJava(reply));
        }
        return results;
    }
}
