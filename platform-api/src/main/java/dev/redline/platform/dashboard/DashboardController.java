package dev.redline.platform.dashboard;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DashboardController {

  private final DashboardService service;

  DashboardController(DashboardService service) {
    this.service = service;
  }

  @GetMapping(path = "/api/v1/dashboard/stats", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> stats() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(service.statsJson());
  }
}
