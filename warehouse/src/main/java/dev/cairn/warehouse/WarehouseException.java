package dev.cairn.warehouse;

/** A warehouse call failed; wraps the driver's exception with the statement's context. */
public class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    public WarehouseException(String message) {
        super(message);
    }
}
