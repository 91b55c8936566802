package com.cxoneflows.store;

/** The durable store failed; the message names the operation. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
