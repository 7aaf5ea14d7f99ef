package dev.bedrockkit.sample.web;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.bedrockkit.sample.SampleProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Rate limiting of {@code /v1/**} ({@code sample.rate-limit.*}). */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {
  private final SampleProperties properties;
  private final ObjectProvider<RateLimiter> limiter;
  private final ObjectProvider<ClientKeys> clients;

  public WebConfiguration(
      SampleProperties properties,
      ObjectProvider<RateLimiter> limiter,
      ObjectProvider<ClientKeys> clients) {
    this.properties = properties;
    this.limiter = limiter;
    this.clients = clients;
  }

  @Bean
  static RateLimiter rateLimiter(SampleProperties properties) {
    return new RateLimiter(properties.rateLimit(), Ticker.systemTicker());
  }

  @Bean
  static ClientKeys clientKeys(SampleProperties properties) {
    return new ClientKeys(properties.rateLimit().trustedProxies());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    if (properties.rateLimit().enabled()) {
      registry
          .addInterceptor(new RateLimitInterceptor(limiter.getObject(), clients.getObject()))
          .addPathPatterns("/v1/**");
    }
  }
}
