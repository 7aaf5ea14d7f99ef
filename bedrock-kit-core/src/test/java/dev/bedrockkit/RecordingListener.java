package dev.bedrockkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link ConfigListener} callback as a line such as {@code "loaded 2"}. */
final class RecordingListener implements ConfigListener {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<ConfigurationException> rejections = new CopyOnWriteArrayList<>();
  final List<Exception> failures = new CopyOnWriteArrayList<>();

  @Override
  public void onLoaded(ModelConfig config) {
    calls.add("loaded " + config.version());
  }

  @Override
  public void onRejected(String version, ConfigurationException error) {
    calls.add("rejected " + version);
    rejections.add(error);
  }

  @Override
  public void onUnavailable(Exception error) {
    calls.add("unavailable " + error.getClass().getSimpleName());
    failures.add(error);
  }
}
