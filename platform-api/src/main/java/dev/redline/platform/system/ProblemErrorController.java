package dev.redline.platform.system;

import dev.redline.platform.db.DatabaseCircuit;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page: whatever reaches the container's error dispatch (a 404 outside the
 * handlers, a malformed URL, an error raised in a filter) still answers with a problem document.
 */
@RestController
class ProblemErrorController implements ErrorController {

  private final ProblemWriter writer;
  private final DatabaseCircuit database;

  ProblemErrorController(ProblemWriter writer, DatabaseCircuit database) {
    this.writer = writer;
    this.database = database;
  }

  @RequestMapping("/error")
  void error(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Asked for directly (not an error dispatch): there is no such resource.
    int status = code == null ? 404 : code instanceof Integer i ? i : 500;
    if (status < 400) {
      status = 500;
    }
    Object uri =
        code == null ? req.getRequestURI() : req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Throwable ex = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        writer.write(res, tooLarge.problem().withInstance(String.valueOf(uri)), Map.of());
        return;
      }
      if (t instanceof InvalidParameterException) {
        Object query = req.getAttribute(RequestDispatcher.ERROR_QUERY_STRING);
        writer.write(
            res,
            ProblemAdvice.malformedQuery(query == null ? null : query.toString())
                .problem()
                .withInstance(String.valueOf(uri)),
            Map.of());
        return;
      }
    }
    if (ex != null && status == 500 && DatabaseCircuit.isOutage(ex)) {
      // A filter needed PostgreSQL (e.g. an uncached token lookup) while it is unreachable.
      writer.write(
          res,
          ProblemAdvice.databaseUnavailable(database).withInstance(String.valueOf(uri)),
          Map.of("Retry-After", Long.toString(database.retryAfterSeconds())));
      return;
    }
    HttpStatus hs = HttpStatus.resolve(status);
    String title = hs != null ? hs.getReasonPhrase() : "Error";
    String detail = status == 404 ? "No resource at " + uri : title;
    writer.write(
        res,
        Problem.of(status, status == 404 ? "not-found" : "http-" + status, title, detail)
            .withInstance(uri == null ? null : uri.toString()),
        Map.of());
  }
}
