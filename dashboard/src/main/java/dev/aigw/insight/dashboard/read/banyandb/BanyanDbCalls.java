package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.skywalking.banyandb.v1.client.grpc.exception.BanyanDBException;

/**
 * One BanyanDB client call as every dashboard reader makes it: NOT_FOUND (a group, measure or
 * stream not created yet) reads as null, any other failure as the store being unavailable, with the
 * target, what was read, and whether the server could not be reached or refused the query.
 */
public final class BanyanDbCalls {

  /** A client call that may fail with the client's exception. */
  @FunctionalInterface
  public interface ClientCall<R> {
    R run() throws BanyanDBException;
  }

  private BanyanDbCalls() {}

  /** Runs {@code call} against {@code target}, reading {@code what} (for the message). */
  public static <R> R call(String target, String what, ClientCall<R> call) {
    try {
      return call.run();
    } catch (BanyanDBException e) {
      if (e.getStatus() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw unavailable(target, what, e.getStatus(), e);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw unavailable(target, what, e.getStatus().getCode(), e);
    }
  }

  private static StoreUnavailableException unavailable(
      String target, String what, Status.Code code, Exception e) {
    return new StoreUnavailableException(
        "BanyanDB at "
            + target
            + (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                ? " cannot be reached"
                : " refused the query")
            + " ("
            + code
            + ") reading "
            + what
            + ": "
            + e.getMessage(),
        e);
  }
}
