package dev.redline.platform.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem documents where no controller is involved (filters, the error page). */
@Component
public class ProblemWriter {

  public static final String CONTENT_TYPE = "application/problem+json";

  private final JsonMapper mapper;

  public ProblemWriter(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public byte[] toBytes(Problem problem) {
    return mapper.writeValueAsBytes(problem);
  }

  public void write(HttpServletResponse response, Problem problem, Map<String, String> headers)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(problem.status());
    headers.forEach(response::setHeader);
    response.setContentType(CONTENT_TYPE);
    byte[] body = toBytes(problem);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
