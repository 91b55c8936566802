package com.cxoneflows.stream;

import java.util.Optional;

/**
 * Which replica reads the streams. In a cluster one replica reads them and the others stand by; outside one
 * there is no replica to name ({@link #NONE}).
 */
public interface StreamReaders {

    StreamReaders NONE = new StreamReaders() {
        @Override
        public Optional<String> self() {
            return Optional.empty();
        }

        @Override
        public Optional<String> reader() {
            return Optional.empty();
        }
    };

    /** This replica's node id; empty outside a cluster. */
    Optional<String> self();

    /** The live replica that reads the streams now; empty while none does (or outside a cluster). */
    Optional<String> reader();
}
