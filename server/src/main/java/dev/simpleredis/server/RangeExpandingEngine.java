package dev.simpleredis.server;

import dev.simpleredis.api.storage.StorageEngine;
import dev.simpleredis.api.storage.WriteBatch;

/**
 * An engine built against version 1 of the storage SPI, which knows no range deletes in
 * batches: each batch's ranges are turned into point deletes ({@link WriteBatch#withRangesExpanded})
 * before it reaches the engine. Everything else goes to the engine as it is, its own faster
 * methods included.
 */
final class RangeExpandingEngine extends ForwardingEngine {

    RangeExpandingEngine(StorageEngine engine) {
        super(engine);
    }

    @Override
    public void write(WriteBatch batch) {
        engine.write(batch.withRangesExpanded(engine));
    }
}
