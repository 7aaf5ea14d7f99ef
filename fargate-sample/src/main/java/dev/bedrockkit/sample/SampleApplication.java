package dev.bedrockkit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample service: {@code POST /v1/chat}, {@code GET /v1/chat/stream} (Server-Sent Events),
 * {@code POST /v1/tickets/triage}, a chat page at {@code /}, {@code /health} for the load balancer,
 * and actuator health, info and Prometheus metrics. Run it with profile {@code local} (an
 * in-process Bedrock emulator, no AWS account) or {@code aws} (the task role, real endpoints).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
