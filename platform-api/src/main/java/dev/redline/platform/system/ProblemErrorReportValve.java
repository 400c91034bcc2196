package dev.redline.platform.system;

import dev.redline.platform.json.JsonMapperFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last-resort error page as a problem document: errors Tomcat raises before any servlet
 * runs (a malformed URL such as {@code %zz}, an oversized header) would otherwise be HTML.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final JsonMapper MAPPER = JsonMapperFactory.create();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus hs = HttpStatus.resolve(status);
    String title = hs != null ? hs.getReasonPhrase() : "Error";
    Problem p =
        Problem.of(
            status,
            "http-" + status,
            title,
            status == 400 ? "The request could not be parsed (malformed URL or headers)" : title);
    try {
      byte[] body = MAPPER.writeValueAsBytes(p);
      response.setContentType(ProblemWriter.CONTENT_TYPE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response was taken over; nothing left to report to.
    }
  }
}
