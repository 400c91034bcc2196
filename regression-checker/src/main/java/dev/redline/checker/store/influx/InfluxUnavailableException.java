package dev.redline.checker.store.influx;

import dev.redline.checker.store.StoreException;

/**
 * InfluxDB could not be reached or did not confirm a write; whatever was being sent stays pending
 * in the outbox.
 */
public class InfluxUnavailableException extends StoreException {
  public InfluxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
