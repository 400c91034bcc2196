package dev.redline.platform.db;

import java.sql.SQLTransientConnectionException;

/** Thrown instead of waiting for a connection while the database circuit is open. */
public class DatabaseUnavailableException extends SQLTransientConnectionException {

  public DatabaseUnavailableException(String message) {
    // 08001: the client is unable to establish the connection.
    super(message, "08001");
  }
}
