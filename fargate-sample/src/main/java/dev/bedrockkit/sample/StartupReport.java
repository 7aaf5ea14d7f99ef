package dev.bedrockkit.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs, once ready, whether requests run on virtual threads: Spring Boot uses them only on Java
 * 21+ with {@code spring.threads.virtual.enabled=true}, and ignores the setting on Java 17.
 */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    boolean requested = env.getProperty("spring.threads.virtual.enabled", Boolean.class, false);
    log.info(
        "Virtual threads: {} (Java {}, spring.threads.virtual.enabled={})",
        Threading.VIRTUAL.isActive(env) ? "on" : "off",
        Runtime.version().feature(),
        requested);
  }
}
